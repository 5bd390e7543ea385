import { describe, expect, it } from 'vitest';
import {
  campaign,
  checked,
  correctedReceipt,
  district,
  LINK,
  localTime,
  RECEIVED,
  SHEET,
  visibleText,
} from '../../testing/mail-fixtures.ts';
import { renderVerificationAlert } from './alert.ts';
import type { RenderedMail } from './blocks.ts';
import { renderDigest } from './digest.ts';
import { renderReceipt } from './receipt.ts';
import { renderRejection } from './rejection.ts';
import { renderReminder } from './reminder.ts';
import { renderSendBack } from './sendback.ts';

/** Every template, fed the given unit name (or typed unit, or comment) wherever it takes one. */
const templates: [string, (name: string) => RenderedMail][] = [
  [
    'receipt',
    (unitName) =>
      renderReceipt({
        campaign,
        unitName,
        receivedAt: RECEIVED,
        late: true,
        model: correctedReceipt().model,
        link: { kind: 'prefilled', link: LINK, retype: [] },
      }),
  ],
  [
    'rejection',
    (unitName) =>
      renderRejection({
        campaign,
        unitName,
        receivedAt: RECEIVED,
        errors: checked({ '2.count': '-3' }).errors,
        personalLink: LINK,
        hadAccepted: true,
      }),
  ],
  [
    'alert',
    (unitTyped) =>
      renderVerificationAlert({
        campaign,
        unitTyped,
        reason: 'token-mismatch',
        responseId: 'r-1',
        receivedAt: RECEIVED,
      }),
  ],
  [
    'reminder',
    (unitName) =>
      renderReminder({
        campaign,
        unitName,
        sentAt: localTime('2021-10-10T08:00'),
        link: { kind: 'bare', link: LINK },
      }),
  ],
  [
    'digest',
    (name) =>
      renderDigest({
        campaign,
        now: RECEIVED,
        byGroup: [{ label: 'UBND phường', total: 10, submitted: 3 }],
        late: [name],
        rejected: [],
        correctionRejected: [],
        removedFigures: [],
        handTyped: [],
        awaiting: [name],
        withoutEmail: [],
        notSubmitted: [name],
        totals: district().lines,
      }),
  ],
  [
    'send-back',
    (unitName) =>
      renderSendBack({
        campaign,
        unitName,
        comment: unitName,
        link: { kind: 'prefilled', link: LINK, retype: [] },
      }),
  ],
];

describe.each(templates)('the %s template', (_, render) => {
  it('keeps a unit name with line breaks out of the headers', () => {
    const mail = render('Trường <b>A</b>\r\nBcc: evil@example.com\r\n\r\nX');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.html).not.toContain('<b>A</b>');
    expect(visibleText(mail.html)).toContain('Trường <b>A</b>');
  });

  it('cuts a very long subject', () => {
    expect(Array.from(render('Đ'.repeat(500)).subject).length).toBeLessThanOrEqual(200);
  });

  it('writes NFC even from decomposed input', () => {
    const name = 'UBND Phường Tân Phong';
    const mail = render(name.normalize('NFD'));
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).toBe(part.normalize('NFC'));
    }
    expect(mail.text).toContain(name);
  });

  it('is a Vietnamese UTF-8 HTML document for phones', () => {
    const { html } = render('UBND Phường Tân Phong');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('name="viewport"');
  });

  it('says the same things in text and HTML', () => {
    const mail = render('UBND Phường Tân Phong');
    const seen = visibleText(mail.html).replace(/\s+/g, ' ');
    // Table rows are laid out differently in text (key line, then "Header: value"); the rest
    // (paragraphs, notices, list items, quotes) must read the same in both.
    const lines = mail.text
      .split('\n')
      .filter((l) => !/^ {2}/.test(l) && !/^=+$/.test(l))
      .map((l) => l.replace(/^(\(!\) |- |\d+\. |> )/, '').trim())
      .filter((l) => l && !l.includes('  '));
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(seen).toContain(line);
  });
});

describe('the verification alert', () => {
  it.each([
    ['token-mismatch', 'Cần xác minh báo cáo', 'Mã xác thực trong đường link không khớp'],
    [
      'unknown-unit',
      'Báo cáo từ đơn vị không có trong danh sách',
      'không có trong danh sách đơn vị',
    ],
    ['locked', 'Báo cáo gửi sau ngày khóa sổ', 'sau ngày khóa sổ'],
  ] as const)('%s', (reason, subject, why) => {
    const mail = renderVerificationAlert({
      campaign,
      unitTyped: 'UBND Phường Tân Phong',
      reason,
      responseId: 'ACYDBNj-42',
      receivedAt: RECEIVED,
      sheetUrl: SHEET,
    });
    expect(mail.subject).toBe(
      `${subject}: «UBND Phường Tân Phong» – Tuần lễ hưởng ứng học tập suốt đời năm 2021`,
    );
    expect(mail.text).toContain(why);
    expect(mail.text).toContain('chưa tính vào tổng hợp');
    expect(mail.text).toContain('Mã phản hồi: ACYDBNj-42');
    expect(mail.text).toContain('lúc 10:04 ngày 07/10/2021');
    expect(mail.text).toContain(`Bảng tổng hợp: ${SHEET}`);
  });
});

describe('the send-back', () => {
  it('quotes the coordinator comment and gives the link', () => {
    const mail = renderSendBack({
      campaign,
      unitName: 'UBND Phường Tân Phong',
      comment: 'Dòng 1.2: số người 150 có đúng không?\nXin gửi kèm danh sách <lớp>.',
      link: { kind: 'prefilled', link: LINK, retype: [] },
    });
    expect(mail.subject).toBe(
      'Đề nghị sửa báo cáo – UBND Phường Tân Phong – Tuần lễ hưởng ứng học tập suốt đời năm 2021',
    );
    expect(mail.text).toContain(
      '> Dòng 1.2: số người 150 có đúng không?\n> Xin gửi kèm danh sách <lớp>.',
    );
    expect(mail.html).toContain('<blockquote');
    expect(mail.html).toContain('có đúng không?<br>Xin gửi kèm danh sách &lt;lớp&gt;.');
    expect(mail.text).toContain(
      `Để sửa, mở lại đường link riêng của đơn vị (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại): ${LINK}`,
    );
  });
});
