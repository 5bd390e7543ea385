// 300 units submit within a minute under Google's default Sheets quota: requests, 429s, time to sheet and inbox.
import type { memoryLogger } from '../functions/platform/log.ts';
import type { LocalMode } from '../local/localmode.ts';
import type { LogEntry, LogWatch } from './observe.ts';
import { sleep } from './stats.ts';
import { emailOf, linksOf, submitAsPerson } from './units.ts';

export interface Burst {
  units: number;
  spreadMs: number;
  /** From the first submission to the last one recorded by the form. */
  submitSpanMs: number;
  submitErrors: number;
  reads: number;
  writes: number;
  quota429: number;
  /** From the first submission until every response has its row / its receipt in the inbox. */
  allRowsMs: number | undefined;
  allReceiptsMs: number | undefined;
  allMarkedMs: number | undefined;
  rows: number;
  accepted: number;
  receipts: number;
  marked: number;
  syncRuns: number;
  failedRuns: number;
  push: { published: number; delivered: number; failedAttempts: number; dropped: number };
}

const MAX_WAIT_MS = 200_000;

/** Submits through personal links at a steady rate, while push delivery runs the functions. */
export async function burst(
  local: LocalMode,
  watch: LogWatch,
  log: ReturnType<typeof memoryLogger>,
  unitIds: readonly string[],
  spreadMs: number,
): Promise<Burst> {
  const faults = local.standIns.sheets.faults;
  const links = linksOf(local);
  const pushBefore = { ...local.standIns.forms.stats().delivery };
  const linesBefore = log.lines.length;
  faults.resetStats();
  const gap = spreadMs / unitIds.length;
  const start = Date.now();
  let submitErrors = 0;
  const ids = await Promise.all(
    unitIds.map(async (unitId, i) => {
      await sleep(start + i * gap - Date.now());
      try {
        return (await submitAsPerson(local.campaign, links.get(unitId) ?? '', i + 1)).responseId;
      } catch {
        submitErrors++;
        return undefined;
      }
    }),
  );
  const wanted = ids.filter((id): id is string => id !== undefined);
  const submitSpanMs = Date.now() - start;

  const emails = new Set(unitIds.map(emailOf));
  const receiptTimes = () => {
    const firstByUnit = new Map<string, number>();
    for (const m of local.standIns.mail.messages()) {
      for (const to of m.envelope.to) {
        if (!emails.has(to)) continue;
        const at = Date.parse(m.receivedAt) - local.endpoints.clock.offsetMs;
        firstByUnit.set(to, Math.min(at, firstByUnit.get(to) ?? at));
      }
    }
    return [...firstByUnit.values()];
  };
  const entries = (): LogEntry[] =>
    wanted.map((id) => watch.entries.get(id)).filter((e): e is LogEntry => e !== undefined);
  const done = () =>
    entries().length === wanted.length &&
    entries().every((e) => e.mailMarkedAt !== undefined) &&
    receiptTimes().length === wanted.length;
  while (!done() && Date.now() - start < MAX_WAIT_MS) await sleep(100);
  await Promise.race([local.standIns.forms.flushDeliveries(), sleep(20_000)]);

  const seen = entries();
  const receipts = receiptTimes();
  const complete = (times: number[]) =>
    times.length === wanted.length && wanted.length === unitIds.length
      ? Math.max(...times) - start
      : undefined;
  const pushAfter = local.standIns.forms.stats().delivery;
  const lines = log.lines.slice(linesBefore);
  return {
    units: unitIds.length,
    spreadMs,
    submitSpanMs,
    submitErrors,
    reads: faults.stats.reads,
    writes: faults.stats.writes,
    quota429: faults.stats.quota429,
    allRowsMs: complete(seen.map((e) => e.rowAt)),
    allReceiptsMs: complete(receipts),
    allMarkedMs: complete(seen.map((e) => e.mailMarkedAt ?? Number.NaN)),
    rows: seen.length,
    accepted: seen.filter((e) => e.outcome.startsWith('Đã nhận')).length,
    receipts: receipts.length,
    marked: seen.filter((e) => e.mail.startsWith('Đã gửi')).length,
    syncRuns: lines.filter((l) => l.message === 'batch written').length,
    failedRuns: lines.filter((l) => l.message === 'sync failed').length,
    push: {
      published: pushAfter.published - pushBefore.published,
      delivered: pushAfter.delivered - pushBefore.delivered,
      failedAttempts: pushAfter.failedAttempts - pushBefore.failedAttempts,
      dropped: pushAfter.dropped - pushBefore.dropped,
    },
  };
}
