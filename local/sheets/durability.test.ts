// A write the Sheets stand-in has answered survives the process being killed, as a write Google answered does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SnapshotStore } from '../persist.ts';
import { SheetsStore } from './store.ts';
import { clientFor, createBook, type SheetsApi } from './testing.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-sheets-durable-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The stand-in in its own process on the data folder, as `npm start` runs it. */
async function startProcess(): Promise<{ child: ChildProcess; api: SheetsApi }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/sheets/main.ts', '--port', '0', '--data', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const found = /Sheets v4 stand-in: (http:\/\/\S+?)\/\s/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited (${code}): ${out}`)));
  });
  return { child, api: clientFor(url) };
}

/** SIGKILL: no signal handler runs, nothing is flushed; only what is already on disk remains. */
async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const cell = (api: SheetsApi, id: string, range: string) =>
  api.spreadsheets.values.get({ spreadsheetId: id, range }).then((r) => r.data.values?.[0]?.[0]);

describe('Sheets stand-in durability', () => {
  it('keeps every answered write when the process is killed right after the answer', async () => {
    let { child, api } = await startProcess();
    const id = await createBook(api, ['Số liệu']);
    for (let round = 1; round <= 3; round++) {
      await api.spreadsheets.values.update({
        spreadsheetId: id,
        range: `'Số liệu'!A${round}`,
        valueInputOption: 'RAW',
        requestBody: { values: [[`lần ${round}`]] },
      });
      await killHard(child);
      ({ child, api } = await startProcess());
      for (let seen = 1; seen <= round; seen++)
        expect(await cell(api, id, `'Số liệu'!A${seen}`)).toBe(`lần ${seen}`);
    }
    await killHard(child);
  }, 60_000);

  it('keeps a burst of concurrent writes, answered together by shared saves', async () => {
    let { child, api } = await startProcess();
    const id = await createBook(api, ['Số liệu']);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.spreadsheets.values.update({
          spreadsheetId: id,
          range: `'Số liệu'!B${i + 1}`,
          valueInputOption: 'RAW',
          requestBody: { values: [[i]] },
        }),
      ),
    );
    await killHard(child);
    ({ child, api } = await startProcess());
    const res = await api.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'Số liệu'!B1:B20",
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(res.data.values?.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await killHard(child);
  }, 60_000);

  it('saves a burst once for the writes that came while a save was writing, not once per write', async () => {
    const saves = vi.spyOn(SnapshotStore.prototype, 'saveAsync');
    const store = new SheetsStore(join(dataDir, 'burst'), Date.now);
    const id = store.create({}).spreadsheetId;
    const waits = Array.from({ length: 20 }, () => {
      store.mutate(id, (draft) => {
        draft.properties.title = 'đổi';
      });
      return store.durable();
    });
    await Promise.all(waits);
    // The first write's save, then one more holding the other nineteen.
    expect(saves).toHaveBeenCalledTimes(2);
    saves.mockRestore();
  });
});
