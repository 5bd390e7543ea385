// The last-hour rush of a city campaign, time-compressed with the Sheets quota scaled by the same factor.

import { seededRandom } from '../local/faults.ts';
import type { LocalMode } from '../local/localmode.ts';
import type { LogWatch } from './observe.ts';
import { sleep } from './stats.ts';
import { linksOf, submitInOnePost } from './units.ts';

export interface RushPlan {
  units: readonly string[];
  /** Simulated length of the rush, and of its last stretch with `lateShare` of the units. */
  windowMinutes: number;
  lastMinutes: number;
  late: number;
  correcting: number;
  /** Simulated minutes per real minute: quota and the gate's budget are divided by it. */
  compression: number;
}

export interface Rush {
  plan: RushPlan;
  versions: number;
  submitErrors: number;
  reads: number;
  writes: number;
  quota429: number;
  /** Most requests the stand-in counted in one simulated minute (60/k real seconds). */
  peakReadsPerMinute: number;
  peakWritesPerMinute: number;
  /** Simulated minutes from the last submission until every version is in "Nhật ký". */
  allLoggedAfterMin: number | undefined;
  logged: number;
  realMs: number;
}

const MAX_TAIL_MS = 15 * 60_000;

/**
 * When each submission happens, in simulated ms from the rush's start: `late` units in the last
 * stretch, the others before it, evenly at random; `correcting` of them submit again later.
 */
function schedule(plan: RushPlan): { unitId: string; atMs: number; n: number }[] {
  const random = seededRandom(17);
  const total = plan.windowMinutes * 60_000;
  const lastStart = (plan.windowMinutes - plan.lastMinutes) * 60_000;
  const out = plan.units.map((unitId, i) => ({
    unitId,
    atMs: i < plan.late ? lastStart + random() * (total - lastStart) : random() * lastStart,
    n: (i % 90) + 1,
  }));
  // Every tenth unit corrects its figures once, some time after its first submission.
  const corrections = out
    .filter((_, i) => i % Math.round(plan.units.length / plan.correcting) === 0)
    .slice(0, plan.correcting)
    .map((s) => ({ unitId: s.unitId, atMs: s.atMs + random() * (total - s.atMs), n: s.n + 1 }));
  return [...out, ...corrections].sort((a, b) => a.atMs - b.atMs);
}

export async function rush(
  local: LocalMode,
  watch: LogWatch,
  plan: RushPlan,
  say: (what: string) => void,
): Promise<Rush> {
  const faults = local.standIns.sheets.faults;
  const links = linksOf(local);
  const k = plan.compression;
  const perMinute: { reads: number; writes: number }[] = [];
  let last = { reads: 0, writes: 0 };
  faults.resetStats();
  let submitErrors = 0;
  const ids: string[] = [];
  const began = Date.now();
  // Requests per simulated minute, read from the stand-in's counters.
  const meter = setInterval(() => {
    const now = { reads: faults.stats.reads, writes: faults.stats.writes };
    perMinute.push({ reads: now.reads - last.reads, writes: now.writes - last.writes });
    last = now;
    if (perMinute.length % 10 === 0) {
      const logged = ids.filter((id) => watch.entries.has(id)).length;
      say(
        `rush minute ${perMinute.length}: ${ids.length} submitted, ${logged} logged, ${now.reads} reads / ${now.writes} writes, ${faults.stats.quota429} × 429`,
      );
    }
  }, 60_000 / k);
  try {
    await Promise.all(
      schedule(plan).map(async (s) => {
        await sleep(began + s.atMs / k - Date.now());
        try {
          ids.push(await submitInOnePost(local.campaign, links.get(s.unitId) ?? '', s.n));
        } catch {
          submitErrors++;
        }
      }),
    );
    const lastSubmit = Date.now();
    const allIn = () => ids.every((id) => watch.entries.has(id));
    while (!allIn() && Date.now() - lastSubmit < MAX_TAIL_MS) await sleep(200);
    const loggedAt = allIn()
      ? Math.max(...ids.map((id) => watch.entries.get(id)?.rowAt ?? 0))
      : undefined;
    await Promise.race([local.standIns.forms.flushDeliveries(), sleep(20_000)]);
    const tail = {
      reads: faults.stats.reads - last.reads,
      writes: faults.stats.writes - last.writes,
    };
    perMinute.push(tail);
    return {
      plan,
      versions: ids.length,
      submitErrors,
      reads: faults.stats.reads,
      writes: faults.stats.writes,
      quota429: faults.stats.quota429,
      peakReadsPerMinute: Math.max(...perMinute.map((m) => m.reads)),
      peakWritesPerMinute: Math.max(...perMinute.map((m) => m.writes)),
      allLoggedAfterMin:
        loggedAt === undefined ? undefined : (Math.max(0, loggedAt - lastSubmit) * k) / 60_000,
      logged: ids.filter((id) => watch.entries.has(id)).length,
      realMs: Date.now() - began,
    };
  } finally {
    clearInterval(meter);
  }
}
