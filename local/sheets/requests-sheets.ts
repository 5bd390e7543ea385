// Tabs of a new spreadsheet and the batchUpdate requests that change its rows and columns.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { applyFieldMask } from './fieldmask.ts';
import { changeDimension } from './grid.ts';
import {
  emptySheet,
  findSheetById,
  findSheetByTitle,
  type JsonObject,
  jsonObject,
  type SheetProperties,
  type SheetState,
  type SpreadsheetState,
  sheetPropertiesSchema,
} from './model.ts';
import { reorderWhole } from './reorder.ts';
import {
  defineRequest,
  dimensionRange,
  type RequestContext,
  type RequestRunner,
  requireFields,
  sheetOrThrow,
} from './request-kit.ts';
import { issuesText } from './schemas.ts';

function assertUniqueTitle(ss: SpreadsheetState, title: string): void {
  // Google refuses titles that differ only in case.
  const wanted = title.normalize('NFC').toLowerCase();
  if (ss.sheets.some((s) => s.properties.title.normalize('NFC').toLowerCase() === wanted)) {
    throw badRequest(`A sheet with the name "${title}" already exists. Please enter another name.`);
  }
}

/** Puts `sheet` at `index` and renumbers the rest, as moving a tab does. */
function placeSheet(ss: SpreadsheetState, sheet: SheetState, index: number): void {
  const others = ss.sheets
    .filter((s) => s !== sheet)
    .sort((a, b) => a.properties.index - b.properties.index);
  others.splice(Math.min(index, others.length), 0, sheet);
  others.forEach((s, i) => {
    s.properties.index = i;
  });
  ss.sheets = others;
}

/** Sheet properties with Google's defaults filled in (Sheet N, 1000 x 26, GRID). */
function newSheetProperties(
  ss: SpreadsheetState,
  input: JsonObject,
  ctx: RequestContext,
): SheetProperties {
  let n = ss.sheets.length + 1;
  while (findSheetByTitle(ss, `Sheet${n}`)) n++;
  const grid = (input.gridProperties ?? {}) as JsonObject;
  const parsed = sheetPropertiesSchema.safeParse({
    sheetType: 'GRID',
    ...input,
    sheetId: input.sheetId ?? (ss.sheets.length === 0 ? 0 : ctx.newId()),
    title: typeof input.title === 'string' ? input.title.normalize('NFC') : `Sheet${n}`,
    index: input.index ?? ss.sheets.length,
    gridProperties: { rowCount: 1000, columnCount: 26, ...grid },
  });
  if (!parsed.success) throw badRequest(issuesText(parsed.error));
  return parsed.data;
}

export function addSheetTo(
  ss: SpreadsheetState,
  input: JsonObject,
  ctx: RequestContext,
): SheetState {
  const properties = newSheetProperties(ss, input, ctx);
  assertUniqueTitle(ss, properties.title);
  if (findSheetById(ss, properties.sheetId)) {
    throw badRequest(`Sheet with id ${properties.sheetId} already exists.`);
  }
  const sheet = emptySheet(properties);
  ss.sheets.push(sheet);
  placeSheet(ss, sheet, properties.index);
  return sheet;
}

function bounds(sheet: SheetState, range: z.infer<typeof dimensionRange>) {
  const size =
    range.dimension === 'ROWS'
      ? sheet.properties.gridProperties.rowCount
      : sheet.properties.gridProperties.columnCount;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? size;
  if (start >= end || end > size) {
    throw badRequest(
      `Invalid dimension range [${start}, ${end}) for a sheet with ${size} ${range.dimension.toLowerCase()}`,
    );
  }
  return { start, end };
}

const updateDimensionProperties = defineRequest(
  z.object({ range: dimensionRange, properties: jsonObject, fields: z.string().optional() }),
  (ss, req) => {
    const paths = requireFields(req.fields);
    const sheet = sheetOrThrow(ss, req.range.sheetId);
    const { start, end } = bounds(sheet, req.range);
    const list = req.range.dimension === 'ROWS' ? sheet.rowMetadata : sheet.columnMetadata;
    while (list.length < end) list.push(null);
    for (let i = start; i < end; i++) {
      const target: JsonObject = list[i] ?? {};
      applyFieldMask(target, req.properties, paths);
      list[i] = target;
    }
    return undefined;
  },
);

const insertDimension = defineRequest(
  z.object({ range: dimensionRange, inheritFromBefore: z.boolean().optional() }),
  (ss, req) => {
    const sheet = sheetOrThrow(ss, req.range.sheetId);
    const size =
      req.range.dimension === 'ROWS'
        ? sheet.properties.gridProperties.rowCount
        : sheet.properties.gridProperties.columnCount;
    const start = req.range.startIndex ?? 0;
    const end = req.range.endIndex ?? start;
    if (end <= start || start > size) throw badRequest(`Invalid insert range [${start}, ${end})`);
    changeDimension(ss, sheet, req.range.dimension, start, end - start);
    return undefined;
  },
);

const appendDimension = defineRequest(
  z.object({
    sheetId: z.number().int().default(0),
    dimension: z.enum(['ROWS', 'COLUMNS']),
    length: z.number().int().min(1),
  }),
  (ss, req) => {
    const grid = sheetOrThrow(ss, req.sheetId).properties.gridProperties;
    if (req.dimension === 'ROWS') grid.rowCount += req.length;
    else grid.columnCount += req.length;
    return undefined;
  },
);

const deleteDimension = defineRequest(z.object({ range: dimensionRange }), (ss, req) => {
  const sheet = sheetOrThrow(ss, req.range.sheetId);
  const { start, end } = bounds(sheet, req.range);
  const size =
    req.range.dimension === 'ROWS'
      ? sheet.properties.gridProperties.rowCount
      : sheet.properties.gridProperties.columnCount;
  if (end - start >= size)
    throw badRequest(`You can't delete all the ${req.range.dimension.toLowerCase()} on the sheet.`);
  changeDimension(ss, sheet, req.range.dimension, start, start - end);
  return undefined;
});

const indices = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Moves rows or columns to `destinationIndex`, counted before the source is taken out (Google's
 * example: rows [1, 3) of 0..4 to index 4 give 0, 3, 1, 2, 4;
 * developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#MoveDimensionRequest).
 */
const moveDimension = defineRequest(
  z.object({ source: dimensionRange, destinationIndex: z.number().int().min(0) }),
  (ss, req) => {
    const sheet = sheetOrThrow(ss, req.source.sheetId);
    const { start, end } = bounds(sheet, req.source);
    const dim = req.source.dimension;
    const to = req.destinationIndex;
    const grid = sheet.properties.gridProperties;
    const size = dim === 'ROWS' ? grid.rowCount : grid.columnCount;
    if (to > size) throw badRequest(`destinationIndex ${to} is past the sheet's ${size}.`);
    if (to > start && to < end)
      throw badRequest('Cannot move a range of dimensions into the middle of itself.');
    if (to === start || to === end) return undefined;
    reorderWhole(
      ss,
      sheet,
      to < start
        ? { dim, start: to, order: [...indices(start, end), ...indices(to, start)] }
        : { dim, start, order: [...indices(end, to), ...indices(start, end)] },
    );
    return undefined;
  },
);

/** Setup's migrations add tabs to a running campaign's sheet (cli/sheet/migrations.ts). */
const addSheet = defineRequest(z.object({ properties: jsonObject.default({}) }), (ss, req, ctx) => {
  const sheet = addSheetTo(ss, req.properties, ctx);
  return { addSheet: { properties: structuredClone(sheet.properties) as JsonObject } };
});

/**
 * Google refuses an id no tab has ("No grid with id"), and the whole batch with it: sync's write
 * token (functions/sheet/write-token.ts) relies on that to refuse a write planned from a stale read.
 */
const deleteSheet = defineRequest(z.object({ sheetId: z.number().int() }), (ss, req) => {
  const sheet = sheetOrThrow(ss, req.sheetId);
  if (ss.sheets.length === 1) throw badRequest("You can't remove all the sheets in a document.");
  ss.sheets = ss.sheets.filter((s) => s !== sheet);
  ss.sheets
    .sort((a, b) => a.properties.index - b.properties.index)
    .forEach((s, i) => {
      s.properties.index = i;
    });
  // Metadata placed on the tab, its rows or its columns goes with it.
  ss.developerMetadata = ss.developerMetadata.filter((m) => !onSheet(m, req.sheetId));
  return undefined;
});

function onSheet(metadata: JsonObject, sheetId: number): boolean {
  const location = metadata.location as JsonObject | undefined;
  const range = location?.dimensionRange as JsonObject | undefined;
  return location?.sheetId === sheetId || range?.sheetId === sheetId;
}

export const SHEET_REQUESTS: Record<string, RequestRunner> = {
  addSheet,
  deleteSheet,
  updateDimensionProperties,
  insertDimension,
  appendDimension,
  deleteDimension,
  moveDimension,
};
