// Cold start: each deployed entry's import in a fresh node process, next to `import { google } from 'googleapis'`.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { DEPLOYED_FUNCTIONS } from '../infra/catalog.ts';
import { type Bundle, DUMMY_ENV, ROOT } from './bundle.ts';
import type { Googleapis } from './googleapis.ts';
import { median } from './stats.ts';

export interface Timing {
  /**
   * Milliseconds from just before the import to just after it (node's own start excluded). For
   * an entry, the Functions Framework is already imported, as Cloud Functions does before it
   * loads the user's module: this is the entry's own cost.
   */
  importMs: number[];
  /** The Functions Framework's own import, first thing in the same process (entries only). */
  frameworkMs: number[];
  /**
   * The sync entry's first invocation (a malformed event: the runtime and its Google clients
   * are built, nothing goes over the network): the part of a cold start paid after the import.
   */
  firstMs: number[];
  /** The whole process, spawn to exit (node's start included). */
  processMs: number[];
}

export interface ColdStart {
  runs: number;
  bundle: Bundle;
  entries: { key: string; entryPoint: string; timing: Timing; registered: boolean }[];
  reference: { label: string; note: string; timing: Timing };
}

interface Probe {
  ms: number;
  ok: boolean;
  framework?: number;
  first?: number;
}

function runProbe(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Probe & { wall: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const wall = performance.now() - started;
  if (run.status !== 0) throw new Error(`cold-start probe failed in ${cwd}:\n${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(last) as Probe), wall };
}

/**
 * The framework first (timed on its own), then the entry: in Cloud Functions the runtime has
 * loaded the framework before it imports our module, so only the second import is our cost.
 */
const entryScript = (bundle: Bundle, entryPoint: string) => `
  const t0 = performance.now();
  await import('@google-cloud/functions-framework');
  const framework = performance.now() - t0;
  const t = performance.now();
  await import(${JSON.stringify(pathToFileURL(bundle.file).href)});
  const ms = performance.now() - t;
  const { getFunction } = await import('@google-cloud/functions-framework/testing');
  const fn = getFunction(${JSON.stringify(entryPoint)});
  let first;
  if (${JSON.stringify(entryPoint)} === 'syncOnFormsEvent' && typeof fn === 'function') {
    const t1 = performance.now();
    await fn({ data: { malformed: true } });
    first = performance.now() - t1;
  }
  console.log(JSON.stringify({ ms, ok: typeof fn === 'function', framework, first }));
  process.exit(0);`;

/** The common way: the whole package, then its namespace of every Google API. */
const GOOGLEAPIS_SCRIPT = `
  const t = performance.now();
  const { google } = await import('googleapis');
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, ok: typeof google.sheets === 'function' && typeof google.forms === 'function' }));
  process.exit(0);`;

/** When googleapis cannot be installed: the per-API packages the product uses, unbundled. */
const PER_API_SCRIPT = `
  const t = performance.now();
  const [{ sheets }, { forms }] = await Promise.all([import('@googleapis/sheets'), import('@googleapis/forms')]);
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, ok: typeof sheets === 'function' && typeof forms === 'function' }));
  process.exit(0);`;

const empty = (): Timing => ({ importMs: [], frameworkMs: [], processMs: [], firstMs: [] });

/**
 * Runs are interleaved (each entry, then the reference, N times) so that a noisy neighbour
 * slows both sides alike; the medians are reported.
 */
export function measureColdStart(bundle: Bundle, googleapis: Googleapis, runs: number): ColdStart {
  const entries = DEPLOYED_FUNCTIONS.map((f) => ({
    key: f.key,
    entryPoint: f.entryPoint,
    timing: empty(),
    registered: true,
  }));
  const reference = googleapis.ok
    ? {
        label: `googleapis@${googleapis.version} (import { google } from 'googleapis')`,
        note: googleapis.note,
        script: GOOGLEAPIS_SCRIPT,
        cwd: googleapis.dir,
        timing: empty(),
      }
    : {
        label: '@googleapis/sheets + @googleapis/forms (unbundled)',
        note: `${googleapis.note}; compared with the per-API packages instead`,
        script: PER_API_SCRIPT,
        cwd: ROOT,
        timing: empty(),
      };
  // One warm-up of each, not counted: the first run pays the disk cache.
  runProbe(entryScript(bundle, 'syncOnFormsEvent'), bundle.dir, {
    ...DUMMY_ENV,
    BAOCAO_FUNCTION: 'syncOnFormsEvent',
  });
  runProbe(reference.script, reference.cwd, {});
  for (let i = 0; i < runs; i++) {
    for (const entry of entries) {
      const probe = runProbe(entryScript(bundle, entry.entryPoint), bundle.dir, {
        ...DUMMY_ENV,
        BAOCAO_FUNCTION: entry.entryPoint,
      });
      entry.timing.importMs.push(probe.ms);
      entry.timing.processMs.push(probe.wall);
      if (probe.framework !== undefined) entry.timing.frameworkMs.push(probe.framework);
      if (probe.first !== undefined) entry.timing.firstMs.push(probe.first);
      entry.registered &&= probe.ok;
    }
    const probe = runProbe(reference.script, reference.cwd, {});
    if (!probe.ok) throw new Error(`${reference.label} did not load`);
    reference.timing.importMs.push(probe.ms);
    reference.timing.processMs.push(probe.wall);
  }
  return {
    runs,
    bundle,
    entries,
    reference: { label: reference.label, note: reference.note, timing: reference.timing },
  };
}

export const medianImport = (t: Timing) => median(t.importMs);
export const medianProcess = (t: Timing) => median(t.processMs);
