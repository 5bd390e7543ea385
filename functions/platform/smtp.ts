// The nodemailer adapter: a pooled SMTP transport built from configuration.
import type { Transporter } from 'nodemailer';
import { classifySmtpFailure } from '../core/smtp-answer.ts';
import type { SmtpConfig } from './config.ts';
import { type Mailer, messageIdFor, type OutgoingMail, type SendResult } from './mailer.ts';

/**
 * A sending limit (told by the reply's text) keeps the mail owed; another 5xx is permanent; a
 * 4xx or no code at all (a connection problem) is tried again. The reason names the code and,
 * for a limit, which: the text itself may carry addresses and stays out of the sheet and logs.
 */
function failure(error: unknown): SendResult {
  const e = error as { responseCode?: number; code?: string; response?: string };
  const code = e.responseCode;
  const kind = classifySmtpFailure({ code, text: e.response });
  const reason = code ? `SMTP ${code}` : (e.code ?? 'SMTP error');
  if (kind === 'daily-limit')
    return { ok: false, permanent: false, reason: `${reason} (daily limit)`, limit: 'daily' };
  if (kind === 'rate-limit')
    return { ok: false, permanent: false, reason: `${reason} (rate limit)`, limit: 'rate' };
  return { ok: false, permanent: kind === 'rejected', reason };
}

/** How to reach and sign in to the mail server, the same for sending and for `baocao doctor`. */
function connection(config: SmtpConfig) {
  return {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE === 'true',
    // Credentials only over TLS, unless local mode's loopback sink is configured explicitly.
    requireTLS: config.SMTP_SECURE !== 'true' && config.SMTP_INSECURE !== 'true',
    ignoreTLS: config.SMTP_INSECURE === 'true',
    ...(config.SMTP_USER
      ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } }
      : {}),
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

/**
 * Connects, says EHLO, signs in (when SMTP_USER is set) and quits, sending nothing
 * (nodemailer's verify()); rejects with nodemailer's error (code EAUTH, ECONNECTION, ETIMEDOUT…).
 */
export async function verifySmtp(config: SmtpConfig): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(connection(config));
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

/**
 * nodemailer is loaded on the first send, not at import: a cold instance writes the sheet
 * before it mails, and most invocations (covered notifications, quiet sweeps) mail nothing.
 */
export function smtpMailer(config: SmtpConfig): Mailer {
  let transport: Promise<Transporter> | undefined;
  const open = () => {
    transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({ pool: true, maxConnections: 3, ...connection(config) }),
    );
    return transport;
  };
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      try {
        const info = await (await open()).sendMail({
          from: config.MAIL_FROM,
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.messageKey
            ? { messageId: messageIdFor(mail.messageKey, config.MAIL_FROM) }
            : {}),
          // Header values are never built from answers: the subject is already header-safe.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        // nodemailer sends when at least one RCPT was accepted and lists the refused ones.
        const rejected: string[] = [...(info.rejected ?? [])].map(String);
        return rejected.length > 0 ? { ok: true, rejected } : { ok: true };
      } catch (error) {
        return failure(error);
      }
    },
    close: () => {
      transport?.then((t) => t.close()).catch(() => undefined);
    },
  };
}
