// Remind: at a reminder slot, mail every unit that has not reported (once per slot), then the coordinators' digest.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { correctionLink } from '../core/correction.ts';
import { dueSlot, type ReminderSlot, resolveSlot, validSlotIds } from '../core/time.ts';
import { renderDigest } from '../mail/digest.ts';
import { renderReminder } from '../mail/reminder.ts';
import type { CallPolicy } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import { type Mailer, type OutgoingMail, sendAll } from '../platform/mailer.ts';
import type { Request } from '../sheet/cells.ts';
import { UnitWrites } from '../sheet/landing.ts';
import { sheetLayout } from '../sheet/layout.ts';
import { digestFigures, digestMark, reminderMark, reminderTargets } from '../sheet/progress.ts';
import { readSheetState } from '../sheet/read.ts';
import { countedFor } from '../sheet/state.ts';
import { writeChecked } from './checked-write.ts';
import { sendOwedSendBacks } from './sendbacks.ts';

export interface RemindDeps {
  clients: GoogleClients;
  campaign: Campaign;
  spreadsheetId: string;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
  backoff: CallPolicy;
  sheetUrl?: string;
}

export interface PlannedReminder {
  unitId: string;
  unitName: string;
  to: string[];
  subject: string;
  /** The unit's last version was rejected: the reminder lists what to fix. */
  withErrors: boolean;
}

export interface RemindReport {
  slot: ReminderSlot | undefined;
  /** The slot asked for is none of the campaign's: what would have been accepted. */
  unknownSlot?: { given: string; validSlotIds: string[] };
  dryRun: boolean;
  reminders: PlannedReminder[];
  withoutEmail: string[];
  sent: number;
  failed: number;
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
  const report: RemindReport = {
    slot,
    dryRun: options.dryRun,
    reminders: [],
    withoutEmail: [],
    sent: 0,
    failed: 0,
    digest: 'none',
    sendBacks: 0,
    sheets: { reads: 0, writes: 0 },
  };
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
  const planned: { target: ReturnType<typeof reminderTargets>[number]; mail: OutgoingMail }[] = [];
  for (const target of reminderTargets(state, slot)) {
    const to = recipients(target.row.unit.emails);
    if (to.length === 0) {
      report.withoutEmail.push(target.row.unit.name);
      continue;
    }
    const mail = renderReminder({
      campaign,
      unitName: target.row.unit.name,
      sentAt: now,
      // A unit marked "Cần sửa" has figures counted: its link carries them. One with nothing
      // counted gets its bare link, as there is nothing a partial answer could wipe.
      link: correctionLink(campaign, target.row.link, countedFor(state, target.row.unit.id)),
      ...(target.errors.length ? { lastErrors: target.errors } : {}),
      ...(target.standing === 'correction-rejected'
        ? { counted: { reason: 'correction-rejected', sentAt: target.row.lastSubmitted } }
        : target.standing === 'sent-back'
          ? { counted: { reason: 'sent-back' } }
          : {}),
    });
    // Same slot, same unit, same Message-ID: a scheduler retry's duplicate shows as one message.
    const messageKey = `reminder:${slot.id}:${target.row.unit.id}`;
    planned.push({ target, mail: { ...mail, to, messageKey } });
    report.reminders.push({
      unitId: target.row.unit.id,
      unitName: target.row.unit.name,
      to,
      subject: mail.subject,
      withErrors: target.errors.length > 0,
    });
  }
  const digestDone = state.system.digests.value.split(/;\s*/).includes(slot.id);
  if (options.dryRun) {
    report.digest = digestDone ? 'already-sent' : 'planned';
    return report;
  }

  const requests: Request[] = [];
  const writes = new UnitWrites(state);
  const results = await sendAll(
    deps.mailer,
    planned.map((p) => p.mail),
  );
  results.forEach((result, i) => {
    const p = planned[i];
    if (!p) return;
    if (result.ok) {
      report.sent++;
      requests.push(...reminderMark(state, p.target.row, slot, writes));
    } else report.failed++;
  });

  const sendBacks = await sendOwedSendBacks(campaign, state, deps.mailer, deps.now, writes);
  report.sendBacks = sendBacks.sent;
  requests.push(...sendBacks.requests);

  if (digestDone) report.digest = 'already-sent';
  else {
    const to = recipients(campaign.coordinator.emails);
    const digest = renderDigest({
      campaign,
      now,
      ...digestFigures(campaign, state),
      ...(deps.sheetUrl ? { sheetUrl: deps.sheetUrl } : {}),
    });
    const sent =
      to.length > 0 &&
      (await deps.mailer.send({ ...digest, to, messageKey: `digest:${slot.id}` })).ok;
    report.digest = sent ? 'sent' : 'failed';
    if (sent) requests.push(digestMark(state, slot.id));
  }

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
