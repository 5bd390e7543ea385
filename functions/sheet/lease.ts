// One sync at a time across function instances, the sweep and the CLI: a lease kept as appended rows in the hidden "Hệ thống" tab.

import type { sheets_v4 } from '@googleapis/sheets';
import type { Request } from './cells.ts';
import { type CellValue, cellsAt, text } from './cells.ts';
import { quoteSheet, SHEET_ID, SYSTEM_KEYS, TAB } from './layout.ts';

/**
 * appendCells puts rows after the last row with data as the batch applies, so appends never
 * overwrite each other and their order is the order they were applied in. A run appends a
 * "hold" row with its ticket (alone, or with its first write: app/sync-write.ts); the first
 * hold that is neither released nor expired holds the lease; the others wait, reading, until it
 * is theirs; a run gives it back by appending a "release" row. Rows are deleted only by a write
 * that turns the write token (planTidy), and only closed events above every hold still open,
 * which appends (always after) never move.
 */
export interface LeaseEvent {
  /** 1-based row in "Hệ thống". */
  row: number;
  kind: 'hold' | 'release';
  ticket: string;
  at: number;
}

/** Columns D:F of "Hệ thống", beside the keys; three blank cells put an appended row there. */
const FIRST_COLUMN = 3;

/** Rows of the keys (and the header) are never deleted, even when an event shares one. */
const LAST_KEY_ROW = SYSTEM_KEYS.length + 1;

/**
 * A holder gone for longer than this has crashed: its hold no longer counts. Longer than the
 * longest function timeout (the sweep's 900 s), so a live run never loses its lease.
 */
export const LEASE_TTL_MS = 16 * 60_000;

/** A hold dated this far ahead comes from a clock that runs fast; believed, it would never end. */
const CLOCK_SKEW_MS = 60_000;

export const leaseRange = () => `${quoteSheet(TAB.system)}!D1:F`;

export function parseLease(rows: readonly (readonly CellValue[])[]): LeaseEvent[] {
  return rows.flatMap((cells, i) => {
    const [kind, ticket, at] = cells;
    if ((kind !== 'hold' && kind !== 'release') || typeof ticket !== 'string' || !ticket) return [];
    return [{ row: i + 1, kind, ticket, at: Date.parse(String(at ?? '')) }];
  });
}

/**
 * The lease's events in a batchUpdate's answer (includeSpreadsheetInResponse with leaseRange()
 * among the response ranges): what the lease looked like the moment the batch was applied,
 * before anyone else's write.
 */
export function leaseInAnswer(spreadsheet: sheets_v4.Schema$Spreadsheet | undefined): LeaseEvent[] {
  const sheet = spreadsheet?.sheets?.find((s) => s.properties?.sheetId === SHEET_ID.system);
  const data = sheet?.data?.find((d) => (d.startColumn ?? 0) === FIRST_COLUMN);
  if (!data) return [];
  const rows: CellValue[][] = Array.from({ length: data.startRow ?? 0 }, () => []);
  for (const r of data.rowData ?? []) {
    rows.push(
      (r.values ?? []).map((v) => v.effectiveValue?.stringValue ?? v.effectiveValue?.numberValue),
    );
  }
  return parseLease(rows);
}

const expired = (e: LeaseEvent, now: number) =>
  !Number.isFinite(e.at) || now - e.at > LEASE_TTL_MS || e.at - now > CLOCK_SKEW_MS;

/** The ticket that holds the lease now, if any. */
export function holderOf(events: readonly LeaseEvent[], now: number): string | undefined {
  const released = new Set(events.filter((e) => e.kind === 'release').map((e) => e.ticket));
  return events.find((e) => e.kind === 'hold' && !released.has(e.ticket) && !expired(e, now))
    ?.ticket;
}

/**
 * Tickets of runs that held the lease before this one and never gave it back: they died (or
 * their release was lost). The run that follows inherits what they left half done, so it takes
 * more care; closing them with release rows tells the runs after it that the care was taken.
 */
export function crashedBefore(events: readonly LeaseEvent[], ticket: string): string[] {
  const own = events.find((e) => e.kind === 'hold' && e.ticket === ticket);
  if (!own) return [];
  const released = new Set(events.filter((e) => e.kind === 'release').map((e) => e.ticket));
  return events
    .filter((e) => e.kind === 'hold' && e.row < own.row && !released.has(e.ticket))
    .map((e) => e.ticket);
}

/** A lease row appended after the last row with data, in D:F (three blank cells before it). */
const appendEvent = (kind: LeaseEvent['kind'], ticket: string, now: Date): Request => ({
  appendCells: {
    sheetId: SHEET_ID.system,
    rows: [{ values: [{}, {}, {}, text(kind), text(ticket), text(now.toISOString())] }],
    fields: 'userEnteredValue',
  },
});

export const planHold = (ticket: string, now: Date) => appendEvent('hold', ticket, now);

/** Giving the lease back, or giving up waiting: a release row (appending it twice is harmless). */
export const planRelease = (ticket: string, now: Date) => appendEvent('release', ticket, now);

/** Lease rows kept before a sync write tidies the closed ones away. */
const TIDY_AFTER = 40;

/**
 * Tidying, once rows pile up: the run of closed events at the top (holds given back, their
 * release rows) goes; the keys' rows stay, their lease cells cleared. It stops at the first
 * hold not given back, open or dead: who holds, and which runs died, is read from those. Rides
 * only with a sync write that turns the write token (sheet/write-token.ts): planned from the
 * run's read, it is applied only if no other such write moved the rows since, and a retry of an
 * applied write is refused whole, so rows are never deleted twice.
 */
export function planTidy(events: readonly LeaseEvent[]): Request[] {
  if (events.length <= TIDY_AFTER) return [];
  const released = new Set(events.filter((e) => e.kind === 'release').map((e) => e.ticket));
  const stop = events.find((e) => e.kind === 'hold' && !released.has(e.ticket));
  const closed = events.filter((e) => stop === undefined || e.row < stop.row);
  const last = closed.at(-1)?.row ?? 0;
  const requests: Request[] = closed
    .filter((e) => e.row <= LAST_KEY_ROW)
    .map((e) => cellsAt(SHEET_ID.system, e.row, FIRST_COLUMN, [{}, {}, {}]));
  if (last > LAST_KEY_ROW) {
    requests.push({
      deleteDimension: {
        range: {
          sheetId: SHEET_ID.system,
          dimension: 'ROWS',
          startIndex: LAST_KEY_ROW,
          endIndex: last,
        },
      },
    });
  }
  return requests;
}
