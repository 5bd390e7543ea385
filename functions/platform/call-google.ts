// The one way any part of baocao calls a Google API: 429s retried with backoff, logged, within a budget.
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

/**
 * Retries a Google call on 429 with exponential backoff and full jitter; any other failure is
 * turned into a named error at once (transient ones fail the invocation instead of retrying
 * here, since they may have been applied).
 */
export async function callGoogle<T>(
  what: string,
  call: () => Promise<T>,
  policy: CallPolicy,
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
      if (failure === 'quota') {
        const waitMs = Math.round(policy.random() * Math.min(max, base * 2 ** (attempt - 1)));
        if (attempt >= attempts || waited + waitMs > budget) {
          policy.log.log('WARNING', 'google call gave up on quota', { what, attempt, waited });
          throw new QuotaExhaustedError({ cause: error });
        }
        policy.log.log('WARNING', 'google call retried', { what, attempt, waitMs, status: 429 });
        waited += waitMs;
        await policy.sleep(waitMs);
        continue;
      }
      if (failure === 'transient') throw new TransientGoogleError(what, { cause: error });
      throw new PermanentGoogleError(what, statusOf(error) ?? 0, { cause: error });
    }
  }
}
