import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { campaignDefinition } from '../index.ts';
import { definition } from './definition.ts';

describe('the 2021 campaign file', () => {
  it('loads to the same campaign the TypeScript definition made', () => {
    const fromFile = definitionOf(
      loadCampaign({ ...campaignDefinition('q7-htsd-2021'), units: [] }),
    );
    const fromCode = definitionOf(loadCampaign({ ...definition, units: [] }));
    expect(fromFile).toEqual(fromCode);
  });
});
