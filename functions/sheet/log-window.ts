// Which rows of "Nhật ký" a warm instance's reads need: the log's tail from the first row a sync can still use, not the whole log.

import { submittedTimeOf } from '../core/outcome.ts';
import { STATUS } from '../core/status.ts';
import { MAIL_STATUS } from '../core/wording.ts';
import type { DerivedLinks } from './links.ts';
import type { LogRow } from './state.ts';

/**
 * How far before the checkpoint a logged version is kept in view, beyond the overlap the listing
 * reaches back: a checkpoint written by a pass that stopped early may sit up to one overlap
 * before the last, and clocks drift. An hour besides twice the overlap covers both.
 */
const MARGIN_MS = 3600_000;

/**
 * A log row a sync can still need: its key may be listed again (submitted after the checkpoint
 * less the overlap), its mail is owed, or it is a verification attempt its unit's next alert
 * counts or lists. A row that is none of these can never become one again (the checkpoint only
 * moves on, a mail once recorded is not owed again, time passes), which is what lets reads skip
 * the rows before the first one that is.
 */
function stillNeeded(row: LogRow, checkpoint: number, keepMs: number): boolean {
  if (row.mail === MAIL_STATUS.pending || row.mail === '') return true;
  const at = Date.parse(submittedTimeOf(row.version));
  if (!Number.isFinite(at)) return true;
  if (!Number.isFinite(checkpoint) || at >= checkpoint - keepMs) return true;
  // Every attempt a unit's alerts count or list is kept: few, and the throttle reads them all.
  return row.outcome.startsWith(STATUS.awaiting);
}

/**
 * What an instance remembers of the log between its runs (no sheet layout change: cold, it reads
 * the whole log as before). The row just before the window is read too, and its key compared
 * with what was there: a log sorted or cut by hand moves it, and the read starts over whole.
 */
export class LogWindow {
  /** First 1-based row read, and the key the row before it held when the window was set. */
  private start: { row: number; keyBefore: string } | undefined;
  private readonly keepMs: number;

  /**
   * `overlapSeconds`: how far before the checkpoint sync lists responses (SYNC_OVERLAP_SECONDS).
   * `links`: the personal links the instance derives instead of reading "Liên kết" each run; it
   * rides with the window because every read a warm instance makes is given the window.
   */
  constructor(
    overlapSeconds: number,
    readonly links?: DerivedLinks,
  ) {
    this.keepMs = 2 * overlapSeconds * 1000 + MARGIN_MS;
  }

  get from(): { row: number; keyBefore: string } | undefined {
    return this.start;
  }

  forget(): void {
    this.start = undefined;
  }

  /**
   * Moves the window to the first row still needed, from a read of it (`rows` in log order,
   * `nextRow` the first row after the log). Rows before the window were not needed at the last
   * move, and nothing makes them needed again; rows are only ever added after.
   */
  advance(rows: readonly LogRow[], nextRow: number, checkpoint: string): void {
    const cp = checkpoint ? Date.parse(checkpoint) : Number.NaN;
    const firstNeeded = rows.findIndex((r) => stillNeeded(r, cp, this.keepMs));
    const at = firstNeeded >= 0 ? rows[firstNeeded] : undefined;
    // With nothing needed, the window keeps the last row: a range past the grid is an error.
    const row = (at ?? rows.at(-1))?.row;
    if (row === undefined || row >= nextRow) return;
    const before = rows.find((r) => r.row === row - 1);
    // The key before the window must be known to check it; otherwise keep the window as it is.
    if (!before) return;
    this.start = { row, keyBefore: before.version };
  }
}
