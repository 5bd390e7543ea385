// Local mode's scheduled reminders on the rehearsal clock: nothing from before the rehearsal began, each due slot once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../forms/format.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-rehearsal-'));
  dirs.push(dir);
  return dir;
};

const start = (dataDir: string) =>
  startLocalMode({ dataDir, sync: { burst: 100, refillMs: 0 }, log: memoryLogger() });

const realNow = Date.now;
/** Moves every clock (the real one, so the rehearsal's too) `ms` on from now. */
const jump = (ms: number) => {
  Date.now = () => realNow() + ms;
};
const restoreClock = () => {
  Date.now = realNow;
};
const reminders = (local: LocalMode) =>
  local.standIns.mail.messages().filter((m) => m.subject.startsWith('Nhắc nộp báo cáo'));
const HOUR = 3600_000;

describe('the scheduled reminders of a rehearsal', () => {
  it('send the 08/10 07:30 reminder once when a running rehearsal reaches it', async () => {
    const local = await start(folder());
    try {
      await local.tick();
      expect(reminders(local)).toHaveLength(0);
      // 07/10 09:00 + 22 h 29 min: a minute before the slot, still nothing.
      jump(22 * HOUR + 29 * 60_000);
      await local.tick();
      expect(reminders(local)).toHaveLength(0);
      jump(22 * HOUR + 30 * 60_000);
      await local.tick();
      await local.tick();
      const sent = reminders(local);
      expect(sent).toHaveLength(local.campaign.units.length);
      expect(sent.every((m) => m.subject.includes('hôm nay là hạn cuối'))).toBe(true);
    } finally {
      await local.close();
      restoreClock();
    }
  }, 60_000);

  it('send nothing whose time passed before it began, and the 08/10 07:30 reminder once when the clock reaches it, across a restart', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const firstStart = first.remindersFrom;
    try {
      expect(formatDateTime(first.now(), first.campaign.timezone)).toMatch(/ngày 07\/10\/2021$/);
      // 07/10 09:00: the 06/10 08:00 slot is the latest due, but it passed before the rehearsal.
      await first.tick();
      expect(reminders(first)).toHaveLength(0);
      expect(first.standIns.mail.messages().map((m) => m.subject)).not.toContainEqual(
        expect.stringMatching(/^Tiến độ báo cáo/),
      );
    } finally {
      await first.close();
    }

    // Restarted the next morning, after 07:30: the 08/10 slot came after the rehearsal began,
    // so it is sent, even though this start is later than it.
    jump(22 * HOUR + 45 * 60_000);
    const second = await start(dataDir);
    try {
      expect(formatDateTime(second.now(), second.campaign.timezone)).toMatch(
        /^07:4\d ngày 08\/10\/2021$/,
      );
      expect(second.remindersFrom).toEqual(firstStart);
      await second.tick();
      const sent = reminders(second);
      expect(sent).toHaveLength(second.campaign.units.length);
      expect(sent.every((m) => m.subject.includes('hôm nay là hạn cuối'))).toBe(true);
      await second.tick();
      expect(reminders(second)).toHaveLength(sent.length);
    } finally {
      await second.close();
      restoreClock();
    }
  }, 60_000);

  it("leave a passed slot to the coordinator, whose choice is sent whatever the rehearsal's start", async () => {
    const local = await start(folder());
    try {
      await local.tick();
      expect(reminders(local)).toHaveLength(0);
      const report = await local.runtime.remind({
        slotId: 'truoc-han-2-ngay',
        dryRun: false,
        notBefore: local.remindersFrom,
      });
      expect(report.slot?.id).toBe('truoc-han-2-ngay@2021-10-06');
      expect(reminders(local)).toHaveLength(local.campaign.units.length);
    } finally {
      await local.close();
    }
  }, 60_000);
});
