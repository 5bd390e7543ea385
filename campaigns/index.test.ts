import { describe, expect, it } from 'vitest';
import { campaignDefinition, campaignIds, UnknownCampaignError } from './index.ts';

describe('the campaigns of this deployment', () => {
  it('are the folders with a campaign file', () => {
    expect(campaignIds).toContain('q7-htsd-2021');
    expect(campaignDefinition('q7-htsd-2021').id).toBe('q7-htsd-2021');
  });

  it('tells a coordinator who names a campaign it does not have which file is missing and which campaigns there are', () => {
    expect(() => campaignDefinition('q7-htsd-2031')).toThrow(UnknownCampaignError);
    expect(() => campaignDefinition('q7-htsd-2031')).toThrow(
      `không có đợt báo cáo «q7-htsd-2031» (cần tệp campaigns/q7-htsd-2031/campaign.yaml); các đợt đang có: ${campaignIds.join(', ')}`,
    );
  });
});
