// The spreadsheets.values resource: reading, writing, appending (with Google's table detection) and clearing.

import { badRequest } from '../api-error.ts';
import { columnLetters } from './a1.ts';
import { parseUserEntered, rawEntered } from './format.ts';
import { type Area, areaA1, assertWithinGrid, changeDimension, resolveA1 } from './grid.ts';
import {
  getCell,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
  setCell,
} from './model.ts';
import { type MajorDimension, type RenderOption, readValues } from './render.ts';
import type { CellInput, ValueRangeInput } from './schemas.ts';

export interface WriteOptions {
  valueInputOption: 'RAW' | 'USER_ENTERED';
  includeValuesInResponse?: boolean;
  responseValueRenderOption?: RenderOption;
}

export function getValueRange(
  ss: SpreadsheetState,
  range: string,
  render: RenderOption,
  major: MajorDimension,
) {
  const area = resolveA1(ss, range);
  const values = readValues(ss, area, render, major);
  const out: JsonObject = { range: areaA1(area), majorDimension: major };
  if (values.length > 0) out.values = values;
  return out;
}

/** Cells of `values` laid out from the area's top-left, row- or column-major. */
function placements(values: CellInput[][], major: MajorDimension) {
  const out: { dr: number; dc: number; value: CellInput }[] = [];
  values.forEach((line, i) => {
    line.forEach((value, j) => {
      out.push(major === 'ROWS' ? { dr: i, dc: j, value } : { dr: j, dc: i, value });
    });
  });
  return out;
}

function writeCell(
  sheet: SheetState,
  row: number,
  col: number,
  value: CellInput,
  option: WriteOptions['valueInputOption'],
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
  options: WriteOptions,
  bounded: boolean,
) {
  const major = input.majorDimension ?? 'ROWS';
  const cells = placements(input.values ?? [], major);
  const rows = Math.max(0, ...cells.map((c) => c.dr + 1));
  const cols = Math.max(0, ...cells.map((c) => c.dc + 1));
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
  const touchedRows = new Set<number>();
  const touchedCols = new Set<number>();
  let updatedCells = 0;
  for (const { dr, dc, value } of cells) {
    if (
      writeCell(area.sheet, area.startRow + dr, area.startCol + dc, value, options.valueInputOption)
    ) {
      updatedCells++;
      touchedRows.add(dr);
      touchedCols.add(dc);
    }
  }
  if (cells.length === 0) {
    return { response: { spreadsheetId: ss.spreadsheetId, updatedRange: areaA1(area) }, major };
  }
  const response: JsonObject = {
    spreadsheetId: ss.spreadsheetId,
    updatedRange: areaA1(written),
    updatedRows: touchedRows.size,
    updatedColumns: touchedCols.size,
    updatedCells,
  };
  return { response, written, major };
}

/** Google reports the written data in the response after all writes of the request are done. */
function withData(
  ss: SpreadsheetState,
  result: ReturnType<typeof writeValues>,
  options: WriteOptions,
): JsonObject {
  if (options.includeValuesInResponse && result.written) {
    const render = options.responseValueRenderOption ?? 'FORMATTED_VALUE';
    const values = readValues(ss, result.written, render, result.major);
    result.response.updatedData = {
      range: areaA1(result.written),
      majorDimension: result.major,
      ...(values.length > 0 ? { values } : {}),
    };
  }
  return result.response;
}

function checkBodyRange(ss: SpreadsheetState, url: string, body: ValueRangeInput): void {
  if (
    body.range !== undefined &&
    areaA1(resolveA1(ss, body.range, false)) !== areaA1(resolveA1(ss, url, false))
  ) {
    throw badRequest(`Requested range [${body.range}] does not match URL range [${url}]`);
  }
}

export function updateValues(
  ss: SpreadsheetState,
  range: string,
  body: ValueRangeInput,
  options: WriteOptions,
) {
  checkBodyRange(ss, range, body);
  const area = resolveA1(ss, range, false);
  return () => withData(ss, writeValues(ss, area, body, options, !isSingleCell(area)), options);
}

export function batchUpdateValues(
  ss: SpreadsheetState,
  data: (ValueRangeInput & { range: string })[],
  options: WriteOptions,
) {
  const results = data.map((d) =>
    writeValues(
      ss,
      resolveA1(ss, d.range, false),
      d,
      options,
      !isSingleCell(resolveA1(ss, d.range, false)),
    ),
  );
  return () => {
    const responses = results.map((r) => withData(ss, r, options));
    const sum = (key: string) =>
      responses.reduce((n, r) => n + (typeof r[key] === 'number' ? r[key] : 0), 0);
    return {
      spreadsheetId: ss.spreadsheetId,
      totalUpdatedRows: sum('updatedRows'),
      totalUpdatedColumns: sum('updatedColumns'),
      totalUpdatedCells: sum('updatedCells'),
      totalUpdatedSheets: new Set(results.flatMap((r) => (r.written ? [r.written.sheet] : [])))
        .size,
      responses,
    };
  };
}

/** A single-cell range is an anchor, not a limit: Google writes the whole matrix from it. */
const isSingleCell = (a: Area) => a.endRow - a.startRow === 1 && a.endCol - a.startCol === 1;

const hasValue = (sheet: SheetState, r: number, c: number) =>
  sheet.rows[r]?.[c]?.userEnteredValue !== undefined;

/** The contiguous block of data around a cell ("current region"), as Google's table detection finds it. */
function tableAround(sheet: SheetState, row: number, col: number): Area {
  let [r0, r1, c0, c1] = [row, row, col, col];
  const rowHas = (r: number) => {
    for (let c = Math.max(0, c0 - 1); c <= c1 + 1; c++) if (hasValue(sheet, r, c)) return true;
    return false;
  };
  const colHas = (c: number) => {
    for (let r = Math.max(0, r0 - 1); r <= r1 + 1; r++) if (hasValue(sheet, r, c)) return true;
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    if (r0 > 0 && rowHas(r0 - 1)) [r0, changed] = [r0 - 1, true];
    if (rowHas(r1 + 1)) [r1, changed] = [r1 + 1, true];
    if (c0 > 0 && colHas(c0 - 1)) [c0, changed] = [c0 - 1, true];
    if (colHas(c1 + 1)) [c1, changed] = [c1 + 1, true];
  }
  return { sheet, startRow: r0, endRow: r1 + 1, startCol: c0, endCol: c1 + 1 };
}

function findTable(area: Area): Area | undefined {
  const lastRow = Math.min(area.endRow, area.sheet.rows.length);
  for (let r = area.startRow; r < lastRow; r++) {
    const lastCol = Math.min(area.endCol, area.sheet.rows[r]?.length ?? 0);
    for (let c = area.startCol; c < lastCol; c++)
      if (hasValue(area.sheet, r, c)) return tableAround(area.sheet, r, c);
  }
  return undefined;
}

export function appendValues(
  ss: SpreadsheetState,
  range: string,
  body: ValueRangeInput,
  options: WriteOptions & { insertDataOption: 'OVERWRITE' | 'INSERT_ROWS' },
) {
  checkBodyRange(ss, range, body);
  const area = resolveA1(ss, range);
  const table = findTable(area);
  const startRow = table ? table.endRow : area.startRow;
  const startCol = table ? table.startCol : area.startCol;
  const major = body.majorDimension ?? 'ROWS';
  const cells = placements(body.values ?? [], major);
  const rows = Math.max(0, ...cells.map((c) => c.dr + 1));
  const sheet = area.sheet;
  const grid = sheet.properties.gridProperties;
  if (options.insertDataOption === 'INSERT_ROWS' && rows > 0 && startRow < grid.rowCount) {
    changeDimension(ss, sheet, 'ROWS', startRow, rows);
  }
  // Appending at the end of the sheet adds rows even when overwriting.
  grid.rowCount = Math.max(grid.rowCount, startRow + rows);
  const target: Area = { sheet, startRow, endRow: startRow + 1, startCol, endCol: startCol + 1 };
  const result = writeValues(ss, target, body, options, false);
  return () => {
    const out: JsonObject = { spreadsheetId: ss.spreadsheetId };
    if (table) out.tableRange = areaA1(table);
    out.updates = withData(ss, result, options);
    return out;
  };
}

export function clearValues(ss: SpreadsheetState, range: string): string {
  const area = resolveA1(ss, range);
  for (let r = area.startRow; r < Math.min(area.endRow, area.sheet.rows.length); r++) {
    for (let c = area.startCol; c < Math.min(area.endCol, area.sheet.rows[r]?.length ?? 0); c++) {
      writeCell(area.sheet, r, c, '', 'RAW');
    }
  }
  return areaA1(area);
}
