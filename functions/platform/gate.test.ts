import { describe, expect, it } from 'vitest';
import { QuotaBucket, SyncGate } from './gate.ts';

function fakeClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('the sync gate', () => {
  it('runs a lone notification at once', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 3, refillMs: 4000, ...clock });
    const start = clock.now();
    const result = await gate.run(clock.now(), async () => 'synced');
    expect(result).toEqual({ ran: true, value: 'synced' });
    expect(clock.now()).toBe(start);
  });

  it('turns 300 notifications in a minute into at most 18 runs', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 3, refillMs: 4000, ...clock });
    let runs = 0;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      pending.push(gate.run(clock.now(), async () => runs++));
      // Work takes time in the real world; the chain interleaves arrival and runs.
      clock.advance(200);
      await Promise.resolve();
    }
    await Promise.all(pending);
    expect(runs).toBeGreaterThan(1);
    expect(runs).toBeLessThanOrEqual(18);
  });

  it('skips a notification published before the last run started, which already saw it', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 3, refillMs: 4000, ...clock });
    const published = clock.now();
    clock.advance(2000);
    await gate.run(clock.now(), async () => 1);
    expect(await gate.run(published, async () => 2)).toEqual({ ran: false, reason: 'covered' });
  });

  it('does not count a failed run: a notification published before it started still runs', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 3, refillMs: 4000, ...clock });
    const published = clock.now();
    clock.advance(2000);
    await expect(
      gate.run(clock.now(), async () => {
        throw new Error('Sheets unavailable');
      }),
    ).rejects.toThrow('Sheets unavailable');
    // Pub/Sub redelivers the notification after the failure: the change is still unwritten.
    expect(await gate.run(published, async () => 'retried')).toEqual({
      ran: true,
      value: 'retried',
    });
  });

  it('counts a successful run after a failed one: the notification it saw is covered', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 3, refillMs: 4000, ...clock });
    const published = clock.now();
    clock.advance(2000);
    await gate
      .run(clock.now(), async () => {
        throw new Error('Sheets unavailable');
      })
      .catch(() => undefined);
    clock.advance(2000);
    await gate.run(clock.now(), async () => 'recovered');
    expect(await gate.run(published, async () => 'again')).toEqual({
      ran: false,
      reason: 'covered',
    });
  });

  it('runs one at a time', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 10, refillMs: 1, ...clock });
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        gate.run(undefined, async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('makes a run pay what it spent: after one that spent 9 requests, the next waits for them', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 10, refillMs: 1500, ...clock });
    const start = clock.now();
    await gate.run(
      undefined,
      async () => ({ writes: 9 }),
      (r) => r.writes,
    );
    // One token left: the next run starts at once, and spends 3.
    await gate.run(
      undefined,
      async () => ({ writes: 3 }),
      (r) => r.writes,
    );
    expect(clock.now()).toBe(start);
    // Now 2 below zero: three tokens must be earned back first (4.5 s).
    await gate.run(
      undefined,
      async () => ({ writes: 3 }),
      (r) => r.writes,
    );
    expect(clock.now() - start).toBe(4500);
  });

  it('keeps what runs spend in any minute within the bucket plus a minute of refill', async () => {
    const clock = fakeClock();
    const gate = new SyncGate({ burst: 10, refillMs: 1500, ...clock });
    const spentAt: number[] = [];
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      pending.push(
        gate.run(
          undefined,
          async () => {
            for (let w = 0; w < 3; w++) spentAt.push(clock.now());
            clock.advance(300);
            return 3;
          },
          (w) => w,
        ),
      );
    }
    await Promise.all(pending);
    const first = spentAt[0] ?? 0;
    const inFirstMinute = spentAt.filter((t) => t - first < 60_000).length;
    // 10 back to back, then 40 more over the minute (a run may overdraw by its own cost).
    expect(inFirstMinute).toBeLessThanOrEqual(10 + 40 + 3);
    expect(inFirstMinute).toBeGreaterThanOrEqual(40);
  });

  it('makes two campaigns sharing a bucket spend one budget: the second waits for what the first spent', async () => {
    const clock = fakeClock();
    const options = { burst: 10, refillMs: 3000, ...clock };
    const bucket = new QuotaBucket(options);
    const first = new SyncGate(options, bucket);
    const second = new SyncGate(options, bucket);
    const start = clock.now();
    await first.run(
      undefined,
      async () => 11,
      (spent) => spent,
    );
    // One below zero: two tokens to earn back before the other campaign's run starts.
    await second.run(
      undefined,
      async () => 1,
      (spent) => spent,
    );
    expect(clock.now() - start).toBe(6000);
    // Each campaign's notifications are its own: a run of the second covers nothing of the first.
    const published = clock.now() - 5000;
    expect(await first.run(published, async () => 'ran')).toEqual({ ran: true, value: 'ran' });
  });
});
