// Building blocks shared by the batchUpdate request handlers: typed definitions and cell writes.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { parseFieldMask, withFieldMask } from './fieldmask.ts';
import {
  type Cell,
  cellSchema,
  findSheetById,
  getCell,
  type Json,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
  setCell,
} from './model.ts';
import { issuesText } from './schemas.ts';

export interface RequestContext {
  /** A fresh id for a sheet, chart, protected range or metadata entry, unique in the spreadsheet. */
  newId(): number;
}

export type RequestRunner = (
  ss: SpreadsheetState,
  body: Json | undefined,
  ctx: RequestContext,
) => JsonObject | undefined;

/** Pairs a request's schema with its effect; the effect only ever sees a validated request. */
export function defineRequest<S extends z.ZodType>(
  schema: S,
  apply: (ss: SpreadsheetState, req: z.infer<S>, ctx: RequestContext) => JsonObject | undefined,
): RequestRunner {
  return (ss, body, ctx) => {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) throw badRequest(issuesText(parsed.error));
    return apply(ss, parsed.data, ctx);
  };
}

export function requireFields(fields: string | undefined): string[][] {
  if (!fields) throw badRequest('At least one field must be updated, but none were specified.');
  return parseFieldMask(fields);
}

/** Applies the masked fields of `source` to one cell, keeping only CellData's writable fields. */
export function writeCellMasked(
  sheet: SheetState,
  row: number,
  col: number,
  source: JsonObject,
  paths: string[][],
): void {
  const existing: JsonObject | undefined = getCell(sheet, row, col);
  const target = withFieldMask(existing, source, paths);
  // Only the fields the mask changed are parsed (and so copied, sharing nothing with the request):
  // the others are the committed cell's, parsed when it was stored or loaded and never edited
  // (setCell freezes), so they are shared as they are: a formatted cell's value is written
  // without re-reading its formats.
  const changed: JsonObject = {};
  for (const key of Object.keys(target)) {
    if (!existing || !Object.hasOwn(existing, key) || existing[key] !== target[key])
      changed[key] = target[key];
  }
  const parsed = cellSchema.safeParse(changed);
  if (!parsed.success) throw badRequest(issuesText(parsed.error));
  const formula = parsed.data.userEnteredValue?.formulaValue;
  if (formula !== undefined && !formula.startsWith('=')) {
    throw badRequest(`Formula must start with '=': ${formula}`);
  }
  // In the schema's field order, as parsing the whole cell would give.
  const cell: JsonObject = {};
  const fresh: JsonObject = parsed.data;
  for (const key of CELL_FIELDS) {
    if (Object.hasOwn(changed, key)) cell[key] = fresh[key];
    else if (Object.hasOwn(target, key)) cell[key] = target[key];
  }
  setCell(sheet, row, col, cell as Cell);
}

const CELL_FIELDS = Object.keys(cellSchema.shape);

export function growGrid(sheet: SheetState, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  grid.rowCount = Math.max(grid.rowCount, rows);
  grid.columnCount = Math.max(grid.columnCount, cols);
}

export function sheetOrThrow(ss: SpreadsheetState, sheetId: number): SheetState {
  const sheet = findSheetById(ss, sheetId);
  if (!sheet) throw badRequest(`No grid with id: ${sheetId}`);
  return sheet;
}

export const dimensionRange = z.object({
  sheetId: z.number().int().default(0),
  dimension: z.enum(['ROWS', 'COLUMNS']),
  startIndex: z.number().int().min(0).optional(),
  endIndex: z.number().int().min(0).optional(),
});
