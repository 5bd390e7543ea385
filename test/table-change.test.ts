// The running 2021 campaign's file gives money a column of its own: setup re-run reshapes "Báo cáo" in place, on the same sheet, figures kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../forms/campaign.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

let dir: string;
let local: LocalMode;
let firstSheet: string;

async function tab(name: string) {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as (string | number)[][];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baocao-table-change-'));
  const options = { dataDir: dir, sync: { burst: 100, refillMs: 0 }, log: memoryLogger() };
  local = await startLocalMode(options);
  firstSheet = local.state.spreadsheetId;
  const link = local.endpoints.links.find((l) => l.unitId === 'p-tan-phong')?.link ?? '';
  await submit(local.campaign, link, {
    answers: { '1.1.count': '2', '1.1.people': '60', '10.1.amount': '1.500.000' },
  });
  const l = sheetLayout(local.campaign);
  await until('the report counted', async () => {
    const row = (await tab(TAB.data)).find((r) => r[0] === 'p-tan-phong');
    return row?.[l.data.col.version ?? 0] ? true : undefined;
  });
  await local.standIns.forms.flushDeliveries();
  const before = local.campaign;
  await local.close();

  // The coordinator's edit of campaign.yaml, then `baocao setup` again (local mode runs it).
  const wider = loadCampaign({
    ...definitionOf(before),
    table: {
      columns: [
        { header: 'Số lớp/số cuộc thi', group: 'Số lượng', short: 'Số lượng', kinds: ['count'] },
        { header: 'Người', group: 'Số lượng', kinds: ['people'] },
        { header: 'Kinh phí (đồng)', kinds: ['amount'] },
      ],
    },
  });
  local = await startLocalMode({ ...options, campaign: wider });
}, 120_000);

afterAll(async () => {
  await local?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a quantity column added to the file of a running campaign', () => {
  it('is added to "Báo cáo" of the same sheet, headers and figures in their new places', async () => {
    expect(local.state.spreadsheetId).toBe(firstSheet);
    const l = sheetLayout(local.campaign);
    const rows = await tab(TAB.report);
    const [h1, h2] = l.report.headerRows;
    expect(rows[h1 - 1]).toEqual([
      'STT',
      'Các hoạt động',
      'Đơn vị',
      'Số lượng',
      '',
      'Kinh phí (đồng)',
      'Ghi chú',
    ]);
    expect(rows[h2 - 1]?.slice(3, 5)).toEqual(['Số lớp/số cuộc thi', 'Người']);
    const line = (label: string) => {
      const r = rows.find((x) => x[1] === label) ?? [];
      return [3, 4, 5].map((c) => (r[c] === '' || r[c] === undefined ? null : r[c]));
    };
    expect(
      line(
        'Bồi dưỡng nâng cao trình độ chuyên môn nghiệp vụ cho cán bộ, công chức, viên chức (các cấp)',
      ),
    ).toEqual([2, 60, null]);
    expect(line('Ngân sách nhà nước')).toEqual([null, null, 1_500_000]);
    expect(line('Kinh phí')).toEqual([null, null, 1_500_000]);
  });

  it('is merged and sized as the new table: "Số lượng" over two columns, the money column over both header rows', async () => {
    const book = await clientFor(local.standIns.sheets.url).spreadsheets.get({
      spreadsheetId: local.state.spreadsheetId,
    });
    const report = book.data.sheets?.find((s) => s.properties?.title === TAB.report);
    expect(report?.properties?.gridProperties?.columnCount).toBe(7);
    const [h1, h2] = sheetLayout(local.campaign).report.headerRows;
    const spans = (report?.merges ?? [])
      .filter((m) => (m.startRowIndex ?? 0) >= h1 - 1 && (m.endRowIndex ?? 0) <= h2)
      .map((m) => [m.startRowIndex, m.endRowIndex, m.startColumnIndex, m.endColumnIndex]);
    expect(spans).toContainEqual([h1 - 1, h1, 3, 5]);
    expect(spans).toContainEqual([h1 - 1, h2, 5, 6]);
    expect(spans).toContainEqual([h1 - 1, h2, 6, 7]);
  });
});
