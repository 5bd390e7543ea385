// Reading a spreadsheet out the way Google answers: values grids, CellData, GridData and the get body.
import { evaluate } from './engine.ts';
import { type Computed, formatValue } from './format.ts';
import type { Area } from './grid.ts';
import type { Json, JsonObject, SheetState, SpreadsheetState } from './model.ts';

export type RenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type CellValue = string | number | boolean;

export function computedValue(ss: SpreadsheetState, sheet: SheetState, row: number, col: number) {
  return evaluate(ss).value(sheet, row, col);
}

function plain(value: Computed): CellValue {
  return typeof value === 'object' ? value.error : value;
}

export function renderCell(
  ss: SpreadsheetState,
  sheet: SheetState,
  row: number,
  col: number,
  option: RenderOption,
): CellValue | undefined {
  const cell = sheet.rows[row]?.[col];
  const formula = cell?.userEnteredValue?.formulaValue;
  if (option === 'FORMULA' && formula !== undefined) return formula;
  const value = computedValue(ss, sheet, row, col);
  if (value === undefined) return undefined;
  if (option === 'FORMATTED_VALUE') {
    return formatValue(value, cell?.userEnteredFormat, ss.properties.locale);
  }
  return plain(value);
}

/** A values grid with Google's trimming: no trailing empty rows, no trailing empty cells in a row. */
export function readValues(ss: SpreadsheetState, area: Area, option: RenderOption): CellValue[][] {
  const lines: CellValue[][] = [];
  const endRow = Math.min(area.endRow, area.sheet.rows.length);
  for (let r = area.startRow; r < endRow; r++) {
    const endCol = Math.min(area.endCol, area.sheet.rows[r]?.length ?? 0);
    const line: (CellValue | undefined)[] = [];
    for (let c = area.startCol; c < endCol; c++)
      line.push(renderCell(ss, area.sheet, r, c, option));
    const used = line.findLastIndex((v) => v !== undefined && v !== '') + 1;
    lines.push(line.slice(0, used).map((v) => v ?? ''));
  }
  while (lines.length > 0 && lines.at(-1)?.length === 0) lines.pop();
  return lines;
}

function effectiveValue(value: Computed): JsonObject {
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'string') return { stringValue: value };
  return { errorValue: { type: value.type, message: value.message } };
}

export function cellData(
  ss: SpreadsheetState,
  sheet: SheetState,
  row: number,
  col: number,
): JsonObject {
  const cell = sheet.rows[row]?.[col];
  if (!cell) return {};
  const out: JsonObject = structuredClone(cell);
  const value = computedValue(ss, sheet, row, col);
  if (value !== undefined) {
    out.effectiveValue = effectiveValue(value);
    out.formattedValue = formatValue(value, cell.userEnteredFormat, ss.properties.locale);
  }
  if (cell.userEnteredFormat) out.effectiveFormat = structuredClone(cell.userEnteredFormat);
  return out;
}

export function gridData(ss: SpreadsheetState, area: Area): JsonObject {
  const rowData: Json[] = [];
  const end = Math.min(area.endRow, area.sheet.rows.length);
  for (let r = area.startRow; r < end; r++) {
    const values: Json[] = [];
    const width = Math.min(area.endCol, area.sheet.rows[r]?.length ?? 0);
    for (let c = area.startCol; c < width; c++) values.push(cellData(ss, area.sheet, r, c));
    while (values.length > 0 && Object.keys(values.at(-1) as JsonObject).length === 0) values.pop();
    rowData.push(values.length > 0 ? { values } : {});
  }
  while (rowData.length > 0 && Object.keys(rowData.at(-1) as JsonObject).length === 0)
    rowData.pop();
  const meta = (list: (JsonObject | null)[], start: number, endIndex: number, fallback: number) =>
    Array.from({ length: endIndex - start }, (_, i) => ({
      pixelSize: fallback,
      ...(list[start + i] ?? {}),
    }));
  const out: JsonObject = {
    rowData,
    rowMetadata: meta(area.sheet.rowMetadata, area.startRow, area.endRow, 21),
    columnMetadata: meta(area.sheet.columnMetadata, area.startCol, area.endCol, 100),
  };
  if (area.startRow > 0) out.startRow = area.startRow;
  if (area.startCol > 0) out.startColumn = area.startCol;
  return out;
}

function locatedMetadata(ss: SpreadsheetState, sheetId: number | undefined): Json[] {
  return ss.developerMetadata.filter((m) => {
    const loc = m.location as JsonObject | undefined;
    return sheetId === undefined ? loc?.spreadsheet === true : loc?.sheetId === sheetId;
  });
}

export function renderSheet(
  ss: SpreadsheetState,
  sheet: SheetState,
  data: Area[] | undefined,
): JsonObject {
  const out: JsonObject = { properties: structuredClone(sheet.properties) };
  if (data) out.data = data.map((area) => gridData(ss, area));
  const lists: [string, Json[]][] = [
    ['merges', sheet.merges],
    ['conditionalFormats', sheet.conditionalFormats],
    ['protectedRanges', sheet.protectedRanges],
    ['charts', sheet.charts],
    ['developerMetadata', locatedMetadata(ss, sheet.properties.sheetId)],
  ];
  for (const [key, list] of lists) if (list.length > 0) out[key] = structuredClone(list);
  return out;
}

/** The Spreadsheet resource; `grid` lists, per sheet, the areas whose GridData to include. */
export function renderSpreadsheet(
  ss: SpreadsheetState,
  baseUrl: string,
  grid?: Map<SheetState, Area[]>,
  onlyGridSheets = false,
): JsonObject {
  const sheets = ss.sheets
    .filter((s) => !onlyGridSheets || grid?.has(s))
    .sort((a, b) => a.properties.index - b.properties.index)
    .map((s) => renderSheet(ss, s, grid?.get(s)));
  const out: JsonObject = {
    spreadsheetId: ss.spreadsheetId,
    properties: structuredClone(ss.properties),
    sheets,
    spreadsheetUrl: `${baseUrl}/view/${ss.spreadsheetId}`,
  };
  const meta = locatedMetadata(ss, undefined);
  if (meta.length > 0) out.developerMetadata = structuredClone(meta);
  return out;
}

export function wholeSheet(sheet: SheetState): Area {
  const g = sheet.properties.gridProperties;
  return { sheet, startRow: 0, endRow: g.rowCount, startCol: 0, endCol: g.columnCount };
}
