import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTA } from '../faults.ts';
import { type SheetsStandIn, startSheetsStandIn } from './server.ts';
import { clientFor, createBook, failure } from './testing.ts';

const open: SheetsStandIn[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startSheetsStandIn>[0] = {}) {
  const standIn = await startSheetsStandIn(options);
  open.push(standIn);
  return standIn;
}

const write = (api: ReturnType<typeof clientFor>, id: string, value: string) =>
  api.spreadsheets.values.update({
    spreadsheetId: id,
    range: "'Tiến độ'!A1",
    valueInputOption: 'RAW',
    requestBody: { values: [[value]] },
  });

describe('quota and faults', () => {
  it('the 61st write in a minute gets 429 RESOURCE_EXHAUSTED; reads and other users go on', async () => {
    const standIn = await start({ faults: { quota: DEFAULT_QUOTA }, now: () => 1_700_000_000_000 });
    const api = clientFor(standIn.url, 'coordinator');
    const id = await createBook(api, ['Tiến độ']);
    for (let i = 2; i <= 60; i++) await write(api, id, `lần ${i}`);
    const { status, error } = await failure(write(api, id, 'lần 61'));
    expect(status).toBe(429);
    expect(error.status).toBe('RESOURCE_EXHAUSTED');
    expect(error.message).toContain("'Requests per minute per user'");
    const read = await api.spreadsheets.values.get({ spreadsheetId: id, range: "'Tiến độ'!A1" });
    expect(read.data.values).toEqual([['lần 60']]);
    await write(clientFor(standIn.url, 'function-sa'), id, 'người khác');
    expect(standIn.faults.stats).toMatchObject({ writes: 61, quota429: 1 });
  });

  it('a new minute brings a fresh quota', async () => {
    let clock = 0;
    const standIn = await start({
      faults: { quota: { readsPerMinute: 1, writesPerMinute: 1 } },
      now: () => clock,
    });
    const api = clientFor(standIn.url);
    const id = await createBook(api, ['Tiến độ']);
    expect((await failure(write(api, id, 'x'))).status).toBe(429);
    clock += 60_000;
    await write(api, id, 'x');
  });

  it.each([
    [{ rate500: 1 }, 500, 'INTERNAL'],
    [{ rate503: 1 }, 503, 'UNAVAILABLE'],
    [{ rate429: 1 }, 429, 'RESOURCE_EXHAUSTED'],
  ])('injected %j answers %i %s and applies nothing', async (faults, code, statusName) => {
    const standIn = await start();
    const api = clientFor(standIn.url);
    const id = await createBook(api, ['Tiến độ']);
    standIn.faults.configure(faults);
    const { status, error } = await failure(write(api, id, 'không được ghi'));
    expect({ status, statusName: error.status }).toEqual({ status: code, statusName });
    standIn.faults.configure({});
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.rows).toEqual([]);
  });

  it('an ambiguous failure applies the write but the client only sees a dropped connection', async () => {
    const standIn = await start();
    const api = clientFor(standIn.url);
    const id = await createBook(api, ['Tiến độ']);
    standIn.faults.configure({ rateAmbiguous: 1 });
    const outcome = await write(api, id, 'đã ghi').then(
      () => 'answered',
      (error: { status?: number; code?: string }) => error.status ?? error.code ?? 'error',
    );
    expect(outcome).not.toBe('answered');
    expect(typeof outcome).toBe('string');
    standIn.faults.configure({});
    const read = await api.spreadsheets.values.get({ spreadsheetId: id, range: "'Tiến độ'!A1" });
    expect(read.data.values).toEqual([['đã ghi']]);
  });

  it('faults can be switched from another process through the control endpoint', async () => {
    const standIn = await start();
    const api = clientFor(standIn.url);
    const id = await createBook(api, ['Tiến độ']);
    const set = await fetch(`${standIn.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ seed: 7, rate503: 1 }),
    });
    expect(set.status).toBe(200);
    expect((await failure(write(api, id, 'x'))).status).toBe(503);
    const stats = (await (await fetch(`${standIn.url}/__control/stats`)).json()) as {
      stats: { injected: number };
    };
    expect(stats.stats.injected).toBe(1);
    const bad = await fetch(`${standIn.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ rate503: 3 }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('persistence', () => {
  it('a restarted stand-in keeps spreadsheets, formulas and formats', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sheets-standin-'));
    dirs.push(dataDir);
    const first = await startSheetsStandIn({ dataDir });
    const api = clientFor(first.url);
    const id = await createBook(api, ['Tiến độ', 'Số liệu']);
    await api.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Số liệu'!A1:B1",
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [[1500000, '=A1*2']] },
    });
    await first.close();

    const second = await start({ dataDir });
    const again = clientFor(second.url);
    const res = await again.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'Số liệu'!A1:B1",
      valueRenderOption: 'FORMULA',
    });
    expect(res.data.values).toEqual([[1500000, '=A1*2']]);
    const computed = await again.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'Số liệu'!B1",
    });
    expect(computed.data.values).toEqual([['3000000']]);
  });
});

describe('sheet view', () => {
  it('shows computed values escaped, in Vietnamese, with a version to poll', async () => {
    const standIn = await start();
    const api = clientFor(standIn.url);
    const id = await createBook(api, ['Tiến độ', 'Số liệu']);
    await api.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Tiến độ'!A1:B2",
      valueInputOption: 'USER_ENTERED',
      requestBody: {
        values: [
          ['<b>Trường Tiểu học "Tân Phong"</b>', '=1+1'],
          ['Đã nộp', "'=ghi chú"],
        ],
      },
    });
    const page = await (await fetch(`${standIn.url}/view/${id}`)).text();
    expect(page).toContain('&lt;b&gt;Trường Tiểu học &quot;Tân Phong&quot;&lt;/b&gt;');
    expect(page).not.toContain('<b>Trường');
    expect(page).toContain('Bảng tính');
    expect(page).toContain('Cập nhật lúc');
    expect(page).toContain('Số liệu');
    expect(page).toMatch(/<td class="n"[^>]*>2<\/td>/);

    const values = await (
      await fetch(`${standIn.url}/view/${id}/values?sheet=${encodeURIComponent('Tiến độ')}`)
    ).json();
    expect(values).toMatchObject({
      sheet: 'Tiến độ',
      values: [
        ['<b>Trường Tiểu học "Tân Phong"</b>', '2'],
        ['Đã nộp', '=ghi chú'],
      ],
    });

    const before = (await (await fetch(`${standIn.url}/view/${id}/version`)).json()) as {
      revision: number;
    };
    await api.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Tiến độ'!A2",
      valueInputOption: 'RAW',
      requestBody: { values: [['']] },
    });
    const after = (await (await fetch(`${standIn.url}/view/${id}/version`)).json()) as {
      revision: number;
    };
    expect(after.revision).toBe(before.revision + 1);

    const list = await (await fetch(`${standIn.url}/view`)).text();
    expect(list).toContain('Báo cáo thử');
  });
});
