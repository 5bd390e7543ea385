// The scopes the docs tell an operator to put on the consent screen are the ones `baocao login` asks for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_SCOPES, OAUTH_CLIENT_SETTINGS } from '../cli/credentials.ts';

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

describe("the operator's consent-screen steps in infra/DEPLOY.md", () => {
  const deploy = readFileSync('infra/DEPLOY.md', 'utf8');
  const lists = [...deploy.matchAll(/<!-- scopes:begin -->([\s\S]*?)<!-- scopes:end -->/g)].map(
    (m) => m[1] ?? '',
  );

  it('pastes, in each language, exactly the scopes `baocao login` asks for, in its order', () => {
    expect(lists).toHaveLength(2);
    for (const list of lists) expect(list.match(SCOPE)).toEqual([...CLI_SCOPES]);
  });

  it('hands the coordinator the Desktop client as the settings `baocao login` reads', () => {
    for (const setting of OAUTH_CLIENT_SETTINGS) expect(deploy).toContain(`\`${setting}\``);
    expect(deploy).toMatch(/npm run baocao -- login/);
  });

  it('no longer tells anyone to sign in through gcloud with scopes or to set a quota project', () => {
    expect(deploy).not.toMatch(/application-default login --scopes/);
    expect(deploy).not.toContain('set-quota-project');
  });
});
