// Setup re-run on a sheet whose columns a coordinator changed: it must not write headings or formulas by position there.
import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { dataHeads, LAYOUT_VERSION, SHEET_ID, sheetLayout } from '../../functions/sheet/layout.ts';
import { q7 } from '../../testing/submissions.ts';
import { planSheetRepair } from './repair.ts';

const campaign = q7();
const layout = sheetLayout(campaign);
const heads = dataHeads(layout);
const existing = (progressHeader: string[], headers = heads.headers) => ({
  layoutVersion: LAYOUT_VERSION,
  progressIds: campaign.units.map((u) => u.id),
  dataIds: campaign.units.map((u) => u.id),
  dataHeader: { bands: heads.bands, headers },
  rowCount: { progress: 200, data: 200, links: 200 },
  reportGrid: { rows: 60, columns: 6 },
  progressHeader,
  layout,
  sheetIds: new Set(Object.values(SHEET_ID)),
  unitCount: campaign.units.length,
});
const lines = campaign.units.map((unit) => ({ unit, link: `https://forms.example/${unit.id}` }));
const writesTo = (
  requests: { updateCells?: { start?: { sheetId?: number | null } | null } | null }[],
  sheetId: number,
) => requests.filter((r) => r.updateCells?.start?.sheetId === sheetId).length;

describe('setup re-run on a sheet a coordinator has worked in', () => {
  const ours = layout.progress.columns.map((c) => c.header);

  it('rewrites the headings and formulas of tabs whose columns are as it made them', () => {
    const plan = planSheetRepair(campaign, layout, existing(ours), lines, 'form-1');
    expect(plan.leftAlone).toEqual([]);
    expect(writesTo(plan.requests, SHEET_ID.progress)).toBeGreaterThan(0);
    expect(writesTo(plan.requests, SHEET_ID.data)).toBeGreaterThan(0);
  });

  it('leaves "Tiến độ" alone when an STT column was inserted, and says why and what to do', () => {
    const plan = planSheetRepair(
      campaign,
      layout,
      existing([ours[0] ?? '', 'STT', ...ours.slice(1)]),
      lines,
      'form-1',
    );
    expect(writesTo(plan.requests, SHEET_ID.progress)).toBe(0);
    expect(writesTo(plan.requests, SHEET_ID.data)).toBeGreaterThan(0);
    expect(plan.leftAlone).toEqual([expect.stringContaining('Trang «Tiến độ» có cột được thêm')]);
  });

  it('leaves "Số liệu" alone when a notes column sits between two figures', () => {
    const headers = [...heads.headers];
    headers.splice(10, 0, 'Ghi chú riêng');
    const plan = planSheetRepair(campaign, layout, existing(ours, headers), lines, 'form-1');
    expect(writesTo(plan.requests, SHEET_ID.data)).toBe(0);
    expect(plan.leftAlone).toEqual([expect.stringContaining('Trang «Số liệu»')]);
  });
});

describe("setup re-run after the file's table changed", () => {
  const request = (requests: object[], kind: string) =>
    requests.filter((r) => kind in r && JSON.stringify(r).includes(`"sheetId":${SHEET_ID.report}`));
  const ours = layout.progress.columns.map((c) => c.header);

  it('leaves "Báo cáo" as it is while the table keeps its columns', () => {
    const plan = planSheetRepair(campaign, layout, existing(ours), lines, 'form-1');
    expect(request(plan.requests, 'appendDimension')).toEqual([]);
    expect(request(plan.requests, 'unmergeCells')).toEqual([]);
  });

  it('gives "Báo cáo" a column the file added and redoes its header merges', () => {
    const wider = loadCampaign({
      ...definitionOf(campaign),
      table: {
        columns: [
          { header: 'Số lớp/số cuộc thi', group: 'Số lượng', kinds: ['count'] },
          { header: 'Người', group: 'Số lượng', kinds: ['people'] },
          { header: 'Kinh phí (đồng)', group: 'Số lượng', kinds: ['amount'] },
        ],
      },
    });
    const plan = planSheetRepair(wider, sheetLayout(wider), existing(ours), lines, 'form-1');
    expect(request(plan.requests, 'appendDimension')).toEqual([
      { appendDimension: { sheetId: SHEET_ID.report, dimension: 'COLUMNS', length: 1 } },
    ]);
    const [h1] = layout.report.headerRows;
    const merges = request(plan.requests, 'mergeCells').map(
      (r) => (r as { mergeCells: { range: object } }).mergeCells.range,
    );
    // "Số lượng" now spans D:F.
    expect(merges).toContainEqual({
      sheetId: SHEET_ID.report,
      startRowIndex: h1 - 1,
      endRowIndex: h1,
      startColumnIndex: 3,
      endColumnIndex: 6,
    });
    const unmerge = plan.requests.findIndex((r) => 'unmergeCells' in r);
    const firstMerge = plan.requests.findIndex(
      (r) => r === request(plan.requests, 'mergeCells')[0],
    );
    expect(unmerge).toBeGreaterThanOrEqual(0);
    expect(unmerge).toBeLessThan(firstMerge);
  });
});
