// The limit-aware mailer: one refusal stops the sending, one probe an hour, the coordinator told once, parallel sends never all probe.
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../platform/log.ts';
import type { Mailer, OutgoingMail, SendResult } from '../platform/mailer.ts';
import { sendAll } from '../platform/mailer.ts';
import { HOLD_MS, limitAwareMailer } from './mail-limit.ts';

const campaign = {
  title: 'Đợt thử',
  timezone: 'Asia/Ho_Chi_Minh',
  deadline: '2021-10-08',
  coordinator: { name: 'Phòng GD&ĐT', emails: ['pgd@example.vn'] },
};
const mail = (n: number): OutgoingMail => ({
  subject: `Thư ${n}`,
  text: 'x',
  html: 'x',
  to: [`u${n}@example.vn`],
  messageKey: `k${n}`,
});
const LIMIT: SendResult = { ok: false, permanent: false, reason: 'SMTP 550', limit: 'daily' };

/** A server that refuses with its daily limit while `full` is set, and records what it was sent. */
function server() {
  const state = { full: false, tried: [] as string[], accepted: [] as string[] };
  const mailer: Mailer = {
    async send(m) {
      state.tried.push(m.subject);
      await new Promise((r) => setTimeout(r, 1));
      if (state.full) return LIMIT;
      state.accepted.push(m.subject);
      return { ok: true };
    },
    close: () => undefined,
  };
  return { state, mailer };
}

describe('a mailer aware of the server’s limits', () => {
  it('tries nothing after the first limit answer until the hold ends, then probes with the coordinator’s alert, once', async () => {
    let now = Date.parse('2021-10-07T02:00:00Z');
    const { state, mailer } = server();
    const log = memoryLogger();
    const limited = limitAwareMailer(mailer, { campaign, now: () => new Date(now), log });

    expect(await limited.send(mail(1))).toEqual({ ok: true });
    state.full = true;
    const results = await sendAll(limited, [2, 3, 4, 5].map(mail), 1);
    expect(results.every((r) => !r.ok && r.limit === 'daily')).toBe(true);
    expect(state.tried).toEqual(['Thư 1', 'Thư 2']);
    expect(limited.held()?.limit).toBe('daily');

    now += HOLD_MS.daily - 1;
    expect((await limited.send(mail(2))).ok).toBe(false);
    expect(state.tried).toHaveLength(2);

    // The hold over, the alert probes the server (still full): refused, and held again.
    now += 2;
    expect((await limited.send(mail(2))).ok).toBe(false);
    expect(state.tried.at(-1)).toMatch(/^Thư gửi bị chậm do giới hạn gửi thư trong ngày/);
    expect(state.tried).toHaveLength(3);

    // A day later the quota is back: the alert goes first, then the mail, and the alert never again.
    now += 24 * 60 * 60_000;
    state.full = false;
    const parallel = await sendAll(limited, [2, 3, 4, 5].map(mail));
    expect(parallel.every((r) => r.ok)).toBe(true);
    expect(state.accepted.filter((s) => s.startsWith('Thư gửi bị chậm'))).toHaveLength(1);
    expect(state.accepted[1]).toMatch(/^Thư gửi bị chậm/);
    expect(limited.held()).toBeUndefined();
    expect(limited.lastDailyLimit()).toBeDefined();
    await limited.send(mail(6));
    expect(state.accepted.filter((s) => s.startsWith('Thư gửi bị chậm'))).toHaveLength(1);
    expect(log.lines.map((l) => l.message)).toEqual([
      'mail server limit reached; owed mails stay queued in the sheet',
      'mail server limit lifted; sending owed mails',
    ]);
  });

  it('a rate limit holds for minutes and sends no alert', async () => {
    let now = 0;
    const calls: string[] = [];
    let answer: SendResult = { ok: false, permanent: false, reason: 'SMTP 421', limit: 'rate' };
    const limited = limitAwareMailer(
      {
        send: async (m) => {
          calls.push(m.subject);
          return answer;
        },
        close: () => undefined,
      },
      { campaign, now: () => new Date(now), log: memoryLogger() },
    );
    expect((await limited.send(mail(1))).ok).toBe(false);
    expect((await limited.send(mail(2))).ok).toBe(false);
    expect(calls).toEqual(['Thư 1']);
    now += HOLD_MS.rate;
    answer = { ok: true };
    expect((await limited.send(mail(2))).ok).toBe(true);
    expect(calls).toEqual(['Thư 1', 'Thư 2']);
    expect(limited.lastDailyLimit()).toBeUndefined();
  });

  it('a bad address or a passing fault holds nothing', async () => {
    const answers: SendResult[] = [
      { ok: false, permanent: true, reason: 'SMTP 550' },
      { ok: false, permanent: false, reason: 'SMTP 451' },
      { ok: true },
    ];
    const limited = limitAwareMailer(
      { send: async () => answers.shift() ?? { ok: true }, close: () => undefined },
      { campaign, now: () => new Date(0), log: memoryLogger() },
    );
    for (let i = 0; i < 3; i++) await limited.send(mail(i));
    expect(answers).toEqual([]);
    expect(limited.held()).toBeUndefined();
  });
});
