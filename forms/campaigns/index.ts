// The campaigns this deployment knows, by id, each with its bundled unit registry.
import { readFileSync } from 'node:fs';
import { type Campaign, loadCampaign } from '../campaign.ts';
import { parseRegistryCsv } from '../registry.ts';
import type { CampaignInput } from '../schema.ts';
import { definition as q7htsd2021 } from './q7-htsd-2021/definition.ts';

interface KnownCampaign {
  definition: Omit<CampaignInput, 'units'>;
  /** The registry file shipped with the campaign; coordinators may pass their own instead. */
  registry: URL;
}

const KNOWN: Record<string, KnownCampaign> = {
  [q7htsd2021.id]: {
    definition: q7htsd2021,
    registry: new URL('./q7-htsd-2021/units.csv', import.meta.url),
  },
};

export const campaignIds = Object.keys(KNOWN);

export class UnknownCampaignError extends Error {
  readonly retryable = false;
  constructor(readonly campaignId: string) {
    super(`Unknown campaign "${campaignId}"; known: ${campaignIds.join(', ')}`);
    this.name = 'UnknownCampaignError';
  }
}

export function campaignDefinition(id: string): Omit<CampaignInput, 'units'> {
  const known = KNOWN[id];
  if (!known) throw new UnknownCampaignError(id);
  return known.definition;
}

/**
 * The campaign without its registry file: what the deployed functions load, since the live
 * registry is the master sheet's (and a bundle carries no CSV files).
 */
export function loadCampaignDefinition(id: string): Campaign {
  return loadCampaign({ ...campaignDefinition(id), units: [] });
}

/** Loads a campaign with a registry given as CSV text, or with the one shipped beside it. */
export function loadKnownCampaign(id: string, registryCsv?: string): Campaign {
  const known = KNOWN[id];
  if (!known) throw new UnknownCampaignError(id);
  const csv = registryCsv ?? readFileSync(known.registry, 'utf8');
  return loadCampaign({
    ...known.definition,
    units: parseRegistryCsv(csv, known.definition.groups),
  });
}
