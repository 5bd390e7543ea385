// Building blocks shared by the batchUpdate request handlers: typed definitions and cell writes.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { applyFieldMask, parseFieldMask } from './fieldmask.ts';
import {
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
  const target: JsonObject = structuredClone(getCell(sheet, row, col) ?? {});
  applyFieldMask(target, source, paths);
  const parsed = cellSchema.safeParse(target);
  if (!parsed.success) throw badRequest(issuesText(parsed.error));
  const formula = parsed.data.userEnteredValue?.formulaValue;
  if (formula !== undefined && !formula.startsWith('=')) {
    throw badRequest(`Formula must start with '=': ${formula}`);
  }
  setCell(sheet, row, col, parsed.data);
}

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
