// Reads a known campaign with its unit registry file (the CSV shipped beside it, or the coordinator's).
import { readFileSync } from 'node:fs';
import { campaignDefinition } from '../campaigns/index.ts';
import { type Campaign, loadCampaign } from '../forms/campaign.ts';
import { parseRegistryCsv } from '../forms/registry.ts';

/** The registry shipped with a campaign: campaigns/<id>/units.csv. */
export const shippedRegistry = (id: string) =>
  new URL(`../campaigns/${id}/units.csv`, import.meta.url);

/** Loads a campaign with a registry given as CSV text, or with the one shipped beside it. */
export function loadKnownCampaign(id: string, registryCsv?: string): Campaign {
  const definition = campaignDefinition(id);
  const csv = registryCsv ?? readFileSync(shippedRegistry(id), 'utf8');
  return loadCampaign({ ...definition, units: parseRegistryCsv(csv, definition.groups) });
}
