// The campaign's reminder schedule turned into Cloud Scheduler cron jobs (pure; no Pulumi here).
import type { Campaign } from '../forms/campaign.ts';
import { type ReminderKind, reminderSlots } from '../functions/core/time.ts';

export interface ReminderJob {
  /** Unique, Cloud Scheduler-safe suffix: the reminder id, plus the month when it spans months. */
  id: string;
  reminderId: string;
  kind: ReminderKind;
  /** Unix cron in the campaign's time zone: "0 8 9-15 10 *". */
  schedule: string;
  /** The local dates it fires on, for the description and the tests. */
  dates: string[];
}

/** "9,10,11,13" → "9-11,13": the shortest day-of-month field for a set of days. */
export function dayField(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const day of [...sorted.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (day === prev + 1) {
      prev = day;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = day;
    prev = day;
  }
  return parts.join(',');
}

/**
 * One job per reminder of the campaign (before the deadline, on the day, daily while overdue),
 * each a cron naming exactly its days and month. Cron has no year, so a job fires again on the
 * same dates a year later; the remind function sends only a slot that is due and not yet sent,
 * so such a run sends nothing. A reminder whose days cross a month end gets one job per month:
 * a single cron with both months and both day lists would also fire on the wrong combinations.
 */
export function reminderJobs(
  campaign: Pick<Campaign, 'deadline' | 'timezone' | 'reminders'>,
): ReminderJob[] {
  const groups = new Map<string, { reminderId: string; kind: ReminderKind; dates: string[] }>();
  for (const slot of reminderSlots(campaign)) {
    const month = slot.localDate.slice(0, 7);
    const key = `${slot.reminderId}|${month}`;
    const group = groups.get(key) ?? { reminderId: slot.reminderId, kind: slot.kind, dates: [] };
    group.dates.push(slot.localDate);
    groups.set(key, group);
  }
  const monthsOf = (reminderId: string) =>
    [...groups.values()].filter((g) => g.reminderId === reminderId).length;

  return [...groups.values()].map((g) => {
    const reminder = campaign.reminders.find((r) => r.id === g.reminderId);
    if (!reminder) throw new Error(`reminder ${g.reminderId} has slots but no definition`);
    const [hour, minute] = reminder.time.split(':').map(Number);
    const first = g.dates[0] ?? '';
    const month = Number(first.slice(5, 7));
    const days = g.dates.map((d) => Number(d.slice(8, 10)));
    return {
      id: monthsOf(g.reminderId) > 1 ? `${g.reminderId}-${first.slice(5, 7)}` : g.reminderId,
      reminderId: g.reminderId,
      // A slot's kind follows its day; a reminder's days share one kind in practice.
      kind: g.kind,
      schedule: `${minute} ${hour} ${dayField(days)} ${month} *`,
      dates: g.dates,
    };
  });
}
