import { describe, expect, it } from 'vitest';
import { crashedBefore, holderOf, LEASE_TTL_MS, type LeaseEvent, planTidy } from './lease.ts';

const T0 = Date.parse('2026-12-01T03:00:00Z');
const hold = (row: number, ticket: string, at = T0): LeaseEvent => ({
  row,
  kind: 'hold',
  ticket,
  at,
});
const release = (row: number, ticket: string, at = T0): LeaseEvent => ({
  row,
  kind: 'release',
  ticket,
  at,
});

describe('who holds the lease', () => {
  it.each([
    { name: 'the first open hold', events: [hold(2, 'a'), hold(3, 'b')], now: T0, holder: 'a' },
    {
      name: 'the next one once the first is released',
      events: [hold(2, 'a'), hold(3, 'b'), release(4, 'a')],
      now: T0,
      holder: 'b',
    },
    {
      name: 'the next one once the first has lapsed',
      events: [hold(2, 'a'), hold(3, 'b', T0 + LEASE_TTL_MS)],
      now: T0 + LEASE_TTL_MS + 1,
      holder: 'b',
    },
    { name: 'nobody when all are released', events: [hold(2, 'a'), release(3, 'a')], now: T0 },
  ])('$name', ({ events, now, holder }) => {
    expect(holderOf(events, now)).toBe(holder);
  });
});

describe('runs that died holding the lease', () => {
  it('names the earlier holds never given back, not the released ones nor later ones', () => {
    const events = [
      hold(2, 'died'),
      hold(3, 'done'),
      release(4, 'done'),
      hold(5, 'me'),
      hold(6, 'after'),
    ];
    expect(crashedBefore(events, 'me')).toEqual(['died']);
  });

  it('names none once the run after the crash has closed its ticket', () => {
    const events = [hold(2, 'died'), hold(3, 'next'), release(4, 'next'), release(5, 'died')];
    expect(crashedBefore([...events, hold(6, 'me')], 'me')).toEqual([]);
  });
});

describe('tidying the lease rows', () => {
  /** Forty closed runs from row 10 on (the keys' rows end at 9), then `tail`. */
  const closedRuns = (count: number) =>
    Array.from({ length: count }, (_, i) => [
      hold(10 + 2 * i, `r${i}`),
      release(11 + 2 * i, `r${i}`),
    ]).flat();
  const deleted = (events: LeaseEvent[]) =>
    planTidy(events).flatMap((r) => (r.deleteDimension ? [r.deleteDimension.range] : []));

  it('leaves a short list alone', () => {
    expect(planTidy(closedRuns(10))).toEqual([]);
  });

  it('deletes the closed runs above the first hold not given back, never that hold', () => {
    const events = [...closedRuns(30), hold(70, 'died'), hold(71, 'open'), release(72, 'r-late')];
    expect(deleted(events)).toEqual([
      { sheetId: 5, dimension: 'ROWS', startIndex: 9, endIndex: 69 },
    ]);
  });

  it('deletes every row when all runs gave the lease back', () => {
    expect(deleted(closedRuns(25))).toEqual([
      { sheetId: 5, dimension: 'ROWS', startIndex: 9, endIndex: 59 },
    ]);
  });
});
