// The email to a unit whose report had errors: each error, that nothing was counted, and its link.
import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatDateTime, formatNumber } from '../../forms/format.ts';
import type { Finding } from '../core/parse.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { contactBlock, footerBlock, linkParts } from './common.ts';

export interface RejectionInput {
  campaign: Campaign;
  unitName: string;
  receivedAt: Date;
  /** Findings of severity "error"; each message already names the row and what was typed. */
  errors: readonly Finding[];
  /** The unit's personal link prefilled with what it sent, so it only fixes the errors. */
  personalLink: string;
  /** The unit has an earlier accepted version, which stays counted. */
  hadAccepted: boolean;
}

export function renderRejection(input: RejectionInput): RenderedMail {
  const { campaign, unitName, errors } = input;
  const received = formatDateTime(input.receivedAt, campaign.timezone);
  const count = formatNumber(errors.length);
  const blocks: Block[] = [
    { kind: 'paragraph', parts: [`Kính gửi ${unitName},`] },
    {
      kind: 'paragraph',
      parts: [
        `Hệ thống đã nhận báo cáo «${campaign.title}» của đơn vị lúc `,
        { strong: received },
        `, nhưng báo cáo có ${count} lỗi cần sửa.`,
      ],
    },
    {
      kind: 'notice',
      parts: [
        input.hadAccepted
          ? 'Số liệu chưa được ghi nhận; số liệu đã nộp hợp lệ lần trước vẫn được giữ nguyên.'
          : 'Số liệu chưa được ghi nhận; đơn vị hiện chưa có báo cáo hợp lệ nào.',
      ],
    },
    { kind: 'heading', text: `Các lỗi cần sửa (${count})` },
    { kind: 'list', ordered: true, items: errors.map((e) => [e.message]) },
    {
      kind: 'paragraph',
      parts: linkParts(
        'Mở đường link riêng (đã điền sẵn những gì đơn vị vừa gửi), sửa các lỗi trên rồi gửi lại',
        input.personalLink,
      ),
    },
    { kind: 'paragraph', parts: [`Hạn nộp báo cáo: ${deadlineText(campaign)}.`] },
    contactBlock(campaign),
    footerBlock(campaign),
  ];
  return renderMail(
    `Báo cáo chưa được ghi nhận, cần sửa – ${unitName} – ${campaign.title}`,
    blocks,
  );
}
