// The coordinator's alert that rows of "Tiến độ" cannot be read as units and are left out of sync.
import type { Campaign } from '../../forms/campaign.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock, linkParts } from './common.ts';

export interface RegistryAlertInput {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  /** One Vietnamese line per skipped row: "dòng 17: mã «Trường ABC» không hợp lệ (…)". */
  problems: readonly string[];
  sheetUrl?: string | undefined;
}

export function renderRegistryAlert(input: RegistryAlertInput): RenderedMail {
  const { campaign } = input;
  return renderMail(`Cần sửa danh sách đơn vị ở trang «Tiến độ» – ${campaign.title}`, [
    {
      kind: 'notice',
      parts: [
        'Một số dòng ở trang «Tiến độ» của bảng tổng hợp không đọc được thành đơn vị nên đang bị bỏ qua: báo cáo của các đơn vị này chưa được tính.',
      ],
    },
    { kind: 'list', items: input.problems.map((p) => [p]) },
    {
      kind: 'paragraph',
      parts: [
        'Các đơn vị khác vẫn được đồng bộ bình thường. Hãy sửa các dòng trên (mã ở cột A chỉ gồm chữ thường không dấu, số và dấu «-»; ghi chú nên để ở cột «Nhận xét»). Trong lúc chờ sửa, báo cáo mà đơn vị của dòng bị bỏ qua gửi lên được lưu ở trang «Nhật ký» với trạng thái «Chờ xác minh». Thư này được gửi nhiều nhất một lần mỗi giờ cho cùng các lỗi.',
      ],
    },
    ...(input.sheetUrl
      ? [{ kind: 'paragraph' as const, parts: linkParts('Bảng tổng hợp', input.sheetUrl) }]
      : []),
    footerBlock(campaign),
  ]);
}
