// What sync needs from a mail server: send one message, and know whether a failure is worth retrying.
import { createHash } from 'node:crypto';

/** A rendered message and its recipients (the templates in functions/mail produce them). */
export interface OutgoingMail {
  subject: string;
  text: string;
  html: string;
  to: readonly string[];
  /**
   * What the mail is about (a version, a reminder slot and unit, a send-back), the same on
   * every attempt. Its Message-ID is made from it, so a mail sent again after a crash between
   * sending and recording is shown once by mail clients that collapse equal Message-IDs.
   */
  messageKey?: string;
}

/**
 * The Message-ID for a mail's key: 32 hex digits of its SHA-256 at `baocao.<sender's domain>`,
 * or at `baocao.invalid` (a reserved name) when the sender gives no clean domain.
 */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?\s*$/.exec(from.trim())?.[1];
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  return `<${hash}@baocao.${domain ? domain.toLowerCase() : 'invalid'}>`;
}

/** The sending account's quota ran out for the day, or it is sending too fast for the server. */
export type SendLimit = 'daily' | 'rate';

/**
 * Sent (to at least one recipient: `rejected` names the ones the server refused, never to be
 * retried, since the others have the mail), or not sent at all. A mail refused by a sending
 * `limit` is never permanent: it stays owed and goes when the limit lifts.
 */
export type SendResult =
  | { ok: true; rejected?: readonly string[] }
  | { ok: false; permanent: boolean; reason: string; limit?: SendLimit };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
  /** A limit the server answered, while it holds every mail back (functions/app/mail-limit.ts). */
  held?(): { limit: SendLimit; since: Date; until: Date } | undefined;
  /** When the server last answered with its daily limit, within the last 24 hours. */
  lastDailyLimit?(): Date | undefined;
}

/**
 * Sends in parallel, a few at a time: the pooled transport keeps its connections busy without
 * a long queue. Results come back in the order of `mails`. At the first limit answer the rest
 * are not tried (answered with the same limit, so they stay owed): a server that said stop is
 * not sent the rest of a 3,000-unit round.
 */
export async function sendAll(
  mailer: Mailer,
  mails: readonly OutgoingMail[],
  width = 20,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (let i = 0; i < mails.length; i += width) {
    results.push(...(await Promise.all(mails.slice(i, i + width).map((m) => mailer.send(m)))));
    const limited = results.find((r) => !r.ok && r.limit);
    if (limited && !limited.ok && limited.limit) {
      const notTried: SendResult = {
        ok: false,
        permanent: false,
        reason: `not tried: ${limited.limit} limit`,
        limit: limited.limit,
      };
      while (results.length < mails.length) results.push(notTried);
      break;
    }
  }
  return results;
}
