// The campaigns this deployment knows, by id, as data (their unit registries are read by the CLI).

import { type Campaign, loadCampaign } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';
import type { CampaignInput } from '../forms/schema.ts';
import { definition as q7htsd2021 } from './q7-htsd-2021/definition.ts';

const KNOWN: Record<string, Omit<CampaignInput, 'units'>> = {
  [q7htsd2021.id]: q7htsd2021,
};

export const campaignIds = Object.keys(KNOWN);

export class UnknownCampaignError extends PermanentError {
  constructor(readonly campaignId: string) {
    super(`Unknown campaign "${campaignId}"; known: ${campaignIds.join(', ')}`);
  }
}

export function campaignDefinition(id: string): Omit<CampaignInput, 'units'> {
  const known = KNOWN[id];
  if (!known) throw new UnknownCampaignError(id);
  return known;
}

/**
 * The campaign without its registry file: what the deployed functions load, since the live
 * registry is the master sheet's (and a bundle carries no CSV files).
 */
export function loadCampaignDefinition(id: string): Campaign {
  return loadCampaign({ ...campaignDefinition(id), units: [] });
}
