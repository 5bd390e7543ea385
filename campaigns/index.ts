// The campaigns this deployment knows: every campaigns/<id>/ folder with a campaign file (and its units.csv).

import { type Campaign, loadCampaign } from '../forms/campaign.ts';
import type { CampaignFileDefinition } from '../forms/campaign-file.ts';
import { PermanentError } from '../forms/errors.ts';
import { campaignFileIds, readCampaignFile } from './files.ts';

export const campaignIds = campaignFileIds();

/** Said to the coordinator whose BAOCAO_CAMPAIGN names no campaign folder. */
export class UnknownCampaignError extends PermanentError {
  constructor(readonly campaignId: string) {
    super(
      `không có đợt báo cáo «${campaignId}» (cần tệp campaigns/${campaignId}/campaign.yaml); các đợt đang có: ${campaignIds.join(', ')}`,
    );
  }
}

const read = new Map<string, CampaignFileDefinition>();

/** The campaign's definition as its file gives it (read once per process). */
export function campaignDefinition(id: string): CampaignFileDefinition {
  if (!campaignIds.includes(id)) throw new UnknownCampaignError(id);
  let definition = read.get(id);
  if (!definition) {
    definition = readCampaignFile(id);
    if (!definition) throw new UnknownCampaignError(id);
    read.set(id, definition);
  }
  return definition;
}

/**
 * The campaign without its registry file: what the deployed functions load, since the live
 * registry is the master sheet's (and a bundle carries no CSV files).
 */
export function loadCampaignDefinition(id: string): Campaign {
  return loadCampaign({ ...campaignDefinition(id), units: [] });
}
