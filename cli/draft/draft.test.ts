import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { campaignDefinition } from '../../campaigns/index.ts';
import { campaignSchema } from '../../forms/schema.ts';
import { officialColumns } from '../../functions/core/official-table.ts';
import { draftCampaign } from './draft.ts';
import { readAppendixTable } from './table.ts';
import { draftYaml } from './yaml.ts';

/** The OCR typos of the seed text (DESIGN.md); the plan's Word file has them right. */
const OCR_FIXES: [string, string][] = [
  ['Án phẩm', 'Ấn phẩm'],
  ['Số tập thẻ', 'Số tập thể'],
  ['Tổ chức các thi', 'Tổ chức các cuộc thi'],
  ['Tập thẻ/cá nhân', 'Tập thể/cá nhân'],
];

const tsvRows = (text: string) => text.split(/\r?\n/).map((l) => l.split('\t'));

function draft2021() {
  let text = readFileSync(new URL('../../test/fixtures/seed-table.txt', import.meta.url), 'utf8');
  for (const [typo, right] of OCR_FIXES) text = text.replace(typo, right);
  return draftCampaign(readAppendixTable(tsvRows(text)), { today: '2026-12-01' });
}

describe('drafting the 2021 campaign from its appendix table copied out of Word', () => {
  const draft = draft2021();
  const rows = draft.campaign.sections.flatMap((s) => s.rows);
  const expected = campaignDefinition('q7-htsd-2021');
  const expectedRows = expected.sections.flatMap((s) => s.rows);

  it('gives back every row with its id, STT, label and printed unit', () => {
    const shape = (r: (typeof rows)[number]) => ({
      id: r.id,
      stt: r.stt,
      label: r.label,
      unit: r.unit,
    });
    expect(rows.map(shape)).toEqual(expectedRows.map(shape));
  });

  it('gives back the sections and each row’s measure kinds, sums and district figures', () => {
    expect(draft.campaign.sections.map((s) => s.id)).toEqual(expected.sections.map((s) => s.id));
    const measures = (r: (typeof rows)[number]) => ({
      id: r.id,
      computed: r.computed ?? false,
      measures: (r.measures ?? []).map((m) => ({
        kind: m.kind,
        sumOf: m.sumOf,
        aggregate: m.aggregate ?? 'sum',
      })),
    });
    expect(rows.map(measures)).toEqual(expectedRows.map(measures));
    expect(draft.campaign.sections.map((s) => s.note ?? true)).toEqual(
      expected.sections.map((s) => s.note ?? true),
    );
  });

  it('gives back the report title lines and the campaign title', () => {
    expect(draft.campaign.report).toEqual(expected.report);
    expect(draft.campaign.title).toBe(expected.title);
  });

  it('gives back the official table’s columns, headers above and below', () => {
    expect(draft.columns.map((c) => ({ header: c.header, group: c.group }))).toEqual(
      officialColumns(expected.table ?? { columns: [] }).map((c) => ({
        header: c.header,
        group: c.group,
      })),
    );
    expect(draft.columns.map((c) => c.kinds)).toEqual([
      [],
      [],
      [],
      ['count', 'amount'],
      ['people'],
      ['text'],
    ]);
  });

  it('writes the quantity columns as the campaign file’s table, as the 2021 file has them', () => {
    expect(draft.campaign.table).toEqual(expected.table);
    // The guess that amounts share the count column sits on that column.
    expect(draftYaml(draft)).toMatch(
      /^table:\n {2}columns:\n {4}# ĐOÁN: cột "Số lớp\/số cuộc thi" in cả số tiền.*\n {4}- header: Số lớp\/số cuộc thi$/m,
    );
  });

  it('writes a YAML file that reads back as the same definition (ids, times and dates stay text)', () => {
    expect(parse(draftYaml(draft))).toEqual(draft.campaign);
  });

  it('is a definition the schema accepts', () => {
    const parsed = campaignSchema.safeParse({ ...draft.campaign, units: [] });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('marks its guesses: the sums, the district figure, the free-text row, the titles', () => {
    const at = (path: (string | number)[]) =>
      draft.guesses.filter((g) => g.path.join('/') === path.join('/')).map((g) => g.text);
    expect(at(['sections', 0, 'rows', 0, 'computed'])[0]).toContain('13 số "Số lớp"');
    expect(at(['sections', 6, 'rows', 1, 'measures'])[0]).toContain('người tổng hợp nhập một lần');
    expect(at(['sections', 10, 'rows', 0, 'measures'])[0]).toContain('một đoạn chữ');
    expect(at(['title'])).toHaveLength(1);
    expect(draft.toFill.map((f) => f.path.join('.'))).toEqual(
      expect.arrayContaining(['plan.number', 'plan.date', 'deadline', 'coordinator', 'groups']),
    );
  });
});
