// The sortRange batchUpdate request: rows of a range reordered by the values in some of its columns.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { evaluate } from './engine.ts';
import type { Computed } from './format.ts';
import { resolveGridRange } from './grid.ts';
import { draftOf, gridRangeSchema, type SheetState, type SpreadsheetState } from './model.ts';
import { reorderWithin } from './reorder.ts';
import { defineRequest, type RequestRunner } from './request-kit.ts';

// Sorting by colour or by a data source column is not emulated: the strict object refuses them.
const sortSpec = z.strictObject({
  dimensionIndex: z.number().int().min(0),
  sortOrder: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
});

/**
 * Rank of a value's kind. Assumed, as Google does not document it for sortRange: numbers (dates
 * are numbers) before text before booleans before errors, as the Sheets sort menu orders them.
 * Blanks are handled apart: they go last in both orders.
 */
function kindRank(value: Computed): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  return 3;
}

function compareValues(a: Computed, b: Computed, collator: Intl.Collator): number {
  const rank = kindRank(a) - kindRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** The values the sort compares: what the cells show, formulas computed. */
function valueReader(ss: SpreadsheetState, sheet: SheetState) {
  // The engine evaluates committed states only (it keeps the state it saw), so it gets a copy
  // of this draft that nothing changes afterwards.
  const copy = draftOf(ss);
  const index = ss.sheets.indexOf(sheet);
  const copied = copy.sheets[index] as SheetState;
  const evaluation = evaluate(copy);
  return (row: number, col: number) => evaluation.value(copied, row, col);
}

/**
 * Sorts the rows of `range` by `sortSpecs` in order, earlier specs first; rows that compare equal
 * keep their order. Only the range's columns move: cells to its left and right stay.
 * developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#SortRangeRequest
 */
const sortRange = defineRequest(
  z.object({ range: gridRangeSchema, sortSpecs: z.array(sortSpec).min(1) }),
  (ss, req) => {
    const area = resolveGridRange(ss, req.range);
    for (const spec of req.sortSpecs) {
      if (spec.dimensionIndex < area.startCol || spec.dimensionIndex >= area.endCol)
        throw badRequest(`Sort column ${spec.dimensionIndex} is outside the range being sorted.`);
    }
    const read = valueReader(ss, area.sheet);
    const collator = new Intl.Collator(ss.properties.locale.replace('_', '-'), {
      sensitivity: 'base',
      numeric: false,
    });
    const rows = Array.from({ length: area.endRow - area.startRow }, (_, i) => {
      const row = area.startRow + i;
      return { row, keys: req.sortSpecs.map((spec) => read(row, spec.dimensionIndex)) };
    });
    rows.sort((x, y) => {
      for (const [i, spec] of req.sortSpecs.entries()) {
        const a = x.keys[i];
        const b = y.keys[i];
        if (a === undefined || b === undefined) {
          if (a !== b) return a === undefined ? 1 : -1;
          continue;
        }
        const order = compareValues(a, b, collator);
        if (order !== 0) return spec.sortOrder === 'ASCENDING' ? order : -order;
      }
      return 0;
    });
    reorderWithin(
      ss,
      area.sheet,
      { dim: 'ROWS', start: area.startRow, order: rows.map((r) => r.row) },
      { start: area.startCol, end: area.endCol },
    );
    return undefined;
  },
);

export const SORT_REQUESTS: Record<string, RequestRunner> = { sortRange };
