// Reconcile: read the sheet once, list the form's responses since the checkpoint, decide, write once, then mail.

import type { Request } from '../sheet/cells.ts';
import { UnitWrites } from '../sheet/landing.ts';
import { sheetLayout } from '../sheet/layout.ts';
import { holderOf, planRelease } from '../sheet/lease.ts';
import { planBatch, planSuccess } from '../sheet/plan.ts';
import { batchUpdate, writeChecked } from './checked-write.ts';
import { giveBack, newTicket } from './lease.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';
import { mailOwed, owesMail } from './sync-mail.ts';
import { type Backlog, decideSlice } from './sync-slice.ts';
import { type Held, liveOf, readLive, waitForLease, writeData } from './sync-write.ts';

/**
 * A scheduled sweep is a safety net for lost notifications. While a run has succeeded recently
 * the event path is alive (each of its runs lists everything since the checkpoint), so the sweep
 * stands aside instead of racing it from another function instance. Only a success counts: a
 * failed run, even one whose write was applied before its answer was lost, leaves its work to
 * the next sweep. Shorter than the sweep's 15-minute schedule, so what a failure left is written
 * at the latest one sweep after the cause is gone.
 */
export const SWEEP_QUIET_MS = 5 * 60_000;

/**
 * A last success dated later than now by more than this came from a clock that runs fast (a
 * laptop running the CLI, the real clock against the rehearsal's): believed, it would keep the
 * sweep aside for as long as the clock is ahead, so it is ignored.
 */
const CLOCK_SKEW_MS = 60_000;

/** Whether a scheduled sweep should stand aside, given when the last successful run started. */
function sweepStandsAside(lastSuccess: string, now: Date): boolean {
  const at = Date.parse(lastSuccess);
  const t = now.getTime();
  return Number.isFinite(at) && at <= t + CLOCK_SKEW_MS && t - at < SWEEP_QUIET_MS;
}

const MAX_PASSES = 40;

/**
 * A run writes without waiting for the lease when nobody holds it: its first write carries its
 * hold and turns the write token (sheet/write-token.ts), so it is refused whole if any other
 * run wrote since this run's read, and its answer shows the lease as the write left it. A lone
 * response then costs one read and two writes (the data with the hold; the mail marks with the
 * release) where holding first cost a write and a read more. A run that finds the lease held,
 * or whose write was refused, takes the lease the waiting way (app/lease.ts).
 */
export async function reconcile(
  deps: SyncDeps,
  batchId: string,
  trigger: 'event' | 'sweep' | 'manual' = 'event',
): Promise<SyncReport> {
  const report: SyncReport = {
    batchId,
    listed: 0,
    decided: { accepted: 0, rejected: 0, awaiting: 0, locked: 0 },
    malformed: 0,
    mails: { sent: 0, failed: 0, none: 0 },
    sheets: { reads: 0, writes: 0 },
    skipped: false,
  };
  const who = `${trigger}:${batchId}`;
  // The read lives in `held` only, never in a local of this frame: a later pass drops it before
  // reading again, so a 3,000-unit sheet's state is in memory once, not pinned here all run.
  const held: Held = {
    who,
    ticket: newTicket(who),
    holding: false,
    live: await readLive(deps),
    fresh: true,
    released: false,
    wrote: false,
    crashed: [],
    stale: 0,
    trigger,
  };
  report.sheets.reads++;
  // A sweep that stands aside costs that one read and no write.
  const lastSuccess = liveOf(held).state.system.lastSuccess.value;
  if (trigger === 'sweep' && sweepStandsAside(lastSuccess, deps.now())) {
    deps.log.log('INFO', 'sweep skipped: a run succeeded recently', {
      batch: batchId,
      lastSuccess,
    });
    report.skipped = true;
    return report;
  }
  if (
    holderOf(liveOf(held).state.lease, deps.now().getTime()) !== undefined &&
    !(await waitForLease(deps, held, report))
  ) {
    report.skipped = true;
    return report;
  }
  // Responses are listed once; each pass reads the sheet (the first one starts from the read
  // above or the lease's), so positions for the next slice come from what the sheet now holds.
  const backlog: Backlog = { listed: false, fresh: [], newest: '' };
  const startedAt = deps.now();
  try {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const more = await reconcilePass(
        deps,
        `${batchId}${pass ? `.${pass}` : ''}`,
        report,
        backlog,
        startedAt,
        held,
      );
      if (!more) break;
    }
  } finally {
    if (held.holding && !held.released) {
      // Nothing carried the release (a failure, or a run with nothing to write): on its own.
      await giveBack(deps, held.ticket).then(
        () => report.sheets.writes++,
        (error: unknown) =>
          deps.log.log('WARNING', 'lease not released; it lapses by itself', {
            error: String(error),
          }),
      );
    }
  }
  return report;
}

/** One read, up to PASS_SIZE new versions decided and written, their mails; true if more remain. */
async function reconcilePass(
  deps: SyncDeps,
  batchId: string,
  report: SyncReport,
  backlog: Backlog,
  startedAt: Date,
  held: Held,
): Promise<boolean> {
  const log = deps.log.child({ batch: batchId });
  const layout = sheetLayout(deps.campaign);

  if (!held.fresh) {
    // The last pass's state goes before the read, not after it; with it, all that pass left
    // (its read, plan and mails), given back at once rather than at V8's next limit.
    held.live = undefined;
    deps.collectGarbage?.();
    held.live = await readLive(deps);
    report.sheets.reads++;
  }
  held.fresh = false;
  const { campaign, state } = liveOf(held);
  if (state.skipped.length > 0 || state.unmailable.length > 0 || state.unparented.length > 0) {
    log.log('WARNING', 'registry rows skipped, without a usable email or a usable parent', {
      rows: state.skipped.map((s) => s.row),
      unmailable: state.unmailable.map((s) => s.row),
      unparented: state.unparented.map((s) => s.row),
    });
    await deps.registryAlerts?.(state.skipped, state.unmailable, state.unparented);
  }

  const checkpoint = state.system.checkpoint.value;
  const since = checkpoint
    ? new Date(Date.parse(checkpoint) - deps.overlapSeconds * 1000).toISOString()
    : undefined;
  const slice = await decideSlice(deps, campaign, state, since, checkpoint, report, log, backlog);
  const plan = planBatch(
    campaign,
    layout,
    state,
    slice.decisions,
    slice.checkpoint,
    deps.now(),
    batchId,
  );
  if (plan.requests.length === 0 && !held.holding) {
    // Nothing new: a run that holds no lease has nothing to give back, unless mail is owed,
    // which only the lease's holder sends.
    backlog.fresh.splice(0, slice.taken);
    return owesMail(deps, campaign, state) && waitForLease(deps, held, report);
  }
  let mailing = { campaign, state, logs: plan.logs };
  // Counted now: the write takes the requests.
  const planned = plan.requests.length;
  if (planned > 0) {
    const outcome = await writeData(deps, layout, held, report, plan, log);
    if (outcome === 'aside') {
      report.skipped = true;
      return false;
    }
    if (outcome === 'redo') {
      // Listed again from the new read: what was listed before it may be logged by the run
      // that wrote, and its checkpoint is where the next listing starts.
      Object.assign(backlog, { listed: false, fresh: [], newest: '' });
      return true;
    }
    // Counted once written: a write refused as stale decides its versions again.
    for (const d of slice.decisions) report.decided[d.outcome.kind]++;
    backlog.fresh.splice(0, slice.taken);
    held.wrote = true;
    if (outcome === 'queued') {
      // Another run's hold came first: this run's versions are logged, owed; it mails them,
      // or the run ahead already did, once the lease is this run's, from a new read.
      const live = liveOf(held);
      mailing = { campaign: live.campaign, state: live.state, logs: [] };
    }
  } else backlog.fresh.splice(0, slice.taken);
  log.log('INFO', 'batch written', {
    listed: report.listed,
    decided: report.decided,
    malformed: report.malformed,
    requests: planned,
  });
  // The mails need only the plan's log rows: its cells (the write took its requests) are let go
  // before 500 mails are composed and sent.
  plan.unitCells.length = 0;

  // Mails go out only after the write: a crash here leaves "Chưa gửi" marks for the next run.
  const markWrites = new UnitWrites(mailing.state);
  // Log marks are the product's own cells, rewritten the same way whatever an earlier attempt
  // did: a 5xx is retried here.
  const flushMarks = async (requests: Request[]) => {
    await batchUpdate(deps, 'sheets.batchUpdate (mail marks)', { requests }, { idempotent: true });
  };
  const second = await mailOwed(
    deps,
    mailing.campaign,
    mailing.state,
    mailing.logs,
    report,
    log,
    markWrites,
    flushMarks,
    held.crashed.length > 0,
  );
  const more = slice.more;
  // The run's last pass has written everything new: recorded in the same write as the mail
  // marks, after the data's write succeeded. A run that wrote nothing records nothing (a sweep
  // finding nothing to do costs one read; a write each time would cost quota).
  if (!more && (held.wrote || second.length > 0)) {
    second.push(planSuccess(mailing.state, startedAt));
  }
  // The lease goes back with the run's last write.
  if (!more && second.length > 0) {
    second.push(planRelease(held.ticket, deps.now()));
    // The runs that died are closed only once their pile is mailed and marked: a run failing
    // before that leaves the next one the same care.
    for (const ticket of held.crashed) second.push(planRelease(ticket, deps.now()));
    held.released = true;
  }
  // The mails have gone: this write rewrites the same cells whatever happened to an earlier
  // attempt, so a 5xx is retried here; failing the run would mail them all again next time.
  if (second.length > 0) {
    report.sheets.writes += await writeChecked(
      deps,
      'sheets.batchUpdate (mail marks)',
      layout,
      mailing.state,
      second,
      markWrites.cells,
      { idempotent: true },
    );
  }
  log.log('INFO', 'sync done', { mails: report.mails, sheets: report.sheets });
  return more;
}
