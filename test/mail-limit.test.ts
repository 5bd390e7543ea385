// A mailbox past its daily sending limit: receipts and a reminder round wait in the sheet and all go the next day, each once.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { MAIL_STATUS } from '../functions/core/wording.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { linkOf, readTab, withQuietLocal } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';

const HOUR = 60 * 60_000;
const SLOT = 'truoc-han-2-ngay';

describe('an SMTP server that refuses past N mails a day', () => {
  it('keeps every owed mail in the sheet, stops at the first refusal, and sends each one once the next day', async () => {
    await withQuietLocal({}, async (local, log) => {
      const sink = local.standIns.mail;
      const layout = sheetLayout(local.campaign);
      const reporting = local.endpoints.links.slice(0, 6).map((l) => l.unitId);
      for (const [i, unitId] of reporting.entries()) {
        await submit(local.campaign, linkOf(local, unitId), {
          answers: { '2.count': String(i + 1) },
        });
      }
      const plan = await local.runtime.remind({ slotId: SLOT, dryRun: true });
      const reminded = plan.reminders.length - reporting.length;
      expect(reminded).toBeGreaterThan(6);
      // Day one takes the receipts and half the reminders; day two's quota fits the rest
      // (reminders, the digest, the coordinator's alert).
      const perDay = reporting.length + Math.floor(reminded / 2);
      sink.clear();
      sink.dailyLimit({ perDay });

      const synced = await local.runtime.sync('manual');
      expect(synced.mails).toMatchObject({ sent: reporting.length, failed: 0 });
      const round = await local.runtime.remind({ slotId: SLOT, dryRun: false });
      expect(round.reminders).toHaveLength(reminded);
      expect(round.digest).toBe('sent');
      expect(round.sent).toBe(perDay - reporting.length - 1);
      expect(round.held).toBe(reminded - round.sent);
      // One parallel batch met the limit; nothing was tried after it.
      const refusedOnDayOne = sink.stats().refused;
      expect(refusedOnDayOne).toBeGreaterThan(0);
      expect(refusedOnDayOne).toBeLessThanOrEqual(20);
      const limitLines = () =>
        log.lines.filter((l) => String(l.message).startsWith('mail server limit reached'));
      expect(limitLines()).toHaveLength(1);
      expect(limitLines()[0]).toMatchObject({ severity: 'ERROR', limit: 'daily' });

      // The owed reminders are the units without the slot in "Tiến độ"; the slot is marked owed.
      const progress = (await readTab(local, TAB.progress)).slice(1);
      const markedUnits = progress.filter((r) =>
        String(r[layout.progress.col.reminders] ?? '').includes(SLOT),
      );
      expect(markedUnits).toHaveLength(round.sent);

      // Later sweeps the same day read nothing owed again and try nothing while the hold lasts;
      // after it one mail (the coordinator's alert) probes the server, refused again.
      local.advanceClock(30 * 60_000);
      await local.runtime.sync('sweep');
      expect(sink.stats().refused).toBe(refusedOnDayOne);
      local.advanceClock(2 * HOUR);
      await local.runtime.sync('sweep');
      await local.runtime.sync('sweep');
      expect(sink.stats().refused).toBe(refusedOnDayOne + 1);

      // The next day: the first sweep sends the alert, then every reminder still owed.
      local.advanceClock(24 * HOUR);
      const nextDay = await local.runtime.sync('sweep');
      expect(nextDay.mails.failed).toBe(0);
      await local.runtime.sync('sweep');
      const again = await local.runtime.remind({ slotId: SLOT, dryRun: false });
      expect(again).toMatchObject({ sent: 0, failed: 0, digest: 'already-sent' });

      const messages = sink.messages();
      const ids = messages.map((m) => m.messageId);
      expect(ids.every(Boolean)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const to = (unitId: string) =>
        messages.filter((m) => m.envelope.to.includes(`${unitId}@donvi.example`));
      for (const unitId of reporting) expect(to(unitId)).toHaveLength(1);
      for (const r of round.reminders) {
        expect(messages.filter((m) => m.envelope.to.includes(r.to[0] ?? ''))).toHaveLength(1);
      }
      const coordinator = messages.filter((m) => m.envelope.to.includes('pgd7@moet.edu.vn'));
      expect(coordinator.map((m) => m.subject.split(' – ')[0]).sort()).toEqual(
        [
          expect.stringMatching(/^Thư gửi bị chậm do giới hạn gửi thư trong ngày$/),
          expect.stringMatching(/^Tiến độ báo cáo /),
        ].sort(),
      );
      expect(messages).toHaveLength(reporting.length + reminded + 2);

      const logged = (await readTab(local, TAB.log))
        .slice(1)
        .filter((r) => r[layout.log.col.version]);
      expect(logged).toHaveLength(reporting.length);
      for (const r of logged) expect(String(r[layout.log.col.mail])).toMatch(/^Đã gửi /);
      expect(logged.map((r) => r[layout.log.col.mail])).not.toContain(MAIL_STATUS.pending);
      const after = (await readTab(local, TAB.progress)).slice(1);
      const unmarked = after.filter(
        (r) =>
          round.reminders.some((p) => p.unitId === r[0]) &&
          !String(r[layout.progress.col.reminders] ?? '').includes(SLOT),
      );
      expect(unmarked).toEqual([]);
    });
  }, 120_000);

  it('tells the coordinators in the digest how many mails wait and why, when the slot resumes', async () => {
    await withQuietLocal({}, async (local) => {
      const sink = local.standIns.mail;
      const reporting = local.endpoints.links.slice(0, 2).map((l) => l.unitId);
      for (const unitId of reporting) {
        await submit(local.campaign, linkOf(local, unitId), { answers: { '2.count': '1' } });
      }
      sink.clear();
      // The receipts take the whole day's quota: the reminder round's digest meets the limit.
      sink.dailyLimit({ perDay: reporting.length });
      await local.runtime.sync('manual');
      const round = await local.runtime.remind({ slotId: SLOT, dryRun: false });
      expect(round).toMatchObject({ sent: 0, digest: 'failed' });
      expect(round.held).toBe(round.reminders.length + 1);
      expect(sink.stats().refused).toBe(1);
      expect(sink.messages()).toHaveLength(reporting.length);

      sink.dailyLimit({ perDay: round.reminders.length + 2 });
      local.advanceClock(25 * HOUR);
      await local.runtime.sync('sweep');
      const digest = sink.messages().find((m) => m.subject.startsWith('Tiến độ báo cáo'));
      expect(digest?.text).toContain(`Thư đang chờ gửi (${round.reminders.length})`);
      expect(digest?.text).toMatch(
        /thư chưa gửi được vì từ \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}, hộp thư gửi đã chạm giới hạn số thư được gửi trong ngày/,
      );
      expect(sink.messages()).toHaveLength(reporting.length + round.reminders.length + 2);
    });
  }, 120_000);

  it('leaves the reminders a round had no time for to the next sync runs: none lost, none twice', async () => {
    await withQuietLocal({}, async (local) => {
      const sink = local.standIns.mail;
      sink.clear();
      // The same function with no time to send (as a round through a slow mailbox nearing the
      // function's timeout): the digest goes, every reminder is left owed.
      const hurried = createRuntime(loadConfig(local.functionEnv), {
        campaign: local.campaign,
        log: memoryLogger(),
        now: local.now,
        sendBudgetMs: 0,
      });
      const round = await hurried.remind({ slotId: SLOT, dryRun: false });
      hurried.close();
      expect(round).toMatchObject({ sent: 0, digest: 'sent' });
      expect(round.held).toBe(round.reminders.length);
      expect(sink.messages()).toHaveLength(1);

      await local.runtime.sync('sweep');
      await local.runtime.sync('sweep');
      const reminders = sink.messages().filter((m) => !m.subject.startsWith('Tiến độ báo cáo'));
      expect(reminders.map((m) => m.subject).sort()).toEqual(
        round.reminders.map((r) => r.subject).sort(),
      );
      expect(reminders).toHaveLength(round.reminders.length);
      const ids = sink.messages().map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(round.reminders.length + 1);
    });
  }, 120_000);
});
