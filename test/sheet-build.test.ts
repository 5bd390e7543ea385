import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadsheetBody } from '../cli/sheet/content.ts';
import { dataUnitRow } from '../cli/sheet/data-tab.ts';
import { formatRequests } from '../cli/sheet/format.ts';
import { withUnits } from '../forms/campaign.ts';
import { checkSubmission } from '../functions/core/check.ts';
import { districtTable } from '../functions/core/totals.ts';
import { columnLetter, quoteSheet, SHEET_ID, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import type { SheetsApi } from '../local/sheets/testing.ts';
import { standInWithClient } from '../local/sheets/testing.ts';
import { q7, rawWith } from '../testing/submissions.ts';

const base = q7();
const campaign = withUnits(base, [
  ...base.units,
  { id: 'th-injection', name: "=cmd|' /C calc'!A0", group: 'co-so-giao-duc', emails: [] },
]);
const layout = sheetLayout(campaign);

let api: SheetsApi;
let close: () => Promise<void>;
let spreadsheetId = '';

beforeAll(async () => {
  const started = await standInWithClient();
  api = started.api;
  close = () => started.standIn.close();
  const body = spreadsheetBody(campaign, layout, {
    title: 'Tổng hợp thử',
    formId: 'form-1',
    lines: campaign.units.map((unit) => ({ unit, link: `https://example.test/f?u=${unit.id}` })),
  });
  const created = await api.spreadsheets.create({ requestBody: body });
  spreadsheetId = created.data.spreadsheetId ?? '';
  await api.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: formatRequests(campaign, layout) },
  });
});
afterAll(() => close());

const values = async (range: string, render = 'UNFORMATTED_VALUE') =>
  (await api.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: render })).data
    .values ?? [];

/** Writes a unit's accepted report into its "Số liệu" row, as sync will. */
async function writeUnit(unitId: string, answers: Record<string, string>) {
  const report = checkSubmission(campaign, rawWith(campaign, answers)).report;
  const index = campaign.units.findIndex((u) => u.id === unitId);
  const r = layout.data.firstUnitRow + index;
  const cells = layout.data.columns.map((c) => {
    if (c.key === 'version') return 'v1';
    if ('measure' in c && c.measure.asked) return report.values[c.measure.id] ?? '';
    if ('text' in c) return report.texts[c.text] ?? null;
    return null;
  });
  const data = cells.flatMap((v, i) =>
    v === null ? [] : [{ range: `${quoteSheet(TAB.data)}!${columnLetter(i)}${r}`, values: [[v]] }],
  );
  await api.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: { valueInputOption: 'RAW', data },
  });
  return report;
}

describe('the master sheet built from the campaign', () => {
  it('has its tabs, in vi_VN and Asia/Ho_Chi_Minh, the system and links tabs hidden', async () => {
    const got = await api.spreadsheets.get({ spreadsheetId });
    expect(got.data.properties?.locale).toBe('vi_VN');
    expect(got.data.properties?.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(
      got.data.sheets?.map((s) => [s.properties?.title, s.properties?.hidden ?? false]),
    ).toEqual([
      ['Tiến độ', false],
      ['Số liệu', false],
      ['Báo cáo', false],
      ['Nhật ký', false],
      ['Hệ thống', true],
      ['Liên kết', true],
    ]);
    expect(got.data.sheets?.[1]?.properties?.gridProperties?.frozenRowCount).toBe(
      layout.data.firstUnitRow - 1,
    );
    expect(got.data.sheets?.[0]?.charts).toHaveLength(1);
  });

  it('lays out "Báo cáo" as the seed\'s table, row for row, under its header block', async () => {
    const rows = await values(`${quoteSheet(TAB.report)}!A1:F${layout.report.firstLineRow + 41}`);
    expect(rows[0]?.[0]).toBe('ỦY BAN NHÂN DÂN QUẬN 7');
    expect(rows[2]?.[0]).toBe('TỔNG HỢP SỐ LIỆU KẾT QUẢ TỔ CHỨC');
    expect(rows[4]?.[0]).toBe('(Kèm theo báo cáo kết quả tổ chức Tuần lễ)');
    expect(rows[6]).toEqual(['STT', 'Các hoạt động', 'Đơn vị', 'Số lượng', '', 'Ghi chú']);
    expect(rows[7]?.slice(3, 5)).toEqual(['Số lớp/số cuộc thi', 'Người']);
    const lines = rows.slice(layout.report.firstLineRow - 1);
    const expected = districtTable(campaign, []).lines;
    expect(lines.map((l) => [l[0] ?? '', l[1], l[2] ?? ''])).toEqual(
      expected.map((l) => [l.stt, l.label, l.unit]),
    );
  });

  it('computes the same district totals as the report core once units have reported', async () => {
    const tanPhong = await writeUnit('p-tan-phong', {
      '1.1.count': '2',
      '1.1.people': '60',
      '5.3.count': '2',
      '5.3.people': '45',
      '10.1.amount': '1.500.000',
      '10.2.amount': '2 triệu',
      '1.note': 'Học trực tuyến qua Zoom',
    });
    const school = await writeUnit('tt-gdnn-gdtx', {
      '1.9.count': '1',
      '1.9.people': '80',
      '6.1.count': '3',
      '6.1.people': '90',
    });
    const table = districtTable(campaign, [
      { unitId: 'p-tan-phong', report: tanPhong },
      { unitId: 'tt-gdnn-gdtx', report: school },
    ]);
    const rows = await values(
      `${quoteSheet(TAB.report)}!A${layout.report.firstLineRow}:E${layout.report.firstLineRow + 40}`,
    );
    expect(
      rows.map((r) => [r[3] === '' ? null : (r[3] ?? null), r[4] === '' ? null : (r[4] ?? null)]),
    ).toEqual(table.lines.map((l) => l.figures));
    const formatted = await values(
      `${quoteSheet(TAB.report)}!D${layout.report.firstLineRow + 37}`,
      'FORMATTED_VALUE',
    );
    expect(formatted[0]?.[0]).toBe('3.500.000');
    const [[note]] = [await values(`${quoteSheet(TAB.report)}!F${layout.report.firstLineRow}`)];
    // The district's Ghi chú names whose note it is.
    expect(note?.[0]).toBe('UBND Phường Tân Phong: Học trực tuyến qua Zoom');
  });

  it("computes each unit's totals, group subtotals and the headline by formula", async () => {
    const d = layout.data;
    const tanPhongRow = d.firstUnitRow + campaign.units.findIndex((u) => u.id === 'p-tan-phong');
    const col = (id: string) => columnLetter(d.col[id] ?? 0);
    const cell = async (range: string) => (await values(range))[0]?.[0];
    expect(await cell(`${quoteSheet(TAB.data)}!${col('10.amount')}${tanPhongRow}`)).toBe(3_500_000);
    expect(await cell(`${quoteSheet(TAB.data)}!${col('1.count')}${d.groupRows.phuong}`)).toBe(2);
    expect(await cell(`${quoteSheet(TAB.progress)}!A2`)).toBe(
      `Đã nộp 0/${campaign.units.length} đơn vị (0%)`,
    );
  });

  it('keeps a unit named like a formula as text', async () => {
    const rows = await values(
      `${quoteSheet(TAB.progress)}!B${layout.progress.firstUnitRow + campaign.units.length - 1}`,
      'FORMULA',
    );
    expect(rows[0]?.[0]).toBe("=cmd|' /C calc'!A0");
    const data = await values(
      `${quoteSheet(TAB.data)}!B${layout.data.firstUnitRow + campaign.units.length - 1}`,
      'FORMULA',
    );
    expect(data[0]?.[0]).toBe("=cmd|' /C calc'!A0");
  });

  it('builds a unit row whose computed formulas point at its own row', () => {
    const unit = campaign.unit('p-tan-phong');
    if (!unit) throw new Error('the 2021 registry has Tân Phong');
    const r = dataUnitRow(campaign, layout, unit, 42);
    const f = r.values?.[layout.data.col['1.count'] ?? 0]?.userEnteredValue?.formulaValue;
    expect(f).toMatch(/^=IF\(COUNT\(H42,J42,.*\)=0,"",SUM\(H42,J42,/);
    expect(SHEET_ID.data).toBe(2);
  });
});
