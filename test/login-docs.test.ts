// The scopes the docs tell an operator to put on the consent screen are the ones `baocao login` asks for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_SCOPES } from '../cli/credentials.ts';

const SCOPE = /https:\/\/www\.googleapis\.com\/auth\/[\w.]+/g;

describe("the coordinator's sign-in in the docs", () => {
  const readme = readFileSync('README.md', 'utf8');

  it('lists exactly the scopes the CLI asks for, in the README\'s "How baocao login signs in"', () => {
    const start = readme.indexOf('**How `baocao login` signs in.**');
    const section = readme.slice(start, readme.indexOf('\n\n', readme.indexOf('\n- ', start)));
    expect(start).toBeGreaterThan(0);
    expect(section.match(SCOPE)).toEqual([...CLI_SCOPES]);
  });

  it('names no other scope anywhere in the README (no stale gcloud line)', () => {
    expect(new Set(readme.match(SCOPE))).toEqual(new Set(CLI_SCOPES));
  });

  it('no longer tells the coordinator to sign in through gcloud application-default', () => {
    expect(readme).not.toMatch(/gcloud auth application-default/);
  });
});
