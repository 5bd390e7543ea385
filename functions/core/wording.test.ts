// The mail column's words: each status says what happened, and an alert's time is read back from it.
import { describe, expect, it } from 'vitest';
import { alertTimeOf, MAIL_STATUS } from './wording.ts';

const tz = 'Asia/Ho_Chi_Minh';
const at = new Date('2021-10-06T03:15:00Z');

describe('mail statuses', () => {
  it('names the refused addresses of a partly delivered mail', () => {
    expect(MAIL_STATUS.partial(at, tz, ['sai@donvi.example', 'cu@donvi.example'])).toBe(
      'Đã gửi 10:15 ngày 06/10/2021 (không gửi được tới: sai@donvi.example, cu@donvi.example)',
    );
  });

  it('reads an alert’s time back from a plain or a partly delivered status', () => {
    expect(alertTimeOf(MAIL_STATUS.sent(at, tz), tz)).toEqual(at);
    expect(alertTimeOf(MAIL_STATUS.partial(at, tz, ['sai@donvi.example']), tz)).toEqual(at);
  });

  it('never says a superseded owed version was not sent: it may have gone before a stop', () => {
    expect(MAIL_STATUS.superseded).not.toMatch(/^Không gửi \(/);
    expect(MAIL_STATUS.superseded).toContain('có thể đã gửi');
  });
});
