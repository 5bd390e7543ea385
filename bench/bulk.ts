// Remind for 3000 units and one sync of 5000 responses, each run from the bundle in its own process.

import type { RemindReport } from '../functions/app/remind.ts';
import type { SyncReport } from '../functions/app/sync-deps.ts';
import { reminderSlots } from '../functions/core/time.ts';
import { DEPLOYED_FUNCTIONS, type DeployedFunction, runtimeEnvironment } from '../infra/catalog.ts';
import { type LocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import type { Bundle } from './bundle.ts';
import { runFunction } from './child.ts';
import { pool } from './stats.ts';
import { submitInOnePost } from './units.ts';

/**
 * V8's heap as Node sizes it on the functions' instances (infra/catalog.ts: 256 or 512 MiB). Node
 * sizes the heap from the memory the instance has: under a 256 or 512 MiB memory cgroup, Node 20
 * gives V8 a 1 MiB semi-space and a 259 MiB limit (measured on the bench machine; Node's cli.md
 * says the same of --max-semi-space-size). On a developer's machine with gigabytes the young
 * generation alone would take 48 MiB the instance never gives it, so each child gets the
 * instance's sizing. BENCH_SYNC_NODE_FLAGS adds more to the sync's, to try another.
 */
export const INSTANCE_V8_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=1'];

/** The catalog's entry for a function: its runtime options are measured as deployed. */
function deployed(entryPoint: string): DeployedFunction {
  const fn = DEPLOYED_FUNCTIONS.find((f) => f.entryPoint === entryPoint);
  if (!fn) throw new Error(`${entryPoint} is not in infra/catalog.ts`);
  return fn;
}

export interface RemindRun {
  units: number;
  slot: string;
  reads: number;
  writes: number;
  sent: number;
  failed: number;
  digest: string;
  inbox: number;
  ms: number;
  mailsPerSecond: number;
  maxRssBytes: number;
}

export interface SyncRun {
  responses: number;
  createMs: number;
  listed: number;
  accepted: number;
  otherOutcomes: number;
  mailsSent: number;
  reads: number;
  writes: number;
  ms: number;
  maxRssBytes: number;
}

/** The first reminder slot of the campaign (before the deadline), named explicitly as Scheduler does. */
export async function remindAll(local: LocalMode, bundle: Bundle): Promise<RemindRun> {
  const slot = reminderSlots(local.campaign)[0]?.id ?? '';
  const faults = local.standIns.sheets.faults;
  faults.resetStats();
  const inboxBefore = local.standIns.mail.stats().accepted;
  const run = await runFunction<RemindReport>(
    bundle,
    { ...local.functionEnv, BAOCAO_FUNCTION: 'remind', ...runtimeEnvironment(deployed('remind')) },
    'remind',
    { slot },
    240_000,
    INSTANCE_V8_FLAGS,
  );
  if (run.status !== 200)
    throw new Error(`remind answered ${run.status}: ${JSON.stringify(run.body)}`);
  // Mails (reminders and the digest) the sink accepted while remind ran.
  const mails = run.body.sent + (run.body.digest === 'sent' ? 1 : 0);
  return {
    units: local.campaign.units.length,
    slot,
    reads: faults.stats.reads,
    writes: faults.stats.writes,
    sent: run.body.sent,
    failed: run.body.failed,
    digest: run.body.digest,
    inbox: local.standIns.mail.stats().accepted - inboxBefore,
    ms: run.ms,
    mailsPerSecond: mails / (run.ms / 1000),
    maxRssBytes: run.maxRssBytes,
  };
}

/**
 * 5000 responses posted straight to the respondent page (one POST each, push off so nothing
 * syncs meanwhile), then the sweep in a fresh process lists them in one page and records them.
 */
export async function syncMany(local: LocalMode, bundle: Bundle, count: number): Promise<SyncRun> {
  local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
  const links = local.endpoints.links;
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    (i) => submitInOnePost(local.campaign, links[i % links.length]?.link ?? '', (i % 90) + 1),
  );
  const createMs = performance.now() - started;
  const faults = local.standIns.sheets.faults;
  faults.resetStats();
  const run = await runFunction<SyncReport>(
    bundle,
    // NODE_OPTIONS as deployed (infra/catalog.ts): Node refuses one it does not allow there.
    {
      ...local.functionEnv,
      BAOCAO_FUNCTION: 'syncSweep',
      ...runtimeEnvironment(deployed('syncSweep')),
    },
    'syncSweep',
    {},
    330_000,
    [
      ...INSTANCE_V8_FLAGS,
      // BENCH_SYNC_NODE_FLAGS: more V8 flags for the child (a smaller young generation, say).
      ...(process.env.BENCH_SYNC_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      // BENCH_CPU_PROF=DIR: a V8 CPU profile of the sync child, to see where its time goes.
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
  );
  if (run.status !== 200)
    throw new Error(`syncSweep answered ${run.status}: ${JSON.stringify(run.body)}`);
  const decided = run.body.decided;
  return {
    responses: count,
    createMs,
    listed: run.body.listed,
    accepted: decided.accepted,
    otherOutcomes: decided.rejected + decided.awaiting + decided.locked,
    mailsSent: run.body.mails.sent,
    reads: faults.stats.reads,
    writes: faults.stats.writes,
    ms: run.ms,
    maxRssBytes: run.maxRssBytes,
  };
}
