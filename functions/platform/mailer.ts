// What sync needs from a mail server: send one message, and know whether a failure is worth retrying.
/** A rendered message and its recipients (the templates in functions/mail produce them). */
export interface OutgoingMail {
  subject: string;
  text: string;
  html: string;
  to: readonly string[];
}

export type SendResult = { ok: true } | { ok: false; permanent: boolean; reason: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/**
 * Sends in parallel, a few at a time: the pooled transport keeps its connections busy without
 * a long queue. Results come back in the order of `mails`.
 */
export async function sendAll(
  mailer: Mailer,
  mails: readonly OutgoingMail[],
  width = 20,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (let i = 0; i < mails.length; i += width) {
    results.push(...(await Promise.all(mails.slice(i, i + width).map((m) => mailer.send(m)))));
  }
  return results;
}
