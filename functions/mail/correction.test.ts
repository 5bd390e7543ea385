// The mails that invite a correction say what their link holds: the counted figures, the notes to retype, or that it holds none.
import { describe, expect, it } from 'vitest';
import {
  campaign,
  correctedReceipt,
  LINK,
  localTime,
  RECEIVED,
  visibleText,
} from '../../testing/mail-fixtures.ts';
import type { CorrectionLink } from '../core/correction.ts';
import { renderReceipt } from './receipt.ts';
import { renderReminder } from './reminder.ts';
import { renderSendBack } from './sendback.ts';

const PREFILLED = `${LINK}&entry.3=C%C3%B3&entry.4=3.500`;
const unitName = 'UBND Phường Tân Phong';

/** The three mails that invite a unit to correct what is counted, each given the same link. */
const mails = (link: CorrectionLink) => ({
  receipt: renderReceipt({
    campaign,
    unitName,
    receivedAt: RECEIVED,
    late: false,
    model: correctedReceipt().model,
    link,
  }),
  sendBack: renderSendBack({ campaign, unitName, comment: 'Xin xem lại mục 2.', link }),
  reminder: renderReminder({
    campaign,
    unitName,
    sentAt: localTime('2021-10-06T08:00'),
    link,
  }),
});

describe('the link that invites a correction', () => {
  it('says the counted figures are filled in and only the wrong cell needs changing', () => {
    const m = mails({ kind: 'prefilled', link: PREFILLED, retype: [] });
    expect(m.receipt.text).toContain(
      `Để sửa, mở lại đường link riêng (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại): ${PREFILLED}`,
    );
    expect(m.sendBack.text).toContain(
      `Để sửa, mở lại đường link riêng của đơn vị (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại): ${PREFILLED}`,
    );
    expect(m.reminder.text).toContain(
      `Để sửa, mở lại đường link riêng (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại): ${PREFILLED}`,
    );
    for (const mail of Object.values(m)) {
      expect(mail.html).toContain(`href="${PREFILLED.replaceAll('&', '&amp;')}"`);
      expect(mail.text).not.toContain('quá dài');
    }
  });

  it('names each note too long to prefill, which the unit must type again', () => {
    const m = mails({ kind: 'prefilled', link: PREFILLED, retype: ['1.note', '11.text'] });
    for (const mail of Object.values(m)) {
      for (const body of [mail.text, visibleText(mail.html)]) {
        expect(body).toContain(
          'Ghi chú mục 1 quá dài để điền sẵn: khi sửa, hãy nhập lại ghi chú này.',
        );
        expect(body).toContain(
          'Dòng 11 «Các nội dung khác (nếu có)» quá dài để điền sẵn: khi sửa, hãy nhập lại nội dung này.',
        );
      }
    }
  });

  it('never hands out a link that silently zeroes: without prefill, it says to answer every section', () => {
    const m = mails({ kind: 'unfilled', link: LINK });
    const zeroes =
      'kể cả các mục không cần sửa: mục nào chọn «Không» hoặc để trống sẽ được tính là 0.';
    expect(m.receipt.text).toContain(
      `Đường link này không điền sẵn số liệu của đơn vị (quá dài để đưa vào một đường link). Khi sửa, hãy trả lời lại mọi mục đúng như bảng số liệu trong thư này, ${zeroes}`,
    );
    for (const mail of [m.sendBack, m.reminder]) {
      expect(mail.text).toContain(
        `Khi sửa, hãy trả lời lại mọi mục đúng như biên nhận gần nhất của đơn vị, ${zeroes}`,
      );
    }
  });

  it('a reminder to a unit with nothing counted keeps the plain invitation to report', () => {
    const { reminder } = mails({ kind: 'bare', link: LINK });
    expect(reminder.text).toContain(`Đơn vị nộp báo cáo qua đường link riêng: ${LINK}`);
    expect(reminder.text).not.toContain('Để sửa');
    expect(reminder.text).not.toContain('điền sẵn');
  });
});
