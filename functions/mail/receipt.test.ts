import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import {
  campaign,
  checked,
  correctedReceipt,
  LINK,
  RECEIVED,
  SHEET,
  visibleText,
} from '../../testing/mail-fixtures.ts';
import { receiptModel } from '../core/receipt.ts';
import { renderReceipt } from './receipt.ts';

const render = (over: Partial<Parameters<typeof renderReceipt>[0]> = {}) =>
  renderReceipt({
    campaign,
    unitName: 'UBND Phường Tân Phong',
    receivedAt: RECEIVED,
    late: false,
    model: correctedReceipt().model,
    link: { kind: 'prefilled', link: LINK, retype: [] },
    ...over,
  });

describe('the receipt for the 2021 campaign', () => {
  const mail = render();
  const seen = visibleText(mail.html);

  it('names the unit and the campaign in the subject', () => {
    expect(mail.subject).toBe(
      'Biên nhận báo cáo – UBND Phường Tân Phong – Tuần lễ hưởng ứng học tập suốt đời năm 2021',
    );
  });

  it('gives the time received in the campaign time zone', () => {
    for (const body of [mail.text, seen]) expect(body).toContain('lúc 10:04 ngày 07/10/2021');
  });

  it('shows money in đồng and the computed totals, marked as computed', () => {
    expect(mail.text).toContain('- 10  Kinh phí (tự tính)\n    Số lượng: 1.500.000 đồng');
    expect(mail.text).toContain(
      '- 10.1  Ngân sách nhà nước\n    Đơn vị tính: đồng; Số lượng: 1.500.000 đồng',
    );
    expect(mail.text).toContain(
      '- 1.0  Tổng số người tham gia, trong đó: (tự tính)\n    Đơn vị tính: người; Người: 150',
    );
    expect(seen).toContain('Kinh phí (tự tính)');
    expect(seen).toContain('1.500.000 đồng');
    expect(mail.html).toMatch(/font-weight:bold">Kinh phí \(tự tính\)<\/td>/);
  });

  it('lists only sections answered "Có" in the table, the others in one line', () => {
    expect(mail.text).not.toContain('Số tin bài về các hoạt động');
    expect(mail.text).toContain(
      'Các mục đơn vị báo "Không": Mục 2 «Tin bài về Tuần lễ»; Mục 3 «Ấn phẩm thông tin»;',
    );
    expect(mail.text).toContain('- 7.1  Số huyện tổ chức Lễ khai mạc Tuần lễ');
  });

  it('lists the warnings to check', () => {
    const warning = correctedReceipt().second.warnings[0]?.message ?? '';
    expect(warning).toContain('Dòng 7.2');
    expect(mail.text).toContain('Cần kiểm tra lại (1)');
    expect(mail.text).toContain(`- ${warning}`);
    expect(seen).toContain(warning);
  });

  it('lists the changes since the previous version', () => {
    for (const body of [mail.text, seen]) {
      expect(body).toContain(
        'Dòng 1.2 «Bồi dưỡng nâng cao trình độ ngoại ngữ cho cán bộ, công chức, viên chức (các cấp)», số người: 3 → 150',
      );
      expect(body).toContain(
        'Dòng 7.2 «Số cơ sở giáo dục tổ chức Lễ khai mạc Tuần lễ», số trường, trung tâm: 0 → 200',
      );
    }
  });

  it('ends with the personal link prefilled for a correction, and whom to contact', () => {
    expect(mail.text).toContain(
      `Để sửa, mở lại đường link riêng (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại): ${LINK}`,
    );
    expect(mail.html).toContain(`href="${LINK.replaceAll('&', '&amp;')}"`);
    for (const body of [mail.text, seen]) {
      expect(body).toContain('Phòng Giáo dục và Đào tạo Quận 7 (pgd7@moet.edu.vn)');
    }
    expect(mail.text).not.toContain(SHEET);
    expect(render({ sheetUrl: SHEET }).text).toContain(`Bảng tổng hợp: ${SHEET}`);
  });
});

describe('receipt variants', () => {
  it.each([
    [true, true],
    [false, false],
  ])('late=%s shows the late notice: %s', (late, shown) => {
    const mail = render({ late });
    const notice =
      'Báo cáo được nộp sau hạn (hết ngày 08/10/2021); số liệu vẫn được ghi nhận và đánh dấu nộp trễ.';
    expect(mail.text.includes(notice)).toBe(shown);
    expect(visibleText(mail.html).includes(notice)).toBe(shown);
  });

  it('a first report has no change list', () => {
    const first = checked({ '1.2.count': '5', '1.2.people': '30' });
    const mail = render({ model: receiptModel(campaign, first.report, first.warnings, null) });
    expect(mail.text).not.toContain('Thay đổi so với lần nộp trước');
    expect(mail.text).not.toContain('Cần kiểm tra lại');
  });

  it('an identical resubmission says nothing changed', () => {
    const again = checked({ '1.2.count': '5', '1.2.people': '30' });
    const model = receiptModel(campaign, again.report, again.warnings, again.report);
    expect(render({ model }).text).toContain('Không có thay đổi so với lần nộp trước.');
  });

  it('shows a blank before or after as "(để trống)"', () => {
    const { first } = correctedReceipt();
    const noted = checked({
      '1.2.count': '5',
      '1.2.people': '3',
      '10.1.amount': '1.500.000',
      '1.note': 'Lớp học buổi tối',
    });
    const model = receiptModel(campaign, noted.report, noted.warnings, first.report);
    const back = receiptModel(campaign, first.report, first.warnings, noted.report);
    expect(render({ model }).text).toContain(
      'Mục 1 «Các lớp bồi dưỡng, tập huấn», ghi chú: (để trống) → «Lớp học buổi tối»',
    );
    expect(render({ model: back }).text).toContain('ghi chú: «Lớp học buổi tối» → (để trống)');
  });

  it('escapes a hostile note in HTML while keeping it readable as text', () => {
    const note = '<script>alert(1)</script>\n=IMPORTXML("http://x","//a")';
    const mail = render({ model: correctedReceipt({ '1.note': note }).model });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('=IMPORTXML(&quot;http://x&quot;,&quot;//a&quot;)');
    expect(visibleText(mail.html)).toContain('=IMPORTXML("http://x","//a")');
    expect(mail.text).toContain(
      'Ghi chú: <script>alert(1)</script>\n      =IMPORTXML("http://x","//a")',
    );
  });

  it('never turns a non-http link into an href', () => {
    const mail = render({ link: { kind: 'prefilled', link: 'javascript:alert(1)', retype: [] } });
    expect(mail.html).not.toContain('href="javascript');
    expect(mail.text).toContain('javascript:alert(1)');
  });
});

describe('the previous campaign beside this year', () => {
  // Tân Phong reported last year; Tân Hưng is treated as new: the definition has nothing for it.
  const withPrevious = loadCampaign({
    ...definitionOf(campaign),
    previous: {
      title: 'năm 2020',
      figures: { 'p-tan-phong': { '1.2.count': 4, '1.2.people': 120, '10.1.amount': 900000 } },
    },
  });
  const report = checked({ '1.2.count': '5', '1.2.people': '150', '10.1.amount': '1.500.000' });
  const receiptFor = (unitId: string) =>
    render({
      campaign: withPrevious,
      model: receiptModel(withPrevious, report.report, report.warnings, null, unitId),
    });

  it('shows a unit that reported last year its figure "năm trước" beside each of this year', () => {
    const mail = receiptFor('p-tan-phong');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('5 (năm trước: 4)');
      expect(body).toContain('150 (năm trước: 120)');
      expect(body).toContain('1.500.000 đồng (năm trước: 900.000 đồng)');
      expect(body).toContain('Số ghi «năm trước» là số liệu của đơn vị ở năm 2020');
    }
    // The parent row is summed again from last year's sub-rows.
    expect(mail.text).toContain(
      '- 10  Kinh phí (tự tính)\n    Số lượng: 1.500.000 đồng (năm trước: 900.000 đồng)',
    );
  });

  it('leaves a row last year did not report without a made-up figure', () => {
    const noted = checked({ '1.2.count': '5', '1.2.people': '150', '1.3.count': '2' });
    const mail = render({
      campaign: withPrevious,
      model: receiptModel(withPrevious, noted.report, noted.warnings, null, 'p-tan-phong'),
    });
    expect(mail.text).toContain('(các cấp)\n    Đơn vị tính: lớp/người; Số lượng: 2; Người: 0\n');
    expect(mail.text).toContain('Số lượng: 5 (năm trước: 4); Người: 150 (năm trước: 120)');
  });

  it.each([
    ['a unit new this year', withPrevious, 'p-tan-hung'],
    ['a campaign without previous figures', campaign, 'p-tan-phong'],
  ])('says nothing of last year for %s', (_, c, unitId) => {
    const mail = render({
      campaign: c,
      model: receiptModel(c, report.report, report.warnings, null, unitId),
    });
    expect(mail.text).not.toContain('năm trước');
    expect(visibleText(mail.html)).not.toContain('năm trước');
  });
});
