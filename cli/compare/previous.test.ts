// `baocao previous`: last campaign's export written into this year's campaign file, merged wards summed.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../campaigns.ts';
import { csvText } from '../csv.ts';
import { main } from '../main.ts';

let dir: string;
let csv: string;
let printed = '';
let exit: number;

const run = async (args: string[]) => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(args, {}, out);
  return { code, text: Buffer.concat(chunks).toString('utf8') };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baocao-previous-'));
  copyFileSync('campaigns/q7-htsd-2021/campaign.yaml', join(dir, 'campaign.yaml'));
  // This year: Tân Mỹ was three wards, Tân Hưng took Bình Thuận, a school is new.
  writeFileSync(
    join(dir, 'units.csv'),
    csvText([
      ['id', 'name', 'group', 'emails', 'Tiền thân', 'Từ ngày'],
      [
        'p-tan-my',
        'UBND Phường Tân Mỹ',
        'phuong',
        '',
        'p-tan-phong p-tan-quy p-tan-kieng',
        '2025-07-01',
      ],
      ['p-tan-hung', 'UBND Phường Tân Hưng', 'phuong', '', 'p-tan-hung p-binh-thuan', '2025-07-01'],
      ['th-moi', 'Trường Tiểu học Mới', 'co-so-giao-duc', '', '', ''],
    ]),
  );
  // What `baocao export` wrote last year; the parent row 1.0 is computed and not kept.
  csv = join(dir, 'q7-htsd-2021.csv');
  writeFileSync(
    csv,
    csvText([
      ['Mã đơn vị', 'Đơn vị', '1.1.count (Số lớp)', '1.1.people (Số người)', '1.0.people (Tổng)'],
      ['p-tan-phong', 'UBND Phường Tân Phong', 2, 60, 60],
      ['p-tan-quy', 'UBND Phường Tân Quy', 1, null, 0],
      ['p-tan-kieng', 'UBND Phường Tân Kiểng', 3, 100, 100],
      ['p-tan-hung', 'UBND Phường Tân Hưng', 4, 40, 40],
      ['p-binh-thuan', 'UBND Phường Bình Thuận', 1, 10, 10],
      ['phong-noi-vu', 'Phòng Nội vụ quận', 5, 500, 500],
      // Listed by the export, but it sent nothing last year.
      ['th-moi', 'Trường Tiểu học Mới', null, null, null],
    ]),
  );
  ({ code: exit, text: printed } = await run(['previous', '--campaign', dir, '--from', csv]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('baocao previous', () => {
  it('gives a merged ward the sum of the wards it replaced, and a unit that sent nothing last year no figures', () => {
    expect(exit).toBe(0);
    const previous = loadCampaignFile(dir).previous;
    expect(previous?.title).toBe('năm 2020');
    expect(previous?.figures).toEqual({
      'p-tan-my': { '1.1.count': 6, '1.1.people': 160 },
      'p-tan-hung': { '1.1.count': 5, '1.1.people': 50 },
    });
  });

  it('says what it wrote, which merges it applied and which units it could not place', () => {
    expect(printed).toContain('✓ Đã ghi số liệu năm 2020 của 2 đơn vị vào');
    expect(printed).toContain(
      'UBND Phường Tân Mỹ nhận tổng số liệu của: p-tan-phong + p-tan-quy + p-tan-kieng',
    );
    expect(printed).toContain('- Phòng Nội vụ quận (phong-noi-vu)');
    expect(printed).toContain(
      '1 đơn vị không có số liệu năm trước:\n    - Trường Tiểu học Mới (th-moi)',
    );
  });

  it('keeps the comments of the file, one line per unit, and replaces the section when run again', async () => {
    const text = readFileSync(join(dir, 'campaign.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/campaign\.schema\.json\n/);
    expect(text).toContain('p-tan-my: { 1.1.count: 6, 1.1.people: 160 }');
    const again = await run([
      'previous',
      '--campaign',
      dir,
      '--from',
      csv,
      '--title',
      'Tuần lễ 2021',
    ]);
    expect(again.text).toContain('thay cho số liệu đã có');
    expect(loadCampaignFile(dir).previous?.title).toBe('Tuần lễ 2021');
    expect(readFileSync(join(dir, 'campaign.yaml'), 'utf8').match(/^previous:/gm)).toHaveLength(1);
  });

  it('refuses a file that is not an export, in Vietnamese', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n');
    await expect(run(['previous', '--campaign', dir, '--from', bad])).rejects.toThrow(
      'không phải tệp CSV do «baocao export» ghi',
    );
  });
});

describe('baocao new --like with --previous-figures', () => {
  it('starts next year’s campaign with the old campaign’s figures of each unit already in it', async () => {
    const root = join(dir, 'campaigns');
    mkdirSync(join(root, 'q7-htsd-2021'), { recursive: true });
    copyFileSync('campaigns/q7-htsd-2021/campaign.yaml', join(root, 'q7-htsd-2021/campaign.yaml'));
    copyFileSync('campaigns/q7-htsd-2021/units.csv', join(root, 'q7-htsd-2021/units.csv'));
    const like = ['new', '--like', join(root, 'q7-htsd-2021'), '--previous-figures'];
    const { code, text } = await run([...like, csv]);
    expect(code).toBe(0);
    expect(text).toContain('✓ Đã ghi số liệu năm 2021 của');
    const figures = loadCampaignFile(join(root, 'q7-htsd-2022')).previous?.figures;
    expect(figures?.['p-tan-phong']).toEqual({ '1.1.count': 2, '1.1.people': 60 });
    expect(figures?.['phong-noi-vu']).toEqual({ '1.1.count': 5, '1.1.people': 500 });
  });

  it('creates nothing when the figures file is missing', async () => {
    const root = join(dir, 'campaigns');
    const out = join(dir, 'khong-tao');
    const missing = join(dir, 'khong-co.csv');
    const { code, text } = await run([
      'new',
      '--like',
      join(root, 'q7-htsd-2021'),
      '--out',
      out,
      '--previous-figures',
      missing,
    ]);
    expect(code).toBe(2);
    expect(text).toContain(`Không có tệp «${missing}»`);
    expect(existsSync(out)).toBe(false);
  });
});
