// The one way any part of baocao calls a Google API: 429s (and 5xx when safe to repeat) retried with backoff, logged, within a budget.
import {
  classify,
  PermanentGoogleError,
  QuotaExhaustedError,
  statusOf,
  TransientGoogleError,
} from './errors.ts';
import type { Logger } from './log.ts';

export interface CallPolicy {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Each retry is logged (WARNING), so a run slowed by quota shows why. */
  log: Logger;
  /** Attempts in all, the first included. */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  /**
   * Total time one call may spend waiting between attempts. Past it the call gives up with a
   * retryable error instead of holding a function instance (and the gate) for a minute: Pub/Sub
   * or the scheduler tries again later, from a fresh read.
   */
  budgetMs?: number;
}

export const DEFAULT_CALL_BUDGET_MS = 20_000;

export interface CallOptions {
  /**
   * The call may be repeated without changing the outcome: a read, or a write that rewrites the
   * same cells with the same values. A 5xx or a timeout is then retried here like a 429 (same
   * backoff, same budget) instead of failing the run: failing it would leave the mails of a
   * run unrecorded, and the next run would send them again.
   */
  idempotent?: boolean;
}

/**
 * Retries a Google call on 429 with exponential backoff and full jitter; any other failure is
 * turned into a named error at once. Transient ones (5xx, timeouts) fail the invocation instead
 * of retrying here, since they may have been applied, unless the call is idempotent.
 */
export async function callGoogle<T>(
  what: string,
  call: () => Promise<T>,
  policy: CallPolicy,
  options: CallOptions = {},
): Promise<T> {
  const attempts = policy.attempts ?? 8;
  const base = policy.baseMs ?? 500;
  const max = policy.maxMs ?? 16_000;
  const budget = policy.budgetMs ?? DEFAULT_CALL_BUDGET_MS;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      if (failure === 'quota' || (failure === 'transient' && options.idempotent)) {
        const waitMs = Math.round(policy.random() * Math.min(max, base * 2 ** (attempt - 1)));
        if (attempt >= attempts || waited + waitMs > budget) {
          policy.log.log('WARNING', `google call gave up on ${failure}`, { what, attempt, waited });
          throw failure === 'quota'
            ? new QuotaExhaustedError({ cause: error })
            : new TransientGoogleError(what, { cause: error });
        }
        policy.log.log('WARNING', 'google call retried', {
          what,
          attempt,
          waitMs,
          status: statusOf(error) ?? 'network',
        });
        waited += waitMs;
        await policy.sleep(waitMs);
        continue;
      }
      if (failure === 'transient') throw new TransientGoogleError(what, { cause: error });
      throw new PermanentGoogleError(what, statusOf(error) ?? 0, { cause: error });
    }
  }
}
