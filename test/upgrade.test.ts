// A master sheet made by the first release (layout 1) is upgraded in place by setup, keeping what the coordinator typed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewerLayoutError, planMigrations } from '../cli/sheet/migrations.ts';
import { readSetupState } from '../cli/state.ts';
import { isRetryable } from '../forms/errors.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { LAYOUT_VERSION, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { SheetLayoutError } from '../functions/sheet/read.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';
import { clientFor, type SheetsApi } from '../local/sheets/testing.ts';
import { startStandIns } from '../local/standins.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

/**
 * test/fixtures/sheet-v1 is `npm start`'s data folder as the first release (commit 26e974a,
 * before the links moved) left it after two units reported: its spreadsheet, form and setup state.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'sheet-v1');

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

/** A unit's row of "Tiến độ" as header → value. */
async function progressRow(unitId: string): Promise<Record<string, unknown>> {
  const rows = (await read(quoteSheet(TAB.progress))).slice(3);
  const [header = [], ...units] = rows;
  const row = units.find((r) => r[0] === unitId) ?? [];
  return Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? '']));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baocao-upgrade-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const file of ['sheets/sheets.json', 'forms/forms.json']) {
    writeFileSync(join(dir, file), gunzipSync(readFileSync(join(dir, `${file}.gz`))));
    rmSync(join(dir, `${file}.gz`));
  }
  spreadsheetId = readSetupState(join(dir, 'setup.json'))?.spreadsheetId ?? '';

  // The coordinator's work on the old sheet: an email, a send-back request, a hand correction.
  const old = await startStandIns({ dataDir: dir });
  api = clientFor(old.sheets.url);
  await api.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: {
      valueInputOption: 'RAW',
      data: [
        // Layout 1 columns: D emails, K the link, L Duyệt, M Nhận xét.
        { range: `${quoteSheet(TAB.progress)}!D21`, values: [['hoikhuyenhoc@q7.example']] },
        { range: `${quoteSheet(TAB.progress)}!L13:M13`, values: [['Đã duyệt', 'Số liệu khớp']] },
      ],
    },
  });
  const v1 = await read(`${quoteSheet(TAB.progress)}!A4:N30`);
  expect(v1[0]?.[10]).toBe('Đường link riêng');
  expect(v1.find((r) => r[0] === 'p-tan-phong')?.[11]).toBe('Đã duyệt');
  expect(v1.find((r) => r[0] === 'hoi-khuyen-hoc')?.[3]).toBe('hoikhuyenhoc@q7.example');
  await old.close();

  local = await startLocalMode({ dataDir: dir, log: memoryLogger(), sync: { refillMs: 0 } });
  api = clientFor(local.standIns.sheets.url);
}, 60_000);

afterAll(async () => {
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('setup on a sheet made by the first release', () => {
  it('says what it upgraded', () => {
    expect(local.setup.done.join('\n')).toContain(
      `Nâng cấp bố cục bảng lên phiên bản ${LAYOUT_VERSION}`,
    );
  });

  it('records the new layout version', async () => {
    const system = await read(`${quoteSheet(TAB.system)}!A:B`);
    expect(system.find((r) => r[0] === 'layoutVersion')?.[1]).toBe(String(LAYOUT_VERSION));
  });

  it('moves the personal links to the hidden tab and off "Tiến độ"', async () => {
    const book = await api.spreadsheets.get({ spreadsheetId });
    const links = book.data.sheets?.find((s) => s.properties?.title === TAB.links);
    expect(links?.properties?.hidden).toBe(true);
    const rows = await read(`${quoteSheet(TAB.links)}!A2:B`);
    expect(rows).toEqual(local.endpoints.links.map((l) => [l.unitId, l.link]));
    const progress = await read(quoteSheet(TAB.progress));
    expect(progress.flat().some((c) => String(c).includes('usp=pp_url'))).toBe(false);
    expect(progress[3]).not.toContain('Đường link riêng');
  });

  it('keeps every cell the coordinator typed beside the unit it was typed for', async () => {
    expect((await progressRow('hoi-khuyen-hoc'))['Email nhận thư']).toBe('hoikhuyenhoc@q7.example');
    const tanPhong = await progressRow('p-tan-phong');
    expect(tanPhong.Duyệt).toBe('Đã duyệt');
    expect(tanPhong['Nhận xét của người tổng hợp']).toBe('Số liệu khớp');
    // The reports counted under the first release stay counted.
    expect(tanPhong['Trạng thái']).toBe('Đã nộp');
    expect((await read(`${quoteSheet(TAB.log)}!A2:A`)).length).toBe(2);
  });

  it('then syncs a new report and mails the unit its link from the new tab', async () => {
    const link = local.endpoints.links.find((l) => l.unitId === 'p-phu-my')?.link ?? '';
    await submit(local.campaign, link, { answers: { '8.count': '4' } });
    const receipt = await local.standIns.mail.waitFor(
      (m) => m.subject.startsWith('Biên nhận') && m.subject.includes('Phú Mỹ'),
      20_000,
    );
    expect(receipt.text).toContain(link);
    await until('the row', async () =>
      (await progressRow('p-phu-my'))['Trạng thái'] === 'Đã nộp' ? true : undefined,
    );
  }, 30_000);
});

describe('a sheet whose layout this release does not know', () => {
  it('is refused by sync, permanently, and the coordinator is told once an hour', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: `${quoteSheet(TAB.system)}!B5`,
      valueInputOption: 'RAW',
      requestBody: { values: [[String(LAYOUT_VERSION + 1)]] },
    });
    expect((await read(`${quoteSheet(TAB.system)}!A5`))[0]?.[0]).toBe('layoutVersion');
    const alerts = () =>
      local.standIns.mail.messages().filter((m) => m.subject.startsWith('Cần xử lý'));
    const first = await local.runtime.sync('manual').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SheetLayoutError);
    expect(isRetryable(first)).toBe(false);
    await until('the alert', () => (alerts().length === 1 ? true : undefined));
    expect(alerts()[0]?.text).toContain('không nhận ra');
    expect(await local.runtime.sync('manual').catch((e: unknown) => e)).toBeInstanceOf(
      SheetLayoutError,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts()).toHaveLength(1);
  });

  it('is left alone by an older setup', () => {
    const facts = {
      progressHeader: [],
      sheetIds: new Set<number>(),
      unitCount: 1,
      layout: sheetLayout(local.campaign),
    };
    expect(() => planMigrations(LAYOUT_VERSION + 1, facts)).toThrow(NewerLayoutError);
    expect(planMigrations(LAYOUT_VERSION, facts).requests).toEqual([]);
  });

  it('raises a layout-5 sheet to 6 without moving a cell: only older releases are kept out', () => {
    const facts = {
      progressHeader: ['Mã đơn vị', 'Nhóm', 'Cấp trên'],
      sheetIds: new Set<number>([1, 2, 3, 4, 5, 6]),
      unitCount: 1,
      layout: sheetLayout(local.campaign),
    };
    const plan = planMigrations(5, facts);
    expect(plan.requests).toEqual([]);
    expect(plan.done).toEqual([expect.stringContaining('Nâng cấp bố cục bảng lên phiên bản 6')]);
  });
});
