// The stand-in's stored state: spreadsheets as Google describes them, cells kept as users entered them.
import { z } from 'zod';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

export const json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(json),
    z.record(z.string(), json.optional()),
  ]),
);
export const jsonObject: z.ZodType<JsonObject> = z.record(z.string(), json.optional());

export const extendedValueSchema = z.object({
  numberValue: z.number().optional(),
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  formulaValue: z.string().optional(),
  errorValue: z.object({ type: z.string(), message: z.string().optional() }).optional(),
});
export type ExtendedValue = z.infer<typeof extendedValueSchema>;

/** The writable part of CellData; read-only fields a client echoes back are dropped. */
export const cellSchema = z.object({
  userEnteredValue: extendedValueSchema.optional(),
  userEnteredFormat: jsonObject.optional(),
  note: z.string().optional(),
  dataValidation: jsonObject.optional(),
  textFormatRuns: z.array(jsonObject).optional(),
});
export type Cell = z.infer<typeof cellSchema>;

export const gridRangeSchema = z.object({
  sheetId: z.number().int().optional(),
  startRowIndex: z.number().int().min(0).optional(),
  endRowIndex: z.number().int().min(0).optional(),
  startColumnIndex: z.number().int().min(0).optional(),
  endColumnIndex: z.number().int().min(0).optional(),
});
export type GridRange = z.infer<typeof gridRangeSchema>;

export const gridPropertiesSchema = z
  .object({
    rowCount: z.number().int().min(1),
    columnCount: z.number().int().min(1),
    frozenRowCount: z.number().int().min(0).optional(),
    frozenColumnCount: z.number().int().min(0).optional(),
  })
  .catchall(json);

export const sheetPropertiesSchema = z
  .object({
    sheetId: z.number().int().min(0),
    title: z.string().min(1),
    index: z.number().int().min(0),
    sheetType: z.string(),
    gridProperties: gridPropertiesSchema,
    hidden: z.boolean().optional(),
  })
  .catchall(json);
export type SheetProperties = z.infer<typeof sheetPropertiesSchema>;

export const spreadsheetPropertiesSchema = z
  .object({
    title: z.string(),
    locale: z.string(),
    timeZone: z.string(),
    autoRecalc: z.string().optional(),
  })
  .catchall(json);

export const sheetStateSchema = z.object({
  properties: sheetPropertiesSchema,
  /** Row-major; a missing or null entry is an empty cell. */
  rows: z.array(z.array(cellSchema.nullable())),
  merges: z.array(gridRangeSchema),
  protectedRanges: z.array(jsonObject),
  conditionalFormats: z.array(jsonObject),
  charts: z.array(jsonObject),
  rowMetadata: z.array(jsonObject.nullable()),
  columnMetadata: z.array(jsonObject.nullable()),
});
export type SheetState = z.infer<typeof sheetStateSchema>;

export const spreadsheetStateSchema = z.object({
  spreadsheetId: z.string(),
  properties: spreadsheetPropertiesSchema,
  sheets: z.array(sheetStateSchema),
  developerMetadata: z.array(jsonObject),
  /** Bumped on every committed change: the view page and the formula cache key on it. */
  revision: z.number().int(),
  updatedAt: z.number(),
});
export type SpreadsheetState = z.infer<typeof spreadsheetStateSchema>;

export const snapshotSchema = z.object({
  version: z.literal(1),
  spreadsheets: z.array(spreadsheetStateSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export function emptySheet(properties: SheetProperties): SheetState {
  return {
    properties,
    rows: [],
    merges: [],
    protectedRanges: [],
    conditionalFormats: [],
    charts: [],
    rowMetadata: [],
    columnMetadata: [],
  };
}

export function getCell(sheet: SheetState, row: number, col: number): Cell | undefined {
  return sheet.rows[row]?.[col] ?? undefined;
}

/** Freezes a value and everything in it (stopping at what is already frozen). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}

/**
 * Sets or clears a cell; an empty cell object is stored as empty so trimming stays simple.
 * The stored cell is frozen: drafts share cells with the committed state, so a cell must be
 * replaced, never edited in place (an edit would throw instead of changing history).
 */
export function setCell(sheet: SheetState, row: number, col: number, cell: Cell | undefined): void {
  const empty = !cell || Object.values(cell).every((v) => v === undefined);
  if (empty) {
    const line = sheet.rows[row];
    if (line && col < line.length) line[col] = null;
    return;
  }
  while (sheet.rows.length <= row) sheet.rows.push([]);
  const line = sheet.rows[row] as (Cell | null)[];
  while (line.length < col) line.push(null);
  line[col] = deepFreeze(cell);
}

/** Ranges name sheets exactly (after NFC, so a decomposed "Tiến độ" still matches). */
export function findSheetByTitle(ss: SpreadsheetState, title: string): SheetState | undefined {
  const wanted = title.normalize('NFC');
  return ss.sheets.find((s) => s.properties.title.normalize('NFC') === wanted);
}

export function findSheetById(ss: SpreadsheetState, sheetId: number): SheetState | undefined {
  return ss.sheets.find((s) => s.properties.sheetId === sheetId);
}

/**
 * A copy to change: every container is its own, but cells are shared with the committed state,
 * since cells are replaced and never edited (setCell freezes them). Deep-copying ~30k cells per
 * write cost more than the write; sharing them also lets the engine diff by identity.
 */
export function draftOf(ss: SpreadsheetState): SpreadsheetState {
  const { sheets, ...rest } = ss;
  return {
    ...structuredClone(rest),
    sheets: sheets.map(({ rows, ...sheet }) => ({
      ...structuredClone(sheet),
      rows: rows.map((row) => row.slice()),
    })),
  };
}
