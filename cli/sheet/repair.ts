// Setup on an existing master sheet: add rows for new units, rewrite headers and formulas, never touch data.

import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign } from '../../forms/campaign.ts';
import { officialColumns } from '../../functions/core/official-table.ts';
import { type CellData, type Request, type RowData, text } from '../../functions/sheet/cells.ts';
import {
  dataHeads,
  LAYOUT_VERSION,
  quoteSheet,
  SHEET_ID,
  type SheetLayout,
  SYSTEM_KEYS,
  TAB,
} from '../../functions/sheet/layout.ts';
import { linksRows } from './content.ts';
import { dataHead, dataUnitFormulas, dataUnitRow, districtRowCells } from './data-tab.ts';
import { reportLook } from './format.ts';
import {
  dataFirstUnitRow,
  planMigrations,
  progressHeaderAfterMigration,
  type SheetFacts,
} from './migrations.ts';
import { progressHead, progressSummary, progressUnitRow, type UnitLine } from './progress-tab.ts';
import { reportRows } from './report-tab.ts';

/** What setup read of an existing sheet: unit ids by row, each tab's grid height, its layout. */
export interface ExistingSheet extends SheetFacts {
  /** The layout version in "Hệ thống" (a sheet from before versions were read says 1). */
  layoutVersion: number;
  /** Column A of "Tiến độ" from its first unit row down; empty cells as "". */
  progressIds: readonly string[];
  /** Column A of "Số liệu" from its first unit row down. */
  dataIds: readonly string[];
  /** The two header rows of "Số liệu" as they are now (band, then header). */
  dataHeader: { bands: readonly string[]; headers: readonly string[] };
  rowCount: { progress: number; data: number; links: number };
  /** "Báo cáo"'s grid: its columns were the file's table's when setup made it. */
  reportGrid: { rows: number; columns: number };
}

export interface RepairPlan {
  requests: Request[];
  addedUnits: string[];
  /** Migrations applied, in Vietnamese for the coordinator. */
  migrated: string[];
  /**
   * Tabs whose columns a coordinator changed: setup writes headings, formulas and new rows by
   * position, so it leaves those tabs alone and says what to do (Vietnamese).
   */
  leftAlone: string[];
}

/** Whether a tab's headings are exactly where this release puts them (nothing added between). */
const sameColumns = (actual: readonly string[], expected: readonly string[]) =>
  expected.every((h, i) => (actual[i] ?? '').normalize('NFC').trim() === h) &&
  (actual[expected.length] ?? '').trim() === '';

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
 * "Báo cáo" holds only formulas and its header block: when the file's table has gained or lost
 * quantity columns since setup made it, the tab takes the new number of columns and its look is
 * made again (the header block unmerged first: Google refuses a merge over part of another).
 */
function reshapeReport(
  campaign: Campaign,
  layout: SheetLayout,
  have: ExistingSheet['reportGrid'],
  lines: number,
): Request[] {
  const requests = grow(SHEET_ID.report, have.rows, lines);
  const need = officialColumns(campaign.table).length;
  // 0: the sheet's answer had no grid for it; nothing is reshaped on a guess.
  if (have.columns === 0 || have.columns === need) return requests;
  const columns = { sheetId: SHEET_ID.report, dimension: 'COLUMNS' };
  requests.push(
    need > have.columns
      ? { appendDimension: { ...columns, length: need - have.columns } }
      : { deleteDimension: { range: { ...columns, startIndex: need, endIndex: have.columns } } },
    {
      unmergeCells: {
        range: {
          sheetId: SHEET_ID.report,
          startRowIndex: 0,
          endRowIndex: layout.report.headerRows[1],
          startColumnIndex: 0,
          endColumnIndex: need,
        },
      },
    },
    ...reportLook(campaign, layout),
  );
  return requests;
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
  // Older layouts are brought up to this release first; everything below writes the new one.
  const migration = planMigrations(existing.layoutVersion, existing);
  const requests: Request[] = [...migration.requests];
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

  // Headings, formulas and new unit rows are written by position: on a tab whose columns a
  // coordinator changed (sync copes with that, finding columns by heading), that would write
  // headings over the coordinator's columns and figures under the wrong ones. A sheet from
  // before layout 3 is rewritten as always: its migrations expect this release's columns.
  const current = existing.layoutVersion >= 3;
  const progressOk =
    !current ||
    sameColumns(
      progressHeaderAfterMigration(existing.layoutVersion, existing.progressHeader),
      p.columns.map((c) => c.header),
    );
  const heads = dataHeads(layout);
  const dataOk =
    !current ||
    (sameColumns(existing.dataHeader.bands, heads.bands) &&
      sameColumns(existing.dataHeader.headers, heads.headers));
  const leftAlone = [...(progressOk ? [] : [TAB.progress]), ...(dataOk ? [] : [TAB.data])].map(
    (tab) =>
      `Trang «${tab}» có cột được thêm hoặc đổi chỗ so với bố cục của phần mềm: setup không ghi lại tiêu đề, công thức và dòng đơn vị mới ở trang này để không làm lệch số liệu (việc đồng bộ vẫn chạy bình thường). Nếu cần thêm đơn vị hoặc sửa tiêu đề, hãy chuyển các cột đã thêm ra sau cùng hoặc sang trang khác, rồi chạy lại setup.`,
  );
  if (progressOk) {
    requests.push(...progressRepair(campaign, layout, lines, newProgress, progressStart));
    // The column layout 5 adds starts with the registry's parents; afterwards it is the coordinator's.
    if (existing.layoutVersion < 5) requests.push(...parentCells(campaign, layout, existing));
  }
  if (dataOk) requests.push(...dataRepair(campaign, layout, inData, newData, dataStart));
  return finishRepair(campaign, layout, existing, lines, formId, requests, {
    newProgress: progressOk ? newProgress : [],
    newData: dataOk ? newData : [],
    migrated: migration.done,
    leftAlone,
  });
}

function parentCells(campaign: Campaign, layout: SheetLayout, existing: ExistingSheet): Request[] {
  const p = layout.progress;
  return existing.progressIds.flatMap((id, i) => {
    const parent = campaign.unit(id.trim())?.parent;
    return parent
      ? [at(SHEET_ID.progress, p.firstUnitRow - 1 + i, p.col.parent, [only([text(parent)])])]
      : [];
  });
}

function progressRepair(
  campaign: Campaign,
  layout: SheetLayout,
  _lines: readonly UnitLine[],
  newProgress: readonly UnitLine[],
  progressStart: number,
): Request[] {
  const p = layout.progress;
  const requests: Request[] = [];
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
  return requests;
}

function dataRepair(
  campaign: Campaign,
  layout: SheetLayout,
  inData: ReadonlyMap<string, number>,
  newData: readonly UnitLine[],
  dataStart: number,
): Request[] {
  const d = layout.data;
  const requests: Request[] = [];
  requests.push(at(SHEET_ID.data, 0, 0, dataHead(campaign, layout)));
  for (const { column, cell } of districtRowCells(campaign, layout)) {
    requests.push(at(SHEET_ID.data, d.districtRow - 1, column, [only([cell])]));
  }
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
  return requests;
}

function finishRepair(
  campaign: Campaign,
  layout: SheetLayout,
  existing: ExistingSheet,
  lines: readonly UnitLine[],
  formId: string,
  requests: Request[],
  done: {
    newProgress: readonly UnitLine[];
    newData: readonly UnitLine[];
    migrated: string[];
    leftAlone: string[];
  },
): RepairPlan {
  const report = reportRows(campaign, layout);
  requests.push(...reshapeReport(campaign, layout, existing.reportGrid, report.length));
  requests.push(at(SHEET_ID.report, 0, 0, report));
  // The checkpoint row is the sync's: only the identifying keys are rewritten.
  for (const [i, key] of SYSTEM_KEYS.entries()) {
    const value =
      key === 'campaign'
        ? campaign.id
        : key === 'formId'
          ? formId
          : key === 'layoutVersion'
            ? String(LAYOUT_VERSION)
            : undefined;
    if (value !== undefined)
      requests.push(at(SHEET_ID.system, i + 1, 0, [only([text(key), text(value)])]));
  }

  // The links are setup's alone: rewritten whole, so a unit added or a link changed is current.
  const linkRows = linksRows(lines);
  const linksHave = existing.sheetIds.has(SHEET_ID.links)
    ? existing.rowCount.links
    : existing.unitCount + 200;
  requests.push(...grow(SHEET_ID.links, linksHave, linkRows.length));
  requests.push(at(SHEET_ID.links, 0, 0, linkRows));

  const added = new Set([...done.newProgress, ...done.newData].map((l) => l.unit.id));
  return {
    requests,
    addedUnits: [...added],
    migrated: done.migrated,
    leftAlone: done.leftAlone,
  };
}

/** The ranges setup reads of an existing sheet, in one spreadsheets.get with grid data. */
export function existingRanges(layout: SheetLayout): string[] {
  const header = layout.progress.headerRow;
  return [
    `${quoteSheet(TAB.progress)}!A:A`,
    // A whole row: a fixed end column could pass the grid's edge, which Google refuses.
    `${quoteSheet(TAB.progress)}!${header}:${header}`,
    `${quoteSheet(TAB.data)}!A:A`,
    `${quoteSheet(TAB.system)}!A:B`,
    // Both header rows of "Số liệu", whole (see the header row of "Tiến độ" above).
    `${quoteSheet(TAB.data)}!${layout.data.headerRows[0]}:${layout.data.headerRows[1]}`,
    // One cell: Google returns a sheet's grid size only for sheets a range touches.
    `${quoteSheet(TAB.report)}!A1`,
  ];
}

type GridData = sheets_v4.Schema$GridData;
const cellText = (c: sheets_v4.Schema$CellData | undefined) => {
  const v = c?.userEnteredValue;
  return (
    v?.stringValue ??
    (v?.numberValue !== undefined && v.numberValue !== null ? String(v.numberValue) : '')
  ).trim();
};

/** Reads what setup needs of a `spreadsheets.get` answer over `existingRanges`. */
export function existingFrom(
  layout: SheetLayout,
  book: sheets_v4.Schema$Spreadsheet,
): ExistingSheet {
  const sheet = (id: number) => book.sheets?.find((s) => s.properties?.sheetId === id);
  // Each range comes back as one GridData of its sheet; they are told apart by where they start.
  const grid = (id: number, startRow: number, startColumn = 0): GridData | undefined =>
    sheet(id)?.data?.find(
      (d) => (d.startRow ?? 0) === startRow && (d.startColumn ?? 0) === startColumn,
    );
  const column = (id: number, firstRow: number) => {
    const data = grid(id, 0);
    return (data?.rowData ?? []).slice(firstRow - 1).map((r) => cellText(r.values?.[0]));
  };
  const header = (
    grid(SHEET_ID.progress, layout.progress.headerRow - 1)?.rowData?.[0]?.values ?? []
  ).map(cellText);
  const system = (grid(SHEET_ID.system, 0)?.rowData ?? []).map((r) =>
    (r.values ?? []).map(cellText),
  );
  const version = Number(system.find((r) => r[0] === 'layoutVersion')?.[1] ?? '');
  const progressIds = column(SHEET_ID.progress, layout.progress.firstUnitRow);
  const layoutVersion = Number.isInteger(version) && version > 0 ? version : 1;
  return {
    progressIds,
    // Read where this sheet's units are now; the migrations move them to this release's rows.
    dataIds: column(SHEET_ID.data, dataFirstUnitRow(layout, layoutVersion)),
    rowCount: {
      progress: sheet(SHEET_ID.progress)?.properties?.gridProperties?.rowCount ?? 0,
      data: sheet(SHEET_ID.data)?.properties?.gridProperties?.rowCount ?? 0,
      links: sheet(SHEET_ID.links)?.properties?.gridProperties?.rowCount ?? 0,
    },
    reportGrid: {
      rows: sheet(SHEET_ID.report)?.properties?.gridProperties?.rowCount ?? 0,
      columns: sheet(SHEET_ID.report)?.properties?.gridProperties?.columnCount ?? 0,
    },
    // The first release wrote "1" and never read it; a sheet without a number predates nothing else.
    layoutVersion,
    progressHeader: header,
    dataHeader: (() => {
      const rows = grid(SHEET_ID.data, layout.data.headerRows[0] - 1)?.rowData ?? [];
      return {
        bands: (rows[0]?.values ?? []).map(cellText),
        headers: (rows[1]?.values ?? []).map(cellText),
      };
    })(),
    layout,
    sheetIds: new Set(
      (book.sheets ?? []).flatMap((s) =>
        s.properties?.sheetId === undefined || s.properties.sheetId === null
          ? []
          : [s.properties.sheetId],
      ),
    ),
    unitCount: progressIds.filter(Boolean).length,
  };
}
