import { describe, expect, it } from 'vitest';
import { MAIL_STATUS } from '../core/wording.ts';
import { LogWindow } from './log-window.ts';
import type { LogRow } from './state.ts';

const SENT = 'Đã gửi 07/10/2021 09:00';

/** A logged version submitted at `at`, in row `row`, its mail as given. */
const logged = (row: number, at: string, mail = SENT, outcome = 'Đã nhận'): LogRow => ({
  row,
  responseId: `r${row}`,
  version: `r${row}@${at}`,
  unitId: `u-${row}`,
  outcome,
  mail,
});

const CHECKPOINT = '2021-10-07T10:00:00.000Z';
/** Overlap 300 s: versions from 10 minutes and an hour before the checkpoint stay in view. */
const window = () => new LogWindow(300);

describe('the log window a warm sync instance reads', () => {
  it('starts at the first version that may be listed again, keeping the key before it', () => {
    const w = window();
    const rows = [
      logged(2, '2021-10-05T08:00:00.000Z'),
      logged(3, '2021-10-06T08:00:00.000Z'),
      logged(4, '2021-10-07T09:30:00.000Z'),
      logged(5, '2021-10-07T09:59:00.000Z'),
    ];
    w.advance(rows, 6, CHECKPOINT);
    expect(w.from).toEqual({ row: 4, keyBefore: 'r3@2021-10-06T08:00:00.000Z' });
  });

  it.each([
    ['a mail still owed', logged(3, '2021-10-01T08:00:00.000Z', MAIL_STATUS.pending)],
    [
      'a verification attempt its unit alert counts',
      logged(3, '2021-10-01T08:00:00.000Z', SENT, 'Chờ xác minh'),
    ],
    ['a row whose version cannot be read', { ...logged(3, 'x'), version: 'garbled' }],
  ])('keeps an old row in view when it holds %s', (_, kept) => {
    const w = window();
    const rows = [
      logged(2, '2021-10-01T07:00:00.000Z'),
      kept,
      logged(4, '2021-10-02T08:00:00.000Z'),
    ];
    w.advance(rows, 5, CHECKPOINT);
    expect(w.from?.row).toBe(3);
  });

  it('keeps the last row when nothing is needed, never a range past the log', () => {
    const w = window();
    w.advance(
      [logged(2, '2021-10-01T07:00:00.000Z'), logged(3, '2021-10-01T08:00:00.000Z')],
      4,
      CHECKPOINT,
    );
    expect(w.from).toEqual({ row: 3, keyBefore: 'r2@2021-10-01T07:00:00.000Z' });
  });

  it('reads the whole log while there is no checkpoint yet, and once forgotten', () => {
    const w = window();
    w.advance([logged(2, '2021-10-01T07:00:00.000Z'), logged(3, CHECKPOINT)], 4, '');
    expect(w.from).toBeUndefined();
    w.advance([logged(2, '2021-10-01T07:00:00.000Z'), logged(3, CHECKPOINT)], 4, CHECKPOINT);
    expect(w.from?.row).toBe(3);
    w.forget();
    expect(w.from).toBeUndefined();
  });
});
