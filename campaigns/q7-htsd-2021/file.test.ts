import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import {
  countPeopleRules,
  plausibleMaxRules,
  sectionAnsweredYesRules,
} from '../../forms/rule-kit.ts';
import { campaignDefinition } from '../index.ts';

const loaded = () => loadCampaign({ ...campaignDefinition('q7-htsd-2021'), units: [] });

describe('the 2021 campaign file', () => {
  // The snapshot was written from the TypeScript module the file replaced (campaigns/q7-htsd-2021/definition.ts, git history).
  it('loads to the campaign the TypeScript definition made: rows, labels, units, rules, reminders, plan, everything', () => {
    const snapshot = readFileSync(
      new URL('./__snapshots__/campaign.json', import.meta.url),
      'utf8',
    );
    // The table's columns were code then (functions/core/official-table.ts), not the definition.
    const { table, ...definition } = definitionOf(loaded());
    expect(definition).toEqual(JSON.parse(snapshot));
    expect(table.columns).toEqual([
      {
        header: 'Số lớp/số cuộc thi',
        group: 'Số lượng',
        short: 'Số lượng',
        kinds: ['count', 'amount'],
      },
      { header: 'Người', group: 'Số lượng', kinds: ['people'] },
    ]);
  });

  it('holds the rules the rule kit makes from its rows, in the same order', () => {
    const campaign = loaded();
    const rows = campaign.sections.flatMap((s) => s.rows);
    const kit = loadCampaign({
      ...definitionOf(campaign),
      rules: [
        ...countPeopleRules(rows),
        ...plausibleMaxRules(rows, {
          '1.*.count': 100,
          '1.*.people': 20_000,
          '2.count': 500,
          '3.count': 50_000,
          '4.1.count': 5_000,
          '4.2.count': 100_000,
          '5.*.count': 50,
          '5.*.people': 20_000,
          '6.*.count': 50,
          '6.*.people': 20_000,
          '7.2.count': 100,
          '8.count': 50,
          '9.1.count': 100,
          '9.2.people': 1_000,
          '10.*.amount': 500_000_000,
        }),
        ...sectionAnsweredYesRules(campaign.sections),
      ],
    });
    expect(campaign.rules).toEqual(kit.rules);
  });
});
