import { describe, expect, it } from 'vitest';
import { definitionOf, loadCampaign } from '../../forms/campaign.ts';
import { campaign, district, SHEET, visibleText } from '../../testing/mail-fixtures.ts';
import { districtTable } from '../core/totals.ts';
import { progressText } from './common.ts';
import { renderDigest } from './digest.ts';

describe('the headline', () => {
  it('writes the headline the Vietnamese way', () => {
    expect(progressText(7, 21)).toBe('Đã nộp 7/21 (33%)');
    expect(progressText(1200, 1500)).toBe('Đã nộp 1.200/1.500 (80%)');
  });
});

describe('the coordinators digest', () => {
  const table = district();
  const mail = renderDigest({
    campaign,
    now: new Date('2021-10-09T01:00:00Z'),
    byGroup: [
      { label: 'UBND phường', total: 10, submitted: 5 },
      { label: 'Phòng, ban, đơn vị thuộc quận', total: 4, submitted: 1 },
      { label: 'Cơ sở giáo dục', total: 2, submitted: 1 },
      { label: 'Mặt trận, đoàn thể, hội', total: 5, submitted: 0 },
    ],
    late: ['UBND Phường Tân Hưng'],
    rejected: ['UBND Phường Phú Mỹ'],
    correctionRejected: ['UBND Phường Tân Quy'],
    removedFigures: ['Hội Khuyến học quận'],
    handTyped: ['Quận đoàn'],
    awaiting: [],
    withoutEmail: ['Hội Khuyến học Quận 7', '<Đơn vị & co>'],
    notSubmitted: ['UBND Phường Tân Kiểng', 'Liên đoàn Lao động Quận 7'],
    totals: table.lines,
    sheetUrl: SHEET,
  });
  const seen = visibleText(mail.html);

  it('gives the overall and per-group progress', () => {
    expect(mail.subject).toBe(
      'Tiến độ báo cáo 09/10/2021: Đã nộp 7/21 (33%) – Tuần lễ hưởng ứng học tập suốt đời năm 2021',
    );
    for (const body of [mail.text, seen]) {
      expect(body).toContain('Đã nộp 7/21 (33%).');
      expect(body).toContain('tính đến 08:00 ngày 09/10/2021');
      expect(body).toContain('UBND phường: Đã nộp 5/10 (50%)');
      expect(body).toContain('Phòng, ban, đơn vị thuộc quận: Đã nộp 1/4 (25%)');
      expect(body).toContain('Mặt trận, đoàn thể, hội: Đã nộp 0/5 (0%)');
    }
  });

  it('lists who needs attention, with counts, and says when a list is empty', () => {
    expect(mail.text).toContain(
      'Chưa nộp (2)\n============\n\n- UBND Phường Tân Kiểng\n- Liên đoàn Lao động Quận 7',
    );
    expect(mail.text).toContain('Nộp trễ (1)');
    expect(mail.text).toContain('Cần sửa (lần nộp gần nhất có lỗi) (1)');
    expect(mail.text).toContain('Bản sửa bị trả lại (số liệu cũ vẫn được tính) (1)');
    expect(mail.text).toContain('- UBND Phường Tân Quy');
    expect(mail.text).toContain('Bản nộp mới xóa số liệu đã tính trước đó (cần xem lại) (1)');
    expect(mail.text).toContain('Số liệu do người tổng hợp nhập tay (1)');
    expect(mail.text).toContain('Chờ xác minh (0)\n================\n\n(không có)');
    expect(mail.text).toContain('Chưa có email để nhắc (2)');
    expect(mail.html).toContain('&lt;Đơn vị &amp; co&gt;');
  });

  it('shows the district table with its sums', () => {
    expect(mail.text).toContain(
      '- 1  Các lớp bồi dưỡng, tập huấn tổ chức trong Tuần lễ (tự tính)\n    Đơn vị tính: lớp; Số lượng: 5',
    );
    expect(mail.text).toContain(
      '- 1.0  Tổng số người tham gia, trong đó: (tự tính)\n    Đơn vị tính: người; Người: 100',
    );
    expect(mail.text).toContain('- 10  Kinh phí (tự tính)\n    Số lượng: 2.000.000 đồng');
    expect(seen).toContain('2.000.000 đồng');
    expect(mail.text).toContain(`Bảng tổng hợp: ${SHEET}`);
  });
});

describe("a digest of a table shaped by its file's columns", () => {
  // Money in a column of its own: the digest's header and its đồng follow the file.
  const reshaped = loadCampaign({
    ...definitionOf(campaign),
    table: {
      columns: [
        { header: 'Số lượng', kinds: ['count'] },
        { header: 'Số người', kinds: ['people'] },
        { header: 'Kinh phí (đồng)', kinds: ['amount'] },
      ],
    },
  });
  const table = districtTable(reshaped, [], {
    values: { '1.2.count': 2, '1.2.people': 40, '10.1.amount': 1_500_000 },
    texts: {},
  });
  const mail = renderDigest({
    campaign: reshaped,
    now: new Date('2021-10-09T01:00:00Z'),
    byGroup: [],
    late: [],
    rejected: [],
    correctionRejected: [],
    removedFigures: [],
    handTyped: [],
    awaiting: [],
    withoutEmail: [],
    notSubmitted: [],
    totals: table.lines,
  });

  it.each([
    ['- 1.2  Bồi dưỡng nâng cao trình độ ngoại ngữ', 'Số lượng: 2; Số người: 40'],
    ['- 10.1  Ngân sách nhà nước', 'Kinh phí (đồng): 1.500.000 đồng'],
  ])('prints %s with %s', (line, figures) => {
    const at = mail.text.indexOf(line);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(mail.text.slice(at, at + 300)).toContain(figures);
  });
});

describe('a digest while registry rows are skipped', () => {
  const base = {
    campaign,
    now: new Date('2021-10-09T01:00:00Z'),
    byGroup: [],
    late: [],
    rejected: [],
    correctionRejected: [],
    removedFigures: [],
    handTyped: [],
    awaiting: [],
    withoutEmail: [],
    notSubmitted: [],
    totals: district().lines,
  };

  it('names each skipped row with what to fix', () => {
    const mail = renderDigest({
      ...base,
      skippedRows: ["dòng 17: mã «Trường ABC» không hợp lệ (chỉ chữ thường không dấu, số và '-')"],
    });
    expect(mail.text).toContain('Dòng bị bỏ qua ở trang «Tiến độ» (cần sửa) (1)');
    expect(mail.text).toContain('- dòng 17: mã «Trường ABC» không hợp lệ');
  });

  it('says nothing of the registry when every row was read', () => {
    expect(renderDigest({ ...base, skippedRows: [] }).text).not.toContain('bị bỏ qua');
  });
});

describe('a digest while mails wait', () => {
  const base = {
    campaign,
    now: new Date('2021-10-09T01:00:00Z'),
    byGroup: [],
    late: [],
    rejected: [],
    correctionRejected: [],
    removedFigures: [],
    handTyped: [],
    awaiting: [],
    withoutEmail: [],
    notSubmitted: [],
    totals: district().lines,
  };

  it('says how many wait and that the daily sending limit is why, since when', () => {
    const mail = renderDigest({
      ...base,
      waiting: { count: 1234, limitSince: new Date('2021-10-08T07:05:00Z') },
    });
    expect(mail.text).toContain('Thư đang chờ gửi (1.234)');
    expect(mail.text).toContain(
      '1.234 thư chưa gửi được vì từ 14:05 ngày 08/10/2021, hộp thư gửi đã chạm giới hạn số thư được gửi trong ngày',
    );
    expect(mail.text).toContain('được gửi tiếp ngay khi giới hạn cho phép');
  });

  it('says a refusal without a limit is retried', () => {
    expect(renderDigest({ ...base, waiting: { count: 2 } }).text).toContain(
      '2 thư chưa gửi được vì máy chủ thư tạm thời chưa nhận',
    );
  });

  it('says nothing of waiting mail when none waits', () => {
    expect(renderDigest({ ...base, waiting: { count: 0 } }).text).not.toContain('chờ gửi');
    expect(renderDigest(base).text).not.toContain('chờ gửi');
  });
});
