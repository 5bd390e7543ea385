// Serializes sync runs in an instance and spends the Sheets per-minute quota they draw on, coalescing bursts into few runs.

export interface GateOptions {
  /**
   * Tokens that may be spent back to back (a quiet form syncs at once). A run needs one token to
   * start and then pays what it reports it spent (GateCost); one that reports nothing pays one.
   */
  burst: number;
  /** One more token every this many milliseconds. */
  refillMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * What a run spent of a per-minute quota, in requests of the scarcer kind: Sheets counts reads
 * and writes apart, 60 of each a minute per user, and a run spends more of one or the other.
 */
export type GateCost<T> = (value: T) => number;

export type GateResult<T> = { ran: true; value: T } | { ran: false; reason: 'covered' };

/**
 * A notification only says "something changed". When a run started listing after the
 * notification was published and then succeeded, that run wrote the change: the notification
 * is covered and costs nothing. A failed run covers nothing, so Pub/Sub's redeliveries of it
 * run again instead of being acknowledged unwritten. Runs are one at a time and limited by a
 * token bucket whose tokens are the requests runs really spend (a lone response's run 2 writes,
 * a run of 500 versions with its mail marks more), so 300 notifications in a minute become a
 * handful of runs that each take everything new, and a lone response after them waits only as
 * long as the quota needs, not a fixed interval per run. Tokens may go below zero when a run
 * spent more than was left: the next run waits until the quota has earned them back.
 */
export class SyncGate {
  private chain: Promise<unknown> = Promise.resolve();
  /** When the last run that succeeded started. */
  private lastSuccessStart = Number.NEGATIVE_INFINITY;
  private readonly bucket: QuotaBucket;

  /**
   * `bucket`: the quota to draw on, shared by the gates of a deployment's campaigns in one
   * instance (they spend the same account's per-minute quota); a bucket of its own otherwise.
   */
  constructor(
    private readonly options: GateOptions,
    bucket?: QuotaBucket,
  ) {
    this.bucket = bucket ?? new QuotaBucket(options);
  }

  run<T>(
    publishedAt: number | undefined,
    work: () => Promise<T>,
    cost?: GateCost<T>,
  ): Promise<GateResult<T>> {
    const next = this.chain.then(() => this.runNow(publishedAt, work, cost));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private covered(publishedAt: number | undefined): boolean {
    // One second of margin for the clocks of Pub/Sub and of this instance.
    return publishedAt !== undefined && publishedAt + 1000 < this.lastSuccessStart;
  }

  private async runNow<T>(
    publishedAt: number | undefined,
    work: () => Promise<T>,
    cost: GateCost<T> | undefined,
  ): Promise<GateResult<T>> {
    if (this.covered(publishedAt)) return { ran: false, reason: 'covered' };
    await this.bucket.available();
    if (this.covered(publishedAt)) return { ran: false, reason: 'covered' };
    const startedAt = this.options.now();
    let spent = 1;
    try {
      const value = await work();
      spent = cost ? Math.max(1, cost(value)) : 1;
      this.lastSuccessStart = startedAt;
      return { ran: true, value };
    } finally {
      // Paid after the run, from what it spent: a failed run pays one token.
      this.bucket.pay(spent);
    }
  }
}

/**
 * The tokens: `burst` of them, one more every `refillMs`. They may go below zero when a run spent
 * more than was left: whoever draws next waits until the quota has earned them back.
 */
export class QuotaBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly options: GateOptions) {
    this.tokens = options.burst;
    this.refilledAt = options.now();
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

  /** Waits until at least one token is there. */
  async available(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.options.sleep(this.refilledAt + this.options.refillMs - this.options.now());
      this.refill();
    }
  }

  pay(spent: number): void {
    this.refill();
    this.tokens -= spent;
  }
}
