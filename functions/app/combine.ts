// Several campaigns' reports as one answer: a sweep's or a reminder run's totals, each campaign's own report kept beside them.
import { emptyRemindReport, type RemindReport } from './remind.ts';
import type { SyncReport } from './sync-deps.ts';

/** One campaign alone answers as before; several answer their sums and each one's report. */
export function combineSync(reports: { id: string; value: SyncReport }[]): SyncReport {
  const [first, ...rest] = reports;
  if (!first) {
    return {
      batchId: '',
      listed: 0,
      decided: { accepted: 0, rejected: 0, awaiting: 0, locked: 0 },
      malformed: 0,
      mails: { sent: 0, failed: 0, none: 0 },
      sheets: { reads: 0, writes: 0 },
      skipped: true,
    };
  }
  if (rest.length === 0) return first.value;
  const total = structuredClone(first.value);
  for (const { value: r } of rest) {
    total.listed += r.listed;
    total.malformed += r.malformed;
    for (const k of Object.keys(total.decided) as (keyof SyncReport['decided'])[])
      total.decided[k] += r.decided[k];
    for (const k of Object.keys(total.mails) as (keyof SyncReport['mails'])[])
      total.mails[k] += r.mails[k];
    total.sheets.reads += r.sheets.reads;
    total.sheets.writes += r.sheets.writes;
    total.skipped &&= r.skipped;
  }
  return { ...total, campaigns: Object.fromEntries(reports.map((r) => [r.id, r.value])) };
}

export function combineRemind(reports: { id: string; value: RemindReport }[]): RemindReport {
  const [first, ...rest] = reports;
  if (!first) return emptyRemindReport(undefined, false);
  if (rest.length === 0) return first.value;
  const all = reports.map((r) => r.value);
  const digests = all.map((r) => r.digest);
  return {
    slot: all.find((r) => r.slot)?.slot,
    dryRun: first.value.dryRun,
    reminders: all.flatMap((r) => r.reminders),
    withoutEmail: all.flatMap((r) => r.withoutEmail),
    sent: all.reduce((n, r) => n + r.sent, 0),
    failed: all.reduce((n, r) => n + r.failed, 0),
    held: all.reduce((n, r) => n + r.held, 0),
    digest: digests.includes('failed')
      ? 'failed'
      : ((['sent', 'planned', 'already-sent', 'none'] as const).find((d) => digests.includes(d)) ??
        'none'),
    sendBacks: all.reduce((n, r) => n + r.sendBacks, 0),
    sheets: {
      reads: all.reduce((n, r) => n + r.sheets.reads, 0),
      writes: all.reduce((n, r) => n + r.sheets.writes, 0),
    },
    campaigns: Object.fromEntries(reports.map((r) => [r.id, r.value])),
  };
}
