// Maps the Sheets v4 REST paths to operations on the store, each classified as a read or a write.

import { badRequest } from '../api-error.ts';
import type { RequestKind } from '../faults.ts';
import { maskMentions } from './fieldmask.ts';
import { type Area, resolveA1 } from './grid.ts';
import type { Json, SheetState } from './model.ts';
import { renderSpreadsheet, wholeSheet } from './render.ts';
import { runRequests } from './requests.ts';
import {
  batchUpdateSchema,
  batchUpdateValuesSchema,
  createSchema,
  parseOrThrow,
  valueRangeSchema,
  valuesQuery,
} from './schemas.ts';
import type { SheetsStore } from './store.ts';
import { batchUpdateValues, getValueRange, updateValues } from './values.ts';

export interface ApiCall {
  query: URLSearchParams;
  /** The parsed JSON body (undefined when empty); validated by each operation with zod. */
  body: unknown;
}

export interface ApiRoute {
  kind: RequestKind;
  run(call: ApiCall): Json;
}

function queryObject(query: URLSearchParams) {
  return parseOrThrow(valuesQuery, Object.fromEntries(query), 'query parameter');
}

function gridAreas(ss: Parameters<typeof resolveA1>[0], ranges: string[]): Map<SheetState, Area[]> {
  const grid = new Map<SheetState, Area[]>();
  for (const range of ranges) {
    const area = resolveA1(ss, range);
    grid.set(area.sheet, [...(grid.get(area.sheet) ?? []), area]);
  }
  return grid;
}

/**
 * Resolves `METHOD /v4/spreadsheets/...` (the raw, still percent-encoded path) to an operation.
 * The client encodes `:` inside a range, so a literal `:verb` suffix is the method's own.
 */
export function routeApi(
  store: SheetsStore,
  baseUrl: string,
  method: string,
  rawPath: string,
): ApiRoute | undefined {
  const m =
    /^\/v4\/spreadsheets(?:\/([^/:]+)(?::(batchUpdate))?(?:\/values(?::(batchGet|batchUpdate)|\/([^/]+)))?)?\/?$/.exec(
      rawPath,
    );
  if (!m) return undefined;
  const [, rawId, ssVerb, valuesVerb, rawRange] = m;
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  const range = rawRange === undefined ? undefined : decodeURIComponent(rawRange);
  const write = (run: ApiRoute['run']): ApiRoute => ({ kind: 'write', run });
  const read = (run: ApiRoute['run']): ApiRoute => ({ kind: 'read', run });

  if (id === undefined) {
    if (method !== 'POST') return undefined;
    return write(({ body }) =>
      renderSpreadsheet(
        store.create(parseOrThrow(createSchema, body ?? {}, 'spreadsheet')),
        baseUrl,
      ),
    );
  }
  if (range !== undefined) {
    if (method === 'GET') {
      return read(({ query }) =>
        getValueRange(store.require(id), range, queryObject(query).valueRenderOption),
      );
    }
    if (method === 'PUT') {
      return write(({ query, body }) => {
        const q = queryObject(query);
        if (!q.valueInputOption)
          throw badRequest("'valueInputOption' is required but not specified");
        const input = parseOrThrow(valueRangeSchema, body ?? {}, 'value range');
        const option = q.valueInputOption;
        return store.mutate(id, (draft) => updateValues(draft, range, input, option));
      });
    }
    return undefined;
  }
  if (valuesVerb === 'batchGet' && method === 'GET') {
    return read(({ query }) => {
      const q = queryObject(query);
      const ss = store.require(id);
      const valueRanges = query
        .getAll('ranges')
        .map((r) => getValueRange(ss, r, q.valueRenderOption));
      return { spreadsheetId: id, valueRanges };
    });
  }
  if (valuesVerb === 'batchUpdate' && method === 'POST') {
    return write(({ body }) => {
      const input = parseOrThrow(batchUpdateValuesSchema, body ?? {}, 'batch update');
      const option = input.valueInputOption;
      return store.mutate(id, (draft) => batchUpdateValues(draft, input.data, option));
    });
  }
  if (ssVerb === 'batchUpdate' && method === 'POST' && !valuesVerb) {
    return write(({ body }) => {
      const input = parseOrThrow(batchUpdateSchema, body ?? {}, 'batch update');
      const replies = store.mutate(id, (draft, ctx) => runRequests(draft, input.requests, ctx));
      return { spreadsheetId: id, replies };
    });
  }
  if (method === 'GET' && !ssVerb && valuesVerb === undefined) {
    return read(({ query }) => {
      const ss = store.require(id);
      const ranges = query.getAll('ranges');
      const withGrid =
        query.get('includeGridData') === 'true' ||
        maskMentions(query.get('fields') ?? undefined, 'data');
      if (ranges.length > 0) {
        const grid = gridAreas(ss, ranges);
        if (!withGrid) for (const key of grid.keys()) grid.set(key, []);
        const rendered = renderSpreadsheet(ss, baseUrl, grid, true);
        if (!withGrid)
          for (const sheet of rendered.sheets as Record<string, Json>[]) delete sheet.data;
        return rendered;
      }
      return renderSpreadsheet(
        ss,
        baseUrl,
        withGrid ? new Map(ss.sheets.map((s) => [s, [wholeSheet(s)]])) : undefined,
      );
    });
  }
  return undefined;
}
