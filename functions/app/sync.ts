// Reconcile: read the sheet once, list the form's responses since the checkpoint, decide, write once, then mail.

import type { forms_v1 } from '@googleapis/forms';
import type { Campaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { MalformedResponseError, type ResponseReading, rawFromResponse } from '../core/answers.ts';
import { type Decision, decide, type ResponseVersion, versionKey } from '../core/outcome.ts';
import type { UnitReport } from '../core/parse.ts';
import { callGoogle } from '../platform/call-google.ts';
import type { Logger } from '../platform/log.ts';
import type { Request } from '../sheet/cells.ts';
import { UnitWrites } from '../sheet/landing.ts';
import { type SheetLayout, sheetLayout } from '../sheet/layout.ts';
import {
  crashedBefore,
  holderOf,
  type LeaseEvent,
  leaseInAnswer,
  leaseRange,
  planHold,
  planRelease,
} from '../sheet/lease.ts';
import { type BatchPlan, planBatch, planSuccess } from '../sheet/plan.ts';
import { type LiveSheet, readSheetState } from '../sheet/read.ts';
import { countedReportOf, type SheetState } from '../sheet/state.ts';
import { generationFromTabs, generationOf, planTurn } from '../sheet/write-token.ts';
import { batchUpdate, writeChecked } from './checked-write.ts';
import { awaitLease, giveBack, LeaseBusyError, newTicket, takeLease } from './lease.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';
import { mailOwed, owesMail } from './sync-mail.ts';

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

/** Versions written per pass: bounds memory (a page can hold 5000 responses) and request size. */
export const PASS_SIZE = 500;
const MAX_PASSES = 40;

/** Writes refused because another run wrote since the read, redone from a new read, per run. */
const MAX_STALE_WRITES = 3;

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
  const first = await readSheetState(
    deps.clients,
    deps.spreadsheetId,
    deps.campaign,
    deps.backoff,
    deps.logWindow,
  );
  report.sheets.reads++;
  // A sweep that stands aside costs that one read and no write.
  if (trigger === 'sweep' && sweepStandsAside(first.state.system.lastSuccess.value, deps.now())) {
    deps.log.log('INFO', 'sweep skipped: a run succeeded recently', {
      batch: batchId,
      lastSuccess: first.state.system.lastSuccess.value,
    });
    report.skipped = true;
    return report;
  }
  const who = `${trigger}:${batchId}`;
  const held: Held = {
    who,
    ticket: newTicket(who),
    holding: false,
    live: first,
    fresh: true,
    released: false,
    wrote: false,
    crashed: [],
    stale: 0,
    trigger,
  };
  if (
    holderOf(first.state.lease, deps.now().getTime()) !== undefined &&
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

/**
 * How long a run waits for another to finish: an event less than Pub/Sub's 10-second push
 * acknowledgement deadline (a longer wait would count as a failed delivery and bring the event
 * again while it still waits), the CLI longer, a sweep not at all.
 */
const LEASE_WAIT_MS = { event: 8_000, manual: 60_000, sweep: 0 } as const;

/** The lease this run holds or will, and the sheet as its pass last read it. */
interface Held {
  /** What the run is (its trigger and batch), the first part of each ticket it takes. */
  who: string;
  ticket: string;
  /** The run holds the lease: only then does it mail, and it must give the lease back. */
  holding: boolean;
  live: LiveSheet;
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

/** Takes the lease the waiting way (a hold, then reads); false when a sweep should stand aside. */
async function waitForLease(deps: SyncDeps, held: Held, report: SyncReport): Promise<boolean> {
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
    held.live = await readSheetState(
      deps.clients,
      deps.spreadsheetId,
      deps.campaign,
      deps.backoff,
      deps.logWindow,
    );
    report.sheets.reads++;
  }
  held.fresh = false;
  const { campaign, state } = held.live;
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
  if (plan.requests.length > 0) {
    const outcome = await writeData(deps, layout, held, report, plan, log);
    if (outcome === 'redo') return true;
    // Counted once written: a write refused as stale decides its versions again.
    for (const d of slice.decisions) report.decided[d.outcome.kind]++;
    backlog.fresh.splice(0, slice.taken);
    held.wrote = true;
    if (outcome === 'queued') {
      // Another run's hold came first: this run's versions are logged, owed; it mails them,
      // or the run ahead already did, once the lease is this run's, from a new read.
      mailing = { campaign: held.live.campaign, state: held.live.state, logs: [] };
    }
  } else backlog.fresh.splice(0, slice.taken);
  log.log('INFO', 'batch written', {
    listed: report.listed,
    decided: report.decided,
    malformed: report.malformed,
    requests: plan.requests.length,
  });

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

/**
 * The pass's data write, turning the write token, with this run's hold when it has none yet.
 * 'held': written, the lease is this run's. 'queued': written, another run's hold came first,
 * and the lease is now this run's after waiting (held.live read anew). 'redo': refused as
 * planned from a stale read; held.live is a new read (and the lease this run's) to plan again.
 */
async function writeData(
  deps: SyncDeps,
  layout: SheetLayout,
  held: Held,
  report: SyncReport,
  plan: BatchPlan,
  log: Logger,
): Promise<'held' | 'queued' | 'redo'> {
  const { state } = held.live;
  const seen = held.tabsSaid ? held.tabsSaid.generation : generationOf(state);
  const optimistic = !held.holding;
  let answer: LeaseEvent[] = [];
  try {
    report.sheets.writes += await writeChecked(
      deps,
      'sheets.batchUpdate',
      layout,
      state,
      [
        ...plan.requests,
        ...planTurn(state, seen),
        ...(optimistic ? [planHold(held.ticket, deps.now())] : []),
      ],
      plan.unitCells,
      {
        // Every cell of the batch is written at a position taken from the read, and the token
        // turns only from the generation that read saw: a retry after a lost answer whose
        // write was applied is refused whole (handled as stale below), and the landing check
        // on the answer that arrives puts back anything an edit meanwhile misdirected.
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
      if (!(await waitForLease(deps, held, report))) throw error;
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
    held.live = await readSheetState(
      deps.clients,
      deps.spreadsheetId,
      deps.campaign,
      deps.backoff,
      deps.logWindow,
    );
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
): Promise<{ decisions: Decision[]; checkpoint: string; more: boolean; taken: number }> {
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
  // Taken out of the backlog once written (the caller splices `taken`), so what a pass has
  // written can be freed before the next, and a write refused as stale plans them again.
  const taken = Math.min(backlog.fresh.length, deps.passSize ?? PASS_SIZE);
  const slice = backlog.fresh
    .slice(0, taken)
    .filter(({ version }) => !state.log.keys.has(versionKey(version)));
  const more = backlog.fresh.length > taken;
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
  }
  const last = slice.at(-1)?.version.lastSubmittedTime;
  // A run that wrote since this one listed may have moved the checkpoint past its newest.
  const newest =
    checkpoint && Date.parse(checkpoint) > Date.parse(backlog.newest || '0')
      ? checkpoint
      : backlog.newest;
  return { decisions, checkpoint: more && last ? last : newest, more, taken };
}
