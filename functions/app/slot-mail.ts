// A reminder slot's mail: a reminder to each unit not yet reminded for it, then the coordinators' digest; resumable after a limit.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { correctionLink } from '../core/correction.ts';
import { type ReminderSlot, reminderSlots } from '../core/time.ts';
import { MAIL_STATUS } from '../core/wording.ts';
import { renderDigest } from '../mail/digest.ts';
import { renderReminder } from '../mail/reminder.ts';
import type { Logger } from '../platform/log.ts';
import { type Mailer, type OutgoingMail, type SendResult, sendAll } from '../platform/mailer.ts';
import type { Request } from '../sheet/cells.ts';
import type { UnitWrites } from '../sheet/landing.ts';
import {
  digestFigures,
  digestMark,
  reminderMark,
  reminderTargets,
  slotEntries,
} from '../sheet/progress.ts';
import { countedFor, type SheetState } from '../sheet/state.ts';

export interface SlotMailDeps {
  mailer: Mailer;
  now: () => Date;
  log: Logger;
  sheetUrl?: string | undefined;
}

/**
 * A unit owed the slot's reminder. The mail is rendered when its batch goes, not up front: 3,000
 * rendered reminders held at once would be most of the function's memory.
 */
export interface PlannedSlotMail {
  target: ReturnType<typeof reminderTargets>[number];
  to: string[];
  messageKey: string;
  render(): OutgoingMail;
}

/** Reminders rendered and handed to the mailer this many at a time. */
const RENDER_BATCH = 100;

/**
 * How long a run sends reminders before leaving the rest to the next sync runs: remind and
 * sync-sweep time out at 540 s and 900 s (infra/catalog.ts), and 3,000 reminders through a
 * mailbox that takes a few a second would outlast them.
 */
export const SEND_BUDGET_MS = 360_000;

/** Each unit owed the slot's reminder, with its mail; units without an email are named apart. */
export function planReminders(
  campaign: Campaign,
  state: SheetState,
  slot: ReminderSlot,
  now: Date,
): { planned: PlannedSlotMail[]; withoutEmail: string[] } {
  const planned: PlannedSlotMail[] = [];
  const withoutEmail: string[] = [];
  for (const target of reminderTargets(state, slot)) {
    const to = recipients(target.row.unit.emails);
    if (to.length === 0) {
      withoutEmail.push(target.row.unit.name);
      continue;
    }
    // Same slot, same unit, same Message-ID: a scheduler retry's duplicate shows as one message.
    const messageKey = `reminder:${slot.id}:${target.row.unit.id}`;
    const render = () => ({
      ...renderReminder({
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
      }),
      to,
      messageKey,
    });
    planned.push({ target, to, messageKey, render });
  }
  return { planned, withoutEmail };
}

export interface SlotMailResult {
  requests: Request[];
  sent: number;
  failed: number;
  /** Not sent because of a mail server limit or the run's time: still owed, resumed later. */
  held: number;
  digest: 'sent' | 'already-sent' | 'failed';
  /** Each planned reminder's subject, by its index, for those rendered (tried). */
  subjects: string[];
}

const OWED = 'owed:';
const digestDone = (state: SheetState, slot: ReminderSlot) => slotEntries(state).includes(slot.id);

/**
 * Sends the digest unless it went already, then the planned reminders; answers the cells that
 * record what went. The digest goes first so it can say how many mails wait and why (a slot
 * resumed after a limit counts its reminders among them). When a limit held any of it back,
 * the slot is marked owed in the system tab and later sync runs resume it (`owedSlot`).
 */
export async function sendSlot(
  deps: SlotMailDeps,
  campaign: Campaign,
  state: SheetState,
  slot: ReminderSlot,
  planned: readonly PlannedSlotMail[],
  writes: UnitWrites,
  /** Mails owed and not sent when the digest goes (receipts, send-backs, held reminders). */
  waiting: number,
  /**
   * No batch starts after this: the function's timeout would kill the run before its one write,
   * and the reminders sent would go again with the retry. What is left is held like a limit's.
   */
  sendUntil?: Date,
): Promise<SlotMailResult> {
  const out: SlotMailResult = {
    requests: [],
    sent: 0,
    failed: 0,
    held: 0,
    digest: 'failed',
    subjects: [],
  };
  const marks: string[] = [];
  if (digestDone(state, slot)) out.digest = 'already-sent';
  else {
    const to = recipients(campaign.coordinator.emails);
    const digest = renderDigest({
      campaign,
      now: deps.now(),
      ...digestFigures(campaign, state),
      waiting: { count: waiting, limitSince: deps.mailer.lastDailyLimit?.() },
      ...(deps.sheetUrl ? { sheetUrl: deps.sheetUrl } : {}),
    });
    const result =
      to.length > 0
        ? await deps.mailer.send({ ...digest, to, messageKey: `digest:${slot.id}` })
        : undefined;
    if (result?.ok) {
      out.digest = 'sent';
      marks.push(slot.id);
    } else if (result?.limit) out.held++;
  }
  // Held with the digest, at a batch's limit answer or out of time: the rest are not tried.
  const results: SendResult[] = [];
  let stop = out.held > 0;
  for (let i = 0; i < planned.length; i += RENDER_BATCH) {
    const batch = planned.slice(i, i + RENDER_BATCH);
    stop ||= sendUntil !== undefined && deps.now().getTime() >= sendUntil.getTime();
    if (stop) {
      results.push(
        ...batch.map((): SendResult => ({ ok: false, permanent: false, reason: 'not tried' })),
      );
      continue;
    }
    const mails = batch.map((p) => p.render());
    mails.forEach((m, k) => {
      out.subjects[i + k] = m.subject;
    });
    const sent = await sendAll(deps.mailer, mails);
    results.push(...sent);
    stop = sent.some((r) => !r.ok && r.limit);
  }
  results.forEach((result, i) => {
    const p = planned[i];
    if (!p) return;
    if (result.ok) {
      out.sent++;
      out.requests.push(...reminderMark(state, p.target.row, slot, writes));
    } else {
      out.failed++;
      if (result.limit || result.reason === 'not tried') out.held++;
    }
  });
  if (out.held > 0) {
    marks.push(`${OWED}${slot.id}`);
    deps.log.log(
      'WARNING',
      'reminder slot held back (a mail limit or out of time); later runs resume it',
      {
        slot: slot.id,
        held: out.held,
      },
    );
  }
  if (marks.length > 0) out.requests.push(digestMark(state, ...marks));
  return out;
}

/**
 * The slot a limit held back, if it is the latest slot begun (by its remind run) and still owes
 * its digest or a reminder to a unit that has not reported: a later sync run sends them. Once a
 * newer slot has begun the older one is not resumed: the newer reminder tells the same units
 * the same thing with today's standing.
 */
export function owedSlot(
  campaign: Campaign,
  state: SheetState,
  now: Date,
): ReminderSlot | undefined {
  const entries = slotEntries(state);
  const reminded = new Set(
    [...state.progress.values()].flatMap((p) => p.reminders.split(/[;\n]\s*/)),
  );
  const begun = reminderSlots(campaign)
    .filter((s) => s.at.getTime() <= now.getTime())
    .filter(
      (s) => entries.includes(s.id) || entries.includes(`${OWED}${s.id}`) || reminded.has(s.id),
    )
    .at(-1);
  if (!begun || !entries.includes(`${OWED}${begun.id}`)) return undefined;
  const owesReminder = reminderTargets(state, begun).some(
    (t) => recipients(t.row.unit.emails).length > 0,
  );
  const owesDigest =
    !entries.includes(begun.id) && recipients(campaign.coordinator.emails).length > 0;
  return owesReminder || owesDigest ? begun : undefined;
}

/** Receipts and alerts the log still owes: the digest counts them with the slot's. */
export const owedInLog = (state: SheetState): number =>
  state.log.rows.filter((r) => r.mail === MAIL_STATUS.pending).length;
