// Named errors for talking to Google, each known to be retryable or permanent, and how to tell them apart.
import { PermanentError, RetryableError } from '../../forms/errors.ts';

/** Sheets answered 429 more often than the in-process backoff would wait for. */
export class QuotaExhaustedError extends RetryableError {
  constructor(options?: { cause?: unknown }) {
    super('Google API quota still exhausted after backing off', options);
  }
}

/**
 * A 5xx, a timeout or a dropped connection: the request may or may not have been applied.
 * The invocation fails so Pub/Sub redelivers and the next attempt starts from a fresh read.
 */
export class TransientGoogleError extends RetryableError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `${what} failed in a way that may have been applied; retrying from a fresh read`,
      options,
    );
  }
}

/** A 4xx other than 429: retrying the same request cannot succeed (permission, missing sheet…). */
export class PermanentGoogleError extends PermanentError {
  constructor(
    what: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(`${what} was refused by Google (HTTP ${status})`, options);
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
