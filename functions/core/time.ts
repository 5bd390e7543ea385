// Campaign time: local dates and times in the campaign's zone turned into instants, and the reminder slots.
import type { Campaign } from '../../forms/campaign.ts';
import { localParts } from '../../forms/format.ts';

/** The zone's offset from UTC at an instant, in minutes (positive east of Greenwich). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = Object.fromEntries(
    Object.entries(localParts(instant, timeZone)).map(([k, v]) => [k, Number(v)]),
  );
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** "2021-10-08T07:30" read as a wall-clock time in `timeZone`. */
export function localToInstant(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`Not a local date-time: ${local}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Two passes settle the offset even across a daylight-saving change.
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Adds whole days to a local date "2021-10-08". */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * The first instant that is late. A date deadline ("2021-10-08") lasts to the end of that day;
 * a date-time deadline ("2021-10-08T17:00") to the end of that minute.
 */
export function lateFrom(local: string, timeZone: string): Date {
  if (local.length === 10) return localToInstant(addDays(local, 1), timeZone);
  return new Date(localToInstant(local, timeZone).getTime() + 60_000);
}

export function deadlineDate(campaign: Pick<Campaign, 'deadline'>): string {
  return campaign.deadline.slice(0, 10);
}

export function isLate(campaign: Pick<Campaign, 'deadline' | 'timezone'>, at: Date): boolean {
  return at.getTime() >= lateFrom(campaign.deadline, campaign.timezone).getTime();
}

/** Refused outright: after the campaign's lock date, if it has one. */
export function isLocked(campaign: Pick<Campaign, 'lockAt' | 'timezone'>, at: Date): boolean {
  return (
    campaign.lockAt !== undefined &&
    at.getTime() >= lateFrom(campaign.lockAt, campaign.timezone).getTime()
  );
}

export type ReminderKind = 'before' | 'due-today' | 'overdue';

/** Where a moment stands against the deadline, in the campaign's calendar days. */
export interface DeadlineStanding {
  kind: ReminderKind;
  /** Whole days from the moment's local date to the deadline's ("còn 2 ngày"), or past it. */
  days: number;
}

/**
 * What a message sent at `at` may truthfully say: days are counted between local dates, so a
 * reminder sent on 07/10 for a deadline of 08/10 says one day left, whatever its slot planned.
 * A deadline with a time is overdue from that minute on, even on its own day (0 days past).
 */
export function deadlineStanding(
  campaign: Pick<Campaign, 'deadline' | 'timezone'>,
  at: Date,
): DeadlineStanding {
  const p = localParts(at, campaign.timezone);
  const today = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
  const due = Date.parse(`${deadlineDate(campaign)}T00:00:00Z`);
  const left = Math.round((due - today) / 86_400_000);
  if (isLate(campaign, at)) return { kind: 'overdue', days: Math.max(0, -left) };
  return left > 0 ? { kind: 'before', days: left } : { kind: 'due-today', days: 0 };
}

export interface ReminderSlot {
  /** Stable id recorded in the sheet so a slot is sent once: "qua-han@2021-10-10". */
  id: string;
  reminderId: string;
  at: Date;
  localDate: string;
  kind: ReminderKind;
  /** Days between the deadline's date and this slot's date (negative before). */
  daysFromDeadline: number;
}

/** Every reminder slot of the campaign in time order. */
export function reminderSlots(
  campaign: Pick<Campaign, 'deadline' | 'timezone' | 'reminders'>,
): ReminderSlot[] {
  const due = deadlineDate(campaign);
  const slots = campaign.reminders.flatMap((r) => {
    const repeats = r.repeatDailyForDays ?? 1;
    return Array.from({ length: repeats }, (_, k) => {
      const days = r.offsetDays + k;
      const localDate = addDays(due, days);
      const kind: ReminderKind = days < 0 ? 'before' : days === 0 ? 'due-today' : 'overdue';
      return {
        id: `${r.id}@${localDate}`,
        reminderId: r.id,
        at: localToInstant(`${localDate}T${r.time}`, campaign.timezone),
        localDate,
        kind,
        daysFromDeadline: days,
      };
    });
  });
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The latest slot due at `now`, if any: what a scheduler run at `now` should send. */
export function dueSlot(
  campaign: Pick<Campaign, 'deadline' | 'timezone' | 'reminders'>,
  now: Date,
): ReminderSlot | undefined {
  return reminderSlots(campaign)
    .filter((s) => s.at.getTime() <= now.getTime())
    .at(-1);
}

/**
 * The slot a coordinator names (`baocao remind --slot`, the remind function's `?slot=`): a
 * slot's own id ("qua-han@2021-10-10"), or a reminder's id from the definition ("qua-han"),
 * which means that reminder's latest slot due at `now`, or its first one if none is due yet.
 * Undefined when the campaign has no such slot or reminder.
 */
export function resolveSlot(
  campaign: Pick<Campaign, 'deadline' | 'timezone' | 'reminders'>,
  id: string,
  now: Date,
): ReminderSlot | undefined {
  const wanted = id.trim();
  const slots = reminderSlots(campaign);
  const exact = slots.find((s) => s.id === wanted);
  if (exact) return exact;
  const own = slots.filter((s) => s.reminderId === wanted);
  return own.filter((s) => s.at.getTime() <= now.getTime()).at(-1) ?? own[0];
}

/** Every id `resolveSlot` accepts: the reminders' ids, then each slot's. */
export function validSlotIds(campaign: Pick<Campaign, 'deadline' | 'timezone' | 'reminders'>) {
  return [...campaign.reminders.map((r) => r.id), ...reminderSlots(campaign).map((s) => s.id)];
}
