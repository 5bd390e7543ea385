// `npm run bench`: cold start, Sheets requests, the 300-response burst under quota, latency, remind and sync at scale, a city campaign.

import { DEFAULT_SYNC_BURST, DEFAULT_SYNC_REFILL_MS } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { DEFAULT_QUOTA } from '../local/faults.ts';
import { startLocalMode } from '../local/localmode.ts';
import { type RemindRun, remindAll, type SyncRun, syncMany } from './bulk.ts';
import { type Bundle, distBundle, freshBundle } from './bundle.ts';
import { type Burst, burst } from './burst.ts';
import {
  type CitySetup,
  citySetup,
  type FirstByte,
  firstBytes,
  type Steady,
  steadySync,
} from './city.ts';
import { type ColdStart, measureColdStart } from './coldstart.ts';
import { ensureGoogleapis } from './googleapis.ts';
import { type Latency, type Lone, latency, loneResponse } from './ingest.ts';
import { describeMachine, machineLines } from './machine.ts';
import { LogWatch } from './observe.ts';
import { report } from './report.ts';
import { type Rush, rush } from './rush.ts';
import { registryCsv } from './units.ts';

const COLD_RUNS = 5;
const BURST_UNITS = 300;
const BURST_SPREAD_MS = 60_000;
const LATENCY_SAMPLES = 20;
/**
 * Lone submissions 5.5 s apart, as measured before issue 17 (then a little over the gate's fixed
 * 5 s per run); the gate now spends its bucket by what each run costs.
 */
const LATENCY_SPACING_MS = 5_500;
const REMIND_UNITS = 3000;
const SYNC_RESPONSES = 5000;
const CITY_UNITS = 3000;
const STEADY_LOGGED = 20_000;
/**
 * The last-hour rush runs this many times faster than real time; the Sheets quota and the
 * gate's bucket are divided by the same factor, so each simulated minute still allows 60 reads
 * and 60 writes and the gate spends what it would in a real minute.
 */
const RUSH_COMPRESSION = Number(
  process.argv.find((a) => a.startsWith('--rush-compression='))?.split('=')[1] ?? 10,
);

const only = new Set(
  (
    process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
    'cold,ingest,bulk,city'
  )
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
    say('a lone response (warm instance)');
    // The campaign registry and definition are read once per instance a minute (README,
    // "Several campaigns"): a warm instance's run is what each response costs.
    await local.runtime.warm();
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
    // BENCH_SYNC_RESPONSES=N sweeps another number (0 shows the floor: the bundle and one read).
    const responses = Number(process.env.BENCH_SYNC_RESPONSES || SYNC_RESPONSES);
    say(`${responses} responses posted, then one sync in a child process`);
    const sync = await syncMany(local, bundle, responses);
    return { remind, sync };
  } finally {
    await local.close();
  }
}

/**
 * One local mode over 3,000 units: its setup measured; the log filled with 20,000 earlier
 * versions and a lone response's cost; the sheet view and `status`; then the last-hour rush.
 */
async function city(): Promise<{
  setup: CitySetup;
  rush: Rush;
  steady: Steady;
  firstByte: FirstByte;
}> {
  const k = RUSH_COMPRESSION;
  const log = memoryLogger();
  const gate = { burst: DEFAULT_SYNC_BURST, refillMs: Math.round(DEFAULT_SYNC_REFILL_MS / k) };
  say(
    `local mode with ${CITY_UNITS} units (setup measured); gate ${gate.burst} / ${gate.refillMs} ms (${k}× faster)`,
  );
  const { local, setup } = await citySetup({
    units: CITY_UNITS,
    registryCsv: registryCsv(CITY_UNITS),
    sync: gate,
    log,
  });
  const watch = new LogWatch(local);
  try {
    local.standIns.sheets.faults.configure({ quota: DEFAULT_QUOTA });
    say(`log filled with ${STEADY_LOGGED} earlier versions, then three lone responses`);
    const steady = await steadySync(local, watch, STEADY_LOGGED, [
      unitId(CITY_UNITS),
      unitId(CITY_UNITS - 1),
      unitId(CITY_UNITS - 2),
    ]);
    say('sheet view and status, first byte');
    const firstByte = await firstBytes(local);
    const windowMs = Math.round(60_000 / k);
    local.standIns.sheets.faults.configure({ quota: { ...DEFAULT_QUOTA, windowMs } });
    const units = Array.from({ length: CITY_UNITS }, (_, i) => unitId(i + 1));
    say(
      `rush: ${CITY_UNITS} units over 60 simulated minutes, ${k}× faster (60 reads + 60 writes per ${windowMs} ms)`,
    );
    const r = await rush(
      local,
      watch,
      {
        units,
        windowMinutes: 60,
        lastMinutes: 10,
        late: 1000,
        correcting: CITY_UNITS / 10,
        compression: k,
      },
      say,
    );
    return { setup, rush: r, steady, firstByte };
  } finally {
    watch.stop();
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
    const town = only.has('city') ? await city() : undefined;
    const out = report({ cold, ingest, scale, city: town });
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
