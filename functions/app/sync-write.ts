// A pass's data write under the write token, and the lease a run takes, waits for, or finds in that write's answer.

import { PermanentError } from '../../forms/errors.ts';
import { callGoogle } from '../platform/call-google.ts';
import type { Logger } from '../platform/log.ts';
import type { SheetLayout } from '../sheet/layout.ts';
import {
  crashedBefore,
  holderOf,
  type LeaseEvent,
  leaseInAnswer,
  leaseRange,
  planHold,
  planTidy,
} from '../sheet/lease.ts';
import type { BatchPlan } from '../sheet/plan.ts';
import { type LiveSheet, readSheetState } from '../sheet/read.ts';
import { generationFromTabs, generationOf, planTurn } from '../sheet/write-token.ts';
import { writeChecked } from './checked-write.ts';
import { awaitLease, giveBack, LeaseBusyError, takeLease } from './lease.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';

/** Writes refused because another run wrote since the read, redone from a new read, per run. */
const MAX_STALE_WRITES = 3;

/**
 * How long a run waits for another to finish: an event less than Pub/Sub's 10-second push
 * acknowledgement deadline (a longer wait would count as a failed delivery and bring the event
 * again while it still waits), the CLI longer, a sweep not at all.
 */
export const LEASE_WAIT_MS = { event: 8_000, manual: 60_000, sweep: 0 } as const;

/** The lease this run holds or will, and the sheet as its pass last read it. */
export interface Held {
  /** What the run is (its trigger and batch), the first part of each ticket it takes. */
  who: string;
  ticket: string;
  /** The run holds the lease: only then does it mail, and it must give the lease back. */
  holding: boolean;
  /** Undefined only while a pass reads the sheet again (sync.ts). */
  live: LiveSheet | undefined;
  /** `live` was read since the run last wrote: the next pass starts from it without a read. */
  fresh: boolean;
  released: boolean;
  /** Some pass of the run wrote to the sheet. */
  wrote: boolean;
  /**
   * Runs before this one that died holding the lease: what they left (versions unlogged, mails
   * sent but unmarked) piles into this run, so each of its mails is marked before the next.
   */
  crashed: string[];
  /** Writes refused as stale so far. */
  stale: number;
  /**
   * The token as the tabs showed it after a refusal, when "Hệ thống" may say otherwise (a
   * coordinator edited the cell or deleted the tab): the next write turns it from there.
   */
  tabsSaid?: { generation: number | undefined } | undefined;
  trigger: keyof typeof LEASE_WAIT_MS;
}

/** The sheet read as every pass reads it: a warm instance's log window and links included. */
export const readLive = (deps: SyncDeps) =>
  readSheetState(deps.clients, deps.spreadsheetId, deps.campaign, deps.backoff, deps.logWindow);

/** The sheet as the run last read it. */
export function liveOf(held: Held): LiveSheet {
  if (!held.live) throw new Error('the sheet was not read');
  return held.live;
}

/** Takes the lease the waiting way (a hold, then reads); false when a sweep should stand aside. */
export async function waitForLease(
  deps: SyncDeps,
  held: Held,
  report: SyncReport,
): Promise<boolean> {
  const lease = await takeLease(deps, held.who, LEASE_WAIT_MS[held.trigger]);
  report.sheets.writes++;
  if (!lease) {
    report.sheets.reads++;
    return false;
  }
  report.sheets.reads += lease.reads;
  Object.assign(held, {
    ticket: lease.ticket,
    holding: true,
    live: lease.first,
    fresh: true,
    crashed: lease.crashed,
  });
  return true;
}

/**
 * The pass's data write, turning the write token, with this run's hold when it has none yet.
 * 'held': written, the lease is this run's. 'queued': written, another run's hold came first,
 * and the lease is now this run's after waiting (held.live read anew). 'redo': refused as
 * planned from a stale read; held.live is a new read (and the lease this run's) to plan again
 * from a new listing. 'aside': refused, and a sweep stands aside for the run that wrote first.
 */
export async function writeData(
  deps: SyncDeps,
  layout: SheetLayout,
  held: Held,
  report: SyncReport,
  plan: BatchPlan,
  log: Logger,
): Promise<'held' | 'queued' | 'redo' | 'aside'> {
  const { state } = liveOf(held);
  const seen = held.tabsSaid ? held.tabsSaid.generation : generationOf(state);
  const optimistic = !held.holding;
  let answer: LeaseEvent[] = [];
  try {
    report.sheets.writes += await writeChecked(
      deps,
      'sheets.batchUpdate',
      layout,
      state,
      // The plan's requests go to the write, which lets them go once encoded.
      [
        ...plan.requests.splice(0),
        ...planTurn(state, seen),
        ...planTidy(state.lease),
        ...(optimistic ? [planHold(held.ticket, deps.now())] : []),
      ],
      plan.unitCells,
      {
        // Every cell of the batch is written at a position taken from the read, and the token
        // turns only from the generation that read saw: a retry after a 5xx whose write was not
        // applied lands as planned, with its landing check; a retry after a lost answer whose
        // write was applied is refused whole (handled as stale below), and that write's
        // landing goes unchecked: a cell an edit misdirected in that same moment stays where it
        // went (infra/DEPLOY.md, "Known limits").
        idempotent: true,
        ...(optimistic
          ? { alsoRead: [leaseRange()], onAnswer: (s) => (answer = leaseInAnswer(s)) }
          : {}),
      },
    );
  } catch (error) {
    report.sheets.writes++;
    if (optimistic) {
      // Refused (another run wrote since the read), or applied though its answer was lost:
      // either way the hold, if it landed, is closed at once, or every run would wait for it
      // to lapse; a refused write goes the waiting way, anything else fails the run.
      await giveBack(deps, held.ticket).then(
        () => report.sheets.writes++,
        () => undefined,
      );
      if (!(error instanceof PermanentError)) throw error;
      log.log('INFO', 'write without the lease refused; taking the lease', {
        error: error.message,
      });
      // A sweep does not wait: the run whose write came first holds the lease and finishes.
      if (!(await waitForLease(deps, held, report))) return 'aside';
      return 'redo';
    }
    if (!(error instanceof PermanentError)) throw error;
    const tabs = await tokenTabs(deps);
    report.sheets.reads++;
    if (generationFromTabs(tabs) === seen || ++held.stale > MAX_STALE_WRITES) throw error;
    // A run that read before this one held the lease wrote meanwhile, or someone deleted the
    // token's tab or typed over its generation: plan again from a read, turning the token from
    // where the tabs say it is.
    log.log('INFO', 'write refused as stale; reading again', { error: error.message });
    held.tabsSaid = { generation: generationFromTabs(tabs) };
    held.live = await readLive(deps);
    report.sheets.reads++;
    held.fresh = true;
    return 'redo';
  }
  held.tabsSaid = undefined;
  if (!optimistic) return 'held';
  if (holderOf(answer, deps.now().getTime()) === held.ticket) {
    held.holding = true;
    held.crashed = crashedBefore(answer, held.ticket);
    return 'held';
  }
  // Another run's hold was appended between this run's read and its write (that run will find
  // this one's write refused its own, or read it): this run waits its turn to mail.
  const lease = await awaitLease(
    deps,
    held.ticket,
    Math.max(LEASE_WAIT_MS[held.trigger], LEASE_WAIT_MS.event),
  );
  if (!lease) throw new LeaseBusyError('unknown');
  report.sheets.reads += lease.reads;
  Object.assign(held, { holding: true, live: lease.first, crashed: lease.crashed });
  return 'queued';
}

/** The spreadsheet's tabs (ids and titles only): where the write token really is. */
async function tokenTabs(deps: SyncDeps) {
  const got = await callGoogle(
    'sheets.spreadsheets.get (tabs)',
    () =>
      deps.clients.sheets.spreadsheets.get({
        spreadsheetId: deps.spreadsheetId,
        fields: 'sheets.properties(sheetId,title)',
      }),
    deps.backoff,
    { idempotent: true },
  );
  return (got.data.sheets ?? []).map((s) => ({
    sheetId: s.properties?.sheetId,
    title: s.properties?.title,
  }));
}
