// Named errors for talking to Google, each known to be retryable or permanent, and how to tell them apart.

/** Sheets answered 429 more often than the in-process backoff would wait for. */
export class QuotaExhaustedError extends Error {
  readonly retryable = true;
  constructor(options?: { cause?: unknown }) {
    super('Google API quota still exhausted after backing off', options);
    this.name = 'QuotaExhaustedError';
  }
}

/**
 * A 5xx, a timeout or a dropped connection: the request may or may not have been applied.
 * The invocation fails so Pub/Sub redelivers and the next attempt starts from a fresh read.
 */
export class TransientGoogleError extends Error {
  readonly retryable = true;
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `${what} failed in a way that may have been applied; retrying from a fresh read`,
      options,
    );
    this.name = 'TransientGoogleError';
  }
}

/** A 4xx other than 429: retrying the same request cannot succeed (permission, missing sheet…). */
export class PermanentGoogleError extends Error {
  readonly retryable = false;
  constructor(
    what: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(`${what} was refused by Google (HTTP ${status})`, options);
    this.name = 'PermanentGoogleError';
  }
}

export type Failure = 'quota' | 'transient' | 'permanent';

/** Reads a gaxios-style error: `status` or `response.status`, absent for network failures. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  for (const v of [e.response?.status, e.status, e.code]) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d{3}$/.test(v)) return Number(v);
  }
  return undefined;
}

export function classify(error: unknown): Failure {
  const status = statusOf(error);
  if (status === 429) return 'quota';
  if (status === undefined || status >= 500 || status === 408) return 'transient';
  return 'permanent';
}

export interface BackoffOptions {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Attempts in all, the first included. */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
}

/**
 * Retries a Google call on 429 with exponential backoff and full jitter; any other failure is
 * turned into a named error at once (transient ones fail the invocation instead of retrying
 * here, since they may have been applied).
 */
export async function callGoogle<T>(
  what: string,
  call: () => Promise<T>,
  options: BackoffOptions,
): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 32_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      if (failure === 'quota') {
        if (attempt >= attempts) throw new QuotaExhaustedError({ cause: error });
        await options.sleep(
          Math.round(options.random() * Math.min(max, base * 2 ** (attempt - 1))),
        );
        continue;
      }
      if (failure === 'transient') throw new TransientGoogleError(what, { cause: error });
      throw new PermanentGoogleError(what, statusOf(error) ?? 0, { cause: error });
    }
  }
}
