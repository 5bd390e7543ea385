// The master sheet's cells from the campaign: every tab assembled into spreadsheets.create's body.

import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign } from '../../forms/campaign.ts';
import { officialColumns } from '../../functions/core/official-table.ts';
import { empty, type RowData, row, text } from '../../functions/sheet/cells.ts';
import {
  LAYOUT_VERSION,
  SHEET_ID,
  type SheetLayout,
  SYSTEM_KEYS,
  type SystemKey,
  TAB,
} from '../../functions/sheet/layout.ts';

import { dataHead, dataUnitRow, districtRow } from './data-tab.ts';
import { progressRows, type UnitLine } from './progress-tab.ts';
import { reportRows } from './report-tab.ts';

export function systemRows(campaign: Campaign, formId: string): RowData[] {
  const values: Record<SystemKey, string> = {
    campaign: campaign.id,
    formId,
    checkpoint: '',
    layoutVersion: String(LAYOUT_VERSION),
    digests: '',
    lastWrite: '',
    lastSuccess: '',
    writeToken: '',
  };
  return SYSTEM_KEYS.map((key) => row([text(key), values[key] ? text(values[key]) : empty]));
}

/** The hidden "Liên kết" tab: a header, then each unit's id and personal link. */
export function linksRows(lines: readonly UnitLine[]): RowData[] {
  return [
    row([text('Mã đơn vị'), text('Đường link riêng (chứa mã xác minh: không chia sẻ)')]),
    ...lines.map((l) => row([text(l.unit.id), text(l.link)])),
  ];
}

export interface SheetSpec {
  title: string;
  formId: string;
  lines: readonly UnitLine[];
}

/** spreadsheets.create's body: every tab with its values and formulas, in one request. */
export function spreadsheetBody(
  campaign: Campaign,
  layout: SheetLayout,
  spec: SheetSpec,
): sheets_v4.Schema$Spreadsheet {
  const d = layout.data;
  const units = spec.lines.map((l) => l.unit);
  const tab = (
    sheetId: number,
    title: string,
    rows: RowData[],
    grid: sheets_v4.Schema$GridProperties,
    hidden = false,
  ) => ({
    properties: { sheetId, title, index: sheetId - 1, hidden, gridProperties: grid },
    data: [{ startRow: 0, startColumn: 0, rowData: rows }],
  });
  const headRows = dataHead(campaign, layout);
  const dataRows = [
    ...headRows,
    districtRow(campaign, layout),
    ...units.map((u, i) => dataUnitRow(campaign, layout, u, d.firstUnitRow + i)),
  ];
  const progress = progressRows(campaign, layout, spec.lines);
  const report = reportRows(campaign, layout);
  const spare = 200;
  return {
    properties: { title: spec.title, locale: 'vi_VN', timeZone: campaign.timezone },
    sheets: [
      tab(SHEET_ID.progress, TAB.progress, progress, {
        rowCount: progress.length + spare,
        columnCount: layout.progress.summary.firstColumn + 3,
        frozenRowCount: layout.progress.headerRow,
        frozenColumnCount: 2,
      }),
      tab(SHEET_ID.data, TAB.data, dataRows, {
        rowCount: dataRows.length + spare,
        columnCount: d.columns.length,
        frozenRowCount: d.firstUnitRow - 1,
        frozenColumnCount: 2,
      }),
      tab(SHEET_ID.report, TAB.report, report, {
        rowCount: report.length + 5,
        columnCount: officialColumns(campaign.table).length,
        frozenRowCount: layout.report.headerRows[1],
      }),
      tab(SHEET_ID.log, TAB.log, [row(layout.log.columns.map((c) => text(c.header)))], {
        rowCount: 1000,
        columnCount: layout.log.columns.length,
        frozenRowCount: 1,
      }),
      tab(
        SHEET_ID.system,
        TAB.system,
        [row([text('Khóa'), text('Giá trị')]), ...systemRows(campaign, spec.formId)],
        // Keys in A:B, the sync lease's rows in D:F (functions/sheet/lease.ts).
        { rowCount: 20, columnCount: 6 },
        true,
      ),
      tab(
        SHEET_ID.links,
        TAB.links,
        linksRows(spec.lines),
        { rowCount: spec.lines.length + spare, columnCount: 2, frozenRowCount: 1 },
        true,
      ),
    ],
  };
}
