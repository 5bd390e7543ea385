// `npm run build`: bundles the deployed functions with esbuild and writes one archive per function to dist/.
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import archiver from 'archiver';
import { build, type Metafile } from 'esbuild';
import { DEPLOYED_FUNCTIONS } from '../infra/catalog.ts';
import { bundleOptions, EXTERNAL } from './bundle-options.ts';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const bundleDir = join(dist, 'bundle');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/**
 * Left out of the bundle and installed by Cloud Build from the archive's package.json: the
 * runtime starts the Functions Framework from node_modules and serves the functions registered
 * on that instance, so a second copy inside the bundle would register them where nobody looks.
 */

/** Licences a deployed bundle may carry: permissive ones whose notices go in the archive. */
const ALLOWED_LICENCES =
  /^(MIT|MIT-0|BSD|ISC|Apache-2\.0|BSD-2-Clause|BSD-3-Clause|0BSD|BlueOak-1\.0\.0)$/;

/**
 * What the bundle may contain is the import rules' job (`npm run check`: no local/, no dev
 * dependency in functions/); the build checks what the rules cannot: every bundled package's
 * licence lets us ship it without opening the code (HyperFormula's GPL-3.0 must never reach it).
 */
function licenceProblems(meta: Metafile): string[] {
  const packages = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort().flatMap((name) => {
    const pkg = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      license?: string;
    };
    const licence = pkg.license ?? '(none)';
    return licence.split(/\s+OR\s+|[()]/).some((l) => ALLOWED_LICENCES.test(l.trim()))
      ? []
      : [`${name}: ${licence}`];
  });
}

/**
 * The deployed tree validates with zod/mini: classic's methods hang on every schema, so none of
 * it tree-shakes, and it was most of the cold import (issue 11). cli/ and local/ may keep it.
 */
function classicZodInputs(meta: Metafile): string[] {
  return Object.keys(meta.inputs)
    .filter((input) => input.includes('zod/v4/classic'))
    .sort();
}

async function bundle(): Promise<Metafile> {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  const result = await build({
    ...bundleOptions(root, bundleDir),
    metafile: true,
  });
  return result.metafile;
}

function writePackageJson(): void {
  const dependencies = Object.fromEntries(
    EXTERNAL.map((name) => {
      const version = rootPackage.dependencies[name];
      if (!version) throw new Error(`${name} is external but not a dependency in package.json`);
      return [name, version];
    }),
  );
  const pkg = {
    name: 'baocao-functions',
    private: true,
    type: 'module',
    main: 'index.js',
    engines: { node: '>=22' },
    dependencies,
  };
  writeFileSync(join(bundleDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Every file of the bundle (entry, chunks, legal notices, package.json), in a fixed order. */
function bundleFiles(): string[] {
  const walk = (dir: string, prefix: string): string[] =>
    readdirSync(join(bundleDir, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
  return walk('', '')
    .filter((n) => !n.startsWith('node_modules/'))
    .sort();
}

/** A reproducible zip: fixed dates and order, so unchanged code keeps its hash and is not redeployed. */
async function archive(key: string): Promise<string> {
  const file = join(dist, `${key}.zip`);
  const zip = archiver('zip', { zlib: { level: 9 } });
  const done = new Promise<void>((ok, fail) => {
    const out = createWriteStream(file);
    out.on('close', ok);
    zip.on('error', fail);
    zip.pipe(out);
  });
  const date = new Date('2000-01-01T00:00:00Z');
  for (const name of bundleFiles()) {
    const path = join(bundleDir, name);
    try {
      statSync(path);
    } catch {
      continue;
    }
    zip.file(path, { name, date, mode: 0o644 });
  }
  await zip.finalize();
  await done;
  return file;
}

/** Settings a deployed function would have (functions/platform/settings.ts); dummy values, since importing only checks them. */
const DUMMY_ENV = {
  BAOCAO_CAMPAIGN: 'q7-htsd-2021',
  BAOCAO_TOKEN_SECRET: 'build-timing-only-not-a-secret-0123456789',
  SPREADSHEET_ID: 'timing',
  FORM_ID: 'timing',
  SHEET_URL: 'https://docs.google.com/spreadsheets/d/timing/edit',
  SMTP_HOST: 'smtp.invalid',
  SMTP_PORT: '587',
  SMTP_SECURE: 'false',
  MAIL_FROM: 'timing@example.invalid',
  WATCH_TOPIC: 'projects/timing/topics/timing',
};

/**
 * Cold import of the bundle in a fresh node, and whether `entryPoint` got registered. Cloud
 * Functions loads the Functions Framework before it imports the user's module, so the framework
 * is imported first and only our entry's import is timed (`ms`); `fresh` is the same entry with
 * nothing loaded before it (framework included), for comparison.
 */
function coldImport(entryPoint: string): { ms: number; fresh: number; registered: boolean } {
  const entry = JSON.stringify(pathToFileURL(join(bundleDir, 'index.js')).href);
  const probe = (preload: boolean) => `
    ${preload ? "await import('@google-cloud/functions-framework');" : ''}
    const t = performance.now();
    await import(${entry});
    const ms = performance.now() - t;
    const { getFunction } = await import('@google-cloud/functions-framework/testing');
    console.log(JSON.stringify({ ms, registered: Boolean(getFunction(${JSON.stringify(entryPoint)})) }));`;
  const run = (preload: boolean): { ms: number; registered: boolean } => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe(preload)], {
      cwd: bundleDir,
      env: { PATH: process.env.PATH ?? '', ...DUMMY_ENV, BAOCAO_FUNCTION: entryPoint },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`importing the bundle failed:\n${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
  };
  const preloaded = run(true);
  const fresh = run(false);
  return {
    ms: preloaded.ms,
    fresh: fresh.ms,
    registered: preloaded.registered && fresh.registered,
  };
}

/** The Functions Framework alone (installed by Cloud Build, outside the bundle), for comparison. */
function frameworkImportMs(): number {
  const script = `const t = performance.now(); await import('@google-cloud/functions-framework'); console.log(performance.now() - t);`;
  const times = [0, 1, 2].map(() => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundleDir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    return Number(run.stdout.trim());
  });
  return times.sort((a, b) => a - b)[1] ?? Number.NaN;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const started = performance.now();
  const meta = await bundle();
  const bad = licenceProblems(meta);
  if (bad.length > 0) {
    throw new Error(`licences not allowed in a deployed bundle:\n  ${bad.join('\n  ')}`);
  }
  const classic = classicZodInputs(meta);
  if (classic.length > 0) {
    throw new Error(
      `zod classic in a deployed bundle (import * as z from 'zod/mini' in functions/ and forms/):\n  ${classic.join('\n  ')}`,
    );
  }
  writePackageJson();
  const entryBytes = statSync(join(bundleDir, 'index.js')).size;
  const bundleBytes = Object.entries(meta.outputs)
    .filter(([name]) => name.endsWith('.js'))
    .reduce((sum, [, out]) => sum + out.bytes, 0);

  const rows: string[][] = [];
  let missing = 0;
  for (const fn of DEPLOYED_FUNCTIONS) {
    const file = await archive(fn.key);
    // Three fresh processes each; the median hides one-off disk and scheduler noise.
    const runs = [0, 1, 2].map(() => coldImport(fn.entryPoint));
    const median = (pick: (r: (typeof runs)[number]) => number) =>
      runs.map(pick).sort((a, b) => a - b)[1] ?? Number.NaN;
    const registered = runs.every((r) => r.registered);
    if (!registered) missing++;
    rows.push([
      `dist/${fn.key}.zip`,
      fn.entryPoint,
      kb(statSync(file).size),
      `${median((r) => r.ms).toFixed(0)} ms`,
      `${median((r) => r.fresh).toFixed(0)} ms`,
      registered ? 'yes' : 'NOT REGISTERED',
    ]);
  }
  const header = [
    'archive',
    'entry point',
    'size',
    'cold import, framework preloaded (median of 3)',
    'nothing preloaded',
    'registered',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(
    [
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `bundle ${kb(bundleBytes)} of JavaScript (index.js ${kb(entryBytes)}, the runtime in chunks/ loaded by the first invocation) from ${Object.keys(meta.inputs).length} inputs, every licence permissive`,
      `the Functions Framework alone takes ${frameworkImportMs().toFixed(0)} ms to import (median of 3); Cloud Functions loads it before our entry, so "framework preloaded" is our own cost`,
      `built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  if (missing > 0) {
    // Not fatal while functions/register.ts is still gaining functions; the deploy would fail.
    console.warn(`warning: ${missing} entry point(s) not registered by functions/entry/index.ts`);
  }
}

await main();
