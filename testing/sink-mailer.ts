// The product's SMTP adapter pointed at a test's SMTP sink, as local mode configures it.
import type { Mailer } from '../functions/platform/mailer.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import type { SmtpSink } from '../local/mail/sink.ts';

/** Plain SMTP on loopback (the sink has no TLS), sending as `from`. */
export const sinkMailer = (sink: SmtpSink, from = 'Báo cáo <baocao@pgd7.example>'): Mailer =>
  smtpMailer({
    SMTP_HOST: sink.smtpHost,
    SMTP_PORT: sink.smtpPort,
    SMTP_SECURE: 'false',
    SMTP_INSECURE: 'true',
    MAIL_FROM: from,
  });
