import { describe, expect, it } from 'vitest';
import { campaign, LINK, slotOf, visibleText } from '../../testing/mail-fixtures.ts';
import { reminderStatus, renderReminder } from './reminder.ts';

const render = (slot: ReturnType<typeof slotOf>, lastErrors?: string[]) =>
  renderReminder({
    campaign,
    unitName: 'UBND Phường Tân Phong',
    slot,
    link: { kind: 'bare', link: LINK },
    lastErrors,
  });

describe('reminder wording by slot', () => {
  it.each([
    ['before', -2, 'sắp đến hạn', 'sắp đến hạn: hạn nộp là hết ngày 08/10/2021 (còn 2 ngày)'],
    [
      'due-today',
      0,
      'hôm nay là hạn cuối',
      'Hôm nay là hạn cuối nộp báo cáo «Tuần lễ hưởng ứng học tập suốt đời năm 2021» (hết ngày 08/10/2021)',
    ],
    ['overdue', 1, 'đã quá hạn 1 ngày', 'đã quá hạn 1 ngày (hạn nộp: hết ngày 08/10/2021)'],
    ['overdue', 5, 'đã quá hạn 5 ngày', 'đã quá hạn 5 ngày (hạn nộp: hết ngày 08/10/2021)'],
  ] as const)('%s (%i days): "%s"', (kind, days, status, sentence) => {
    const slot = slotOf(kind, days);
    expect(slot.daysFromDeadline).toBe(days);
    expect(reminderStatus(slot)).toBe(status);
    const mail = render(slot);
    expect(mail.subject).toBe(
      `Nhắc nộp báo cáo: ${status} – UBND Phường Tân Phong – Tuần lễ hưởng ứng học tập suốt đời năm 2021`,
    );
    expect(mail.text).toContain(sentence);
    expect(visibleText(mail.html)).toContain(sentence);
  });

  it('says late reports are still accepted only once overdue', () => {
    expect(render(slotOf('overdue', 3)).text).toContain('đánh dấu nộp trễ');
    expect(render(slotOf('before')).text).not.toContain('nộp trễ');
  });

  it('gives the link and whom to contact', () => {
    const mail = render(slotOf('due-today'));
    expect(mail.text).toContain(`Đơn vị nộp báo cáo qua đường link riêng: ${LINK}`);
    expect(mail.text).toContain('xin liên hệ Phòng Giáo dục và Đào tạo Quận 7 (pgd7@moet.edu.vn).');
  });

  it('names what to fix when the last version was rejected', () => {
    const errors = ['Dòng 2 «Số tin bài…»: Bạn đã nhập "-3"', 'Dòng 1.3 «…»: thiếu số người <b>'];
    const mail = render(slotOf('overdue', 2), errors);
    expect(mail.text).toContain(
      `Lần nộp gần nhất chưa hợp lệ, cần sửa:\n\n1. ${errors[0]}\n2. ${errors[1]}`,
    );
    expect(mail.html).toContain('thiếu số người &lt;b&gt;');
    expect(render(slotOf('overdue', 2)).text).not.toContain('chưa hợp lệ, cần sửa');
  });
});
