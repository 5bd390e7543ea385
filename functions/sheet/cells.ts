// Sheets CellData values built so user text can never become a formula and numbers stay numbers.
import type { sheets_v4 } from '@googleapis/sheets';

export type CellData = sheets_v4.Schema$CellData;
export type Request = sheets_v4.Schema$Request;
export type RowData = sheets_v4.Schema$RowData;

/** A cell as values.batchGet returns it (UNFORMATTED_VALUE). */
export type CellValue = string | number | boolean | null | undefined;

/**
 * Text as a string value: the API stores stringValue literally, so "=IMPORTXML(…)", "+1" or
 * "@x" typed by a unit stays text (no USER_ENTERED parsing is involved).
 */
export const text = (value: string): CellData => ({ userEnteredValue: { stringValue: value } });

export const num = (value: number): CellData => ({ userEnteredValue: { numberValue: value } });

/** Only the product's own formulas, built from the layout, ever go through here. */
export const formula = (f: string): CellData => ({ userEnteredValue: { formulaValue: f } });

/** A cell the write leaves empty (clears a previous value when its field is in the mask). */
export const empty: CellData = {};

export const maybeNum = (value: number | null | undefined): CellData =>
  value === null || value === undefined ? empty : num(value);

export const maybeText = (value: string | null | undefined): CellData =>
  value ? text(value) : empty;

/** A string literal inside a formula: "Tân Kiểng" with inner quotes doubled. */
export const formulaString = (value: string) => `"${value.replaceAll('"', '""')}"`;

export const row = (cells: CellData[]): RowData => ({ values: cells });

/** Cells of one row from a column on, as one updateCells request. */
export const cellsAt = (
  sheetId: number,
  row: number,
  column: number,
  cells: CellData[],
): Request => ({
  updateCells: {
    start: { sheetId, rowIndex: row - 1, columnIndex: column },
    rows: [{ values: cells }],
    fields: 'userEnteredValue',
  },
});

/**
 * Cells of one row by column index, written as runs of adjacent columns: the product's columns
 * need not be adjacent once a coordinator has added columns between them.
 */
export function rowCells(sheetId: number, row: number, cells: ReadonlyMap<number, CellData>) {
  const columns = [...cells.keys()].sort((a, b) => a - b);
  const requests: Request[] = [];
  let run: { column: number; cells: CellData[] } | undefined;
  for (const column of columns) {
    const cell = cells.get(column) ?? empty;
    if (run && run.column + run.cells.length === column) run.cells.push(cell);
    else {
      if (run) requests.push(cellsAt(sheetId, row, run.column, run.cells));
      run = { column, cells: [cell] };
    }
  }
  if (run) requests.push(cellsAt(sheetId, row, run.column, run.cells));
  return requests;
}
