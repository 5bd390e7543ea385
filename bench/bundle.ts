// The deployed functions' bundle: dist/bundle from `npm run build` when current, else built here the same way.
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.ts';

export const ROOT = resolve(import.meta.dirname, '..');

/** A complete environment a deployed function could start with, BAOCAO_FUNCTION aside (functions/platform/settings.ts). */
export const DUMMY_ENV: Readonly<Record<string, string>> = {
  BAOCAO_CAMPAIGN: 'q7-htsd-2021',
  BAOCAO_TOKEN_SECRET: 'bench-timing-only-not-a-secret-0123456789abcdef',
  SPREADSHEET_ID: 'bench-spreadsheet',
  FORM_ID: 'bench-form',
  SMTP_HOST: 'smtp.invalid',
  SMTP_PORT: '587',
  SMTP_SECURE: 'false',
  MAIL_FROM: 'Báo cáo <bench@example.invalid>',
  WATCH_TOPIC: 'projects/bench/topics/forms-responses',
  SHEET_URL: 'https://docs.google.com/spreadsheets/d/bench-spreadsheet',
};

export interface Bundle {
  /** The folder holding index.js; bare imports (the Functions Framework) resolve from it. */
  dir: string;
  file: string;
  /** Where it came from, for the printed table. */
  origin: string;
  bytes: number;
}

/** Newest modification time of the sources that go into the bundle. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (
      entry.name.endsWith('.ts') ||
      entry.name.endsWith('.json') ||
      entry.name.endsWith('.csv')
    )
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** dist/bundle/index.js when it exists and is newer than functions/ and forms/; undefined otherwise. */
export function distBundle(): Bundle | undefined {
  const dir = join(ROOT, 'dist', 'bundle');
  const file = join(dir, 'index.js');
  try {
    const stat = statSync(file);
    const sources = Math.max(
      newestSource(join(ROOT, 'functions')),
      newestSource(join(ROOT, 'forms')),
    );
    if (stat.mtimeMs < sources) return undefined;
    return {
      dir,
      file,
      origin: `dist/bundle/index.js (npm run build, ${new Date(stat.mtimeMs).toISOString()})`,
      bytes: stat.size,
    };
  } catch {
    return undefined;
  }
}

/** Bundles functions/entry/index.ts as scripts/build.ts does, into a temporary folder. */
export async function freshBundle(): Promise<Bundle & { remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-bench-'));
  const file = join(dir, 'index.js');
  await build(bundleOptions(ROOT, dir));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // The Functions Framework stays external, as in the deployed archive: resolve it from the repo.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    file,
    origin: 'functions/entry/index.ts bundled by the benchmark (esbuild, as scripts/build.ts)',
    bytes: statSync(file).size,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
