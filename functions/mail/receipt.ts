// The receipt a unit gets once its report is counted: its table, warnings, changes and its link.

import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatDateTime, formatMoney, formatNumber } from '../../forms/format.ts';
import { cutText } from '../../forms/text.ts';
import type { CorrectionLink } from '../core/correction.ts';
import type { Change, ReceiptModel } from '../core/receipt.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { contactBlock, correctionBlocks, footerBlock, linkParts, reportTable } from './common.ts';

export interface ReceiptInput {
  campaign: Campaign;
  unitName: string;
  receivedAt: Date;
  /** Received after the deadline: counted, and marked late. */
  late: boolean;
  model: ReceiptModel;
  /** The personal link prefilled with this report, so a correction keeps what it does not change. */
  link: CorrectionLink;
  /** The master sheet, only when the caller shares it with the unit's readers. */
  sheetUrl?: string | undefined;
}

export const BLANK = '(để trống)';

/** Long texts are cut in the change list: the unit typed them and only needs to recognise them. */
const CHANGE_TEXT_MAX = 300;

function changeValue(campaign: Campaign, change: Change, value: number | string | null): string {
  if (value === null || value === '') return BLANK;
  if (typeof value === 'number') {
    return campaign.measure(change.measureId)?.kind === 'amount'
      ? formatMoney(value)
      : formatNumber(value);
  }
  return `«${cutText(value, CHANGE_TEXT_MAX)}»`;
}

/** "Dòng 1.2 «…», số người: 3 → 150". */
export function changeText(campaign: Campaign, change: Change): string {
  const before = changeValue(campaign, change, change.before);
  const after = changeValue(campaign, change, change.after);
  return `${change.where}: ${before} → ${after}`;
}

export function renderReceipt(input: ReceiptInput): RenderedMail {
  const { campaign, unitName, model } = input;
  const received = formatDateTime(input.receivedAt, campaign.timezone);
  const done = model.sections.filter((s) => s.did);
  const skipped = model.sections.filter((s) => !s.did);
  const blocks: Block[] = [
    { kind: 'paragraph', parts: [`Kính gửi ${unitName},`] },
    {
      kind: 'paragraph',
      parts: [
        `Hệ thống đã nhận và ghi nhận báo cáo «${campaign.title}» của đơn vị lúc `,
        { strong: received },
        model.firstReport
          ? '.'
          : '. Đây là bản nộp lại: số liệu dưới đây thay thế số liệu đơn vị đã nộp trước đó.',
      ],
    },
  ];
  if (input.late) {
    blocks.push({
      kind: 'notice',
      parts: [
        `Báo cáo được nộp sau hạn (${deadlineText(campaign)}); số liệu vẫn được ghi nhận và đánh dấu nộp trễ.`,
      ],
    });
  }
  if (model.warnings.length > 0) {
    blocks.push(
      { kind: 'heading', text: `Cần kiểm tra lại (${model.warnings.length})` },
      {
        kind: 'paragraph',
        parts: [
          'Đây là cảnh báo, không phải lỗi: số liệu đã được ghi nhận. Nếu số liệu đúng, đơn vị không cần làm gì thêm; nếu sai, hãy sửa qua đường link riêng ở cuối thư.',
        ],
      },
      { kind: 'list', items: model.warnings.map((w) => [w]) },
    );
  }
  blocks.push({ kind: 'heading', text: 'Số liệu đơn vị đã báo cáo' });
  if (done.length > 0) {
    blocks.push(reportTable(done.flatMap((s) => s.lines)));
    blocks.push({
      kind: 'paragraph',
      parts: ['Các dòng ghi "(tự tính)" là tổng do hệ thống tự cộng từ các dòng con.'],
    });
  } else {
    blocks.push({
      kind: 'paragraph',
      parts: ['Đơn vị báo không tổ chức hoạt động nào trong các mục của báo cáo.'],
    });
  }
  if (skipped.length > 0) {
    blocks.push({
      kind: 'paragraph',
      parts: [
        'Các mục đơn vị báo "Không": ',
        skipped.map((s) => `Mục ${s.id} «${s.title}»`).join('; '),
        '.',
      ],
    });
  }
  if (!model.firstReport) {
    blocks.push({ kind: 'heading', text: 'Thay đổi so với lần nộp trước' });
    blocks.push(
      model.changes.length > 0
        ? { kind: 'list', items: model.changes.map((c) => [changeText(campaign, c)]) }
        : { kind: 'paragraph', parts: ['Không có thay đổi so với lần nộp trước.'] },
    );
  }
  blocks.push(...correctionBlocks(campaign, 'Để sửa, mở lại đường link riêng', input.link, 'here'));
  blocks.push({
    kind: 'paragraph',
    parts: ['Đường link này dành riêng cho đơn vị; xin đừng chuyển cho đơn vị khác.'],
  });
  if (input.sheetUrl) {
    blocks.push({ kind: 'paragraph', parts: linkParts('Bảng tổng hợp', input.sheetUrl) });
  }
  blocks.push(contactBlock(campaign), footerBlock(campaign));
  return renderMail(`Biên nhận báo cáo – ${unitName} – ${campaign.title}`, blocks);
}
