// A compare-and-set for sync's writes: a hidden, empty tab whose id turns with every write, so a write planned from a stale read is refused whole.

import type { Request } from './cells.ts';
import { cellsAt, num, text } from './cells.ts';
import { SHEET_ID } from './layout.ts';
import type { SheetState } from './state.ts';

/**
 * Sheets has no conditional write, but a batch is applied whole or not at all, and Google
 * refuses a deleteSheet of an id no tab has ("No grid with id") and an addSheet of an id a tab
 * already has ("It is an error to specify the ID of a sheet that already exists", AddSheetRequest
 * in the Sheets v4 reference). A sync write that deletes the token's tab as its read saw it and
 * adds the next one is therefore refused if any other sync write landed since that read: what
 * it would have written at positions taken from the read can no longer overwrite another run's
 * rows. The generation is also kept in "Hệ thống" (key writeToken) so the one read learns it.
 */
export const TOKEN_BASE = 1_500_000_000;

/** Far above the product's own tab ids (1–6, 101, 701, 702) and below Google's 2^31 limit. */
const MAX_GENERATION = 600_000_000;

/** Vietnamese, as the coordinator may come across it in the hidden tabs' list. */
export const TOKEN_TITLE = 'Khóa ghi của đồng bộ (không sửa, không xóa)';

export const tokenSheetId = (generation: number) => TOKEN_BASE + generation;

/** The generation "Hệ thống" says the token is at; undefined when the sheet has none yet. */
export function generationOf(state: SheetState): number | undefined {
  return parseGeneration(state.system.writeToken.value);
}

function parseGeneration(value: string): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < MAX_GENERATION ? n : undefined;
}

/**
 * The generation the sheet's tabs say (the token tab's id), for when "Hệ thống" and the tabs
 * disagree: a coordinator edited the hidden cell, or a write's answer was lost. Undefined when
 * no token tab exists (the sheet never had one, or someone deleted it).
 */
export function generationFromTabs(
  tabs: readonly { sheetId?: number | null; title?: string | null }[],
): number | undefined {
  const tab = tabs.find((t) => t.title === TOKEN_TITLE);
  return tab?.sheetId == null ? undefined : parseGeneration(String(tab.sheetId - TOKEN_BASE));
}

/**
 * The requests that turn the token from the generation the write was planned from (undefined:
 * the sheet has no token tab) to the next, and record it in "Hệ thống".
 */
export function planTurn(state: SheetState, seen: number | undefined): Request[] {
  const next = seen === undefined || seen + 1 >= MAX_GENERATION ? 1 : seen + 1;
  return [
    ...(seen === undefined ? [] : [{ deleteSheet: { sheetId: tokenSheetId(seen) } }]),
    {
      addSheet: {
        properties: {
          sheetId: tokenSheetId(next),
          title: TOKEN_TITLE,
          hidden: true,
          // One cell: the token counts nothing toward the sheet's 10-million-cell limit.
          gridProperties: { rowCount: 1, columnCount: 1 },
        },
      },
    },
    cellsAt(SHEET_ID.system, state.system.writeToken.row, 0, [text('writeToken'), num(next)]),
  ];
}
