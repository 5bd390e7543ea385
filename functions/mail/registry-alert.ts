// The coordinator's alert that rows of "Tiến độ" cannot be read as units (left out of sync), or hold an email or a parent that cannot be used.
import type { Campaign } from '../../forms/campaign.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock, linkParts } from './common.ts';

export interface RegistryAlertInput {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  /** One Vietnamese line per skipped row: "dòng 17: mã «Trường ABC» không hợp lệ (…)". */
  problems: readonly string[];
  /** One line per row whose email cell holds an address that cannot be used. */
  emailProblems?: readonly string[];
  /** One line per row whose "Cấp trên" names no unit or closes a loop. */
  parentProblems?: readonly string[];
  sheetUrl?: string | undefined;
}

export function renderRegistryAlert(input: RegistryAlertInput): RenderedMail {
  const { campaign } = input;
  const skipped = input.problems.length > 0;
  const emails = input.emailProblems ?? [];
  return renderMail(`Cần sửa danh sách đơn vị ở trang «Tiến độ» – ${campaign.title}`, [
    ...(skipped
      ? [
          {
            kind: 'notice' as const,
            parts: [
              'Một số dòng ở trang «Tiến độ» của bảng tổng hợp không đọc được thành đơn vị nên đang bị bỏ qua: báo cáo của các đơn vị này chưa được tính.',
            ],
          },
          { kind: 'list' as const, items: input.problems.map((p) => [p]) },
          {
            kind: 'paragraph' as const,
            parts: [
              'Các đơn vị khác vẫn được đồng bộ bình thường. Hãy sửa các dòng trên (mã ở cột A chỉ gồm chữ thường không dấu, số và dấu «-»; ghi chú nên để ở cột «Nhận xét»). Trong lúc chờ sửa, báo cáo mà đơn vị của dòng bị bỏ qua gửi lên được lưu ở trang «Nhật ký» với trạng thái «Chờ xác minh».',
            ],
          },
        ]
      : []),
    ...(emails.length > 0
      ? [
          {
            kind: 'notice' as const,
            parts: [
              'Ở cột «Email nhận thư» có địa chỉ không dùng được (ví dụ có dấu tiếng Việt, hai dấu chấm liền nhau, hoặc tên miền sai): đơn vị vẫn được tổng hợp nhưng không nhận được biên nhận, nhắc nhở ở địa chỉ đó. Hãy sửa lại:',
            ],
          },
          { kind: 'list' as const, items: emails.map((p) => [p]) },
        ]
      : []),
    ...((input.parentProblems?.length ?? 0) > 0
      ? [
          {
            kind: 'notice' as const,
            parts: [
              'Ở cột «Cấp trên» có đơn vị ghi cấp trên không có trong danh sách, hoặc các đơn vị ghi cấp trên vòng lại nhau: các đơn vị này vẫn được tổng hợp nhưng chưa được cộng vào số liệu của cấp trên. Hãy ghi đúng mã đơn vị cấp trên (cột «Mã đơn vị»):',
            ],
          },
          { kind: 'list' as const, items: (input.parentProblems ?? []).map((p) => [p]) },
        ]
      : []),
    {
      kind: 'paragraph',
      parts: ['Thư này được gửi nhiều nhất một lần mỗi giờ cho cùng các lỗi.'],
    },
    ...(input.sheetUrl
      ? [{ kind: 'paragraph' as const, parts: linkParts('Bảng tổng hợp', input.sheetUrl) }]
      : []),
    footerBlock(campaign),
  ]);
}
