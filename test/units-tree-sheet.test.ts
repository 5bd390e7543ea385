// The units tree in the live sheet: a running layout-4 sheet keeps syncing, setup adds "Cấp trên" in place, a bad parent is told, not fatal.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUnits } from '../forms/campaign.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { LAYOUT_VERSION, quoteSheet, SHEET_ID, TAB } from '../functions/sheet/layout.ts';
import { readSheetState } from '../functions/sheet/read.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor, type SheetsApi } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

const shipped = readFileSync(
  new URL('../campaigns/q7-htsd-2021/units.csv', import.meta.url),
  'utf8',
);
/** The 2021 registry with a "Cấp trên" column: Tân Phong › the continuing-education centre › the vocational school. */
const withParents = shipped
  .split('\n')
  .map((line, i) =>
    i === 0
      ? `${line},Cấp trên`
      : line.startsWith('tt-gdnn-gdtx,')
        ? `${line},p-tan-phong`
        : line.startsWith('truong-tc-nguyen-huu-canh,')
          ? `${line},tt-gdnn-gdtx`
          : line && `${line},`,
  )
  .join('\n');

let dir = '';
let local: LocalMode;
let api: SheetsApi;
let spreadsheetId = '';

const read = async (range: string) =>
  ((
    await api.spreadsheets.values.get({
      spreadsheetId,
      range,
      valueRenderOption: 'UNFORMATTED_VALUE',
    })
  ).data.values ?? []) as unknown[][];

async function progressRows(): Promise<Record<string, unknown>[]> {
  const [header = [], ...units] = (await read(quoteSheet(TAB.progress))).slice(3);
  return units.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ''])));
}
const progressRow = async (id: string) =>
  (await progressRows()).find((r) => r['Mã đơn vị'] === id) ?? {};

const linkOf = (id: string) => local.endpoints.links.find((l) => l.unitId === id)?.link ?? '';
const options = () => ({ dataDir: dir, log: memoryLogger(), sync: { refillMs: 0 } });

let headerBefore: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baocao-units-tree-'));
  local = await startLocalMode(options());
  api = clientFor(local.standIns.sheets.url);
  spreadsheetId = local.state.spreadsheetId;
  // Make it the sheet a running 2021 deployment has: layout 4, no "Cấp trên", a coordinator's edits.
  const header = (await read(`${quoteSheet(TAB.progress)}!4:4`))[0] ?? [];
  const column = header.indexOf('Cấp trên');
  await api.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: {
      requests: [
        {
          deleteDimension: {
            range: {
              sheetId: SHEET_ID.progress,
              dimension: 'COLUMNS',
              startIndex: column,
              endIndex: column + 1,
            },
          },
        },
      ],
    },
  });
  const system = await read(`${quoteSheet(TAB.system)}!A:A`);
  const versionRow = system.findIndex((r) => r[0] === 'layoutVersion') + 1;
  await api.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: 'RAW',
      data: [
        { range: `${quoteSheet(TAB.system)}!B${versionRow}`, values: [['4']] },
        // Layout 4: D is "Email nhận thư".
        { range: `${quoteSheet(TAB.progress)}!D21`, values: [['hoikhuyenhoc@q7.example']] },
      ],
    },
  });
  headerBefore = (await read(`${quoteSheet(TAB.progress)}!4:4`))[0] ?? [];
}, 60_000);

afterAll(async () => {
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a running layout-4 sheet, before setup is run again', () => {
  it('has no "Theo cấp trên" tab while no unit has a parent', async () => {
    const book = await api.spreadsheets.get({ spreadsheetId });
    expect(book.data.sheets?.map((t) => t.properties?.title)).not.toContain('Theo cấp trên');
  });

  it('has no "Cấp trên" column', () => {
    expect(headerBefore.slice(0, 4)).toEqual(['Mã đơn vị', 'Đơn vị', 'Nhóm', 'Email nhận thư']);
  });

  it('still syncs a report', async () => {
    await submit(local.campaign, linkOf('p-tan-phong'), { answers: { '8.count': '4' } });
    await until('Tân Phong counted', async () =>
      (await progressRow('p-tan-phong'))['Trạng thái'] === 'Đã nộp' ? true : undefined,
    );
  }, 30_000);
});

describe('setup on a layout-4 sheet, with a registry that nests units', () => {
  beforeAll(async () => {
    await local.close();
    local = await startLocalMode({ ...options(), registryCsv: withParents });
    api = clientFor(local.standIns.sheets.url);
  }, 60_000);

  it('says what it upgraded and records the version', async () => {
    expect(local.setup.done.join('\n')).toContain('thêm cột «Cấp trên» sau cột «Nhóm»');
    const system = await read(`${quoteSheet(TAB.system)}!A:B`);
    expect(system.find((r) => r[0] === 'layoutVersion')?.[1]).toBe(String(LAYOUT_VERSION));
  });

  it('inserts "Cấp trên" after "Nhóm", filled from the registry, keeping what was typed and counted', async () => {
    const header = (await read(`${quoteSheet(TAB.progress)}!4:4`))[0] ?? [];
    expect(header.slice(0, 5)).toEqual([
      'Mã đơn vị',
      'Đơn vị',
      'Nhóm',
      'Cấp trên',
      'Email nhận thư',
    ]);
    expect((await progressRow('tt-gdnn-gdtx'))['Cấp trên']).toBe('p-tan-phong');
    expect((await progressRow('p-tan-kieng'))['Cấp trên']).toBe('');
    expect((await progressRow('hoi-khuyen-hoc'))['Email nhận thư']).toBe('hoikhuyenhoc@q7.example');
    expect((await progressRow('p-tan-phong'))['Trạng thái']).toBe('Đã nộp');
  });

  it('reads the parent back into the live registry', async () => {
    await submit(local.campaign, linkOf('tt-gdnn-gdtx'), { answers: { '8.count': '1' } });
    await submit(local.campaign, linkOf('truong-tc-nguyen-huu-canh'), {
      answers: { '8.count': '2' },
    });
    for (const id of ['tt-gdnn-gdtx', 'truong-tc-nguyen-huu-canh'])
      await until(`${id} counted`, async () =>
        (await progressRow(id))['Trạng thái'] === 'Đã nộp' ? true : undefined,
      );
    const live = await readSheetState(
      googleClients({
        BAOCAO_CAMPAIGN: local.campaign.id,
        SHEETS_ROOT_URL: local.endpoints.sheetsRootUrl,
        FORMS_ROOT_URL: local.endpoints.formsRootUrl,
        GOOGLE_ACCESS_TOKEN: 'local-coordinator',
      }),
      spreadsheetId,
      // Without a registry: the parents can only come from the sheet.
      withUnits(local.campaign, []),
      { sleep: async () => {}, random: () => 0, log: memoryLogger() },
    );
    expect(live.campaign.unit('tt-gdnn-gdtx')?.parent).toBe('p-tan-phong');
    expect(live.campaign.unit('p-tan-kieng')?.parent).toBeUndefined();
  }, 30_000);

  it('subtotals each parent over everything under it in "Theo cấp trên", while TỔNG CỘNG counts each unit once', async () => {
    const [, , header = [], ...parents] = await read(quoteSheet('Theo cấp trên'));
    const col = header.findIndex((h) => String(h).startsWith('8 '));
    // Tân Phong sent 4, the centre 1, the school under the centre 2.
    expect(parents.map((r) => [r[0], r[2], r[col]])).toEqual([
      ['p-tan-phong', 3, 7],
      ['tt-gdnn-gdtx', 2, 3],
    ]);
    const data = await read(quoteSheet(TAB.data));
    const dataHeader = data[2] ?? [];
    const dataCol = (data[1] ?? []).findIndex((h) => String(h).startsWith('8 '));
    expect(dataHeader[dataCol]).toBeTruthy();
    expect(data.find((r) => r[0] === 'TỔNG CỘNG')?.[dataCol]).toBe(7);
  });

  it('keeps syncing a unit whose typed parent loops, and tells the coordinator which row', async () => {
    const rows = await progressRows();
    const row = (id: string) => 5 + rows.findIndex((r) => r['Mã đơn vị'] === id);
    // Tân Phong typed under the centre that is under Tân Phong.
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: `${quoteSheet(TAB.progress)}!D${row('p-tan-phong')}`,
      valueInputOption: 'RAW',
      requestBody: { values: [['tt-gdnn-gdtx']] },
    });
    await submit(local.campaign, linkOf('p-tan-kieng'), { answers: { '8.count': '3' } });
    const alert = await local.standIns.mail.waitFor(
      (m) => m.subject.startsWith('Cần sửa danh sách đơn vị'),
      20_000,
    );
    expect(alert.text).toContain('Cấp trên');
    expect(alert.text).toContain(
      `dòng ${row('p-tan-phong')} (UBND Phường Tân Phong): cấp trên tạo thành vòng lặp: «p-tan-phong» → «tt-gdnn-gdtx» → «p-tan-phong»`,
    );
    await until('Tân Kiểng counted', async () =>
      (await progressRow('p-tan-kieng'))['Trạng thái'] === 'Đã nộp' ? true : undefined,
    );
  }, 40_000);
});
