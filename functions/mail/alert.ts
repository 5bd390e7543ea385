// The coordinator's alert about a submission that was not counted until someone checks who sent it.
import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatDateTime } from '../../forms/format.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock, linkParts } from './common.ts';

export type VerificationReason = 'token-mismatch' | 'unknown-unit' | 'locked';

/** One submission the alert is about. */
export interface VerificationAttempt {
  responseId: string;
  receivedAt: Date;
  reason: VerificationReason;
}

export interface VerificationAlertInput {
  campaign: Campaign;
  /** The unit as the submission named it: user text, possibly anything. */
  unitTyped: string;
  reason: VerificationReason;
  responseId: string;
  receivedAt: Date;
  sheetUrl?: string | undefined;
  /**
   * Earlier attempts for the same unit not yet told (grouped so that anyone with the public
   * form cannot send the coordinator one mail per attempt); the mail then lists them all.
   */
  earlier?: readonly VerificationAttempt[];
}

const SUBJECT: Record<VerificationReason, string> = {
  'token-mismatch': 'Cần xác minh báo cáo',
  'unknown-unit': 'Báo cáo từ đơn vị không có trong danh sách',
  locked: 'Báo cáo gửi sau ngày khóa sổ',
};

function why(campaign: Campaign, reason: VerificationReason): string {
  switch (reason) {
    case 'token-mismatch':
      return 'Mã xác thực trong đường link không khớp với đơn vị này: có thể đơn vị đã dùng nhầm đường link của đơn vị khác, hoặc đường link đã bị sửa.';
    case 'unknown-unit':
      return 'Đơn vị ghi trong báo cáo không có trong danh sách đơn vị của đợt báo cáo.';
    case 'locked':
      return `Báo cáo được gửi sau ngày khóa sổ (hạn nộp: ${deadlineText(campaign)}), nên không được tính.`;
  }
  return '';
}

const ACTION: Record<VerificationReason, string> = {
  'token-mismatch':
    'Xin liên hệ đơn vị để xác minh. Nếu đúng là đơn vị gửi, hãy gửi lại cho đơn vị đường link riêng của họ để nộp lại.',
  'unknown-unit':
    'Nếu đây là một đơn vị mới, hãy thêm đơn vị vào danh sách và gửi đường link riêng cho đơn vị; nếu không, có thể bỏ qua báo cáo này.',
  locked: 'Nếu vẫn cần tính số liệu này, hãy nhập tay vào bảng tổng hợp hoặc mở lại đợt báo cáo.',
};

export function renderVerificationAlert(input: VerificationAlertInput): RenderedMail {
  if (input.earlier?.length) return renderGrouped(input, input.earlier);
  const { campaign, reason } = input;
  const unit = input.unitTyped.trim() || '(để trống)';
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      parts: [
        `Hệ thống nhận một báo cáo «${campaign.title}» lúc ${formatDateTime(input.receivedAt, campaign.timezone)} nhưng `,
        { strong: 'chưa tính vào tổng hợp' },
        '.',
      ],
    },
    {
      kind: 'list',
      items: [
        ['Đơn vị ghi trong báo cáo: ', { strong: unit }],
        ['Lý do: ', why(campaign, reason)],
        [`Mã phản hồi: ${input.responseId}`],
      ],
    },
    { kind: 'paragraph', parts: [ACTION[reason]] },
    {
      kind: 'paragraph',
      parts: [
        `Báo cáo được lưu đầy đủ ở trang «Nhật ký» của bảng tổng hợp${reason === 'locked' ? '' : ' với trạng thái «Chờ xác minh»'}.`,
      ],
    },
  ];
  if (input.sheetUrl) {
    blocks.push({ kind: 'paragraph', parts: linkParts('Bảng tổng hợp', input.sheetUrl) });
  }
  blocks.push(footerBlock(campaign));
  return renderMail(`${SUBJECT[reason]}: «${unit}» – ${campaign.title}`, blocks);
}

/** Several attempts for one unit in one mail: each with its time, response id and reason. */
function renderGrouped(
  input: VerificationAlertInput,
  earlier: readonly VerificationAttempt[],
): RenderedMail {
  const { campaign, reason } = input;
  const unit = input.unitTyped.trim() || '(để trống)';
  const attempts = [
    ...earlier,
    { responseId: input.responseId, receivedAt: input.receivedAt, reason },
  ].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      parts: [
        `Hệ thống nhận ${attempts.length} báo cáo «${campaign.title}» ghi đơn vị `,
        { strong: unit },
        ' nhưng ',
        { strong: 'chưa tính vào tổng hợp' },
        ':',
      ],
    },
    {
      kind: 'list',
      items: attempts.map((a) => [
        `${formatDateTime(a.receivedAt, campaign.timezone)} – mã phản hồi ${a.responseId}: ${why(campaign, a.reason)}`,
      ]),
    },
    { kind: 'paragraph', parts: [ACTION[reason]] },
    {
      kind: 'paragraph',
      parts: [
        `Các báo cáo được lưu đầy đủ ở trang «Nhật ký» của bảng tổng hợp. Để tránh gửi quá nhiều thư, các lần gửi cho cùng một đơn vị được gộp: nhiều nhất một thư mỗi giờ.`,
      ],
    },
  ];
  if (input.sheetUrl) {
    blocks.push({ kind: 'paragraph', parts: linkParts('Bảng tổng hợp', input.sheetUrl) });
  }
  blocks.push(footerBlock(campaign));
  return renderMail(
    `${SUBJECT[reason]}: «${unit}» (${attempts.length} lần gửi) – ${campaign.title}`,
    blocks,
  );
}
