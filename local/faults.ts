// Fault and quota injection shared by the local Google stand-ins, seeded so a test run is repeatable.
import { z } from 'zod';

/** Google's per-user Sheets limits by default: 60 read and 60 write requests per minute. */
export interface QuotaConfig {
  readsPerMinute: number;
  writesPerMinute: number;
  /**
   * How long a quota "minute" lasts here (default 60 s): a benchmark that runs time faster by k
   * shortens it to 60/k s, so each simulated minute allows the same requests as Google's.
   */
  windowMs?: number;
}

export interface FaultRates {
  /** Probability (0..1) that a request is answered 429 RESOURCE_EXHAUSTED before it is applied. */
  rate429?: number;
  /** Probability that a request is answered 500 INTERNAL before it is applied. */
  rate500?: number;
  /** Probability that a request is answered 503 UNAVAILABLE before it is applied. */
  rate503?: number;
  /** Probability that a write is applied and then the connection is dropped without an answer. */
  rateAmbiguous?: number;
  /** Extra latency added to every request, in milliseconds: a fixed value or [min, max]. */
  delayMs?: number | [number, number];
}

export interface FaultConfig extends FaultRates {
  /** Seed of the pseudo-random generator; the same seed gives the same sequence of faults. */
  seed?: number;
  /** Per-minute quota; `false` disables it. */
  quota?: QuotaConfig | false;
}

export type RequestKind = 'read' | 'write';

export type FaultDecision =
  | { type: 'pass'; delayMs: number }
  | { type: 'error'; status: 429 | 500 | 503; reason: 'quota' | 'injected'; delayMs: number }
  | { type: 'ambiguous'; delayMs: number };

export const DEFAULT_QUOTA: QuotaConfig = { readsPerMinute: 60, writesPerMinute: 60 };

/** Small, fast, seedable PRNG (mulberry32); Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides, per request, whether the stand-in answers normally, fails, or applies and drops.
 * Quota windows are fixed per wall-clock minute per user, like Google's "per minute per user".
 */
export class FaultInjector {
  private config: FaultConfig;
  private random: () => number;
  private readonly windows = new Map<string, { minute: number; reads: number; writes: number }>();
  /** Counters a benchmark or test reads: what was asked and what was refused. */
  readonly stats = {
    reads: 0,
    writes: 0,
    quota429: 0,
    injected: 0,
    ambiguous: 0,
    /** Bytes of JSON answered to reads: what a sync pays to load its state. */
    readBytes: 0,
  };

  constructor(
    config: FaultConfig = {},
    private readonly now: () => number = Date.now,
  ) {
    this.config = config;
    this.random = seededRandom(config.seed ?? 1);
  }

  /** Replaces the configuration (and reseeds), e.g. from a test or the control endpoint. */
  configure(config: FaultConfig): void {
    this.config = config;
    this.random = seededRandom(config.seed ?? 1);
    this.windows.clear();
  }

  get current(): FaultConfig {
    return this.config;
  }

  resetStats(): void {
    for (const key of Object.keys(this.stats) as (keyof typeof this.stats)[]) this.stats[key] = 0;
  }

  decide(kind: RequestKind, user: string): FaultDecision {
    const delayMs = this.pickDelay();
    const quota = this.config.quota;
    if (quota) {
      const minute = Math.floor(this.now() / (quota.windowMs ?? 60_000));
      let window = this.windows.get(user);
      if (!window || window.minute !== minute) {
        window = { minute, reads: 0, writes: 0 };
        this.windows.set(user, window);
      }
      const used = kind === 'read' ? window.reads : window.writes;
      const limit = kind === 'read' ? quota.readsPerMinute : quota.writesPerMinute;
      if (used >= limit) {
        this.stats.quota429++;
        return { type: 'error', status: 429, reason: 'quota', delayMs };
      }
      if (kind === 'read') window.reads++;
      else window.writes++;
    }
    if (kind === 'read') this.stats.reads++;
    else this.stats.writes++;

    const roll = this.random();
    let edge = 0;
    for (const [status, rate] of [
      [429, this.config.rate429],
      [500, this.config.rate500],
      [503, this.config.rate503],
    ] as const) {
      edge += rate ?? 0;
      if (roll < edge) {
        this.stats.injected++;
        return { type: 'error', status, reason: 'injected', delayMs };
      }
    }
    edge += kind === 'write' ? (this.config.rateAmbiguous ?? 0) : 0;
    if (roll < edge) {
      this.stats.ambiguous++;
      return { type: 'ambiguous', delayMs };
    }
    return { type: 'pass', delayMs };
  }

  private pickDelay(): number {
    const delay = this.config.delayMs;
    if (delay === undefined) return 0;
    if (typeof delay === 'number') return delay;
    const [min, max] = delay;
    return Math.round(min + this.random() * (max - min));
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** The JSON error body Google's REST APIs answer with (google.rpc.Status in an `error` field). */
export function googleErrorBody(code: number, message: string) {
  return { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' } };
}

export function faultMessage(decision: Extract<FaultDecision, { type: 'error' }>, service: string) {
  if (decision.reason === 'quota') {
    return `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' of service '${service}'.`;
  }
  return decision.status === 429
    ? 'Resource has been exhausted (e.g. check quota).'
    : decision.status === 503
      ? 'The service is currently unavailable.'
      : 'Internal error encountered.';
}

const rate = z.number().min(0).max(1).optional();

/** What the control endpoints accept (POST /__control/faults), checked at that boundary. */
export const faultConfigSchema = z.strictObject({
  seed: z.number().int().optional(),
  rate429: rate,
  rate500: rate,
  rate503: rate,
  rateAmbiguous: rate,
  delayMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]).optional(),
  quota: z
    .union([
      z.literal(false),
      z.strictObject({
        readsPerMinute: z.number().int().positive(),
        writesPerMinute: z.number().int().positive(),
        windowMs: z.number().int().positive().optional(),
      }),
    ])
    .optional(),
});
