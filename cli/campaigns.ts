// Reads a known campaign with its unit registry file (the CSV shipped beside it, or the coordinator's), or a campaign file named on the command line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { campaignDefinition } from '../campaigns/index.ts';
import { type Campaign, loadCampaign } from '../forms/campaign.ts';
import { parseCampaignFile } from '../forms/campaign-file.ts';
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

/** `--campaign` names a file (it exists, or ends like one) rather than an id under campaigns/. */
export const isCampaignFile = (arg: string) =>
  /\.(ya?ml|json)$/i.test(arg) || (arg.includes('/') && existsSync(arg));

/**
 * A campaign file given on the command line (`baocao setup --campaign f.yaml`), wherever it is,
 * with `registryFile` or the units.csv beside it; a folder means its campaign.yaml.
 */
export function loadCampaignFile(path: string, registryFile?: string): Campaign {
  const file = /\.(ya?ml|json)$/i.test(path) ? path : join(path, 'campaign.yaml');
  const definition = parseCampaignFile(readFileSync(file, 'utf8'), file);
  const csv = readFileSync(registryFile ?? join(dirname(resolve(file)), 'units.csv'), 'utf8');
  return loadCampaign({ ...definition, units: parseRegistryCsv(csv, definition.groups) });
}
