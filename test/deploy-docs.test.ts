import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_SCOPES } from '../cli/credentials.ts';
import { DOCTOR_SETTINGS } from '../cli/doctor/target.ts';
import { SETTING_NAMES } from '../functions/platform/config.ts';

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

const codeSettings = new Set([...SETTING_NAMES, ...DOCTOR_SETTINGS]);

describe('infra/DEPLOY.md says what the code does', () => {
  it('lists, in each language, exactly the settings the code reads', () => {
    const tables = blocks('settings');
    expect(tables).toHaveLength(2);
    for (const table of tables)
      expect([...backticked(table)].sort()).toEqual([...codeSettings].sort());
  });

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
