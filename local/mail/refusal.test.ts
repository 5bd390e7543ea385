// Unit tests of the refusal policy: counts, time limits, stages and validation.
import { describe, expect, it } from 'vitest';
import { RefusalPolicy } from './refusal.ts';

describe('RefusalPolicy', () => {
  it('refuses a counted number of transactions, then accepts', () => {
    const policy = new RefusalPolicy();
    policy.set({ code: 451, count: 2 });
    expect(policy.take('rcpt')?.code).toBe(451);
    expect(policy.take('rcpt')?.code).toBe(451);
    expect(policy.take('rcpt')).toBeUndefined();
    expect(policy.describe()).toBeUndefined();
    expect(policy.stats.refused).toBe(2);
  });

  it('refuses until a time on its clock; the first limit reached ends it', () => {
    let now = 1000;
    const policy = new RefusalPolicy(() => now);
    policy.set({ code: 450, untilMs: 2000, count: 100 });
    expect(policy.take('rcpt')?.code).toBe(450);
    now = 2000;
    expect(policy.take('rcpt')).toBeUndefined();
    policy.set({ code: 421, forMs: 500 });
    expect(policy.describe()?.untilMs).toBe(2500);
  });

  it('refuses only at its stage, keeps a custom message, and stops on null', () => {
    const policy = new RefusalPolicy();
    policy.set({ code: 550, stage: 'data', message: 'Không nhận' });
    expect(policy.take('rcpt')).toBeUndefined();
    expect(policy.take('data')).toEqual({ code: 550, message: 'Không nhận' });
    expect(policy.take('data')).toBeDefined();
    policy.set(null);
    expect(policy.take('data')).toBeUndefined();
  });

  it('refuses only the named recipients, one RCPT at a time, never the whole transaction', () => {
    const policy = new RefusalPolicy();
    policy.set({ code: 550, recipients: ['Sai@donvi.example'] });
    expect(policy.take('rcpt')).toBeUndefined();
    expect(policy.takeRecipient('sai@donvi.example')?.code).toBe(550);
    expect(policy.takeRecipient('dung@donvi.example')).toBeUndefined();
    expect(policy.stats.refused).toBe(1);
  });

  it('rejects codes and options it does not know', () => {
    const policy = new RefusalPolicy();
    expect(() => policy.set({ code: 500 } as never)).toThrow();
    expect(() => policy.set({ code: 451, count: 0 })).toThrow();
    expect(() => policy.set({ code: 451, bogus: 1 } as never)).toThrow();
  });
});
