// Reconcile: read the sheet once, list the form's responses since the checkpoint, decide, write once, then mail.

import type { forms_v1 } from '@googleapis/forms';
import type { Campaign } from '../../forms/campaign.ts';
import { MalformedResponseError, type ResponseReading, rawFromResponse } from '../core/answers.ts';
import { type Decision, decide, type ResponseVersion, versionKey } from '../core/outcome.ts';
import type { UnitReport } from '../core/parse.ts';
import { callGoogle } from '../platform/call-google.ts';
import type { Logger } from '../platform/log.ts';
import type { Request } from '../sheet/cells.ts';
import { UnitWrites } from '../sheet/landing.ts';
import { sheetLayout } from '../sheet/layout.ts';
import { planRelease } from '../sheet/lease.ts';
import { planBatch, planSuccess } from '../sheet/plan.ts';
import { type LiveSheet, readSheetState } from '../sheet/read.ts';
import { countedReportOf, type SheetState } from '../sheet/state.ts';
import { batchUpdate, writeChecked } from './checked-write.ts';
import { giveBack, takeLease } from './lease.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';
import { mailOwed } from './sync-mail.ts';

/**
 * Google's page size for one list call. Each page is handed on and can be freed before the next
 * arrives: 5000 responses at once held Google's whole answer objects for a moment, most of a
 * small instance's memory (issue 17), where 1000 cost four more Forms reads in such a burst.
 */
const LIST_PAGE_SIZE = 1000;

async function listResponses(
  deps: SyncDeps,
  since: string | undefined,
  onPage: (responses: readonly forms_v1.Schema$FormResponse[]) => void,
): Promise<void> {
  let pageToken: string | undefined;
  do {
    const page = await callGoogle(
      'forms.responses.list',
      () =>
        deps.clients.forms.forms.responses.list({
          formId: deps.formId,
          pageSize: LIST_PAGE_SIZE,
          ...(since ? { filter: `timestamp >= ${since}` } : {}),
          ...(pageToken ? { pageToken } : {}),
        }),
      deps.backoff,
      { idempotent: true },
    );
    onPage(page.data.responses ?? []);
    pageToken = page.data.nextPageToken ?? undefined;
  } while (pageToken);
}

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

/**
 * A sweep that would stand aside costs one read and takes no lease. The read is made and
 * dropped here: kept in reconcile's frame, a 3,000-unit sheet's state stayed in memory for
 * the whole run beside the state each pass reads.
 */
async function sweepSkipped(deps: SyncDeps, batchId: string, report: SyncReport) {
  const live = await readSheetState(
    deps.clients,
    deps.spreadsheetId,
    deps.campaign,
    deps.backoff,
    deps.logWindow,
  );
  report.sheets.reads++;
  const lastSuccess = live.state.system.lastSuccess.value;
  if (!sweepStandsAside(lastSuccess, deps.now())) return false;
  deps.log.log('INFO', 'sweep skipped: a run succeeded recently', { batch: batchId, lastSuccess });
  report.skipped = true;
  return true;
}

/** Versions written per pass: bounds memory (a page can hold 5000 responses) and request size. */
export const PASS_SIZE = 500;
const MAX_PASSES = 40;

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
  if (trigger === 'sweep' && (await sweepSkipped(deps, batchId, report))) return report;
  const lease = await takeLease(deps, `${trigger}:${batchId}`, LEASE_WAIT_MS[trigger]);
  report.sheets.writes++;
  if (!lease) {
    report.sheets.reads++;
    report.skipped = true;
    return report;
  }
  report.sheets.reads += lease.reads;
  // Responses are listed once; each pass re-reads the sheet, so positions for the next slice
  // come from what the sheet now holds. The first pass starts from the read that found the
  // lease ours.
  const backlog: Backlog = { listed: false, fresh: [], newest: '' };
  const held: Held = {
    ticket: lease.ticket,
    live: lease.first,
    released: false,
    wrote: false,
    crashed: lease.crashed,
  };
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
        pass === 0,
      );
      if (!more) break;
    }
  } finally {
    if (!held.released) {
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

/**
 * How long a run waits for another to finish: an event less than Pub/Sub's 10-second push
 * acknowledgement deadline (a longer wait would count as a failed delivery and bring the event
 * again while it still waits), the CLI longer, a sweep not at all.
 */
const LEASE_WAIT_MS = { event: 8_000, manual: 60_000, sweep: 0 } as const;

/** The lease this run holds, and the sheet as its pass last read it. */
interface Held {
  ticket: string;
  /** Without its state only while the next pass reads the sheet. */
  live: Omit<LiveSheet, 'state'> & { state: SheetState | undefined };
  released: boolean;
  /** Some pass of the run wrote to the sheet. */
  wrote: boolean;
  /**
   * Runs before this one that died holding the lease: what they left (versions unlogged, mails
   * sent but unmarked) piles into this run, so each of its mails is marked before the next.
   */
  crashed: string[];
}

/** One read, up to PASS_SIZE new versions decided and written, their mails; true if more remain. */
async function reconcilePass(
  deps: SyncDeps,
  batchId: string,
  report: SyncReport,
  backlog: Backlog,
  startedAt: Date,
  held: Held,
  first: boolean,
): Promise<boolean> {
  const log = deps.log.child({ batch: batchId });
  const layout = sheetLayout(deps.campaign);

  if (!first) {
    // Replaced in place: the lease's answer holds the first pass's object for the whole run,
    // and a new object would leave the first read's state pinned beside each later one (a
    // 3,000-unit sheet's state is some 10 MB). The last pass's state goes before the read.
    held.live.state = undefined;
    Object.assign(
      held.live,
      await readSheetState(
        deps.clients,
        deps.spreadsheetId,
        deps.campaign,
        deps.backoff,
        deps.logWindow,
      ),
    );
    report.sheets.reads++;
  }
  const { campaign, state } = held.live;
  if (!state) throw new Error('the sheet was not read');
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
  const {
    decisions,
    checkpoint: next,
    more,
  } = await decideSlice(deps, campaign, state, since, checkpoint, report, log, backlog);
  const plan = planBatch(campaign, layout, state, decisions, next, deps.now(), batchId);
  if (plan.requests.length > 0) {
    report.sheets.writes += await writeChecked(
      deps,
      'sheets.batchUpdate',
      layout,
      state,
      plan.requests,
      plan.unitCells,
      // Every cell of the batch is written at a position taken from the read, so a second
      // application writes the same values to the same cells (the log's appendDimension adds
      // blank rows, which cost nothing): a 5xx or a lost answer is retried here, and the landing
      // check on the answer that arrives puts back anything an edit meanwhile misdirected.
      { idempotent: true },
    );
    held.wrote = true;
  }
  log.log('INFO', 'batch written', {
    listed: report.listed,
    decided: report.decided,
    malformed: report.malformed,
    requests: plan.requests.length,
  });
  // The mails need only the plan's log rows: its requests and cells (some 40,000 objects in a
  // 500-version pass) are let go before 500 mails are composed and sent.
  plan.requests.length = 0;
  plan.unitCells.length = 0;

  // Mails go out only after the write: a crash here leaves "Chưa gửi" marks for the next run.
  const markWrites = new UnitWrites(state);
  // Log marks are the product's own cells, rewritten the same way whatever an earlier attempt
  // did: a 5xx is retried here.
  const flushMarks = async (requests: Request[]) => {
    await batchUpdate(deps, 'sheets.batchUpdate (mail marks)', { requests }, { idempotent: true });
  };
  const second = await mailOwed(
    deps,
    campaign,
    state,
    plan.logs,
    report,
    log,
    markWrites,
    flushMarks,
    held.crashed.length > 0,
  );
  // The run's last pass has written everything new: recorded in the same write as the mail
  // marks, after the data's write succeeded. A run that wrote nothing records nothing (a sweep
  // finding nothing to do costs one read; a write each time would cost quota).
  if (!more && (held.wrote || second.length > 0)) {
    second.push(planSuccess(state, startedAt));
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
      state,
      second,
      markWrites.cells,
      { idempotent: true },
    );
  }
  log.log('INFO', 'sync done', { mails: report.mails, sheets: report.sheets });
  return more;
}

/** What the first pass listed and later passes work through, oldest first. */
interface Backlog {
  listed: boolean;
  /** Read into raw answers at once: far smaller than Google's answer objects, which can go. */
  fresh: { reading: ResponseReading; version: ResponseVersion }[];
  newest: string;
}

/**
 * Lists responses since the checkpoint (once per run) and decides the oldest PASS_SIZE
 * versions not yet logged. The checkpoint only advances past what this pass writes, so a
 * run that stops early leaves the rest to be listed again.
 */
async function decideSlice(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  since: string | undefined,
  checkpoint: string,
  report: SyncReport,
  log: Logger,
  backlog: Backlog,
): Promise<{ decisions: Decision[]; checkpoint: string; more: boolean }> {
  if (!backlog.listed) {
    backlog.listed = true;
    backlog.newest = checkpoint;
    await listResponses(deps, since, (responses) => {
      report.listed += responses.length;
      for (const response of responses) {
        const lastSubmittedTime = response.lastSubmittedTime ?? response.createTime ?? '';
        if (!response.responseId || !lastSubmittedTime) {
          report.malformed++;
          continue;
        }
        if (!backlog.newest || Date.parse(lastSubmittedTime) > Date.parse(backlog.newest)) {
          backlog.newest = lastSubmittedTime;
        }
        const version = {
          responseId: response.responseId,
          lastSubmittedTime,
          respondentEmail: response.respondentEmail ?? undefined,
        };
        if (state.log.keys.has(versionKey(version))) continue;
        try {
          backlog.fresh.push({ reading: rawFromResponse(campaign, response), version });
        } catch (error) {
          if (!(error instanceof MalformedResponseError)) throw error;
          report.malformed++;
          log.log('WARNING', 'malformed response skipped', { responseId: response.responseId });
        }
      }
    });
    backlog.fresh.sort(
      (a, b) => Date.parse(a.version.lastSubmittedTime) - Date.parse(b.version.lastSubmittedTime),
    );
  }
  // Taken out of the backlog, so what a pass has written can be freed before the next.
  const slice = backlog.fresh
    .splice(0, deps.passSize ?? PASS_SIZE)
    .filter(({ version }) => !state.log.keys.has(versionKey(version)));
  const more = backlog.fresh.length > 0;
  const decisions: Decision[] = [];
  // Each version is compared with what was counted just before it: the sheet's row, then the
  // unit's earlier versions in this slice.
  const counted = new Map<string, UnitReport | null>();
  const previousOf = (unitId: string) =>
    counted.has(unitId) ? (counted.get(unitId) ?? null) : countedReportOf(state, unitId);
  for (const { reading, version } of slice) {
    const decision = decide(campaign, deps.secret, version, reading, previousOf);
    if (decision.outcome.kind === 'accepted') {
      counted.set(decision.outcome.unit.id, decision.outcome.checked.report);
    }
    decisions.push(decision);
    report.decided[decision.outcome.kind]++;
  }
  const last = slice.at(-1)?.version.lastSubmittedTime;
  return { decisions, checkpoint: more && last ? last : backlog.newest, more };
}
