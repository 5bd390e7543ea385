import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../forms/format.ts';
import { q7 } from '../../testing/submissions.ts';
import {
  deadlineStanding,
  dueSlot,
  isLate,
  isLocked,
  localToInstant,
  reminderSlots,
  resolveSlot,
  validSlotIds,
} from './time.ts';

const campaign = q7();

describe('campaign time in Asia/Ho_Chi_Minh', () => {
  it('reads local wall-clock times as ICT (UTC+7)', () => {
    expect(localToInstant('2021-10-08T07:30', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
      '2021-10-08T00:30:00.000Z',
    );
    expect(localToInstant('2021-10-09', 'Asia/Ho_Chi_Minh').toISOString()).toBe(
      '2021-10-08T17:00:00.000Z',
    );
  });

  it.each([
    ['2021-10-08T16:59:59.999Z', false, '23:59 on the deadline day'],
    ['2021-10-08T17:00:00.000Z', true, 'midnight after it'],
    ['2021-10-07T01:00:00.000Z', false, 'during the week'],
  ])('treats a submission at %s as late=%s (%s)', (at, late) => {
    expect(isLate(campaign, new Date(at))).toBe(late);
  });

  it('never locks a campaign without a lock date, and locks from the lock date on', () => {
    expect(isLocked(campaign, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    const locked = { ...campaign, lockAt: '2021-10-15' };
    expect(isLocked(locked, new Date('2021-10-15T16:59:00Z'))).toBe(false);
    expect(isLocked(locked, new Date('2021-10-15T17:00:00Z'))).toBe(true);
  });

  it('plans reminders two days before, on the morning of the deadline, then daily while overdue', () => {
    const slots = reminderSlots(campaign);
    expect(slots.map((s) => [s.id, s.kind, formatDateTime(s.at, campaign.timezone)])).toEqual([
      ['truoc-han-2-ngay@2021-10-06', 'before', '08:00 ngày 06/10/2021'],
      ['sang-ngay-het-han@2021-10-08', 'due-today', '07:30 ngày 08/10/2021'],
      ...[9, 10, 11, 12, 13, 14, 15].map((d) => [
        `qua-han@2021-10-${d < 10 ? `0${d}` : d}`,
        'overdue',
        `08:00 ngày ${d < 10 ? `0${d}` : d}/10/2021`,
      ]),
    ]);
    expect(slots.at(-1)?.daysFromDeadline).toBe(7);
  });

  it('finds the slot due at a given moment', () => {
    expect(dueSlot(campaign, new Date('2021-10-05T00:00:00Z'))).toBeUndefined();
    expect(dueSlot(campaign, new Date('2021-10-08T03:00:00Z'))?.id).toBe(
      'sang-ngay-het-han@2021-10-08',
    );
    expect(dueSlot(campaign, new Date('2021-10-10T02:00:00Z'))?.id).toBe('qua-han@2021-10-10');
  });

  it.each([
    ['2021-10-06T08:00', '2021-10-08', 'before', 2],
    ['2021-10-07T23:59', '2021-10-08', 'before', 1],
    ['2021-10-08T00:00', '2021-10-08', 'due-today', 0],
    ['2021-10-09T00:00', '2021-10-08', 'overdue', 1],
    ['2021-11-01T08:00', '2021-10-08', 'overdue', 24],
    ['2021-10-08T16:59', '2021-10-08T17:00', 'due-today', 0],
    ['2021-10-08T17:01', '2021-10-08T17:00', 'overdue', 0],
  ] as const)('at %s local, a deadline of %s is %s by %i days', (local, deadline, kind, days) => {
    const at = localToInstant(local, campaign.timezone);
    expect(deadlineStanding({ ...campaign, deadline }, at)).toEqual({ kind, days });
  });

  describe('naming a slot (remind --slot, ?slot=)', () => {
    const at = (local: string) => localToInstant(local, campaign.timezone);
    it.each([
      [
        'a full slot id, whatever the time',
        'qua-han@2021-10-12',
        '2021-10-07T09:00',
        'qua-han@2021-10-12',
      ],
      [
        'a reminder id: its slot once due',
        'truoc-han-2-ngay',
        '2021-10-07T09:00',
        'truoc-han-2-ngay@2021-10-06',
      ],
      [
        'a reminder id before its time: its first slot',
        'sang-ngay-het-han',
        '2021-10-07T09:00',
        'sang-ngay-het-han@2021-10-08',
      ],
      [
        'a repeating reminder before it starts: its first slot',
        'qua-han',
        '2021-10-07T09:00',
        'qua-han@2021-10-09',
      ],
      [
        'a repeating reminder: the latest slot due',
        'qua-han',
        '2021-10-11T12:00',
        'qua-han@2021-10-11',
      ],
      [
        'a repeating reminder, a minute before a slot: the one before',
        'qua-han',
        '2021-10-12T07:59',
        'qua-han@2021-10-11',
      ],
      [
        'a repeating reminder after its last slot: the last',
        'qua-han',
        '2022-01-01T00:00',
        'qua-han@2021-10-15',
      ],
      ['spaces around the id', '  qua-han@2021-10-10 ', '2021-10-07T09:00', 'qua-han@2021-10-10'],
    ])('%s: "%s" at %s → %s', (_why, id, local, expected) => {
      expect(resolveSlot(campaign, id, at(local))?.id).toBe(expected);
    });

    it.each([
      ['an unknown reminder', 'nhac-lai'],
      ['a date with no slot', 'qua-han@2021-10-16'],
      ['a slot id without its reminder', '@2021-10-09'],
      ['nothing', ''],
    ])('knows no slot for %s ("%s")', (_why, id) => {
      expect(resolveSlot(campaign, id, at('2021-10-10T09:00'))).toBeUndefined();
    });

    it('lists every id it accepts: the reminders, then each slot', () => {
      expect(validSlotIds(campaign)).toEqual([
        'truoc-han-2-ngay',
        'sang-ngay-het-han',
        'qua-han',
        ...reminderSlots(campaign).map((s) => s.id),
      ]);
    });
  });

  it('writes dates the Vietnamese way', () => {
    const at = new Date('2021-10-08T16:59:00Z');
    expect(formatDate(at, 'Asia/Ho_Chi_Minh')).toBe('08/10/2021');
    expect(formatDateTime(at, 'Asia/Ho_Chi_Minh')).toBe('23:59 ngày 08/10/2021');
  });
});
