// The coordinator's alert that the form's notification watch could not be renewed or recreated.
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime } from '../../forms/format.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock } from './common.ts';

export function renderWatchAlert(input: {
  campaign: Campaign;
  formId: string;
  at: Date;
  reason: string;
}): RenderedMail {
  const { campaign } = input;
  return renderMail(`Cần kiểm tra: không gia hạn được theo dõi biểu mẫu – ${campaign.title}`, [
    {
      kind: 'notice',
      parts: [
        `Lúc ${formatDateTime(input.at, campaign.timezone)}, hệ thống không gia hạn (hoặc tạo lại) được đăng ký nhận thông báo khi có câu trả lời của biểu mẫu ${input.formId}.`,
      ],
    },
    {
      kind: 'paragraph',
      parts: [
        'Báo cáo của các đơn vị vẫn được ghi nhận trong biểu mẫu và được đồng bộ định kỳ (khoảng 15 phút một lần), nhưng sẽ chậm hơn bình thường.',
      ],
    },
    { kind: 'list', items: [[`Lý do kỹ thuật: ${input.reason}`]] },
    {
      kind: 'paragraph',
      parts: [
        'Xin báo cho người quản trị hệ thống, hoặc chạy lệnh «baocao watch renew» trên máy của người tổng hợp.',
      ],
    },
    footerBlock(campaign),
  ]);
}
