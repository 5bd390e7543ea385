// The receipt a unit gets once its report is counted: its table, warnings, changes and its link.

import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatDateTime } from '../../forms/format.ts';
import type { CorrectionLink } from '../core/correction.ts';
import { changeText, type ReceiptModel } from '../core/receipt.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import {
  contactBlock,
  correctionBlocks,
  footerBlock,
  LAST_YEAR,
  linkParts,
  reportTable,
} from './common.ts';

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
  if (model.removed.length > 0) {
    blocks.push(
      {
        kind: 'notice',
        parts: [
          `Bản nộp này xóa ${model.removed.length} số liệu đã được tính ở lần nộp trước (chuyển thành 0 hoặc để trống). Nếu đúng là đơn vị muốn xóa, không cần làm gì thêm; nếu không, hãy sửa qua đường link ở cuối thư.`,
        ],
      },
      { kind: 'list', items: model.removed.map((r) => [r]) },
    );
  }
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
    blocks.push(
      reportTable(
        campaign.table,
        done.flatMap((s) => s.lines),
        model.lastYear,
      ),
    );
    blocks.push({
      kind: 'paragraph',
      parts: ['Các dòng ghi "(tự tính)" là tổng do hệ thống tự cộng từ các dòng con.'],
    });
    if (model.lastYear) {
      blocks.push({
        kind: 'paragraph',
        parts: [
          `Số ghi «${LAST_YEAR}» là số liệu của đơn vị ở ${model.lastYear.title} (đơn vị sáp nhập từ nhiều đơn vị: tổng của các đơn vị đó), để đơn vị đối chiếu; số liệu được tính là số năm nay.`,
        ],
      });
    }
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
