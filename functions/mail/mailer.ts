// What sync needs from a mail server: send one message, and know whether a failure is worth retrying.
import { isUsableEmail } from '../core/parse.ts';
import type { RenderedMail } from './blocks.ts';

export interface OutgoingMail extends RenderedMail {
  to: readonly string[];
}

export type SendResult = { ok: true } | { ok: false; permanent: boolean; reason: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** Recipients deduplicated, case-insensitively, keeping only plain addresses. */
export function recipients(
  ...lists: readonly (readonly (string | null | undefined)[])[]
): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) {
    for (const address of list) {
      if (address && isUsableEmail(address) && !seen.has(address.toLowerCase())) {
        seen.set(address.toLowerCase(), address);
      }
    }
  }
  return [...seen.values()];
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
