// The one Google caller: what it retries, what it logs, and when it gives up.
import { describe, expect, it } from 'vitest';
import { isRetryable } from '../../forms/errors.ts';
import { callGoogle } from './call-google.ts';
import { PermanentGoogleError, QuotaExhaustedError, TransientGoogleError } from './errors.ts';
import { memoryLogger } from './log.ts';

const httpError = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { response: { status } });
const policy = () => ({ sleep: async () => {}, random: () => 0.5, log: memoryLogger() });
const noSleep = policy();

describe('calling Google', () => {
  it('retries a 429 with growing, jittered waits and then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await callGoogle(
      'x',
      async () => {
        calls++;
        if (calls < 4) throw httpError(429);
        return 'ok';
      },
      { ...policy(), sleep: async (ms: number) => void waits.push(ms), baseMs: 100 },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([50, 100, 200]);
  });

  it('gives up on a 429 that never ends with a retryable error', async () => {
    const error = await callGoogle('x', async () => Promise.reject(httpError(429)), {
      ...noSleep,
      attempts: 3,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as QuotaExhaustedError).retryable).toBe(true);
  });

  it('never retries a 500 in process: it may have been applied', async () => {
    let calls = 0;
    const error = await callGoogle(
      'x',
      async () => {
        calls++;
        throw httpError(500);
      },
      noSleep,
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(TransientGoogleError);
    expect((error as TransientGoogleError).cause).toBeDefined();
  });

  it('retries a 500 in process when the call is idempotent, logging each retry', async () => {
    const log = memoryLogger();
    let calls = 0;
    const result = await callGoogle(
      'sheets.values.batchGet',
      async () => {
        calls++;
        if (calls < 3) throw httpError(500);
        return 'ok';
      },
      { ...policy(), log, baseMs: 100 },
      { idempotent: true },
    );
    expect(result).toBe('ok');
    const retries = log.lines.filter((l) => l.message === 'google call retried');
    expect(retries.map((l) => [l.what, l.attempt, l.status])).toEqual([
      ['sheets.values.batchGet', 1, 500],
      ['sheets.values.batchGet', 2, 500],
    ]);
  });

  it('still throws a 500 at once when the call is not declared idempotent', async () => {
    let calls = 0;
    const error = await callGoogle(
      'sheets.batchUpdate',
      async () => {
        calls++;
        throw httpError(500);
      },
      noSleep,
      { idempotent: false },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(TransientGoogleError);
  });

  it('gives up on an idempotent call failing for good with a retryable transient error', async () => {
    let calls = 0;
    const error = await callGoogle(
      'x',
      async () => {
        calls++;
        throw httpError(503);
      },
      { ...noSleep, attempts: 3 },
      { idempotent: true },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(TransientGoogleError);
    expect(isRetryable(error)).toBe(true);
  });

  it('marks a refusal as permanent', async () => {
    const error = await callGoogle('x', async () => Promise.reject(httpError(403)), noSleep).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentGoogleError);
    expect((error as PermanentGoogleError).retryable).toBe(false);
  });

  it('logs every retry with the call and the wait, so a slow run shows why', async () => {
    const log = memoryLogger();
    let calls = 0;
    await callGoogle(
      'sheets.values.batchGet',
      async () => {
        calls++;
        if (calls < 3) throw httpError(429);
        return 'ok';
      },
      { ...policy(), log, baseMs: 100 },
    );
    const retries = log.lines.filter((l) => l.message === 'google call retried');
    expect(retries.map((l) => [l.what, l.attempt, l.waitMs])).toEqual([
      ['sheets.values.batchGet', 1, 50],
      ['sheets.values.batchGet', 2, 100],
    ]);
    expect(retries.every((l) => l.severity === 'WARNING')).toBe(true);
  });

  it('gives up, retryable, before its waits would pass the budget', async () => {
    const waits: number[] = [];
    const error = await callGoogle('x', async () => Promise.reject(httpError(429)), {
      ...policy(),
      random: () => 1,
      sleep: async (ms: number) => void waits.push(ms),
      baseMs: 1000,
      budgetMs: 5000,
    }).catch((e: unknown) => e);
    // 1 s + 2 s waited; the next 4 s would make 7 s > 5 s.
    expect(waits).toEqual([1000, 2000]);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(isRetryable(error)).toBe(true);
  });
});
