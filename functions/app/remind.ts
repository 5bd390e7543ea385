// Remind: at a reminder slot, mail every unit that has not reported (once per slot), then the coordinators' digest.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { dueSlot, type ReminderSlot, resolveSlot, validSlotIds } from '../core/time.ts';
import { renderDigest } from '../mail/digest.ts';
import type { CallPolicy } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { Request } from '../sheet/cells.ts';
import { UnitWrites } from '../sheet/landing.ts';
import { sheetLayout } from '../sheet/layout.ts';
import { digestFigures, slotEntries } from '../sheet/progress.ts';
import { readSheetState } from '../sheet/read.ts';
import { writeChecked } from './checked-write.ts';
import { sendOwedSendBacks } from './sendbacks.ts';
import { owedInLog, planReminders, SEND_BUDGET_MS, sendSlot } from './slot-mail.ts';

export interface RemindDeps {
  clients: GoogleClients;
  campaign: Campaign;
  spreadsheetId: string;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
  backoff: CallPolicy;
  sheetUrl?: string;
  /** How long the round sends before leaving the rest to sync runs (SEND_BUDGET_MS). */
  sendBudgetMs?: number;
}

export interface PlannedReminder {
  unitId: string;
  unitName: string;
  to: string[];
  subject: string;
  /** The unit's last version was rejected: the reminder lists what to fix. */
  withErrors: boolean;
}

/** A round that has sent nothing yet (or, across no campaign, nothing at all). */
export const emptyRemindReport = (slot: RemindReport['slot'], dryRun: boolean): RemindReport => ({
  slot,
  dryRun,
  reminders: [],
  withoutEmail: [],
  sent: 0,
  failed: 0,
  held: 0,
  digest: 'none',
  sendBacks: 0,
  sheets: { reads: 0, writes: 0 },
});

export interface RemindReport {
  slot: ReminderSlot | undefined;
  /** The slot asked for is none of the campaign's: what would have been accepted. */
  unknownSlot?: { given: string; validSlotIds: string[] };
  dryRun: boolean;
  reminders: PlannedReminder[];
  withoutEmail: string[];
  sent: number;
  failed: number;
  /** Of the failed, those a mail server limit held back: they go with a later sync run. */
  held: number;
  digest: 'sent' | 'already-sent' | 'failed' | 'planned' | 'none';
  sendBacks: number;
  sheets: { reads: number; writes: number };
  /** A deployment's run over several campaigns: each one's own report (the fields above sum them). */
  campaigns?: Record<string, RemindReport>;
}

/** The slot due at `now`, unless its time came before the scheduling began. */
function dueAfter(deps: RemindDeps, now: Date, notBefore: Date | undefined) {
  const slot = dueSlot(deps.campaign, now);
  if (!slot || !notBefore || slot.at.getTime() >= notBefore.getTime()) return slot;
  deps.log.log('INFO', 'slot passed before reminders were scheduled; not sent', {
    slot: slot.id,
    notBefore: notBefore.toISOString(),
  });
  return undefined;
}

export interface RemindOptions {
  /** A slot or reminder id (resolveSlot); always honoured: someone chose it. */
  slotId?: string | undefined;
  dryRun: boolean;
  /**
   * Without `slotId`, the slot due is sent only if its time is at or after this instant: a
   * scheduler that began after a slot must not send it late (local mode's first start).
   */
  notBefore?: Date | undefined;
  /**
   * A deployment's campaigns other than its home one: their reminder times have no Cloud
   * Scheduler jobs of their own (those are made from the home campaign at `pulumi up`), so a
   * job every 15 minutes asks for these alone, each sending its slot once it is due.
   */
  addedOnly?: boolean;
}

export async function remind(deps: RemindDeps, options: RemindOptions): Promise<RemindReport> {
  const now = deps.now();
  const slot = options.slotId
    ? resolveSlot(deps.campaign, options.slotId, now)
    : dueAfter(deps, now, options.notBefore);
  const report = emptyRemindReport(slot, options.dryRun);
  if (!slot) {
    if (options.slotId)
      report.unknownSlot = { given: options.slotId, validSlotIds: validSlotIds(deps.campaign) };
    return report;
  }

  const { campaign, state } = await readSheetState(
    deps.clients,
    deps.spreadsheetId,
    deps.campaign,
    deps.backoff,
  );
  report.sheets.reads++;
  const { planned, withoutEmail } = planReminders(campaign, state, slot, now);
  report.withoutEmail.push(...withoutEmail);
  const listed = (subject: (i: number) => string) =>
    planned.map(({ target, to }, i) => ({
      unitId: target.row.unit.id,
      unitName: target.row.unit.name,
      to,
      subject: subject(i),
      withErrors: target.errors.length > 0,
    }));
  if (options.dryRun) {
    report.reminders = listed((i) => planned[i]?.render().subject ?? '');
    report.digest = slotEntries(state).includes(slot.id) ? 'already-sent' : 'planned';
    return report;
  }

  const requests: Request[] = [];
  const writes = new UnitWrites(state);
  // Send-backs first: they are few and a coordinator asked for each; the slot's digest then
  // counts any still waiting.
  const sendBacks = await sendOwedSendBacks(campaign, state, deps.mailer, deps.now, writes);
  report.sendBacks = sendBacks.sent;
  requests.push(...sendBacks.requests);
  const slotMail = await sendSlot(
    deps,
    campaign,
    state,
    slot,
    planned,
    writes,
    owedInLog(state) + sendBacks.failed,
    new Date(now.getTime() + (deps.sendBudgetMs ?? SEND_BUDGET_MS)),
  );
  // A reminder not tried (held by a limit) is listed with the subject it will have.
  report.reminders = listed((i) => slotMail.subjects[i] ?? planned[i]?.render().subject ?? '');
  report.sent = slotMail.sent;
  report.failed = slotMail.failed;
  report.held = slotMail.held;
  report.digest = slotMail.digest;
  requests.push(...slotMail.requests);

  // One write records every reminder and the digest: a second call for the slot sends nothing new.
  // The reminders have gone: rewriting the same cells is safe, so a 5xx is retried here rather
  // than failing the run and letting Cloud Scheduler's retry mail every unit again.
  if (requests.length > 0) {
    report.sheets.writes += await writeChecked(
      deps,
      'sheets.batchUpdate (reminders)',
      sheetLayout(campaign),
      state,
      requests,
      writes.cells,
      { idempotent: true },
    );
  }
  deps.log.log('INFO', 'reminders done', {
    slot: slot.id,
    sent: report.sent,
    failed: report.failed,
    held: report.held,
    withoutEmail: report.withoutEmail.length,
    digest: report.digest,
  });
  return report;
}

/** A digest on demand (`baocao digest`), outside any slot. */
export async function sendDigest(deps: RemindDeps): Promise<boolean> {
  const { campaign, state } = await readSheetState(
    deps.clients,
    deps.spreadsheetId,
    deps.campaign,
    deps.backoff,
  );
  const to = recipients(campaign.coordinator.emails);
  if (to.length === 0) return false;
  const digest = renderDigest({
    campaign,
    now: deps.now(),
    ...digestFigures(campaign, state),
    ...(deps.sheetUrl ? { sheetUrl: deps.sheetUrl } : {}),
  });
  return (await deps.mailer.send({ ...digest, to })).ok;
}
