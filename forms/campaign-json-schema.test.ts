import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { campaignJsonSchema } from './campaign-json-schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests break the file's data in arbitrary places.
type Def = Record<string, any>;
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const file2021 = (): Def => parse(read('../campaigns/q7-htsd-2021/campaign.yaml'));
const validate = () => new Ajv2020({ strict: false }).compile(campaignJsonSchema());

describe('the campaign file JSON Schema', () => {
  it('accepts the 2021 campaign file', () => {
    const check = validate();
    expect(check(file2021()), JSON.stringify(check.errors)).toBe(true);
  });

  it.each<[what: string, change: (d: Def) => void, where: string]>([
    ['a misspelt field', (d) => (d.timezon = d.timezone), ''],
    ['a row id written as a number', (d) => (d.sections[0].id = 1), '/sections/0/id'],
    [
      'a measure kind it does not know',
      (d) => (d.sections[0].rows[0].measures[0].kind = 'lop'),
      '/sections/0/rows/0/measures/0/kind',
    ],
    ['units listed in the file', (d) => (d.units = []), ''],
  ])('flags %s, as an editor would', (_, change, where) => {
    const data = file2021();
    change(data);
    const check = validate();
    expect(check(data)).toBe(false);
    expect(check.errors?.map((e) => e.instancePath)).toContain(where);
  });

  it('is the one shipped beside the campaigns, which their files name for editors', () => {
    expect(JSON.parse(read('../campaigns/campaign.schema.json'))).toEqual(campaignJsonSchema());
    expect(read('../campaigns/q7-htsd-2021/campaign.yaml')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/campaign\.schema\.json\n/,
    );
  });
});
