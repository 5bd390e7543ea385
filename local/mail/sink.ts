// Starts the SMTP sink: a loopback SMTP server for the product's mail plus its HTTP inbox and controls.
import { LOOPBACK, listenLoopback } from '../http.ts';
import type { DailyLimitOptions } from './daily-limit.ts';
import { inboxApp, sinkStats } from './inbox.ts';
import type { StoredMessage } from './message.ts';
import { type ActivePolicy, RefusalPolicy, type RefuseOptions } from './refusal.ts';
import { DEFAULT_MAX_SIZE, listenSmtp } from './smtp.ts';
import { MessageStore } from './store.ts';

export type { StoredMessage } from './message.ts';
export type { RefuseOptions } from './refusal.ts';

export interface SmtpSinkOptions {
  /** SMTP port on 127.0.0.1; 0 or absent picks a free one. */
  smtpPort?: number;
  /** HTTP inbox port on 127.0.0.1; 0 or absent picks a free one. */
  httpPort?: number;
  /** Folder to persist messages in (mail.json); absent keeps them in memory only. */
  dataDir?: string;
  /** Clock for receivedAt and timed refusals; tests may pass a fake one. */
  now?: () => number;
  /** Largest message accepted, in bytes (larger ones get 552); 10 MB by default. */
  maxSize?: number;
  /** Most messages kept; the oldest are dropped beyond it. 1000 by default. */
  maxMessages?: number;
  /** Refuse with Google's answer past this many messages in 24 hours on `now` (see dailyLimit). */
  dailyLimit?: DailyLimitOptions;
  /** Where internal errors go (a message mailparser cannot read, an HTTP handler failure). */
  onError?: (error: unknown) => void;
}

export interface SmtpSinkStats {
  accepted: number;
  refused: number;
  stored: number;
  refusing: ActivePolicy | null;
  dailyLimit: (DailyLimitOptions & { sentInWindow: number }) | null;
}

export interface SmtpSink {
  smtpHost: typeof LOOPBACK;
  smtpPort: number;
  /** Base URL of the HTTP inbox (browser page at `/`, JSON under `/api/messages`). */
  url: string;
  /** Stored messages, newest first. */
  messages(): StoredMessage[];
  /** The first stored or arriving message matching `predicate`; rejects after `timeoutMs`. */
  waitFor(
    predicate: (message: StoredMessage) => boolean,
    timeoutMs?: number,
  ): Promise<StoredMessage>;
  clear(): void;
  /** Refuses the next transactions with an SMTP code (see RefuseOptions); `null` accepts again. */
  refuse(options: RefuseOptions | null): void;
  /**
   * Emulates the sending account's daily limit: past `perDay` messages accepted in 24 hours of
   * the sink's clock, each new transaction gets Google's answer at RCPT; `null` lifts it.
   */
  dailyLimit(options: DailyLimitOptions | null): void;
  /** Answers every AUTH with 535, as a server does after the mailbox's password changed. */
  refuseAuth(on: boolean): void;
  stats(): SmtpSinkStats;
  close(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const now = options.now ?? Date.now;
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(JSON.stringify({ component: 'smtp-sink', error: String(error) })));
  const store = new MessageStore(options.dataDir, options.maxMessages);
  const refusal = new RefusalPolicy(now);
  if (options.dailyLimit) refusal.daily.set(options.dailyLimit);

  const http = await listenLoopback(inboxApp({ store, refusal, onError }), options.httpPort ?? 0);
  let smtp: Awaited<ReturnType<typeof listenSmtp>>;
  try {
    smtp = await listenSmtp({
      port: options.smtpPort ?? 0,
      store,
      refusal,
      now,
      maxSize: options.maxSize ?? DEFAULT_MAX_SIZE,
      onError,
    });
  } catch (error) {
    // Do not leave the HTTP port held when the SMTP port is taken.
    await http.close();
    throw error;
  }

  return {
    smtpHost: LOOPBACK,
    smtpPort: smtp.port,
    url: http.url,
    messages: () => store.list(),
    waitFor: (predicate, timeoutMs) => store.waitFor(predicate, timeoutMs),
    clear: () => store.clear(),
    refuse: (refuseOptions) => refusal.set(refuseOptions),
    dailyLimit: (limit) => refusal.daily.set(limit),
    refuseAuth: (on) => {
      refusal.refusesAuth = on;
    },
    stats: () => sinkStats(store, refusal),
    close: async () => {
      await Promise.all([smtp.close(), http.close()]);
    },
  };
}
