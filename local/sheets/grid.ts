// Ranges resolved against a spreadsheet (A1 text and GridRange) and the row/column operations on a tab.

import { badRequest } from '../api-error.ts';
import { type Bounds, formatA1, parseA1 } from './a1.ts';
import {
  findSheetById,
  findSheetByTitle,
  type GridRange,
  gridRangeSchema,
  type Json,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
} from './model.ts';

export interface Area {
  sheet: SheetState;
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
}

export type Dimension = 'ROWS' | 'COLUMNS';

function concrete(sheet: SheetState, b: Bounds): Area {
  const grid = sheet.properties.gridProperties;
  return {
    sheet,
    startRow: b.startRow ?? 0,
    endRow: b.endRow ?? grid.rowCount,
    startCol: b.startCol ?? 0,
    endCol: b.endCol ?? grid.columnCount,
  };
}

export function areaA1(area: Area): string {
  return formatA1(area.sheet.properties.title, area);
}

/** Resolves A1 text the way Google does: a bare name is a sheet, else cells of the first sheet. */
export function resolveA1(ss: SpreadsheetState, text: string, checkGrid = true): Area {
  const parsed = parseA1(text);
  let area: Area | undefined;
  if (parsed.kind === 'sheet') {
    const sheet = findSheetByTitle(ss, parsed.sheetName);
    if (sheet) area = concrete(sheet, parsed.bounds);
  } else {
    const sheet = findSheetByTitle(ss, parsed.name);
    const first = ss.sheets.find((s) => s.properties.index === 0) ?? ss.sheets[0];
    if (sheet) area = concrete(sheet, {});
    else if (parsed.bounds && first) area = concrete(first, parsed.bounds);
  }
  if (!area) throw badRequest(`Unable to parse range: ${text}`);
  if (checkGrid) assertWithinGrid(area);
  return area;
}

export function assertWithinGrid(area: Area): void {
  const grid = area.sheet.properties.gridProperties;
  if (area.endRow > grid.rowCount || area.endCol > grid.columnCount) {
    throw badRequest(
      `Range (${areaA1(area)}) exceeds grid limits. Max rows: ${grid.rowCount}, max columns: ${grid.columnCount}`,
    );
  }
}

export function resolveGridRange(ss: SpreadsheetState, range: GridRange): Area {
  const sheetId = range.sheetId ?? 0;
  const sheet = findSheetById(ss, sheetId);
  if (!sheet) throw badRequest(`No grid with id: ${sheetId}`);
  const area = concrete(sheet, {
    startRow: range.startRowIndex,
    endRow: range.endRowIndex,
    startCol: range.startColumnIndex,
    endCol: range.endColumnIndex,
  });
  if (area.startRow > area.endRow || area.startCol > area.endCol) {
    throw badRequest('Invalid range: start index is after end index');
  }
  assertWithinGrid(area);
  return area;
}

export function toGridRange(area: Area): GridRange {
  return {
    sheetId: area.sheet.properties.sheetId,
    startRowIndex: area.startRow,
    endRowIndex: area.endRow,
    startColumnIndex: area.startCol,
    endColumnIndex: area.endCol,
  };
}

/** Rows past the last non-empty cell, the way Google measures "data" in a tab. */
export function usedSize(sheet: SheetState): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  sheet.rows.forEach((row, r) => {
    const last = row.findLastIndex((c) => c?.userEnteredValue !== undefined);
    if (last >= 0) {
      rows = r + 1;
      cols = Math.max(cols, last + 1);
    }
  });
  return { rows, cols };
}

/** Moves a GridRange's bounds on one axis for an insert (count > 0) or delete (count < 0) at `at`. */
export function shiftRange(
  range: GridRange,
  dim: Dimension,
  at: number,
  count: number,
): GridRange | undefined {
  const [startKey, endKey] =
    dim === 'ROWS'
      ? (['startRowIndex', 'endRowIndex'] as const)
      : (['startColumnIndex', 'endColumnIndex'] as const);
  const out = { ...range };
  const move = (i: number | undefined, isEnd: boolean) => {
    if (i === undefined) return undefined;
    if (count > 0) return i > at || (i === at && !isEnd) ? i + count : i;
    const removedEnd = at - count;
    if (i <= at) return i;
    return i >= removedEnd ? i + count : at;
  };
  out[startKey] = move(range[startKey], false);
  out[endKey] = move(range[endKey], true);
  const s = out[startKey];
  const e = out[endKey];
  if (s !== undefined && e !== undefined && e <= s) return undefined;
  return out;
}

/** Shifts a stored GridRange of this sheet; null when the rows or columns it covered are gone. */
function shiftJsonRange(
  value: Json,
  sheetId: number,
  dim: Dimension,
  at: number,
  count: number,
): Json | null {
  const parsed = gridRangeSchema.safeParse(value);
  if (!parsed.success || (parsed.data.sheetId ?? 0) !== sheetId) return value;
  return shiftRange(parsed.data, dim, at, count) ?? null;
}

/** A span on one axis, [start, end); an undefined side is open, as in a GridRange. */
export interface Span {
  start: number | undefined;
  end: number | undefined;
}

/**
 * Re-anchors the developer metadata on rows or columns of one tab. Google keeps such metadata on
 * its rows as they move and deletes it with them ("If the associated object is deleted its
 * metadata is deleted too"; developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.developerMetadata).
 * `move` answers the new span, or undefined when the rows are gone.
 */
export function moveDimensionMetadata(
  ss: SpreadsheetState,
  sheetId: number,
  dim: Dimension,
  move: (span: Span) => Span | undefined,
): void {
  ss.developerMetadata = ss.developerMetadata.flatMap((meta) => {
    const location = meta.location as JsonObject | undefined;
    const range = location?.dimensionRange as JsonObject | undefined;
    if (!location || !range || range.dimension !== dim || (range.sheetId ?? 0) !== sheetId)
      return [meta];
    const moved = move({
      start: range.startIndex as number | undefined,
      end: range.endIndex as number | undefined,
    });
    if (!moved) return [];
    const dimensionRange: JsonObject = { ...range, startIndex: moved.start, endIndex: moved.end };
    return [{ ...meta, location: { ...location, dimensionRange } }];
  });
}

/** Inserts (count > 0) or deletes (count < 0) rows or columns and moves everything anchored below. */
export function changeDimension(
  ss: SpreadsheetState,
  sheet: SheetState,
  dim: Dimension,
  at: number,
  count: number,
): void {
  const grid = sheet.properties.gridProperties;
  const sheetId = sheet.properties.sheetId;
  // A factory, not a value: inserted rows must not share one array (a write would land in all).
  const splice = <T>(list: T[], fill: () => T) => {
    if (at > list.length) return;
    if (count > 0) list.splice(at, 0, ...Array.from({ length: count }, fill));
    else list.splice(at, -count);
  };
  if (dim === 'ROWS') {
    splice(sheet.rows, () => []);
    splice(sheet.rowMetadata, () => null);
    grid.rowCount += count;
  } else {
    for (const row of sheet.rows) splice(row, () => null);
    splice(sheet.columnMetadata, () => null);
    grid.columnCount += count;
  }
  sheet.merges = sheet.merges.flatMap((m) => shiftRange(m, dim, at, count) ?? []);
  const moveField = (obj: JsonObject, key: string) => {
    const value = obj[key];
    if (value === undefined) return;
    const moved = shiftJsonRange(value, sheetId, dim, at, count);
    if (moved === null) delete obj[key];
    else obj[key] = moved;
  };
  for (const p of sheet.protectedRanges) moveField(p, 'range');
  moveDimensionMetadata(ss, sheetId, dim, ({ start, end }) => {
    const key = dim === 'ROWS' ? 'RowIndex' : 'ColumnIndex';
    const moved = shiftRange({ [`start${key}`]: start, [`end${key}`]: end }, dim, at, count);
    return moved && { start: moved[`start${key}`], end: moved[`end${key}`] };
  });
  for (const rule of sheet.conditionalFormats) {
    if (Array.isArray(rule.ranges)) {
      rule.ranges = rule.ranges.flatMap((r) => {
        const moved = shiftJsonRange(r, sheetId, dim, at, count);
        return moved === null ? [] : [moved];
      });
    }
  }
}
