import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignFileError } from '../forms/campaign-file.ts';
import { campaignFileIds, readCampaignFile } from './files.ts';

const yaml2021 = readFileSync(new URL('./q7-htsd-2021/campaign.yaml', import.meta.url), 'utf8');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A campaigns/ folder with the given files, as a coordinator would lay it out. */
function folder(files: Record<string, string>): URL {
  dir = mkdtempSync(join(tmpdir(), 'baocao-campaigns-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return pathToFileURL(`${dir}/`);
}

describe('finding campaigns by their files', () => {
  it('ships the 2021 campaign as a file', () => {
    expect(campaignFileIds()).toContain('q7-htsd-2021');
    expect(readCampaignFile('q7-htsd-2021')?.title).toBe(
      'Tuần lễ hưởng ứng học tập suốt đời năm 2021',
    );
  });

  it('finds a second campaign beside the first, as YAML or JSON, and skips folders without a file', () => {
    const next = yaml2021.replace('id: q7-htsd-2021', 'id: q7-htsd-2022');
    const json = JSON.stringify({
      ...readCampaignFile('q7-htsd-2021'),
      id: 'q7-khuyen-hoc-2022',
    });
    const root = folder({
      'q7-htsd-2021/campaign.yaml': yaml2021,
      'q7-htsd-2022/campaign.yaml': next,
      'q7-khuyen-hoc-2022/campaign.json': json,
      'nhap/units.csv': 'id,name,group,emails\n',
    });
    expect(campaignFileIds(root)).toEqual(['q7-htsd-2021', 'q7-htsd-2022', 'q7-khuyen-hoc-2022']);
    expect(readCampaignFile('q7-htsd-2022', root)?.id).toBe('q7-htsd-2022');
    expect(readCampaignFile('q7-khuyen-hoc-2022', root)?.id).toBe('q7-khuyen-hoc-2022');
    expect(readCampaignFile('nhap', root)).toBeUndefined();
  });

  it('refuses a file whose id is not its folder name, at the id', () => {
    const root = folder({ 'q7-htsd-2022/campaign.yaml': yaml2021 });
    expect(() => readCampaignFile('q7-htsd-2022', root)).toThrow(CampaignFileError);
    expect(() => readCampaignFile('q7-htsd-2022', root)).toThrow(
      'campaigns/q7-htsd-2022/campaign.yaml dòng 4, cột 5: mã đợt «q7-htsd-2021» khác tên thư mục «q7-htsd-2022»',
    );
  });
});
