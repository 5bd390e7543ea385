import { describe, expect, it } from 'vitest';
import {
  callGoogle,
  classify,
  PermanentGoogleError,
  QuotaExhaustedError,
  TransientGoogleError,
} from './errors.ts';

const httpError = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { response: { status } });
const noSleep = { sleep: async () => {}, random: () => 0.5 };

describe('talking to Google', () => {
  it.each([
    [httpError(429), 'quota'],
    [httpError(500), 'transient'],
    [httpError(503), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [httpError(400), 'permanent'],
    [httpError(403), 'permanent'],
    [httpError(404), 'permanent'],
  ])('classifies %s as %s', (error, expected) => {
    expect(classify(error)).toBe(expected);
  });

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
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseMs: 100 },
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

  it('marks a refusal as permanent', async () => {
    const error = await callGoogle('x', async () => Promise.reject(httpError(403)), noSleep).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentGoogleError);
    expect((error as PermanentGoogleError).retryable).toBe(false);
  });
});
