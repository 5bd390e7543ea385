// Serializes sync runs in an instance and coalesces bursts of notifications into few runs.

export interface GateOptions {
  /** Runs allowed back to back before the rate applies (a quiet form syncs at once). */
  burst: number;
  /** One more run allowed every this many milliseconds (at 5 s: at most 1 + 12 runs a minute). */
  refillMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export type GateResult<T> = { ran: true; value: T } | { ran: false; reason: 'covered' };

/**
 * A notification only says "something changed". When a run started listing after the
 * notification was published and then succeeded, that run wrote the change: the notification
 * is covered and costs nothing. A failed run covers nothing, so Pub/Sub's redeliveries of it
 * run again instead of being acknowledged unwritten. Runs are one at a time and limited by a token bucket, so 300 notifications
 * in a minute become a handful of runs that each take everything new.
 */
export class SyncGate {
  private chain: Promise<unknown> = Promise.resolve();
  /** When the last run that succeeded started. */
  private lastSuccessStart = Number.NEGATIVE_INFINITY;
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly options: GateOptions) {
    this.tokens = options.burst;
    this.refilledAt = options.now();
  }

  run<T>(publishedAt: number | undefined, work: () => Promise<T>): Promise<GateResult<T>> {
    const next = this.chain.then(() => this.runNow(publishedAt, work));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private covered(publishedAt: number | undefined): boolean {
    // One second of margin for the clocks of Pub/Sub and of this instance.
    return publishedAt !== undefined && publishedAt + 1000 < this.lastSuccessStart;
  }

  private refill(): void {
    const now = this.options.now();
    const earned = Math.floor((now - this.refilledAt) / this.options.refillMs);
    if (earned > 0) {
      this.tokens = Math.min(this.options.burst, this.tokens + earned);
      this.refilledAt += earned * this.options.refillMs;
    }
    if (this.tokens >= this.options.burst) this.refilledAt = now;
  }

  private async runNow<T>(
    publishedAt: number | undefined,
    work: () => Promise<T>,
  ): Promise<GateResult<T>> {
    if (this.covered(publishedAt)) return { ran: false, reason: 'covered' };
    this.refill();
    while (this.tokens < 1) {
      await this.options.sleep(this.refilledAt + this.options.refillMs - this.options.now());
      this.refill();
    }
    if (this.covered(publishedAt)) return { ran: false, reason: 'covered' };
    this.tokens--;
    const startedAt = this.options.now();
    const value = await work();
    this.lastSuccessStart = startedAt;
    return { ran: true, value };
  }
}
