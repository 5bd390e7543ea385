// The full `googleapis` package for the comparison: installed outside the repo, never in package.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GOOGLEAPIS_DIR = '/tmp/bench-googleapis';
/** googleapis 178.1.1 and later require Node 22; 178.0.0 is the last for Node 18+ (npm view, 2026). */
const FALLBACK_VERSION = '178.0.0';

export interface Googleapis {
  ok: boolean;
  dir: string;
  version: string;
  note: string;
}

function installedVersion(): string | undefined {
  const file = join(GOOGLEAPIS_DIR, 'node_modules', 'googleapis', 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

const minMajor = (range: string | undefined) => Number(/>=\s*(\d+)/.exec(range ?? '')?.[1] ?? 0);

/** The newest googleapis whose `engines.node` accepts this Node.js, asked of the npm registry. */
function newestForThisNode(): string {
  const run = spawnSync('npm', ['view', 'googleapis@>=170', 'version', 'engines', '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) return FALLBACK_VERSION;
  try {
    const list = JSON.parse(run.stdout) as { version: string; engines?: { node?: string } }[];
    const major = Number(process.versions.node.split('.')[0]);
    const fits = list
      .filter((v) => minMajor(v.engines?.node) <= major)
      .map((v) => v.version)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return fits.at(-1) ?? FALLBACK_VERSION;
  } catch {
    return FALLBACK_VERSION;
  }
}

/** Reuses an earlier install; otherwise `npm install --no-save` into /tmp (the registry is reachable). */
export function ensureGoogleapis(): Googleapis {
  const present = installedVersion();
  if (present) {
    return { ok: true, dir: GOOGLEAPIS_DIR, version: present, note: `reused ${GOOGLEAPIS_DIR}` };
  }
  const version = newestForThisNode();
  mkdirSync(GOOGLEAPIS_DIR, { recursive: true });
  if (!existsSync(join(GOOGLEAPIS_DIR, 'package.json'))) {
    writeFileSync(
      join(GOOGLEAPIS_DIR, 'package.json'),
      '{ "name": "bench-googleapis", "private": true, "type": "module" }\n',
    );
  }
  const run = spawnSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', `googleapis@${version}`],
    { cwd: GOOGLEAPIS_DIR, encoding: 'utf8', timeout: 240_000 },
  );
  const got = installedVersion();
  if (run.status !== 0 || !got) {
    const why = (run.stderr || run.error?.message || 'npm install failed')
      .trim()
      .split('\n')
      .at(-1);
    return {
      ok: false,
      dir: GOOGLEAPIS_DIR,
      version,
      note: `could not install googleapis: ${why}`,
    };
  }
  return { ok: true, dir: GOOGLEAPIS_DIR, version: got, note: `installed into ${GOOGLEAPIS_DIR}` };
}
