// The sink's daily limit, seen through the product's SMTP adapter: Google's answer past N a day, the quota back a day later.
import { afterEach, describe, expect, it } from 'vitest';
import { sinkMailer } from '../../testing/sink-mailer.ts';
import { type SmtpSink, startSmtpSink } from './sink.ts';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const HOUR = 60 * 60_000;
const mail = (n: number) => ({
  subject: `Biên nhận ${n}`,
  text: 'x',
  html: '<p>x</p>',
  to: [`donvi${n}@donvi.example`],
  messageKey: `version:r${n}`,
});

describe('an SMTP sink with a daily limit', () => {
  it('refuses with Gmail’s daily-limit answer past N in 24 hours, read as a limit, not a bad address', async () => {
    let now = Date.parse('2021-10-06T01:00:00Z');
    sink = await startSmtpSink({ now: () => now, dailyLimit: { perDay: 2 } });
    const mailer = sinkMailer(sink);
    try {
      expect(await mailer.send(mail(1))).toEqual({ ok: true });
      now += HOUR;
      expect(await mailer.send(mail(2))).toEqual({ ok: true });
      expect(await mailer.send(mail(3))).toEqual({
        ok: false,
        permanent: false,
        reason: 'SMTP 550 (daily limit)',
        limit: 'daily',
      });
      // Rolling, as Google counts: the first mail's slot comes back 24 hours after it went.
      now += 23 * HOUR;
      expect((await mailer.send(mail(3))).ok).toBe(true);
      expect((await mailer.send(mail(4))).ok).toBe(false);
      now += HOUR;
      expect((await mailer.send(mail(4))).ok).toBe(true);
      expect(sink.messages().map((m) => m.subject)).toEqual([
        'Biên nhận 4',
        'Biên nhận 3',
        'Biên nhận 2',
        'Biên nhận 1',
      ]);
      expect(sink.stats()).toMatchObject({ accepted: 4, refused: 2 });
      expect(sink.stats().dailyLimit).toEqual({ perDay: 2, sentInWindow: 2 });
    } finally {
      mailer.close();
    }
  });

  it('answers with a rate limit when told to, and is set and lifted over HTTP', async () => {
    sink = await startSmtpSink();
    const set = await fetch(`${sink.url}/__control/daily-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ perDay: 0, answer: 'rate-connection' }),
    });
    expect(set.status).toBe(200);
    const mailer = sinkMailer(sink);
    try {
      expect(await mailer.send(mail(1))).toMatchObject({ ok: false, limit: 'rate' });
      await fetch(`${sink.url}/__control/daily-limit`, { method: 'DELETE' });
      expect(await mailer.send(mail(1))).toEqual({ ok: true });
      const bad = await fetch(`${sink.url}/__control/daily-limit`, {
        method: 'POST',
        body: JSON.stringify({ perDay: -1 }),
      });
      expect(bad.status).toBe(400);
    } finally {
      mailer.close();
    }
  });
});
