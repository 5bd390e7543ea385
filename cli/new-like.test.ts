import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCampaignFile } from '../campaigns/files.ts';
import { loadCampaign } from '../forms/campaign.ts';
import { parseRegistryCsv } from '../forms/registry.ts';
import { main } from './main.ts';
import { newLikeCommand, nextYear, nextYearRegistry } from './new-like.ts';

const shipped = new URL('../campaigns/q7-htsd-2021/', import.meta.url).pathname;

/** A campaigns/ folder of its own holding the 2021 campaign, as a coordinator's copy would. */
function campaignsCopy(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'baocao-like-')), 'campaigns');
  mkdirSync(root);
  cpSync(shipped, join(root, 'q7-htsd-2021'), { recursive: true });
  return root;
}

function run(like: string, extra: { id?: string; out?: string } = {}) {
  const lines: string[] = [];
  const code = newLikeCommand({ like, ...extra }, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

/** The campaign as the loader gives it, with the folder's own units.csv. */
function loadFolder(root: string, id: string) {
  const definition = readCampaignFile(id, pathToFileURL(`${root}/`));
  if (!definition) throw new Error(`no campaign file in ${root}/${id}`);
  const csv = readFileSync(join(root, id, 'units.csv'), 'utf8');
  const campaign = loadCampaign({ ...definition, units: parseRegistryCsv(csv, definition.groups) });
  // Its data, without the lookup functions (new closures each load).
  return JSON.parse(JSON.stringify(campaign)) as typeof campaign;
}

describe('baocao new --like', () => {
  it("writes next year's folder that loads to the same campaign but its id, dates and year in titles", () => {
    const root = campaignsCopy();
    const { code, text } = run(join(root, 'q7-htsd-2021'));
    expect(code).toBe(0);
    expect(text).toContain(`✓ Đã tạo ${join(root, 'q7-htsd-2022')} từ đợt q7-htsd-2021`);
    expect(text).toContain('3 nhắc nhở, danh sách đơn vị (units.csv)');
    expect(text).toContain('deadline: hạn nộp: đã tạm lùi một năm (2021-10-08 → 2022-10-08)');
    expect(text).toContain('plan.number: số kế hoạch (4595/KH-UBND)');
    const old = loadFolder(root, 'q7-htsd-2021');
    const next = loadFolder(root, 'q7-htsd-2022');
    expect(next).toEqual({
      ...old,
      id: 'q7-htsd-2022',
      title: 'Tuần lễ hưởng ứng học tập suốt đời năm 2022',
      plan: { ...old.plan, date: '2022-10-01' },
      report: { ...old.report, subtitle: '“TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2022”' },
      period: { start: '2022-10-01', end: '2022-10-07' },
      deadline: '2022-10-08',
    });
  });

  it('keeps the original comments and marks every date-bound field to confirm', () => {
    const root = campaignsCopy();
    run(join(root, 'q7-htsd-2021'));
    const yaml = readFileSync(join(root, 'q7-htsd-2022', 'campaign.yaml'), 'utf8');
    expect(yaml).toContain('# yaml-language-server: $schema=../campaign.schema.json');
    expect(yaml).toContain("# Quận 7's 2021 lifelong-learning week");
    for (const field of ['date', 'number', 'deadline', 'reminders'])
      expect(yaml, field).toMatch(new RegExp(`# CẦN SỬA: [^\\n]*\\n\\s*${field}:`));
    expect(yaml).toMatch(
      /# CẦN SỬA: ngày bắt đầu.*\n# CẦN SỬA: ngày kết thúc.*\nperiod: \{ start: "2022-10-01", end: "2022-10-07" \}\n/,
    );
    // The rest of the file as the coordinator wrote it.
    expect(yaml).toContain(
      '  - { id: qua-han, offsetDays: 1, time: "08:00", repeatDailyForDays: 7 }',
    );
    // The registry's rows as they were, with room for this year's merges.
    const units = readFileSync(join(root, 'q7-htsd-2022', 'units.csv'), 'utf8').split('\r\n');
    const shippedUnits = readFileSync(join(shipped, 'units.csv'), 'utf8').trim().split('\n');
    expect(units[0]).toBe('\uFEFFid,name,group,emails,Tiền thân,Từ ngày');
    expect(units[5]).toBe(`${shippedUnits[5]},,`);
  });

  it('never overwrites an existing folder', () => {
    const root = campaignsCopy();
    mkdirSync(join(root, 'q7-htsd-2022'));
    const { code, text } = run(join(root, 'q7-htsd-2021'));
    expect(code).toBe(2);
    expect(text).toContain('đã có; không ghi đè');
    expect(existsSync(join(root, 'q7-htsd-2022', 'campaign.yaml'))).toBe(false);
  });

  it('takes the new id and folder the coordinator gives, and asks for an id when the old has no year', () => {
    const root = campaignsCopy();
    const out = join(root, 'hoi-thi');
    expect(run(join(root, 'q7-htsd-2021'), { id: 'hoi-thi', out }).code).toBe(0);
    expect(loadFolder(root, 'hoi-thi').id).toBe('hoi-thi');
    const { code, text } = run(out);
    expect(code).toBe(2);
    expect(text).toContain('hãy đặt mã đợt mới bằng --id');
  });

  it('is what `baocao new --like` runs, with no campaign or sign-in needed', async () => {
    const root = campaignsCopy();
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    const code = await main(
      ['new', '--like', join(root, 'q7-htsd-2021'), '--id', 'q7-htsd-2025'],
      {},
      out,
    );
    expect(code).toBe(0);
    expect(text).toContain('mã đợt mới q7-htsd-2025');
    expect(loadFolder(root, 'q7-htsd-2025').deadline).toBe('2022-10-08');
  });

  it.each([
    ['2021-10-08', '2022-10-08'],
    ['2021-10-08T17:00', '2022-10-08T17:00'],
    ['2024-02-29', '2025-02-28'],
    ['2023-02-28', '2024-02-28'],
  ])('moves %s on by a year to %s', (date, moved) => {
    expect(nextYear(date)).toBe(moved);
  });

  it("keeps last year's units, parents and codes but empties last year's merges, adding the columns for this year's", () => {
    const groups = [{ id: 'phuong', label: 'UBND phường' }];
    const merged =
      'id,name,group,cấp trên,mã ngành,tiền thân,từ ngày\n' +
      'p-tan-my,UBND Phường Tân Mỹ,phuong,,,p-tan-phong;p-tan-quy,2025-07-01\n' +
      'th-a,Trường A,phuong,p-tan-my,79000701,,\n';
    expect(parseRegistryCsv(nextYearRegistry(merged), groups)).toEqual([
      { id: 'p-tan-my', name: 'UBND Phường Tân Mỹ', group: 'phuong', emails: [] },
      {
        id: 'th-a',
        name: 'Trường A',
        group: 'phuong',
        emails: [],
        parent: 'p-tan-my',
        code: '79000701',
      },
    ]);
    const plain = nextYearRegistry('id,name,group,emails\np-a,A,phuong,a@x.vn\n');
    expect(plain.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'id,name,group,emails,Tiền thân,Từ ngày',
    );
    expect(parseRegistryCsv(plain, groups)[0]?.emails).toEqual(['a@x.vn']);
  });
});
