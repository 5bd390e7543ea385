// The coordinators' digest: progress overall and by group, who needs attention, and the totals so far.
import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatDate, formatDateTime, formatNumber } from '../../forms/format.ts';
import type { TableLine } from '../core/totals.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock, linkParts, namesOrNone, progressText, reportTable } from './common.ts';
import { LIMIT_REASON } from './limit-alert.ts';

export interface GroupProgress {
  label: string;
  /** Units in the group. */
  total: number;
  /** Units with an accepted report. */
  submitted: number;
}

export interface DigestInput {
  campaign: Campaign;
  now: Date;
  byGroup: readonly GroupProgress[];
  /** Unit names, one list per thing a coordinator may have to act on. */
  late: readonly string[];
  rejected: readonly string[];
  /** Counted units whose later correction was refused: their counted figures stand. */
  correctionRejected: readonly string[];
  /** Units whose latest counted version removed figures counted before. */
  removedFigures: readonly string[];
  handTyped: readonly string[];
  awaiting: readonly string[];
  withoutEmail: readonly string[];
  notSubmitted: readonly string[];
  /**
   * Rows of "Tiến độ" sync cannot read as units, each naming the row and what to fix; the
   * section shows only when there are some (a registry is normally clean).
   */
  skippedRows?: readonly string[];
  /** Rows whose email cell holds an address that cannot be used. */
  unmailableRows?: readonly string[];
  /** The district table's lines (districtTable(...).lines). */
  totals: readonly TableLine[];
  /**
   * Mails owed and not yet sent (receipts, reminders, send-backs), and since when the mail
   * server has refused them with its daily limit, if it has; the section shows only when some wait.
   */
  waiting?: { count: number; limitSince?: Date | undefined };
  sheetUrl?: string | undefined;
}

export function renderDigest(input: DigestInput): RenderedMail {
  const { campaign } = input;
  const submitted = input.byGroup.reduce((n, g) => n + g.submitted, 0);
  const total = input.byGroup.reduce((n, g) => n + g.total, 0);
  const headline = progressText(submitted, total);
  const list = (title: string, names: readonly string[]): Block[] => [
    { kind: 'heading', text: `${title} (${formatNumber(names.length)})` },
    namesOrNone(names),
  ];
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      parts: [
        `Tiến độ báo cáo «${campaign.title}» tính đến ${formatDateTime(input.now, campaign.timezone)} (hạn nộp: ${deadlineText(campaign)}):`,
      ],
    },
    { kind: 'paragraph', parts: [{ strong: `${headline}.` }] },
    { kind: 'heading', text: 'Theo nhóm đơn vị' },
    {
      kind: 'list',
      items: input.byGroup.map((g) => [`${g.label}: ${progressText(g.submitted, g.total)}`]),
    },
    ...list('Chưa nộp', input.notSubmitted),
    ...list('Nộp trễ', input.late),
    ...list('Cần sửa (lần nộp gần nhất có lỗi)', input.rejected),
    ...list('Bản sửa bị trả lại (số liệu cũ vẫn được tính)', input.correctionRejected),
    ...list('Bản nộp mới xóa số liệu đã tính trước đó (cần xem lại)', input.removedFigures),
    ...list('Số liệu do người tổng hợp nhập tay', input.handTyped),
    ...list('Chờ xác minh', input.awaiting),
    ...list('Chưa có email để nhắc', input.withoutEmail),
    ...(input.skippedRows?.length
      ? list('Dòng bị bỏ qua ở trang «Tiến độ» (cần sửa)', input.skippedRows)
      : []),
    ...(input.unmailableRows?.length
      ? list('Email không dùng được ở trang «Tiến độ» (cần sửa)', input.unmailableRows)
      : []),
    ...waitingBlocks(input),
    { kind: 'heading', text: 'Số liệu toàn quận đến thời điểm này' },
    reportTable(campaign.table, input.totals),
  ];
  if (input.sheetUrl) {
    blocks.push({ kind: 'paragraph', parts: linkParts('Bảng tổng hợp', input.sheetUrl) });
  }
  blocks.push(footerBlock(campaign));
  return renderMail(
    `Tiến độ báo cáo ${formatDate(input.now, campaign.timezone)}: ${headline} – ${campaign.title}`,
    blocks,
  );
}

function waitingBlocks({ waiting, campaign }: DigestInput): Block[] {
  if (!waiting || waiting.count === 0) return [];
  const why = waiting.limitSince
    ? `từ ${formatDateTime(waiting.limitSince, campaign.timezone)}, ${LIMIT_REASON}. Các thư này vẫn được giữ trong bảng tổng hợp và được gửi tiếp ngay khi giới hạn cho phép (Google đặt lại giới hạn theo từng 24 giờ), mỗi thư một lần`
    : 'máy chủ thư tạm thời chưa nhận. Hệ thống tự gửi lại ở các lần đồng bộ sau, mỗi thư một lần';
  return [
    { kind: 'heading', text: `Thư đang chờ gửi (${formatNumber(waiting.count)})` },
    { kind: 'paragraph', parts: [`${formatNumber(waiting.count)} thư chưa gửi được vì ${why}.`] },
  ];
}
