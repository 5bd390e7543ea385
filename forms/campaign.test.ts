import { describe, expect, it } from 'vitest';
import { campaignDefinition } from '../campaigns/index.ts';
import { CampaignDefinitionError, loadCampaign } from './campaign.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests break the definition in arbitrary places.
type Def = Record<string, any>;
const base = (): Def => structuredClone({ ...campaignDefinition('q7-htsd-2021'), units: [] });
type Case = [what: string, mutate: (d: Def) => unknown, path: string, detail?: string];

function failureOf(mutate: (d: Def) => unknown): CampaignDefinitionError {
  const d = base();
  mutate(d);
  try {
    loadCampaign(d);
  } catch (error) {
    if (error instanceof CampaignDefinitionError) return error;
    throw error;
  }
  throw new Error('definition was accepted');
}

describe('loading a campaign definition', () => {
  it('accepts the shipped 2021 definition', () => {
    expect(loadCampaign(base()).id).toBe('q7-htsd-2021');
  });

  it('gives a file without a table the 2021 plan’s two quantity columns', () => {
    const d = base();
    delete d.table;
    expect(loadCampaign(d).table.columns).toEqual([
      {
        header: 'Số lớp/số cuộc thi',
        group: 'Số lượng',
        short: 'Số lượng',
        kinds: ['count', 'amount'],
      },
      { header: 'Người', group: 'Số lượng', kinds: ['people'] },
    ]);
  });

  it.each<Case>([
    ['a missing title', (d) => delete d.title, 'title'],
    ['a malformed deadline', (d) => (d.deadline = '08/10/2021'), 'deadline'],
    ['an unknown time zone', (d) => (d.timezone = 'Asia/Saigon_City'), 'timezone'],
    [
      'a coordinator email that is not one',
      (d) => (d.coordinator.emails = ['pgd7']),
      'coordinator.emails[0]',
    ],
    ['a row label missing', (d) => delete d.sections[0].rows[2].label, 'sections[0].rows[2].label'],
    [
      'a row id outside its section',
      (d) => (d.sections[1].rows[0].id = '3'),
      'sections[1].rows[0].id',
    ],
    [
      'a sum of an unknown measure',
      (d) => (d.sections[0].rows[0].measures[0].sumOf = ['1.99.count']),
      'sections[0].rows[0].measures[0].sumOf[0]',
    ],
    [
      'a computed row without sumOf',
      (d) => delete d.sections[0].rows[0].measures[0].sumOf,
      'sections[0].rows[0].measures[0].sumOf',
    ],
    [
      'a rule on an unknown measure',
      (d) => (d.rules[0].assert = { op: '>', left: { m: 'x.count' }, right: { const: 0 } }),
      'rules[0].assert.left',
    ],
    ['a rule about an unknown row', (d) => (d.rules[0].row = '42'), 'rules[0].row'],
    ['an unknown field', (d) => (d.colour = 'red'), '(root)', 'colour'],
    ['a lock date before the deadline', (d) => (d.lockAt = '2021-10-01'), 'lockAt'],
    ['text in NFD', (d) => (d.title = 'Tuần lễ'.normalize('NFD')), 'title'],
    [
      'a unit in an unknown group',
      (d) => (d.units = [{ id: 'x', name: 'X', group: 'nope' }]),
      'units[0].group',
    ],
    [
      'a measure kind printed in two table columns',
      (d) => d.table.columns[1].kinds.push('count'),
      'table.columns[1].kinds[1]',
    ],
    ['a table without quantity columns', (d) => (d.table.columns = []), 'table.columns'],
    [
      'a unit whose parent is not a unit',
      (d) => (d.units = [{ id: 'th-a', name: 'A', group: 'phuong', parent: 'p-tan-my' }]),
      'units[0].parent',
      'cấp trên «p-tan-my» của đơn vị «th-a» không có',
    ],
    [
      "units that are each other's parent",
      (d) =>
        (d.units = [
          { id: 'a', name: 'A', group: 'phuong', parent: 'b' },
          { id: 'b', name: 'B', group: 'phuong', parent: 'a' },
        ]),
      'units[0].parent',
      'vòng lặp',
    ],
    [
      'a sector code held by two units',
      (d) =>
        (d.units = [
          { id: 'a', name: 'A', group: 'phuong', code: '79000701' },
          { id: 'b', name: 'B', group: 'phuong', code: '79000701' },
        ]),
      'units[1].code',
    ],
  ])('rejects %s, naming the bad field', (_, mutate, path, detail) => {
    const error = failureOf(mutate);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(error.message).toContain(path);
    if (detail) expect(error.message).toContain(detail);
  });
});
