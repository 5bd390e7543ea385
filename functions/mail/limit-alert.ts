// The coordinator's alert that the sending mailbox hit its daily limit: what waits, and that nothing is lost or sent twice.
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime } from '../../forms/format.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock } from './common.ts';

export interface LimitAlertInput {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  /** When the mail server first answered with its daily limit. */
  since: Date;
  /** When this alert goes: the first moment a mail could leave again. */
  at: Date;
}

/** Why owed mails wait, in the words the digest and this alert share. */
export const LIMIT_REASON =
  'hộp thư gửi đã chạm giới hạn số thư được gửi trong ngày của nhà cung cấp (Google: khoảng 2.000 thư/ngày với Google Workspace, 500 với Gmail thường)';

export function renderLimitAlert(input: LimitAlertInput): RenderedMail {
  const { campaign } = input;
  const tz = campaign.timezone;
  return renderMail(`Thư gửi bị chậm do giới hạn gửi thư trong ngày – ${campaign.title}`, [
    {
      kind: 'notice',
      parts: [
        `Lúc ${formatDateTime(input.since, tz)}, ${LIMIT_REASON}, nên hệ thống tạm ngừng gửi thư (biên nhận, nhắc nhở, yêu cầu sửa).`,
      ],
    },
    {
      kind: 'paragraph',
      parts: [
        `Mọi thư chưa gửi được vẫn được giữ trong bảng tổng hợp (cột thư ở trang «Nhật ký», cột nhắc nhở ở trang «Tiến độ») và được gửi tiếp từ ${formatDateTime(input.at, tz)}, khi giới hạn được đặt lại: không thư nào bị bỏ và không thư nào bị gửi hai lần. Việc nhận và tổng hợp báo cáo không bị ảnh hưởng.`,
      ],
    },
    {
      kind: 'paragraph',
      parts: [
        'Nếu đợt báo cáo có nhiều đơn vị (vài nghìn thư mỗi ngày), xin báo người quản trị hệ thống chuyển sang một dịch vụ gửi thư giao dịch qua SMTP (xem mục gửi thư trong hướng dẫn triển khai).',
      ],
    },
    footerBlock(campaign),
  ]);
}
