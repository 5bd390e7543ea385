// `npm run bench`: cold start, Sheets requests, the 300-response burst under quota, latency, remind and sync at scale.

import { DEFAULT_SYNC_BURST, DEFAULT_SYNC_REFILL_MS } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { DEFAULT_QUOTA } from '../local/faults.ts';
import { startLocalMode } from '../local/localmode.ts';
import { type RemindRun, remindAll, type SyncRun, syncMany } from './bulk.ts';
import { type Bundle, distBundle, freshBundle } from './bundle.ts';
import { type Burst, burst } from './burst.ts';
import { type ColdStart, measureColdStart } from './coldstart.ts';
import { ensureGoogleapis } from './googleapis.ts';
import { type Latency, type Lone, latency, loneResponse } from './ingest.ts';
import { describeMachine, machineLines } from './machine.ts';
import { LogWatch } from './observe.ts';
import { report } from './report.ts';
import { registryCsv } from './units.ts';

const COLD_RUNS = 5;
const BURST_UNITS = 300;
const BURST_SPREAD_MS = 60_000;
const LATENCY_SAMPLES = 20;
/** A little over the gate's refill at production defaults, so spaced submissions never wait. */
const LATENCY_SPACING_MS = DEFAULT_SYNC_REFILL_MS + 500;
const REMIND_UNITS = 3000;
const SYNC_RESPONSES = 5000;

const only = new Set(
  (process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? 'cold,ingest,bulk')
    .split(',')
    .filter(Boolean),
);
const began = performance.now();
const say = (what: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${what}\n`,
  );

const unitId = (n: number) => `u-${String(n).padStart(4, '0')}`;

async function ingestion(): Promise<{ lone: Lone; latency: Latency; burst: Burst }> {
  const log = memoryLogger();
  say(
    `local mode with 321 units, production gate (burst ${DEFAULT_SYNC_BURST}, refill ${DEFAULT_SYNC_REFILL_MS} ms), push on`,
  );
  const local = await startLocalMode({
    registryCsv: registryCsv(BURST_UNITS + 1 + LATENCY_SAMPLES),
    sync: { burst: DEFAULT_SYNC_BURST, refillMs: DEFAULT_SYNC_REFILL_MS },
    log,
  });
  const watch = new LogWatch(local);
  try {
    local.standIns.sheets.faults.configure({ quota: DEFAULT_QUOTA });
    say('a lone response');
    const lone = await loneResponse(local, watch, unitId(BURST_UNITS + 1));
    say(`latency: ${LATENCY_SAMPLES} submissions ${LATENCY_SPACING_MS} ms apart`);
    const lat = await latency(
      local,
      watch,
      Array.from({ length: LATENCY_SAMPLES }, (_, i) => unitId(BURST_UNITS + 2 + i)),
      LATENCY_SPACING_MS,
    );
    // A fresh quota minute, as if the burst arrived after a quiet minute.
    local.standIns.sheets.faults.configure({ quota: DEFAULT_QUOTA });
    say(
      `burst: ${BURST_UNITS} units over ${BURST_SPREAD_MS / 1000} s under 60 reads + 60 writes/min`,
    );
    const b = await burst(
      local,
      watch,
      log,
      Array.from({ length: BURST_UNITS }, (_, i) => unitId(i + 1)),
      BURST_SPREAD_MS,
    );
    return { lone, latency: lat, burst: b };
  } finally {
    watch.stop();
    await local.close();
  }
}

async function bulk(bundle: Bundle): Promise<{ remind: RemindRun; sync: SyncRun }> {
  say(`local mode with ${REMIND_UNITS} units`);
  const local = await startLocalMode({
    registryCsv: registryCsv(REMIND_UNITS),
    log: memoryLogger(),
  });
  try {
    say('remind for every unit, in a child process running the bundle');
    const remind = await remindAll(local, bundle);
    say(`${SYNC_RESPONSES} responses posted, then one sync in a child process`);
    const sync = await syncMany(local, bundle, SYNC_RESPONSES);
    return { remind, sync };
  } finally {
    await local.close();
  }
}

async function main(): Promise<number> {
  const machine = describeMachine();
  say('bundling functions/entry/index.ts');
  const fresh = await freshBundle();
  try {
    let cold: ColdStart | undefined;
    if (only.has('cold')) {
      const googleapis = ensureGoogleapis();
      say(`googleapis: ${googleapis.note}`);
      const deployed = distBundle() ?? fresh;
      say(`cold start: ${COLD_RUNS} fresh processes per entry, from ${deployed.origin}`);
      cold = measureColdStart(deployed, googleapis, COLD_RUNS);
    }
    const ingest = only.has('ingest') ? await ingestion() : undefined;
    const scale = only.has('bulk') ? await bulk(fresh) : undefined;
    const out = report({ cold, ingest, scale });
    console.log(
      [
        '',
        'baocao benchmark (npm run bench) — stand-ins on 127.0.0.1, the production code',
        ...machineLines(machine),
        '',
        out.table,
        '',
        ...out.notes,
        `total ${((performance.now() - began) / 1000).toFixed(0)} s; targets: ${out.passed} passed, ${out.failed} failed`,
      ].join('\n'),
    );
    return 0;
  } finally {
    fresh.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
