import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campaignSchema } from '../../forms/schema.ts';
import { draftCampaign } from './draft.ts';
import { tsvRows } from './read.ts';
import { readAppendixTable } from './table.ts';

const draftFixture = (name: string) =>
  draftCampaign(
    readAppendixTable(
      tsvRows(readFileSync(new URL(`../../test/fixtures/tables/${name}`, import.meta.url), 'utf8')),
    ),
    { today: '2026-12-01' },
  );

/** "1.1 count+people" per row; a computed row shows "=" and its sums' sizes. */
const rowLines = (d: ReturnType<typeof draftFixture>) =>
  d.campaign.sections.flatMap((s) =>
    s.rows.map((r) => {
      const ms = r.measures ?? [];
      const sums = r.computed ? ` = ${ms.map((m) => m.sumOf?.length).join('+')}` : '';
      return `${r.id} ${ms.map((m) => m.kind).join('+') || '-'}${sums}`;
    }),
  );
const columnLines = (d: ReturnType<typeof draftFixture>) =>
  d.columns
    .filter((c) => c.role === 'quantity' || c.role === 'note')
    .map((c) => `${c.group ? `${c.group} › ` : ''}${c.header}: ${c.kinds.join('+')}`);

describe('drafting tables of other shapes', () => {
  it.each([
    {
      file: 'three-columns.tsv',
      rows: ['1 count+people = 2+2', '1.1 count+people', '1.2 count+people', '2 count', '3 amount'],
      columns: [
        'Kết quả › Số lớp: count',
        'Kết quả › Số người: people',
        'Kết quả › Kinh phí (đồng): amount',
        'Ghi chú: text',
      ],
      undecided: [],
    },
    {
      file: 'budget.tsv',
      rows: [
        '1 count+amount',
        '2 count+people+amount = 2+2+2',
        '2.1 count+people+amount',
        '2.2 count+people+amount',
        '3 count+amount',
      ],
      columns: ['Số lượng: count', 'Kinh phí (đồng): amount', 'Ghi chú: text'],
      undecided: ['Bảng không có cột cho số người'],
    },
    {
      file: 'flat-with-text.tsv',
      rows: ['1 count', '2 people', '3 count', '4 text'],
      columns: ['Số lượng: count+people', 'Ghi chú: text'],
      undecided: [
        'Bỏ qua từ dòng 10: hết bảng (dòng không có ô).',
        'Bỏ qua dòng 8 "Tổng cộng": baocao tự cộng số liệu các đơn vị, không cần dòng tổng cộng của bảng.',
      ],
    },
  ])('$file: rows, measures and columns', ({ file, rows, columns, undecided }) => {
    const d = draftFixture(file);
    expect(rowLines(d)).toEqual(rows);
    expect(columnLines(d)).toEqual(columns);
    expect(d.undecided.map((u) => u.split(' mà ')[0])).toEqual(undecided);
    const parsed = campaignSchema.safeParse({ ...d.campaign, units: [] });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('reads the plan number, title and "(Kèm theo …)" from the lines above the table', () => {
    const d = draftFixture('three-columns.tsv');
    expect(d.campaign.plan.number).toBe('112/KH-SGDĐT');
    expect(d.campaign.title).toBe('Báo cáo kết quả bồi dưỡng thường xuyên năm học 2025-2026');
    expect(d.campaign.report.attachedTo).toBe('(Kèm theo Kế hoạch số 112/KH-SGDĐT)');
    expect(d.toFill.map((f) => f.path.join('.'))).not.toContain('plan.number');
  });

  it('asks a row without a unit as free text, and its section asks no extra note', () => {
    const d = draftFixture('flat-with-text.tsv');
    const section = d.campaign.sections.find((s) => s.id === '4');
    expect(section?.note).toBe(false);
    expect(section?.rows[0]?.measures).toEqual([{ kind: 'text', label: 'Nội dung' }]);
    expect(d.guesses.map((g) => g.text)).toContain(
      'cột "Số lượng" in cả số người (không có cột riêng)',
    );
  });

  it('asks each row what it cost when the table has a budget column but no row in đồng', () => {
    const d = draftFixture('budget.tsv');
    const asked = d.campaign.sections.flatMap((s) => s.rows).filter((r) => !r.computed);
    for (const r of asked)
      expect(r.measures?.at(-1)).toEqual({ kind: 'amount', label: 'Kinh phí (đồng)' });
    expect(d.guesses.filter((g) => g.text.includes('kinh phí (đồng)'))).toHaveLength(asked.length);
  });

  it('names the fields no table holds, for the coordinator to fill', () => {
    const d = draftFixture('flat-with-text.tsv');
    expect(d.toFill.map((f) => f.path.join('.'))).toEqual([
      'report.subtitle',
      'report.attachedTo',
      'plan.number',
      'plan.date',
      'plan.issuer',
      'plan.issuerHeader',
      'period',
      'deadline',
      'coordinator',
      'groups',
    ]);
  });
});

describe('what the drafter cannot decide, and says so', () => {
  const header = ['STT', 'Nội dung', 'Đơn vị', 'Số lượng', 'Ghi chú'];
  const draftRows = (rows: string[][]) =>
    draftCampaign(readAppendixTable([header, ...rows]), { today: '2026-12-01' });

  it.each([
    {
      what: 'a Roman-numeral group',
      rows: [
        ['I', 'PHẦN CHUNG', '', '', ''],
        ['1', 'Hội thi', 'cuộc', '', ''],
      ],
      says: 'Dòng 2 "I. PHẦN CHUNG": nhóm đánh số La Mã chưa được hỗ trợ',
      ids: ['1'],
    },
    {
      what: 'a sub-row number Excel turned from 1.10 into 1.1',
      rows: [
        ['1', 'Lớp học', 'lớp', '', ''],
        ['1.1', 'Lớp A', 'lớp', '', ''],
        ['1.1', 'Lớp J', 'lớp', '', ''],
      ],
      says: 'Dòng 4 "Lớp J": số 1.1 đã dùng cho dòng khác của mục 1',
      ids: ['1', '1.1', '1.2'],
    },
    {
      what: 'a section number printed twice',
      rows: [
        ['1', 'Hội thi', 'cuộc', '', ''],
        ['2', 'Hội sách', 'cuộc', '', ''],
        ['2', 'Tọa đàm', 'cuộc', '', ''],
      ],
      says: 'Dòng 4 "Tọa đàm": STT 2 đã dùng cho mục khác; dòng này được đánh số 3.',
      ids: ['1', '2', '3'],
    },
    {
      what: 'rows before any numbered section',
      rows: [
        ['', 'Hội thi', 'cuộc', '', ''],
        ['', 'Hội sách', 'cuộc', '', ''],
      ],
      says: 'Dòng 2 "Hội thi" không có STT: coi là mục 1',
      ids: ['1', '2'],
    },
  ])('$what', ({ rows, says, ids }) => {
    const d = draftRows(rows);
    expect(d.undecided.join('\n')).toContain(says);
    expect(d.campaign.sections.flatMap((s) => s.rows.map((r) => r.id))).toEqual(ids);
    expect(campaignSchema.safeParse({ ...d.campaign, units: [] }).error?.issues ?? []).toEqual([]);
  });
});
