import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { q7, rawWith } from '../../testing/submissions.ts';
import { parseSubmission } from './parse.ts';
import { districtTable, unitValues } from './totals.ts';

const campaign = q7();
const report = (answers: Record<string, string>) =>
  parseSubmission(campaign, rawWith(campaign, answers)).report;

const tanPhong = report({
  '1.1.count': '2',
  '1.1.people': '60',
  '1.7.count': '3',
  '1.7.people': '120',
  '5.1.count': '1',
  '5.3.count': '2',
  '5.3.people': '45',
  '10.1.amount': '1.500.000',
  '10.2.amount': '2 triệu',
  '1.note': 'Học trực tuyến',
});
const tanKieng = report({
  '1.1.count': '1',
  '1.1.people': '25',
  '6.1.count': '4',
  '6.1.people': '200',
  '6.3.count': '1',
  '6.3.people': '30',
  '10.1.amount': '500.000',
  '11.text': 'Triển lãm ảnh',
});
const schoolReport = report({ '1.9.count': '1', '1.9.people': '80', '7.2.count': '1' });

describe('computed totals', () => {
  it("sums one unit's sub-rows into rows 1, 5, 6 and 10 (by hand: 5 lớp, 180 người, 3 cuộc, 3.500.000 đồng)", () => {
    const v = unitValues(campaign, tanPhong.values);
    expect(v['1.count']).toBe(5);
    expect(v['1.0.people']).toBe(180);
    expect(v['5.count']).toBe(3);
    expect(v['6.count']).toBe(0);
    expect(v['10.amount']).toBe(3_500_000);
  });

  it('counts a blank as zero in totals', () => {
    const v = unitValues(campaign, { '1.1.count': 2, '1.2.count': null });
    expect(v['1.count']).toBe(2);
  });
});

describe('the district table', () => {
  const table = districtTable(campaign, [
    { unitId: 'p-tan-phong', report: tanPhong },
    { unitId: 'p-tan-kieng', report: tanKieng },
    { unitId: 'tt-gdnn-gdtx', report: schoolReport },
  ]);
  const line = (label: string) => table.lines.find((l) => l.label === label);

  it("lays out the seed's rows in order with the sums over units (checked by hand)", () => {
    expect(table.lines).toHaveLength(41);
    expect(line('Các lớp bồi dưỡng, tập huấn tổ chức trong Tuần lễ')).toMatchObject({
      stt: '1',
      unit: 'lớp',
      figures: [2 + 3 + 1 + 1, null],
    });
    expect(line('Tổng số người tham gia, trong đó:')).toMatchObject({
      figures: [null, 60 + 120 + 25 + 80],
    });
    expect(table.lines[2]).toMatchObject({ figures: [3, 85] });
    expect(line('Hoạt động thể dục thể thao')).toMatchObject({ figures: [4, 200] });
    expect(
      line('Tổ chức hoạt động văn nghệ, thể thao, thăm quan, sinh hoạt chuyên đề'),
    ).toMatchObject({ figures: [5, null] });
    expect(
      line('Tổ chức các cuộc thi, các buổi tọa đàm về khuyến đọc, khuyến học và xây dựng XHHT'),
    ).toMatchObject({ figures: [3, null] });
    expect(line('Kinh phí')).toMatchObject({ stt: '10', figures: [4_000_000, null] });
    expect(line('Ngân sách nhà nước')).toMatchObject({ unit: 'đồng', figures: [2_000_000, null] });
    expect(line('Tổ chức Lễ khai mạc Tuần lễ')).toMatchObject({ figures: [null, null] });
  });

  it("gathers notes and free text in Ghi chú under the unit's name", () => {
    expect(table.lines[0]?.note).toBe('UBND Phường Tân Phong: Học trực tuyến');
    expect(line('Các nội dung khác (nếu có)')?.note).toBe('UBND Phường Tân Kiểng: Triển lãm ảnh');
  });

  it('subtotals by unit group, and the groups add up to the district', () => {
    expect(table.byGroup.phuong?.units).toBe(2);
    expect(table.byGroup.phuong?.values['1.count']).toBe(6);
    expect(table.byGroup['co-so-giao-duc']?.values['1.count']).toBe(1);
    expect(table.byGroup['doan-the']?.units).toBe(0);
    for (const id of Object.keys(table.total.values)) {
      const sum = Object.values(table.byGroup).reduce((acc, g) => acc + (g.values[id] ?? 0), 0);
      expect(sum).toBe(table.total.values[id]);
    }
  });

  it("subtotals a ward over its schools at any depth, and counts each unit once in the district's total", () => {
    const tree = loadCampaign({
      ...definitionOf(campaign),
      units: [
        { id: 'p-tan-my', name: 'UBND Phường Tân Mỹ', group: 'phuong' },
        { id: 'thcs-a', name: 'Trường THCS A', group: 'co-so-giao-duc', parent: 'p-tan-my' },
        { id: 'th-b', name: 'Trường Tiểu học B', group: 'co-so-giao-duc', parent: 'thcs-a' },
        { id: 'p-phu-thuan', name: 'UBND Phường Phú Thuận', group: 'phuong' },
      ],
    });
    const t = districtTable(tree, [
      { unitId: 'p-tan-my', report: tanPhong },
      { unitId: 'thcs-a', report: tanKieng },
      { unitId: 'th-b', report: schoolReport },
      { unitId: 'p-phu-thuan', report: tanKieng },
    ]);
    // 1.count: Tân Phong 5, Tân Kiểng 1, the school 1 (by hand).
    expect(t.byParent['p-tan-my']).toMatchObject({ units: 3, values: { '1.count': 7 } });
    expect(t.byParent['thcs-a']).toMatchObject({ units: 2, values: { '1.count': 2 } });
    expect(t.byParent['p-phu-thuan']).toBeUndefined();
    expect(t.total).toMatchObject({ units: 4, values: { '1.count': 8 } });
  });

  it('is all zeros before anyone reports', () => {
    const empty = districtTable(campaign, []);
    expect(empty.total.units).toBe(0);
    expect(empty.lines.every((l) => l.figures.every((f) => (f ?? 0) === 0))).toBe(true);
  });
});

describe("the table's quantity columns follow the campaign file", () => {
  // The same plan printed with money in a column of its own, and the people column first.
  const reshaped = loadCampaign({
    ...definitionOf(campaign),
    table: {
      columns: [
        { header: 'Người', kinds: ['people'] },
        { header: 'Số lượng', kinds: ['count'] },
        { header: 'Kinh phí (đồng)', kinds: ['amount'] },
      ],
    },
  });
  const lines = districtTable(reshaped, [
    { unitId: 'p-tan-phong', report: tanPhong },
    { unitId: 'p-tan-kieng', report: tanKieng },
  ]).lines;
  const line = (label: string) => lines.find((l) => l.label === label);

  it.each([
    ['Các lớp bồi dưỡng, tập huấn tổ chức trong Tuần lễ', [null, 2 + 3 + 1 + 0, null]],
    ['Tổng số người tham gia, trong đó:', [60 + 120 + 25, null, null]],
    ['Hoạt động thể dục thể thao', [200, 4, null]],
    ['Kinh phí', [null, null, 4_000_000]],
    ['Ngân sách nhà nước', [null, null, 2_000_000]],
    ['Các nội dung khác (nếu có)', [null, null, null]],
  ])('prints «%s» as %j', (label, figures) => {
    expect(line(label)?.figures).toEqual(figures);
  });

  it('adds up every kind a column names', () => {
    const both = loadCampaign({
      ...definitionOf(campaign),
      table: { columns: [{ header: 'Tổng', kinds: ['count', 'people'] }] },
    });
    const l = districtTable(both, [{ unitId: 'p-tan-phong', report: tanPhong }]).lines;
    expect(l.find((x) => x.label === 'Giáo dục kỹ năng sống cho học sinh')?.figures).toEqual([
      3 + 120,
    ]);
  });
});
