// A sending account's daily limit, as Gmail and Workspace apply it: past N messages in 24 hours, every new one is refused.
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60_000;

/** An SMTP answer the sink gives (the same shape as a scripted refusal's). */
interface LimitAnswer {
  code: 421 | 450 | 550;
  message: string;
}

/**
 * Google's answers, word for word as Gmail sends them (support.google.com/a/answer/3726730)
 * after its own code; the sink's SMTP server puts an enhanced status code of its own before
 * the text, so a client must go by the text, as it must with Gmail's varied wordings.
 */
export const LIMIT_ANSWERS = {
  /** A Gmail or Workspace account past its daily sending limit. */
  'daily-user': {
    code: 550,
    message:
      '5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852 - gsmtp',
  },
  /** Workspace's SMTP relay service past its daily limit. */
  'daily-relay': {
    code: 550,
    message: '5.4.5 Daily SMTP relay limit exceeded for user. - gsmtp',
  },
  /** Sending too fast: Gmail closes the connection. */
  'rate-connection': { code: 421, message: '4.7.0 Try again later, closing connection. - gsmtp' },
  /** Workspace's SMTP relay service sending too fast. */
  'rate-relay': {
    code: 450,
    message:
      '4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error. - gsmtp',
  },
} as const satisfies Record<string, LimitAnswer>;

export const dailyLimitSchema = z
  .object({
    /** Messages accepted in any 24 hours before the next is refused. */
    perDay: z.number().int().nonnegative(),
    /** Which of Google's answers the refusal gives; Gmail's daily limit by default. */
    answer: z.enum(Object.keys(LIMIT_ANSWERS) as [keyof typeof LIMIT_ANSWERS]).optional(),
  })
  .strict();

export type DailyLimitOptions = z.infer<typeof dailyLimitSchema>;

/**
 * Counts the messages the sink accepted over a rolling 24 hours on its clock, as Google counts
 * (support.google.com/a/answer/166852: "Limits per day are applied over a rolling 24-hour
 * period, not a set time of day"): the quota frees up as the sends of a day earlier age out.
 */
export class DailyLimit {
  private options: DailyLimitOptions | undefined;
  /** When each message of the last 24 hours was accepted, oldest first. */
  private readonly sentAt: number[] = [];

  constructor(private readonly now: () => number) {}

  set(options: DailyLimitOptions | null): void {
    this.options = options ? dailyLimitSchema.parse(options) : undefined;
  }

  describe(): (DailyLimitOptions & { sentInWindow: number }) | undefined {
    return this.options ? { ...this.options, sentInWindow: this.inWindow() } : undefined;
  }

  /**
   * The answer to a new transaction when the day's quota is spent; otherwise counts it and lets
   * it go on. Counted at RCPT, not when the DATA is stored, so parallel connections cannot slip
   * past the limit together.
   */
  take(): LimitAnswer | undefined {
    if (!this.options) return undefined;
    if (this.inWindow() >= this.options.perDay)
      return LIMIT_ANSWERS[this.options.answer ?? 'daily-user'];
    this.sentAt.push(this.now());
    return undefined;
  }

  private inWindow(): number {
    const since = this.now() - DAY_MS;
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= since) this.sentAt.shift();
    return this.sentAt.length;
  }
}
