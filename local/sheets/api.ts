// The Sheets v4 REST methods on the store, each counted as a read or a write by the fault injector.
import { type Context, Hono } from 'hono';
import { badRequest } from '../api-error.ts';
import type { RequestKind } from '../faults.ts';
import {
  customMethod,
  type GoogleApiOptions,
  type GoogleMethod,
  googleMethod,
  withoutVerb,
} from '../google-api.ts';
import type { NodeEnv } from '../http.ts';
import { maskMentions, projectFields } from './fieldmask.ts';
import { type Area, resolveA1 } from './grid.ts';
import type { Json, SheetState, SpreadsheetState } from './model.ts';
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

const queryOf = (c: Context) => parseOrThrow(valuesQuery, c.req.query(), 'query parameter');

function gridAreas(ss: SpreadsheetState, ranges: string[]): Map<SheetState, Area[]> {
  const grid = new Map<SheetState, Area[]>();
  for (const range of ranges) {
    const area = resolveA1(ss, range);
    grid.set(area.sheet, [...(grid.get(area.sheet) ?? []), area]);
  }
  return grid;
}

/** spreadsheets.get: the whole book, or only the tabs of `ranges`; grid data when asked for. */
function getSpreadsheet(c: Context, ss: SpreadsheetState, baseUrl: string) {
  const ranges = c.req.queries('ranges') ?? [];
  const withGrid =
    c.req.query('includeGridData') === 'true' || maskMentions(c.req.query('fields'), 'data');
  return spreadsheetOf(ss, baseUrl, ranges, withGrid);
}

function spreadsheetOf(ss: SpreadsheetState, baseUrl: string, ranges: string[], withGrid: boolean) {
  if (ranges.length === 0) {
    const grid = withGrid ? new Map(ss.sheets.map((s) => [s, [wholeSheet(s)]])) : undefined;
    return renderSpreadsheet(ss, baseUrl, grid);
  }
  const grid = gridAreas(ss, ranges);
  if (!withGrid) for (const key of grid.keys()) grid.set(key, []);
  const rendered = renderSpreadsheet(ss, baseUrl, grid, true);
  if (!withGrid) for (const sheet of rendered.sheets as Record<string, Json>[]) delete sheet.data;
  return rendered;
}

/** The `/v4/spreadsheets` methods; `baseUrl` is known once the server listens. */
export function sheetsApi(
  store: SheetsStore,
  baseUrl: () => string,
  options: GoogleApiOptions,
  /** Run once each, in order, just before the next batchUpdates are applied (a test's edit). */
  interposed: (() => void)[] = [],
) {
  // Every answer honours `fields=`, as Google's do.
  const method = (kind: RequestKind, run: GoogleMethod) =>
    googleMethod(options, kind, async (c, body) => {
      const result = (await run(c, body)) as Json;
      const fields = c.req.query('fields');
      return fields ? (projectFields(result, fields) ?? {}) : result;
    });
  // A write is answered once it is on disk (a refused one changed nothing, so it does not wait).
  const write = (run: GoogleMethod) =>
    method('write', async (c, body) => {
      const result = run(c, body);
      await store.durable();
      return result;
    });
  const id = (c: Context) => c.req.param('id') ?? '';
  const range = (c: Context) => c.req.param('range') ?? '';

  return new Hono<NodeEnv>()
    .post(
      '/',
      write((_, body) => {
        const input = parseOrThrow(createSchema, body ?? {}, 'spreadsheet');
        return renderSpreadsheet(store.create(input), baseUrl());
      }),
    )
    .get(
      '/:id{[^/:]+}',
      method('read', (c) => getSpreadsheet(c, store.require(id(c)), baseUrl())),
    )
    .post(
      `/${customMethod('id', 'batchUpdate')}`,
      write((c, body) => {
        interposed.shift()?.();
        const spreadsheetId = withoutVerb(id(c));
        const input = parseOrThrow(batchUpdateSchema, body ?? {}, 'batch update');
        // Google answers the spreadsheet as this batch left it: taken in the same step, so
        // nothing another caller does afterwards shows in it.
        return store.mutate(spreadsheetId, (draft, ctx) => {
          const replies = runRequests(draft, input.requests, ctx);
          if (!input.includeSpreadsheetInResponse) return { spreadsheetId, replies };
          const updatedSpreadsheet = spreadsheetOf(
            draft,
            baseUrl(),
            input.responseRanges ?? [],
            input.responseIncludeGridData === true,
          );
          return { spreadsheetId, replies, updatedSpreadsheet };
        });
      }),
    )
    .get(
      '/:id{[^/:]+}/values:batchGet',
      method('read', (c) => {
        const ss = store.require(id(c));
        const render = queryOf(c).valueRenderOption;
        const valueRanges = (c.req.queries('ranges') ?? []).map((r) =>
          getValueRange(ss, r, render),
        );
        return { spreadsheetId: id(c), valueRanges };
      }),
    )
    .post(
      '/:id{[^/:]+}/values:batchUpdate',
      write((c, body) => {
        const input = parseOrThrow(batchUpdateValuesSchema, body ?? {}, 'batch update');
        return store.mutate(id(c), (draft) =>
          batchUpdateValues(draft, input.data, input.valueInputOption),
        );
      }),
    )
    .get(
      '/:id{[^/:]+}/values/:range{[^/]+}',
      method('read', (c) =>
        getValueRange(store.require(id(c)), range(c), queryOf(c).valueRenderOption),
      ),
    )
    .put(
      '/:id{[^/:]+}/values/:range{[^/]+}',
      write((c, body) => {
        const option = queryOf(c).valueInputOption;
        if (!option) throw badRequest("'valueInputOption' is required but not specified");
        const input = parseOrThrow(valueRangeSchema, body ?? {}, 'value range');
        return store.mutate(id(c), (draft) => updateValues(draft, range(c), input, option));
      }),
    );
}
