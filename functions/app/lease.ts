// Takes and gives back the one-sync-at-a-time lease (sheet/lease.ts) around a run, reading the sheet while it waits.

import { randomUUID } from 'node:crypto';
import type { Campaign } from '../../forms/campaign.ts';
import { RetryableError } from '../../forms/errors.ts';
import type { CallPolicy } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import type { Request } from '../sheet/cells.ts';
import { crashedBefore, holderOf, planHold, planRelease } from '../sheet/lease.ts';
import type { LogWindow } from '../sheet/log-window.ts';
import { type LiveSheet, readSheetState } from '../sheet/read.ts';
import { batchUpdate } from './checked-write.ts';

/** Another run holds the lease and did not finish in time: Pub/Sub delivers the event again. */
export class LeaseBusyError extends RetryableError {
  constructor(readonly holder: string) {
    super(`Another sync run holds the sheet (${holder}); this one will be retried`);
  }
}

export interface LeaseDeps {
  clients: GoogleClients;
  spreadsheetId: string;
  campaign: Campaign;
  backoff: CallPolicy;
  log: Logger;
  now: () => Date;
  logWindow?: LogWindow;
  /** Waits between reads while another run holds the lease (a test may shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface Lease {
  ticket: string;
  /** The sheet as read once the lease was ours: the run's first pass starts from it. */
  first: LiveSheet;
  /** Reads spent waiting (the one that found the lease ours included). */
  reads: number;
  /** Runs before this one that died holding the lease (their tickets, to close once done). */
  crashed: string[];
}

const POLL_MS = 1_500;

/** A release is retried for a short while only: a run that failed must not linger failing. */
const RELEASE_BUDGET_MS = 5_000;

const write = (
  deps: LeaseDeps,
  what: string,
  requests: Request[],
  retry: { idempotent: boolean; budgetMs?: number },
) => batchUpdate(deps, what, { requests }, retry);

/**
 * Appends this run's hold and reads until it is the first open one, at most `waitMs`. Gives
 * up with its own release row, so a run that waited never stands in the next one's way; so
 * does a run whose read fails meanwhile. Answers undefined when `waitMs` passed and the caller
 * should stand aside (the sweep).
 */
export async function takeLease(
  deps: LeaseDeps,
  who: string,
  waitMs: number,
): Promise<Lease | undefined> {
  const ticket = newTicket(who);
  // A hold that may have been appended though its answer was lost is released at once, or it
  // would keep every later run waiting until it lapses; the run fails and is retried whole.
  try {
    await write(deps, 'sheets.batchUpdate (lease hold)', [planHold(ticket, deps.now())], {
      idempotent: false,
    });
  } catch (error) {
    await giveBack(deps, ticket).catch(() => undefined);
    throw error;
  }
  return awaitLease(deps, ticket, waitMs);
}

/** A run's ticket: who it is, and a random part so two runs of the same event differ. */
export const newTicket = (who: string) => `${who}:${randomUUID().slice(0, 8)}`;

/**
 * Reads until `ticket`'s hold, already appended, is the first open one, at most `waitMs`; then
 * as takeLease.
 */
export async function awaitLease(
  deps: LeaseDeps,
  ticket: string,
  waitMs: number,
): Promise<Lease | undefined> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = Date.now();
  let reads = 0;
  try {
    for (;;) {
      const live = await readSheetState(
        deps.clients,
        deps.spreadsheetId,
        deps.campaign,
        deps.backoff,
        deps.logWindow,
      );
      reads++;
      const holder = holderOf(live.state.lease, deps.now().getTime());
      if (holder === ticket) {
        return { ticket, first: live, reads, crashed: crashedBefore(live.state.lease, ticket) };
      }
      if (Date.now() - started >= waitMs) {
        deps.log.log('INFO', 'lease held by another run', {
          holder,
          waitedMs: Date.now() - started,
        });
        await giveBack(deps, ticket);
        if (waitMs === 0) return undefined;
        throw new LeaseBusyError(holder ?? 'unknown');
      }
      await sleep(POLL_MS);
    }
  } catch (error) {
    if (!(error instanceof LeaseBusyError)) await giveBack(deps, ticket).catch(() => undefined);
    throw error;
  }
}

/** A release on its own, for a run that ends without a write to carry it. */
export async function giveBack(deps: LeaseDeps, ticket: string): Promise<void> {
  await write(deps, 'sheets.batchUpdate (lease release)', [planRelease(ticket, deps.now())], {
    idempotent: true,
    budgetMs: RELEASE_BUDGET_MS,
  });
}
