// The sink's sign-in: any credentials, until told to refuse them (a mailbox whose password changed).
import { afterEach, describe, expect, it } from 'vitest';
import { verifySmtp } from '../../functions/platform/smtp.ts';
import { type SmtpSink, startSmtpSink } from './sink.ts';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function sink() {
  const s = await startSmtpSink();
  sinks.push(s);
  return s;
}

const config = (s: SmtpSink) => ({
  SMTP_HOST: s.smtpHost,
  SMTP_PORT: s.smtpPort,
  SMTP_SECURE: 'false' as const,
  SMTP_INSECURE: 'true' as const,
  SMTP_USER: 'baocao@pgd7.example',
  SMTP_PASSWORD: 'an app password',
  MAIL_FROM: 'baocao@pgd7.example',
});

describe('SMTP sink sign-in', () => {
  it('accepts any credentials, and verifying sends no mail', async () => {
    const s = await sink();
    await expect(verifySmtp(config(s))).resolves.toBeUndefined();
    expect(s.messages()).toEqual([]);
  });

  it('answers 535 to every sign-in once told to refuse, until told to stop', async () => {
    const s = await sink();
    s.refuseAuth(true);
    await expect(verifySmtp(config(s))).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    s.refuseAuth(false);
    await expect(verifySmtp(config(s))).resolves.toBeUndefined();
  });

  it('is switched by its control endpoint too', async () => {
    const s = await sink();
    expect((await fetch(`${s.url}/__control/refuse-auth`, { method: 'POST' })).status).toBe(204);
    await expect(verifySmtp(config(s))).rejects.toMatchObject({ code: 'EAUTH' });
    expect((await fetch(`${s.url}/__control/refuse-auth`, { method: 'DELETE' })).status).toBe(204);
    await expect(verifySmtp(config(s))).resolves.toBeUndefined();
  });

  it('cannot refuse a client that does not sign in (doctor needs SMTP_USER to see it)', async () => {
    const s = await sink();
    s.refuseAuth(true);
    const { SMTP_USER: _user, ...anonymous } = config(s);
    await expect(verifySmtp(anonymous)).resolves.toBeUndefined();
  });
});
