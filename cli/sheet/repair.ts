// Setup on an existing master sheet: add rows for new units, rewrite headers and formulas, never touch data.
import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign } from '../../forms/campaign.ts';
import { type CellData, type Request, type RowData, text } from '../../functions/sheet/cells.ts';
import {
  LAYOUT_VERSION,
  SHEET_ID,
  type SheetLayout,
  SYSTEM_KEYS,
} from '../../functions/sheet/layout.ts';
import {
  dataHead,
  dataUnitFormulas,
  dataUnitRow,
  progressHead,
  progressSummary,
  progressUnitRow,
  reportRows,
  type UnitLine,
} from './content.ts';

/** What setup read of an existing sheet: unit ids by row, and each tab's grid height. */
export interface ExistingSheet {
  /** Column A of "Tiến độ" from its first unit row down; empty cells as "". */
  progressIds: readonly string[];
  /** Column A of "Số liệu" from its first unit row down. */
  dataIds: readonly string[];
  rowCount: { progress: number; data: number };
}

export interface RepairPlan {
  requests: Request[];
  addedUnits: string[];
}

const at = (sheetId: number, rowIndex: number, columnIndex: number, rows: RowData[]): Request => ({
  updateCells: {
    start: { sheetId, rowIndex, columnIndex },
    rows,
    fields: 'userEnteredValue',
  },
});

/** Cells that are the product's in a row: where `cells` has no entry the sheet is left alone. */
const only = (cells: CellData[]): RowData => ({ values: cells });

function grow(sheetId: number, have: number, need: number): Request[] {
  return need > have
    ? [{ appendDimension: { sheetId, dimension: 'ROWS', length: need - have + 100 } }]
    : [];
}

/**
 * One batchUpdate that brings an existing sheet up to the campaign. Units are found by id in
 * what was read (coordinators sort and insert rows); new ones go below the last used row.
 */
export function planSheetRepair(
  campaign: Campaign,
  layout: SheetLayout,
  existing: ExistingSheet,
  lines: readonly UnitLine[],
  formId: string,
): RepairPlan {
  const p = layout.progress;
  const d = layout.data;
  const requests: Request[] = [];
  const lastUsed = (ids: readonly string[]) =>
    ids.reduce((last, id, i) => (id.trim() ? i + 1 : last), 0);

  const inProgress = new Set(existing.progressIds.map((s) => s.trim()));
  const inData = new Map(existing.dataIds.map((id, i) => [id.trim(), i] as const));
  const newProgress = lines.filter((l) => !inProgress.has(l.unit.id));
  const newData = lines.filter((l) => !inData.has(l.unit.id));

  const progressStart = p.firstUnitRow - 1 + lastUsed(existing.progressIds);
  const dataStart = d.firstUnitRow - 1 + lastUsed(existing.dataIds);
  requests.push(
    ...grow(SHEET_ID.progress, existing.rowCount.progress, progressStart + newProgress.length),
    ...grow(SHEET_ID.data, existing.rowCount.data, dataStart + newData.length),
  );

  // Headers, headline and the group summary are the product's: rewriting them repairs edits.
  requests.push(at(SHEET_ID.progress, 0, 0, progressHead(campaign, layout)));
  requests.push(
    at(SHEET_ID.progress, p.headerRow - 1, 0, [only(p.columns.map((c) => text(c.header)))]),
  );
  const summary = progressSummary(campaign, layout);
  requests.push(
    at(SHEET_ID.progress, p.summary.headerRow - 1, p.summary.firstColumn, [
      only(summary.header),
      ...summary.rows.map(only),
    ]),
  );
  if (newProgress.length > 0) {
    requests.push(
      at(
        SHEET_ID.progress,
        progressStart,
        0,
        newProgress.map((l) => progressUnitRow(campaign, layout, l)),
      ),
    );
  }

  requests.push(at(SHEET_ID.data, 0, 0, dataHead(campaign, layout)));
  for (const [id, index] of inData) {
    if (!id || !campaign.unit(id)) continue;
    const r = d.firstUnitRow + index;
    for (const { column, cell } of dataUnitFormulas(layout, r)) {
      requests.push(at(SHEET_ID.data, r - 1, column, [only([cell])]));
    }
  }
  if (newData.length > 0) {
    requests.push(
      at(
        SHEET_ID.data,
        dataStart,
        0,
        newData.map((l, i) => dataUnitRow(campaign, layout, l.unit, dataStart + 1 + i)),
      ),
    );
  }

  requests.push(at(SHEET_ID.report, 0, 0, reportRows(campaign, layout)));
  // The checkpoint row is the sync's: only the identifying keys are rewritten.
  for (const [i, key] of SYSTEM_KEYS.entries()) {
    const value =
      key === 'campaign'
        ? campaign.id
        : key === 'formId'
          ? formId
          : key === 'layoutVersion'
            ? LAYOUT_VERSION
            : undefined;
    if (value !== undefined)
      requests.push(at(SHEET_ID.system, i + 1, 0, [only([text(key), text(value)])]));
  }

  const added = new Set([...newProgress, ...newData].map((l) => l.unit.id));
  return { requests, addedUnits: [...added] };
}

/** Reads column A of the unit rows of a `spreadsheets.get` answer with grid data. */
export function existingFrom(
  layout: SheetLayout,
  book: sheets_v4.Schema$Spreadsheet,
): ExistingSheet {
  const sheet = (id: number) => book.sheets?.find((s) => s.properties?.sheetId === id);
  const ids = (id: number, firstRow: number) => {
    const data = sheet(id)?.data?.[0];
    const start = data?.startRow ?? 0;
    return (data?.rowData ?? [])
      .slice(Math.max(0, firstRow - 1 - start))
      .map((r) => r.values?.[0]?.userEnteredValue?.stringValue ?? '');
  };
  return {
    progressIds: ids(SHEET_ID.progress, layout.progress.firstUnitRow),
    dataIds: ids(SHEET_ID.data, layout.data.firstUnitRow),
    rowCount: {
      progress: sheet(SHEET_ID.progress)?.properties?.gridProperties?.rowCount ?? 0,
      data: sheet(SHEET_ID.data)?.properties?.gridProperties?.rowCount ?? 0,
    },
  };
}
