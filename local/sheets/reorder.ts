// Reordering rows or columns inside a block (moveDimension, sortRange) and re-anchoring what sits on them.
import { badRequest } from '../api-error.ts';
import { type Dimension, moveDimensionMetadata, type Span } from './grid.ts';
import type { Cell, GridRange, JsonObject, SheetState, SpreadsheetState } from './model.ts';

/** A reordering of the block [start, start + order.length): `order[k]` is the old index now at start + k. */
export interface Reorder {
  dim: Dimension;
  start: number;
  order: number[];
}

/** The new index of each old index (indices outside the block stay). */
function mover(reorder: Reorder): (i: number) => number {
  const to = new Map<number, number>();
  reorder.order.forEach((old, k) => {
    to.set(old, reorder.start + k);
  });
  return (i) => to.get(i) ?? i;
}

/**
 * Where a span lands. A span entirely outside the block or around all of it keeps its place; one
 * that straddles its edge becomes the smallest span covering where its indices went (Google's
 * exact rule for such spans is not documented; only spans that stay whole are tested), and
 * `whole` says whether those indices are still next to each other.
 */
export function moveSpan(span: Span, reorder: Reorder): Span & { whole: boolean } {
  const a = reorder.start;
  const b = a + reorder.order.length;
  const lo = span.start ?? 0;
  const hi = span.end ?? Number.POSITIVE_INFINITY;
  if (hi <= a || lo >= b || (lo <= a && hi >= b)) return { ...span, whole: true };
  const to = mover(reorder);
  const inside: number[] = [];
  for (let i = Math.max(lo, a); i < Math.min(hi, b); i++) inside.push(to(i));
  const left = lo < a ? a - lo : 0;
  const min = Math.min(lo < a ? lo : Number.POSITIVE_INFINITY, ...inside);
  const max = hi > b ? hi - 1 : Math.max(...inside);
  const covered = inside.length + left + (hi > b ? hi - b : 0);
  const whole = Number.isFinite(hi) ? covered === max + 1 - min : inside.length + left === b - min;
  return {
    start: span.start === undefined && min === 0 ? undefined : min,
    end: span.end === undefined ? undefined : max + 1,
    whole,
  };
}

const KEYS = {
  ROWS: ['startRowIndex', 'endRowIndex'],
  COLUMNS: ['startColumnIndex', 'endColumnIndex'],
} as const;

function moveRange<T extends GridRange>(range: T, reorder: Reorder): { range: T; whole: boolean } {
  const [startKey, endKey] = KEYS[reorder.dim];
  const moved = moveSpan({ start: range[startKey], end: range[endKey] }, reorder);
  return { range: { ...range, [startKey]: moved.start, [endKey]: moved.end }, whole: moved.whole };
}

function reorderList<T>(list: T[], reorder: Reorder, empty: T): void {
  const before = reorder.order.map((old) => list[old] ?? empty);
  before.forEach((item, k) => {
    while (list.length <= reorder.start + k) list.push(empty);
    list[reorder.start + k] = item;
  });
}

/** Reorders the cells of each line across the block; `lines` limits it to some rows or columns. */
function reorderCells(sheet: SheetState, reorder: Reorder, lines?: Span): void {
  const from = lines?.start ?? 0;
  if (reorder.dim === 'ROWS') {
    const width = Math.max(0, ...sheet.rows.map((r) => r.length));
    const to = Math.min(lines?.end ?? width, width);
    const old = reorder.order.map((r) => sheet.rows[r]?.slice(from, to) ?? []);
    old.forEach((cells, k) => {
      const r = reorder.start + k;
      while (sheet.rows.length <= r) sheet.rows.push([]);
      const row = sheet.rows[r] as (Cell | null)[];
      for (let c = from; c < to; c++) {
        while (row.length <= c) row.push(null);
        row[c] = cells[c - from] ?? null;
      }
    });
    return;
  }
  const to = Math.min(lines?.end ?? sheet.rows.length, sheet.rows.length);
  for (let r = from; r < to; r++) reorderList(sheet.rows[r] ?? [], reorder, null);
}

/**
 * Moves whole rows or columns (moveDimension): cells, sizes, merges, protected ranges,
 * conditional format ranges and the developer metadata on them. A merge can only move whole.
 */
export function reorderWhole(ss: SpreadsheetState, sheet: SheetState, reorder: Reorder): void {
  reorderCells(sheet, reorder);
  reorderList(reorder.dim === 'ROWS' ? sheet.rowMetadata : sheet.columnMetadata, reorder, null);
  sheet.merges = sheet.merges.map((merge) => {
    const moved = moveRange(merge, reorder);
    if (!moved.whole) throw badRequest('You cannot move part of a merged cell.');
    return moved.range;
  });
  for (const p of sheet.protectedRanges) {
    if (p.range) p.range = moveRange(p.range as GridRange, reorder).range as JsonObject;
  }
  for (const rule of sheet.conditionalFormats) {
    if (Array.isArray(rule.ranges))
      rule.ranges = rule.ranges.map((r) => moveRange(r as GridRange, reorder).range as JsonObject);
  }
  moveDimensionMetadata(ss, sheet.properties.sheetId, reorder.dim, (span) =>
    moveSpan(span, reorder),
  );
}

/**
 * Reorders the rows of a sort range: only the range's columns move. Row sizes, protected ranges
 * and conditional formats stay where they are; merges inside one row move with it, and a merge
 * across rows of the range is refused, as Google refuses to sort it. Developer metadata on a
 * single row follows the row, like the data it labels (an assumption: Google does not document it).
 */
export function reorderWithin(
  ss: SpreadsheetState,
  sheet: SheetState,
  reorder: Reorder,
  columns: { start: number; end: number },
): void {
  const end = reorder.start + reorder.order.length;
  sheet.merges = sheet.merges.map((merge) => {
    const rows = {
      start: merge.startRowIndex ?? 0,
      end: merge.endRowIndex ?? Number.POSITIVE_INFINITY,
    };
    const cols = {
      start: merge.startColumnIndex ?? 0,
      end: merge.endColumnIndex ?? Number.POSITIVE_INFINITY,
    };
    const meets =
      rows.start < end &&
      rows.end > reorder.start &&
      cols.start < columns.end &&
      cols.end > columns.start;
    if (!meets) return merge;
    if (rows.end - rows.start !== 1 || cols.start < columns.start || cols.end > columns.end)
      throw badRequest(
        'You cannot sort a range that contains merged cells spanning rows or the range’s edge.',
      );
    return moveRange(merge, reorder).range;
  });
  reorderCells(sheet, reorder, columns);
  moveDimensionMetadata(ss, sheet.properties.sheetId, 'ROWS', (span) =>
    span.start !== undefined && span.end === span.start + 1 ? moveSpan(span, reorder) : span,
  );
}
