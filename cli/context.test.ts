import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandClock } from './context.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A local-mode folder as `npm start` leaves it, with the clock its last start ran on. */
function folder(clock: { mode: string; offsetMs: number } | undefined, staleOffset?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-ctx-'));
  dirs.push(dir);
  const endpoints = {
    sheetsRootUrl: 'http://127.0.0.1:1',
    formsRootUrl: 'http://127.0.0.1:2',
    driveRootUrl: 'http://127.0.0.1:1',
    smtp: { host: '127.0.0.1', port: 3 },
    sheetUrl: 'http://127.0.0.1:1/view/s',
    ...(clock ? { clock } : {}),
  };
  writeFileSync(join(dir, 'endpoints.json'), JSON.stringify(endpoints));
  if (staleOffset !== undefined) writeFileSync(join(dir, 'clock-offset'), `${staleOffset}\n`);
  return dir;
}

const DAY = 24 * 3600_000;

describe("the command's clock", () => {
  it('is the real clock without --local', () => {
    expect(Math.abs(commandClock(undefined)().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("is the rehearsal's under --local: the offset local mode runs on", () => {
    const offsetMs = Date.parse('2021-10-07T02:00:00Z') - Date.now();
    const now = commandClock(folder({ mode: 'rehearsal', offsetMs }, offsetMs))();
    expect(Math.abs(now.getTime() - Date.parse('2021-10-07T02:00:00Z'))).toBeLessThan(1000);
  });

  it('is the real clock when the last start ran on it, even with a rehearsal offset left in the folder', () => {
    const now = commandClock(folder({ mode: 'real', offsetMs: 0 }, -1000 * DAY))();
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(1000);
  });
});
