// The spreadsheets.values resource: reading and writing ranges of values.

import { badRequest } from '../api-error.ts';
import { columnLetters } from './a1.ts';
import { parseUserEntered, rawEntered } from './format.ts';
import { type Area, areaA1, assertWithinGrid, resolveA1 } from './grid.ts';
import {
  getCell,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
  setCell,
} from './model.ts';
import { type RenderOption, readValues } from './render.ts';
import type { CellInput, ValueRangeInput } from './schemas.ts';

export type ValueInputOption = 'RAW' | 'USER_ENTERED';

export function getValueRange(ss: SpreadsheetState, range: string, render: RenderOption) {
  const area = resolveA1(ss, range);
  const values = readValues(ss, area, render);
  const out: JsonObject = { range: areaA1(area), majorDimension: 'ROWS' };
  if (values.length > 0) out.values = values;
  return out;
}

function writeCell(
  sheet: SheetState,
  row: number,
  col: number,
  value: CellInput,
  option: ValueInputOption,
) {
  if (value === null) return false;
  const cell = { ...(getCell(sheet, row, col) ?? {}) };
  if (value === '') delete cell.userEnteredValue;
  else cell.userEnteredValue = option === 'RAW' ? rawEntered(value) : parseUserEntered(value);
  setCell(sheet, row, col, cell);
  return true;
}

/** Writes a ValueRange into `area` (from its top-left) and answers UpdateValuesResponse. */
function writeValues(
  ss: SpreadsheetState,
  area: Area,
  input: ValueRangeInput,
  option: ValueInputOption,
): JsonObject {
  const values = input.values ?? [];
  const rows = values.findLastIndex((line) => line.length > 0) + 1;
  const cols = Math.max(0, ...values.map((line) => line.length));
  // A single-cell range is an anchor, not a limit: Google writes the whole matrix from it.
  const bounded = area.endRow - area.startRow !== 1 || area.endCol - area.startCol !== 1;
  if (bounded) {
    if (rows > area.endRow - area.startRow) {
      throw badRequest(
        `Requested writing within range [${areaA1(area)}], but tried writing to row [${area.startRow + rows}]`,
      );
    }
    if (cols > area.endCol - area.startCol) {
      throw badRequest(
        `Requested writing within range [${areaA1(area)}], but tried writing to column [${columnLetters(area.startCol + cols - 1)}]`,
      );
    }
  }
  const written: Area = {
    sheet: area.sheet,
    startRow: area.startRow,
    endRow: area.startRow + Math.max(rows, 1),
    startCol: area.startCol,
    endCol: area.startCol + Math.max(cols, 1),
  };
  assertWithinGrid(written);
  if (cols === 0) return { spreadsheetId: ss.spreadsheetId, updatedRange: areaA1(area) };
  const touchedRows = new Set<number>();
  const touchedCols = new Set<number>();
  let updatedCells = 0;
  values.forEach((line, dr) => {
    line.forEach((value, dc) => {
      if (writeCell(area.sheet, area.startRow + dr, area.startCol + dc, value, option)) {
        updatedCells++;
        touchedRows.add(dr);
        touchedCols.add(dc);
      }
    });
  });
  return {
    spreadsheetId: ss.spreadsheetId,
    updatedRange: areaA1(written),
    updatedRows: touchedRows.size,
    updatedColumns: touchedCols.size,
    updatedCells,
  };
}

export function updateValues(
  ss: SpreadsheetState,
  range: string,
  body: ValueRangeInput,
  option: ValueInputOption,
): JsonObject {
  const area = resolveA1(ss, range, false);
  if (body.range !== undefined && areaA1(resolveA1(ss, body.range, false)) !== areaA1(area)) {
    throw badRequest(`Requested range [${body.range}] does not match URL range [${range}]`);
  }
  return writeValues(ss, area, body, option);
}

export function batchUpdateValues(
  ss: SpreadsheetState,
  data: (ValueRangeInput & { range: string })[],
  option: ValueInputOption,
): JsonObject {
  const sheets = new Set<SheetState>();
  const responses = data.map((d) => {
    const area = resolveA1(ss, d.range, false);
    const response = writeValues(ss, area, d, option);
    if (response.updatedRows !== undefined) sheets.add(area.sheet);
    return response;
  });
  const sum = (key: string) =>
    responses.reduce((n, r) => n + (typeof r[key] === 'number' ? r[key] : 0), 0);
  return {
    spreadsheetId: ss.spreadsheetId,
    totalUpdatedRows: sum('updatedRows'),
    totalUpdatedColumns: sum('updatedColumns'),
    totalUpdatedCells: sum('updatedCells'),
    totalUpdatedSheets: sheets.size,
    responses,
  };
}
