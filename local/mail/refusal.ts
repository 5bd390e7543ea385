// Scripted SMTP refusals: answer RCPT or DATA with a chosen code for a number of messages or until a time.
import { z } from 'zod';
import { DailyLimit } from './daily-limit.ts';

/** The codes a mail server answers when it cannot take a message now (4xx) or at all (5xx). */
export const REFUSAL_CODES = [421, 450, 451, 452, 550] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export const refuseOptionsSchema = z
  .object({
    code: z.union(REFUSAL_CODES.map((c) => z.literal(c))),
    /** Refuse this many messages (transactions), then accept again. */
    count: z.number().int().positive().optional(),
    /** Refuse until this instant (epoch ms on the sink's clock), then accept again. */
    untilMs: z.number().optional(),
    /** Refuse for this long from now; a convenience over untilMs for the HTTP control endpoint. */
    forMs: z.number().nonnegative().optional(),
    message: z.string().max(500).optional(),
    /** Where to refuse: at RCPT TO (default, as greylisting does) or after the DATA is sent. */
    stage: z.enum(['rcpt', 'data']).optional(),
    /**
     * Refuse only RCPT TO these addresses (a mailbox that does not exist) and accept the
     * message's other recipients, as a server does for a partly wrong list; RCPT stage only.
     */
    recipients: z.array(z.string()).min(1).optional(),
  })
  .strict();

export type RefuseOptions = z.infer<typeof refuseOptionsSchema>;

export interface Refusal {
  code: RefusalCode;
  message: string;
}

const DEFAULT_MESSAGES: Record<RefusalCode, string> = {
  421: 'Service not available, closing transmission channel (injected by the sink)',
  450: 'Mailbox unavailable, try again later (injected by the sink)',
  451: 'Local error in processing, try again later (injected by the sink)',
  452: 'Insufficient system storage, try again later (injected by the sink)',
  550: 'Mailbox unavailable (injected by the sink)',
};

export interface ActivePolicy {
  code: RefusalCode;
  message: string;
  stage: 'rcpt' | 'data';
  remaining: number | undefined;
  untilMs: number | undefined;
  recipients?: string[];
}

/**
 * Decides, per mail transaction, whether the sink refuses it. A refusal with neither a count nor a
 * time lasts until `set(null)`; with both, whichever runs out first ends it.
 */
export class RefusalPolicy {
  private active: ActivePolicy | undefined;
  /** A mailbox whose password was changed: every AUTH gets 535 until switched off. */
  refusesAuth = false;
  readonly stats = { accepted: 0, refused: 0 };
  /** The sending account's daily limit, checked at RCPT after the scripted refusal. */
  readonly daily: DailyLimit;

  constructor(private readonly now: () => number = Date.now) {
    this.daily = new DailyLimit(now);
  }

  set(options: RefuseOptions | null): void {
    if (!options) {
      this.active = undefined;
      return;
    }
    const parsed = refuseOptionsSchema.parse(options);
    const untilMs =
      parsed.untilMs ?? (parsed.forMs !== undefined ? this.now() + parsed.forMs : undefined);
    this.active = {
      code: parsed.code,
      message: parsed.message ?? DEFAULT_MESSAGES[parsed.code],
      stage: parsed.stage ?? 'rcpt',
      remaining: parsed.count,
      untilMs,
      ...(parsed.recipients
        ? { stage: 'rcpt' as const, recipients: parsed.recipients.map((r) => r.toLowerCase()) }
        : {}),
    };
  }

  /** The policy in force, for the stats endpoint; undefined when the sink accepts everything. */
  describe(): ActivePolicy | undefined {
    return this.isActive() && this.active ? { ...this.active } : undefined;
  }

  /**
   * Called once per transaction at `stage`: returns the refusal to answer with (and counts it),
   * or undefined when the transaction may go on.
   */
  take(stage: 'rcpt' | 'data'): Refusal | undefined {
    const policy = this.isActive() ? this.active : undefined;
    if (policy && policy.stage === stage && !policy.recipients) {
      if (policy.remaining !== undefined) policy.remaining--;
      this.stats.refused++;
      return { code: policy.code, message: policy.message };
    }
    const limited = stage === 'rcpt' ? this.daily.take() : undefined;
    if (limited) this.stats.refused++;
    return limited;
  }

  /** The refusal for one RCPT TO when the policy names recipients; counted per recipient. */
  takeRecipient(address: string): Refusal | undefined {
    const policy = this.isActive() ? this.active : undefined;
    if (!policy?.recipients?.includes(address.toLowerCase())) return undefined;
    if (policy.remaining !== undefined) policy.remaining--;
    this.stats.refused++;
    return { code: policy.code, message: policy.message };
  }

  countAccepted(): void {
    this.stats.accepted++;
  }

  private isActive(): boolean {
    const policy = this.active;
    if (!policy) return false;
    const expired =
      (policy.remaining !== undefined && policy.remaining <= 0) ||
      (policy.untilMs !== undefined && this.now() >= policy.untilMs);
    if (expired) this.active = undefined;
    return !expired;
  }
}

/** The reply to AUTH with wrong credentials (RFC 4954). */
export const AUTH_REFUSED = {
  code: 535,
  message: '5.7.8 Authentication credentials invalid (injected by the sink)',
} as const;

/** An Error smtp-server turns into an SMTP reply with this code. */
export function smtpError(refusal: {
  code: number;
  message: string;
}): Error & { responseCode: number } {
  return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
}
