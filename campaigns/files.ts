// Reads the campaign files in campaigns/<id>/campaign.yaml; the functions bundle replaces this module with their parsed data (scripts/bundle-options.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type CampaignFileDefinition, parseCampaignFile } from '../forms/campaign-file.ts';

const FILE_NAMES = ['campaign.yaml', 'campaign.json'];
const folder = new URL('./', import.meta.url);

/** The file of campaign `id`, if its folder has one. */
function fileOf(id: string): URL | undefined {
  return FILE_NAMES.map((name) => new URL(`${id}/${name}`, folder)).find((url) => existsSync(url));
}

/** Every campaign shipped here: each folder of campaigns/ holding a campaign file. */
export function campaignFileIds(): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fileOf(e.name) !== undefined)
    .map((e) => e.name)
    .sort();
}

/** Campaign `id`'s definition read from its file and checked; undefined when there is none. */
export function readCampaignFile(id: string): CampaignFileDefinition | undefined {
  const url = fileOf(id);
  if (!url) return undefined;
  const definition = parseCampaignFile(
    readFileSync(url, 'utf8'),
    `campaigns/${id}/${url.pathname.split('/').at(-1)}`,
  );
  if (definition.id !== id) {
    throw new Error(
      `campaigns/${id}: the file says id "${definition.id}"; a folder is named by its campaign's id`,
    );
  }
  return definition;
}
