import { describe, expect, it } from 'vitest';
import { campaign, checked, LINK, RECEIVED, visibleText } from '../../testing/mail-fixtures.ts';
import { renderRejection } from './rejection.ts';

const { errors } = checked({ '1.2.count': 'abc', '1.3.count': '5', '2.count': '-3' });

const render = (hadAccepted: boolean) =>
  renderRejection({
    campaign,
    unitName: 'UBND Phường Tân Phong',
    receivedAt: RECEIVED,
    errors,
    personalLink: LINK,
    hadAccepted,
  });

describe('the rejection', () => {
  it('has three errors to list', () => {
    expect(errors.map((e) => e.rowId)).toEqual(['1.2', '2', '1.3']);
  });

  it('lists every error, numbered, in text and HTML', () => {
    const mail = render(true);
    errors.forEach((e, i) => {
      expect(mail.text).toContain(`${i + 1}. ${e.message}`);
    });
    expect(mail.text).toContain('Các lỗi cần sửa (3)');
    const seen = visibleText(mail.html);
    for (const e of errors) expect(seen).toContain(e.message);
    expect(mail.html).toMatch(/<ol[^>]*>\n(<li[^>]*>[^\n]*<\/li>\n){3}<\/ol>/);
    expect(mail.html).toContain('Bạn đã nhập &quot;abc&quot;');
  });

  it.each([
    [true, 'Số liệu chưa được ghi nhận; số liệu đã nộp hợp lệ lần trước vẫn được giữ nguyên.'],
    [false, 'Số liệu chưa được ghi nhận; đơn vị hiện chưa có báo cáo hợp lệ nào.'],
  ])('hadAccepted=%s says what stands', (hadAccepted, sentence) => {
    const mail = render(hadAccepted);
    expect(mail.text).toContain(sentence);
    expect(visibleText(mail.html)).toContain(sentence);
    expect(mail.text.includes('vẫn được giữ nguyên')).toBe(hadAccepted);
  });

  it('gives the prefilled link, the deadline and the contact', () => {
    const mail = render(false);
    expect(mail.subject).toBe(
      'Báo cáo chưa được ghi nhận, cần sửa – UBND Phường Tân Phong – Tuần lễ hưởng ứng học tập suốt đời năm 2021',
    );
    expect(mail.text).toContain(
      `Mở đường link riêng (đã điền sẵn những gì đơn vị vừa gửi), sửa các lỗi trên rồi gửi lại: ${LINK}`,
    );
    expect(mail.text).toContain('Hạn nộp báo cáo: hết ngày 08/10/2021.');
    expect(mail.text).toContain('lúc 10:04 ngày 07/10/2021');
    expect(mail.text).toContain('pgd7@moet.edu.vn');
  });
});
