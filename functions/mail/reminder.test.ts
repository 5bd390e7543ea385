import { describe, expect, it } from 'vitest';
import { localTime as at, campaign, LINK, visibleText } from '../../testing/mail-fixtures.ts';
import { renderReminder } from './reminder.ts';

const render = (sentAt: Date, lastErrors?: string[], c = campaign) =>
  renderReminder({
    campaign: c,
    unitName: 'UBND Phường Tân Phong',
    sentAt,
    link: { kind: 'bare', link: LINK },
    lastErrors,
  });

const TITLE = 'Tuần lễ hưởng ứng học tập suốt đời năm 2021';

describe('reminder wording, counted from the day it is sent (deadline: end of 08/10/2021)', () => {
  it.each([
    ['2021-10-06T08:00', 'sắp đến hạn', 'sắp đến hạn: hạn nộp là hết ngày 08/10/2021 (còn 2 ngày)'],
    // The 06/10 reminder sent a day late must not still say "còn 2 ngày".
    ['2021-10-07T09:00', 'sắp đến hạn', 'sắp đến hạn: hạn nộp là hết ngày 08/10/2021 (còn 1 ngày)'],
    ['2021-10-07T23:59', 'sắp đến hạn', 'sắp đến hạn: hạn nộp là hết ngày 08/10/2021 (còn 1 ngày)'],
    [
      '2021-10-08T00:00',
      'hôm nay là hạn cuối',
      `Hôm nay là hạn cuối nộp báo cáo «${TITLE}» (hết ngày 08/10/2021)`,
    ],
    [
      '2021-10-08T23:59',
      'hôm nay là hạn cuối',
      `Hôm nay là hạn cuối nộp báo cáo «${TITLE}» (hết ngày 08/10/2021)`,
    ],
    ['2021-10-09T00:00', 'đã quá hạn 1 ngày', 'đã quá hạn 1 ngày (hạn nộp: hết ngày 08/10/2021)'],
    ['2021-10-10T08:00', 'đã quá hạn 2 ngày', 'đã quá hạn 2 ngày (hạn nộp: hết ngày 08/10/2021)'],
    ['2021-10-15T08:00', 'đã quá hạn 7 ngày', 'đã quá hạn 7 ngày (hạn nộp: hết ngày 08/10/2021)'],
  ])('sent at %s: "%s"', (local, status, sentence) => {
    const mail = render(at(local));
    expect(mail.subject).toBe(`Nhắc nộp báo cáo: ${status} – UBND Phường Tân Phong – ${TITLE}`);
    expect(mail.text).toContain(sentence);
    expect(visibleText(mail.html)).toContain(sentence);
  });

  it('counts calendar days in the campaign zone, not 24-hour periods from the send time', () => {
    // 06/10 23:30 in Hồ Chí Minh City is still 06/10 16:30 UTC; 07/10 00:30 there is 06/10 UTC too.
    expect(render(at('2021-10-06T23:30')).text).toContain('(còn 2 ngày)');
    expect(render(at('2021-10-07T00:30')).text).toContain('(còn 1 ngày)');
  });

  describe('a deadline with a time (17:00 ngày 08/10/2021)', () => {
    const timed = { ...campaign, deadline: '2021-10-08T17:00' };
    it.each([
      ['2021-10-07T18:00', 'sắp đến hạn', '(còn 1 ngày)'],
      ['2021-10-08T16:59', 'hôm nay là hạn cuối', 'Hôm nay là hạn cuối nộp báo cáo'],
      // Late the same day: overdue, but not yet by a whole day.
      ['2021-10-08T17:01', 'đã quá hạn', 'đã quá hạn (hạn nộp: 17:00 ngày 08/10/2021)'],
      [
        '2021-10-09T08:00',
        'đã quá hạn 1 ngày',
        'đã quá hạn 1 ngày (hạn nộp: 17:00 ngày 08/10/2021)',
      ],
    ])('sent at %s: "%s"', (local, status, sentence) => {
      const mail = render(at(local), undefined, timed);
      expect(mail.subject).toBe(`Nhắc nộp báo cáo: ${status} – UBND Phường Tân Phong – ${TITLE}`);
      expect(mail.text).toContain(sentence);
    });
  });

  it('says late reports are still accepted only once overdue', () => {
    expect(render(at('2021-10-11T08:00')).text).toContain('đánh dấu nộp trễ');
    expect(render(at('2021-10-08T07:30')).text).not.toContain('nộp trễ');
    expect(render(at('2021-10-06T08:00')).text).not.toContain('nộp trễ');
  });

  it('gives the link and whom to contact', () => {
    const mail = render(at('2021-10-08T07:30'));
    expect(mail.text).toContain(`Đơn vị nộp báo cáo qua đường link riêng: ${LINK}`);
    expect(mail.text).toContain('xin liên hệ Phòng Giáo dục và Đào tạo Quận 7 (pgd7@moet.edu.vn).');
  });

  it('names what to fix when the last version was rejected', () => {
    const errors = ['Dòng 2 «Số tin bài…»: Bạn đã nhập "-3"', 'Dòng 1.3 «…»: thiếu số người <b>'];
    const mail = render(at('2021-10-10T08:00'), errors);
    expect(mail.text).toContain(
      `Lần nộp gần nhất chưa hợp lệ, cần sửa:\n\n1. ${errors[0]}\n2. ${errors[1]}`,
    );
    expect(mail.html).toContain('thiếu số người &lt;b&gt;');
    expect(render(at('2021-10-10T08:00')).text).not.toContain('chưa hợp lệ, cần sửa');
  });
});
