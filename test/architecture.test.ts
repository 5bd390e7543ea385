// The import rules and the dead-export check fail when the tree is broken the way the README forbids.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A throwaway project with the repository's rules and the given files. */
function project(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'baocao-arch-'));
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'probe', type: 'module', private: true }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        module: 'ESNext',
        moduleResolution: 'bundler',
        allowImportingTsExtensions: true,
        noEmit: true,
      },
    }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const depcruise = (cwd: string) =>
  spawnSync(
    bin('depcruise'),
    [
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      ...['functions', 'cli', 'forms'].filter((d) => existsSync(join(cwd, d))),
    ],
    { cwd, encoding: 'utf8' },
  );

describe('npm run check', () => {
  it('accepts imports that go downward: app → platform → forms', () => {
    const cwd = project({
      'forms/errors.ts': 'export const x = 1;\n',
      'functions/platform/log.ts':
        "import { x } from '../../forms/errors.ts';\nexport const y = x;\n",
      'functions/app/sync.ts': "import { y } from '../platform/log.ts';\nexport const z = y;\n",
    });
    const run = depcruise(cwd);
    expect(run.stdout + run.stderr).toContain('no dependency violations');
    expect(run.status).toBe(0);
  });

  it.each([
    [
      'the pure core reaching the platform',
      'functions/core/totals.ts',
      "import '../platform/log.ts';\n",
      'core-imports-only-core',
    ],
    [
      'the platform reaching the application',
      'functions/platform/log.ts',
      "import '../app/sync.ts';\n",
      'platform-is-low',
    ],
    [
      'the deployed tree reaching the CLI',
      'functions/app/sync.ts',
      "import '../../cli/setup.ts';\n",
      'deployed-tree-stays-deployable',
    ],
    [
      'forms/ reaching functions/',
      'forms/schema.ts',
      "import '../functions/core/totals.ts';\n",
      'forms-is-the-ground-floor',
    ],
  ])('fails on an upward import: %s', (_what, file, text, rule) => {
    const cwd = project({
      [file]: text,
      'functions/platform/log.ts': 'export {};\n',
      'functions/app/sync.ts': 'export {};\n',
      'functions/core/totals.ts': 'export {};\n',
      'cli/setup.ts': 'export {};\n',
      [file]: text,
    });
    const run = depcruise(cwd);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(rule);
  });

  it('fails on an export nothing imports', () => {
    const cwd = project({
      'knip.json': JSON.stringify({ entry: ['main.ts'], project: ['**/*.ts'] }),
      'main.ts': "import { used } from './lib.ts';\nconsole.log(used);\n",
      'lib.ts': 'export const used = 1;\nexport const forgotten = 2;\n',
    });
    const run = spawnSync(bin('knip'), ['--no-progress'], { cwd, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('forgotten');
  });
});
