// infra/DEPLOY.md names the settings and scopes the code reads, each function's own, in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_SCOPES, OAUTH_CLIENT_SETTINGS } from '../cli/credentials.ts';
import { DOCTOR_SETTINGS } from '../cli/doctor/target.ts';
import { COMMAND_SETTINGS } from '../functions/platform/config.ts';
import { FUNCTION_SETTINGS } from '../functions/platform/settings.ts';
import { DEPLOYED_FUNCTIONS } from '../infra/catalog.ts';

const doc = readFileSync(new URL('../infra/DEPLOY.md', import.meta.url), 'utf8');

/** The text between `<!-- name:begin -->` and `<!-- name:end -->`, each time it appears. */
function blocks(name: string): string[] {
  const found = [
    ...doc.matchAll(new RegExp(`<!-- ${name}:begin -->([\\s\\S]*?)<!-- ${name}:end -->`, 'g')),
  ];
  return found.map((m) => m[1] ?? '');
}

const backticked = (text: string) =>
  new Set([...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1] ?? ''));
const scopesIn = (text: string) =>
  new Set([...text.matchAll(/https:\/\/www\.googleapis\.com\/auth\/[a-z.]+/g)].map((m) => m[0]));

const deployedSettings = Object.values(FUNCTION_SETTINGS).flatMap((f) => [
  ...f.required,
  ...f.optional,
]);
const codeSettings = new Set([
  ...deployedSettings,
  ...COMMAND_SETTINGS,
  ...DOCTOR_SETTINGS,
  ...OAUTH_CLIENT_SETTINGS,
]);
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/**
 * What a function-settings table gives one function: the rows naming it (`sync`, …) in their
 * first cell, and the rows naming no function (every function's).
 */
function tableFor(table: string, key: string) {
  const required: string[] = [];
  const optional: string[] = [];
  for (const line of table.split('\n').filter((l) => l.trim().startsWith('|'))) {
    const [, first = '', needs = '', takes = ''] = line.split('|');
    const named = [...first.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    if (named.length > 0 && !named.includes(key)) continue;
    required.push(...backticked(needs));
    optional.push(...backticked(takes));
  }
  return { required: sorted(required), optional: sorted(optional) };
}

describe('infra/DEPLOY.md says what the code does', () => {
  it('lists, in each language, exactly the settings the code reads', () => {
    const tables = blocks('settings');
    expect(tables).toHaveLength(2);
    for (const table of tables) expect(sorted(backticked(table))).toEqual(sorted(codeSettings));
  });

  it.each(DEPLOYED_FUNCTIONS.map((f) => [f.key, f.entryPoint] as const))(
    'gives %s, in each language, exactly the settings Pulumi sets on it (FUNCTION_SETTINGS)',
    (key, entryPoint) => {
      const tables = blocks('function-settings');
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        expect(tableFor(table, key)).toEqual({
          required: sorted(FUNCTION_SETTINGS[entryPoint].required),
          optional: sorted(FUNCTION_SETTINGS[entryPoint].optional),
        });
      }
    },
  );

  it('names no setting the code does not read', () => {
    expect([...backticked(doc)].filter((n) => !codeSettings.has(n))).toEqual([]);
  });

  it('asks, in each language, for exactly the scopes the command line uses', () => {
    const lists = blocks('scopes');
    expect(lists).toHaveLength(2);
    for (const list of lists) expect([...scopesIn(list)].sort()).toEqual([...CLI_SCOPES].sort());
  });

  it('mentions no scope the command line does not ask for', () => {
    expect(
      [...scopesIn(doc)].filter((s) => !(CLI_SCOPES as readonly string[]).includes(s)),
    ).toEqual([]);
  });

  it('no longer tells anyone to set a quota project or sign in with gcloud for baocao', () => {
    expect(doc).not.toContain('set-quota-project');
    expect(doc).not.toMatch(/application-default login --scopes/);
  });

  it('ends the deployment with baocao doctor', () => {
    expect(doc).toMatch(/npm run baocao -- doctor/);
  });
});
