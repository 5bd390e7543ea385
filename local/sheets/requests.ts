// spreadsheets.create and spreadsheets.batchUpdate: building a spreadsheet and running request lists.
import { ApiError, badRequest } from '../api-error.ts';
import {
  type Json,
  type JsonObject,
  type SpreadsheetState,
  spreadsheetPropertiesSchema,
} from './model.ts';
import {
  growGrid,
  type RequestContext,
  type RequestRunner,
  writeCellMasked,
} from './request-kit.ts';
import { CELL_REQUESTS } from './requests-cells.ts';
import { OBJECT_REQUESTS } from './requests-objects.ts';
import { addSheetTo, SHEET_REQUESTS } from './requests-sheets.ts';
import { SORT_REQUESTS } from './requests-sort.ts';
import { type CreateInput, issuesText } from './schemas.ts';

const HANDLERS: Record<string, RequestRunner> = {
  ...SHEET_REQUESTS,
  ...CELL_REQUESTS,
  ...OBJECT_REQUESTS,
  ...SORT_REQUESTS,
};

/**
 * Runs every request on `draft` in order and returns Google's replies. Any failure throws,
 * and the caller drops the draft: a batch applies entirely or not at all.
 */
export function runRequests(
  draft: SpreadsheetState,
  requests: JsonObject[],
  ctx: RequestContext,
): Json[] {
  return requests.map((request, i) => {
    const kinds = Object.keys(request);
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined) {
      throw badRequest(
        `Invalid requests[${i}]: exactly one kind of request must be set, got ${kinds.length}.`,
      );
    }
    const handler = Object.hasOwn(HANDLERS, kind) ? HANDLERS[kind] : undefined;
    if (!handler) {
      throw badRequest(
        `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
      );
    }
    try {
      return handler(draft, request[kind], ctx) ?? {};
    } catch (error) {
      if (error instanceof ApiError)
        throw badRequest(`Invalid requests[${i}].${kind}: ${error.message}`);
      throw error;
    }
  });
}

const WRITABLE_CELL = [
  ['userEnteredValue'],
  ['userEnteredFormat'],
  ['note'],
  ['dataValidation'],
  ['textFormatRuns'],
];

/** A new spreadsheet from a create body, with Google's defaults for what it leaves out. */
export function buildSpreadsheet(
  id: string,
  input: CreateInput,
  ctx: RequestContext,
  now: number,
): SpreadsheetState {
  const props = spreadsheetPropertiesSchema.safeParse({
    title: 'Untitled spreadsheet',
    locale: 'en_US',
    timeZone: 'Etc/GMT',
    autoRecalc: 'ON_CHANGE',
    ...(input.properties ?? {}),
  });
  if (!props.success)
    throw badRequest(`Invalid spreadsheet.properties: ${issuesText(props.error)}`);
  const ss: SpreadsheetState = {
    spreadsheetId: id,
    properties: props.data,
    sheets: [],
    developerMetadata: [],
    revision: 1,
    updatedAt: now,
  };
  const sheets = input.sheets && input.sheets.length > 0 ? input.sheets : [{}];
  sheets.forEach((spec, i) => {
    const where = `sheets[${i}]`;
    try {
      const sheet = addSheetTo(ss, { ...(spec.properties ?? {}) }, ctx);
      for (const grid of spec.data ?? []) {
        const rows = grid.rowData ?? [];
        const startRow = grid.startRow ?? 0;
        const startCol = grid.startColumn ?? 0;
        growGrid(
          sheet,
          startRow + rows.length,
          startCol + Math.max(0, ...rows.map((r) => r.values?.length ?? 0)),
        );
        rows.forEach((row, r) => {
          row.values?.forEach((cell, c) => {
            writeCellMasked(sheet, startRow + r, startCol + c, cell, WRITABLE_CELL);
          });
        });
      }
      sheet.conditionalFormats = structuredClone(spec.conditionalFormats ?? []);
    } catch (error) {
      if (error instanceof ApiError) throw badRequest(`Invalid ${where}: ${error.message}`);
      throw error;
    }
  });
  // Merges and protections refer to sheets by id, so they follow once every sheet exists.
  const later: JsonObject[] = [];
  for (const spec of sheets) {
    for (const merge of spec.merges ?? [])
      later.push({ mergeCells: { range: merge, mergeType: 'MERGE_ALL' } });
    for (const p of spec.protectedRanges ?? [])
      later.push({ addProtectedRange: { protectedRange: p } });
  }
  for (const meta of input.developerMetadata ?? [])
    later.push({ createDeveloperMetadata: { developerMetadata: meta } });
  runRequests(ss, later, ctx);
  return ss;
}
