// Setup re-run on a sheet whose columns a coordinator changed: it must not write headings or formulas by position there.
import { describe, expect, it } from 'vitest';
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
