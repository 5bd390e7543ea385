// Mails encoded ahead of sending (while a pass's write is in flight) arrive exactly as mails encoded at sending.

import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../local/mail/sink.ts';
import { sinkMailer } from '../testing/sink-mailer.ts';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const mailerFor = (s: SmtpSink) => sinkMailer(s, 'Phòng Văn hóa – Xã hội <baocao@pgd7.example>');

const receipt = (n: number) => ({
  subject: `Biên nhận báo cáo của Trường THCS số ${n}`,
  text: `Đã nhận 1.500.000 đồng và ${n} người.\nTrân trọng.`,
  html: `<p>Đã nhận <strong>1.500.000 đồng</strong> và ${n} người.</p>`,
  to: [`truong-${n}@donvi.example`, `hieutruong-${n}@donvi.example`],
  messageKey: `version:r${n}@2021-10-06T01:00:03Z`,
});

/** What a reader and a mail client see of a message (the Date header aside: it is the send time). */
const seen = (m: NonNullable<ReturnType<SmtpSink['messages']>[number]>) => ({
  envelope: m.envelope,
  from: m.from,
  to: m.to,
  subject: m.subject,
  messageId: m.messageId,
  text: m.text,
  html: m.html,
});

describe('the SMTP adapter with mails prepared ahead', () => {
  it('delivers a prepared mail with the same envelope, headers and bodies as one sent unprepared', async () => {
    sink = await startSmtpSink();
    const mailer = mailerFor(sink);
    try {
      expect(mailer.prepare).toBeTypeOf('function');
      expect(await mailer.send(receipt(1))).toEqual({ ok: true });
      const [prepared] = (await mailer.prepare?.([receipt(1)])) ?? [];
      if (!prepared) throw new Error('prepare answers each mail');
      // What waits to be sent keeps the encoding only.
      expect(prepared).toMatchObject({ text: '', html: '', subject: receipt(1).subject });
      expect(await mailer.send(prepared)).toEqual({ ok: true });
      const [plain, early] = sink.messages();
      expect(plain && early).toBeTruthy();
      if (!plain || !early) return;
      expect(seen(early)).toEqual(seen(plain));
      expect(early.text).toContain('1.500.000 đồng');
    } finally {
      mailer.close();
    }
  });

  it('still names the refused recipients of a prepared mail', async () => {
    sink = await startSmtpSink();
    sink.refuse({ code: 550, recipients: ['hieutruong-2@donvi.example'] });
    const mailer = mailerFor(sink);
    try {
      const [prepared] = (await mailer.prepare?.([receipt(2)])) ?? [];
      if (!prepared) throw new Error('prepare answers each mail');
      expect(await mailer.send(prepared)).toEqual({
        ok: true,
        rejected: ['hieutruong-2@donvi.example'],
      });
      expect(sink.messages()[0]?.envelope.to).toEqual(['truong-2@donvi.example']);
    } finally {
      mailer.close();
    }
  });

  it('sends each of many prepared mails once, to its own unit', async () => {
    sink = await startSmtpSink();
    const mailer = mailerFor(sink);
    try {
      const mails = Array.from({ length: 30 }, (_, i) => receipt(i + 10));
      const ready = (await mailer.prepare?.(mails)) ?? [];
      expect(ready).toHaveLength(30);
      const results = await Promise.all(ready.map((m) => mailer.send(m)));
      expect(results.every((r) => r.ok)).toBe(true);
      const subjects = sink
        .messages()
        .map((m) => `${m.subject}→${m.envelope.to[0]}`)
        .sort();
      expect(subjects).toEqual(
        mails.map((m) => `${m.subject}→${m.to[0]}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    } finally {
      mailer.close();
    }
  });
});
