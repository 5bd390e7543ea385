// Reads the campaign files in campaigns/<id>/campaign.yaml; the functions bundle replaces this module with their parsed data (scripts/bundle-options.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type CampaignFileDefinition, parseCampaignFile } from '../forms/campaign-file.ts';

const FILE_NAMES = ['campaign.yaml', 'campaign.json'];
/** campaigns/ itself; tests give another folder laid out the same way. */
const shipped = new URL('./', import.meta.url);

/** The file of campaign `id`, if its folder has one. */
function fileOf(id: string, root: URL): URL | undefined {
  return FILE_NAMES.map((name) => new URL(`${id}/${name}`, root)).find((url) => existsSync(url));
}

/** Every campaign shipped here: each folder of campaigns/ holding a campaign file. */
export function campaignFileIds(root: URL = shipped): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fileOf(e.name, root) !== undefined)
    .map((e) => e.name)
    .sort();
}

/** Campaign `id`'s definition read from its file and checked; undefined when there is none. */
export function readCampaignFile(
  id: string,
  root: URL = shipped,
): CampaignFileDefinition | undefined {
  const url = fileOf(id, root);
  if (!url) return undefined;
  const name = `campaigns/${id}/${url.pathname.split('/').at(-1)}`;
  return parseCampaignFile(readFileSync(url, 'utf8'), name, { id });
}
