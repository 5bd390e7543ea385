// The mail half of a sync pass: receipts, rejections and grouped alerts for what was logged, then send-backs.
import type { forms_v1 } from '@googleapis/forms';
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { rawFromResponse } from '../core/answers.ts';
import { type Decision, decide, submittedTimeOf } from '../core/outcome.ts';
import { STATUS } from '../core/status.ts';
import { alertTimeOf, MAIL_STATUS } from '../core/wording.ts';
import type { VerificationAttempt } from '../mail/alert.ts';
import { composeMail } from '../mail/compose.ts';
import { callGoogle } from '../platform/call-google.ts';
import type { Logger } from '../platform/log.ts';
import { sendAll } from '../platform/mailer.ts';
import type { Request } from '../sheet/cells.ts';
import type { UnitWrites } from '../sheet/landing.ts';
import { type PlannedLog, planMailMarks } from '../sheet/plan.ts';
import { pendingSendBacks } from '../sheet/progress.ts';
import { countedReportOf, type SheetState } from '../sheet/state.ts';
import { ALERT_EVERY_MS } from './alerts.ts';
import { sendOwedSendBacks } from './sendbacks.ts';
import { owedSlot, planReminders, SEND_BUDGET_MS, sendSlot } from './slot-mail.ts';
import type { SyncDeps, SyncReport } from './sync-deps.ts';
import { listResponses } from './sync-slice.ts';

/**
 * Whether the sheet holds mail a run must send though it logs nothing new: receipts earlier
 * runs left owed, send-backs a coordinator marked, a reminder slot a mail limit held back.
 * Only the lease's holder sends them.
 */
export function owesMail(deps: SyncDeps, campaign: Campaign, state: SheetState): boolean {
  if (deps.mailer.held?.()) return false;
  return (
    state.log.rows.some((e) => e.mail === MAIL_STATUS.pending && e.responseId) ||
    pendingSendBacks(state).some((p) => recipients(p.unit.emails).length > 0) ||
    owedSlot(campaign, state, deps.now()) !== undefined
  );
}

/**
 * Mails every version this pass logged, and those an earlier run logged but could not mail,
 * then the send-backs owed; answers the requests that record what became of each (the run's
 * second write, safe to repeat).
 */
export async function mailOwed(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  logged: readonly PlannedLog[],
  report: SyncReport,
  log: Logger,
  writes: UnitWrites,
  flushMarks: (requests: Request[]) => Promise<void>,
  afterCrash = false,
): Promise<Request[]> {
  // While a mail limit holds, the mails earlier runs left owed stay so without reading their
  // responses again: nothing could send them.
  const owed: Owed[] = [
    ...logged,
    ...(deps.mailer.held?.()
      ? []
      : await pendingFromEarlier(deps, campaign, state, new Set(logged.map((l) => l.row)))),
  ];
  const marks: { row: number; status: string }[] = [];
  const ctx = {
    campaign,
    unit: (id: string) => {
      const p = state.progress.get(id);
      return p ? { emails: p.unit.emails, link: p.link } : undefined;
    },
    previous: (id: string) => countedReportOf(state, id),
    hadAccepted: (id: string) => Boolean(state.data.get(id)?.version),
  };
  const toSend: { rows: number[]; mail: NonNullable<ReturnType<typeof composeMail>> }[] = [];
  const verifications = new Map<string, { row: number; decision: Decision }[]>();
  for (const item of owed) {
    const { row } = item;
    if ('skip' in item) {
      marks.push({ row, status: item.skip });
      continue;
    }
    if (item.decision.outcome.kind === 'awaiting') {
      const key = verificationKey(item.decision);
      verifications.set(key, [...(verifications.get(key) ?? []), item]);
      continue;
    }
    const mail = composeMail(ctx, item.decision);
    if (mail) toSend.push({ rows: [row], mail });
    else {
      report.mails.none++;
      marks.push({ row, status: MAIL_STATUS.noEmail });
    }
  }
  for (const group of verifications.values()) {
    const owedAlert = verificationAlert(ctx, state, group, deps.now());
    if ('grouped' in owedAlert) {
      for (const { row } of group) marks.push({ row, status: owedAlert.grouped });
    } else if (owedAlert.mail) {
      toSend.push({ rows: group.map((g) => g.row), mail: owedAlert.mail });
    } else {
      report.mails.none++;
      for (const { row } of group) marks.push({ row, status: MAIL_STATUS.noEmail });
    }
  }
  // A pass owing a few mails (a lone response, a handful) writes each one's mark before sending
  // the next: a run killed mid-way sends at most one twice. A pass owing more (a burst) sends
  // them together and marks them in its closing write: a mark write per mail would spend the
  // write quota the burst needs (60 a minute per user). Mails an earlier run left owed (it
  // died, failed after its write, or met a mail limit) go first, each marked before the next
  // up to MARK_WRITES_MAX of them, so runs killed one after another do not send the same group
  // again and again; a larger pile (a day's limit lifting on a city campaign) goes in that many
  // chunks, so it costs at most that many writes. A run that follows one that died holding the
  // lease treats its new mails the same way: the versions that run left unlogged arrive here
  // as new, and a pile of them is no burst, only a crash's leftovers.
  const fresh = new Set(logged.map((l) => l.row));
  const earlier = toSend.filter((m) => !m.rows.some((r) => fresh.has(r)));
  const current = toSend.filter((m) => m.rows.some((r) => fresh.has(r)));
  const careful = afterCrash ? [...earlier, ...current] : earlier;
  const rest = afterCrash ? [] : current;
  const groups = [
    ...chunks(careful, Math.ceil(careful.length / MARK_WRITES_MAX)),
    ...(rest.length <= MARK_EACH_UP_TO ? rest.map((m) => [m]) : rest.length ? [rest] : []),
  ];
  let limited = false;
  for (const [g, group] of groups.entries()) {
    // A limit answer stops the run's sending: the rest stay owed ("Chưa gửi") for a later run.
    if (limited) {
      report.mails.failed += group.length;
      continue;
    }
    const results = await sendAll(
      deps.mailer,
      group.map((m) => m.mail),
    );
    const sentAt = deps.now();
    results.forEach((sent, k) => {
      const rows = group[k]?.rows ?? [];
      if (sent.ok) {
        report.mails.sent++;
        // Refused addresses are named, not retried: the accepted ones already have the mail.
        const status = sent.rejected?.length
          ? MAIL_STATUS.partial(sentAt, campaign.timezone, sent.rejected)
          : MAIL_STATUS.sent(sentAt, campaign.timezone);
        if (sent.rejected?.length)
          log.log('WARNING', 'mail partly refused', { rows, rejected: sent.rejected });
        for (const row of rows) marks.push({ row, status });
        return;
      }
      report.mails.failed++;
      if (sent.limit) limited = true;
      log.log('WARNING', 'mail not sent', { rows, reason: sent.reason, permanent: sent.permanent });
      // A temporary refusal stays owed and is retried by the next run; a permanent one is recorded.
      if (sent.permanent) {
        for (const row of rows) marks.push({ row, status: MAIL_STATUS.failed(sent.reason) });
      }
    });
    // The last group's marks ride with the run's closing write.
    if (g < groups.length - 1 && marks.length > 0) {
      await flushMarks(planMailMarks(state, marks.splice(0)));
      report.sheets.writes++;
    }
  }
  // Send-backs a coordinator marked in "Tiến độ" ride along: mailed once, recorded in the same write.
  const sendBacks = await sendOwedSendBacks(campaign, state, deps.mailer, deps.now, writes);
  report.mails.sent += sendBacks.sent;
  report.mails.failed += sendBacks.failed;
  const slotMail = await resumeOwedSlot(deps, campaign, state, writes, report);
  return [...planMailMarks(state, marks), ...sendBacks.requests, ...slotMail];
}

/**
 * The reminders and digest of the slot due, when a mail limit held them back at its time:
 * every sync run after the limit lifts sends what is still owed, each recorded in its write.
 */
async function resumeOwedSlot(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  writes: UnitWrites,
  report: SyncReport,
): Promise<Request[]> {
  const slot = owedSlot(campaign, state, deps.now());
  if (!slot || deps.mailer.held?.()) return [];
  const { planned } = planReminders(campaign, state, slot, deps.now());
  const waiting = report.mails.failed + planned.length;
  const until = new Date(deps.now().getTime() + SEND_BUDGET_MS);
  const result = await sendSlot(deps, campaign, state, slot, planned, writes, waiting, until);
  report.mails.sent += result.sent + (result.digest === 'sent' ? 1 : 0);
  report.mails.failed += result.failed;
  deps.log.log('INFO', 'held reminders resumed', {
    slot: slot.id,
    sent: result.sent,
    failed: result.failed,
    digest: result.digest,
  });
  return result.requests;
}

/** Up to this many mails in a pass, each is marked before the next goes. */
const MARK_EACH_UP_TO = 5;

/**
 * The most mark writes a pass spends on mails earlier runs left owed: a third of the per-user
 * write quota of a minute, so a pile of them leaves room for the runs logging new responses.
 */
const MARK_WRITES_MAX = 20;

/** Consecutive runs of `size` (at least one each). */
const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) {
    out.push(items.slice(i, i + Math.max(1, size)));
  }
  return out;
};

/** Above this many mails owed by earlier runs, their responses are listed at once, not read one by one. */
const READ_EACH_UP_TO = 5;

type Owed = { row: number; decision: Decision } | { row: number; skip: string };

/** Versions logged by an earlier run whose mail is still owed: decided again from the response. */
async function pendingFromEarlier(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  planned: ReadonlySet<number>,
): Promise<Owed[]> {
  const out: Owed[] = [];
  const entries = state.log.rows.filter(
    (e) => e.mail === MAIL_STATUS.pending && !planned.has(e.row) && e.responseId,
  );
  const listed =
    entries.length > READ_EACH_UP_TO ? await listSince(deps, entries) : new Map<string, Response>();
  for (const entry of entries) {
    const response = {
      data:
        listed.get(entry.responseId) ??
        (
          await callGoogle(
            'forms.responses.get',
            () =>
              deps.clients.forms.forms.responses.get({
                formId: deps.formId,
                responseId: entry.responseId,
              }),
            deps.backoff,
            { idempotent: true },
          )
        ).data,
    };
    const lastSubmittedTime = submittedTimeOf(entry.version);
    // Edited since: the newer version has its own log row and mail; this one is not sent again.
    // Its earlier run may have mailed it before stopping, so the mark does not say it was not.
    if ((response.data.lastSubmittedTime ?? '') !== lastSubmittedTime) {
      out.push({ row: entry.row, skip: MAIL_STATUS.superseded });
      continue;
    }
    const version = {
      responseId: entry.responseId,
      lastSubmittedTime,
      respondentEmail: response.data.respondentEmail ?? undefined,
    };
    out.push({
      row: entry.row,
      decision: decide(campaign, deps.secret, version, rawFromResponse(campaign, response.data)),
    });
  }
  return out;
}

type Response = forms_v1.Schema$FormResponse;

/**
 * The responses of many owed versions in one listing from the oldest of them: a response
 * edited since is listed too (its time only grows), so each owed row finds its response or its
 * newer version; only the ones it needs are kept.
 */
async function listSince(
  deps: SyncDeps,
  entries: readonly { responseId: string; version: string }[],
): Promise<Map<string, Response>> {
  const wanted = new Set(entries.map((e) => e.responseId));
  const oldest = entries
    .map((e) => submittedTimeOf(e.version))
    .reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  const out = new Map<string, Response>();
  await listResponses(deps, oldest, (responses) => {
    for (const r of responses) {
      if (r.responseId && wanted.has(r.responseId)) out.set(r.responseId, r);
    }
  });
  return out;
}

/** Verification alerts are grouped by the unit, or by the typed name when it is no unit. */
const verificationKey = (d: Decision) =>
  d.outcome.unit
    ? `unit:${d.outcome.unit.id}`
    : `name:${(d.reading.unitName ?? '').normalize('NFC').replace(/\s+/g, ' ').trim()}`;

/**
 * One alert for a unit's awaiting versions in this run, listing them and the attempts grouped
 * since its last alert; or, within the hour of that alert, none: the versions are marked as
 * grouped, so they are not owed forever and the next alert lists them. Anyone with the public
 * form can cause these, so the coordinator's mailbox is bounded to one mail a unit an hour.
 *
 * The last alert's time is read from the log the run already holds (each awaiting version's
 * mail status says when its alert went), so it survives instances without another read or a
 * new system key. Versions naming no unit carry no unit id in the log: they are grouped per
 * run only.
 */
function verificationAlert(
  ctx: Parameters<typeof composeMail>[0],
  state: SheetState,
  group: readonly { row: number; decision: Decision }[],
  now: Date,
): { grouped: string } | { mail: ReturnType<typeof composeMail> } {
  const tz = ctx.campaign.timezone;
  const sorted = [...group].sort(
    (a, b) =>
      Date.parse(a.decision.version.lastSubmittedTime) -
      Date.parse(b.decision.version.lastSubmittedTime),
  );
  const latest = sorted.at(-1)?.decision;
  if (!latest) return { mail: null };
  const unitId = latest.outcome.kind === 'awaiting' ? latest.outcome.unit?.id : undefined;
  const told = unitId
    ? state.log.rows.filter((r) => r.unitId === unitId && r.outcome.startsWith(STATUS.awaiting))
    : [];
  const last = Math.max(...told.map((r) => alertTimeOf(r.mail, tz)?.getTime() ?? 0), 0);
  if (last > 0 && now.getTime() - last < ALERT_EVERY_MS) {
    return { grouped: MAIL_STATUS.grouped(new Date(last), tz) };
  }
  const groupedMark = last > 0 ? MAIL_STATUS.grouped(new Date(last), tz) : undefined;
  const earlier: VerificationAttempt[] = [
    ...told
      .filter((r) => r.mail === groupedMark)
      .map((r) => ({
        responseId: r.responseId,
        receivedAt: new Date(submittedTimeOf(r.version)),
        reason: 'token-mismatch' as const,
      })),
    ...sorted.slice(0, -1).map(({ decision: d }) => ({
      responseId: d.version.responseId,
      receivedAt: new Date(d.version.lastSubmittedTime),
      reason: d.outcome.kind === 'awaiting' ? d.outcome.reason : ('token-mismatch' as const),
    })),
  ];
  return { mail: composeMail(ctx, latest, earlier) };
}
