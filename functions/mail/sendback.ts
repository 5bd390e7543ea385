// The coordinator's request that a unit correct its report, quoting the comment, with its link.

import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText } from '../../forms/format.ts';
import type { CorrectionLink } from '../core/correction.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { coordinatorText, correctionBlocks, footerBlock } from './common.ts';

export interface SendBackInput {
  campaign: Campaign;
  unitName: string;
  /** The coordinator's comment from "Tiến độ", as typed. */
  comment: string;
  /** The personal link prefilled with what the sheet counts for the unit now. */
  link: CorrectionLink;
}

export function renderSendBack(input: SendBackInput): RenderedMail {
  const { campaign, unitName } = input;
  const comment = input.comment.trim();
  const blocks: Block[] = [
    { kind: 'paragraph', parts: [`Kính gửi ${unitName},`] },
    {
      kind: 'notice',
      parts: [
        `${campaign.coordinator.name} đề nghị đơn vị xem lại và sửa báo cáo «${campaign.title}». Số liệu đơn vị đã nộp vẫn được giữ cho đến khi đơn vị gửi bản sửa.`,
      ],
    },
    { kind: 'paragraph', parts: ['Nội dung cần sửa:'] },
    comment
      ? { kind: 'quote', text: comment }
      : { kind: 'paragraph', parts: ['(không có ghi chú kèm theo)'] },
    ...correctionBlocks(
      campaign,
      'Để sửa, mở lại đường link riêng của đơn vị',
      input.link,
      'receipt',
    ),
    { kind: 'paragraph', parts: [`Hạn nộp báo cáo: ${deadlineText(campaign)}.`] },
    {
      kind: 'paragraph',
      parts: [`Cần trao đổi thêm, xin liên hệ ${coordinatorText(campaign)}.`],
    },
    footerBlock(campaign),
  ];
  return renderMail(`Đề nghị sửa báo cáo – ${unitName} – ${campaign.title}`, blocks);
}
