// Vietnamese wording the templates share: the deadline, whom to contact, progress, the report table.
import type { Campaign } from '../../forms/campaign.ts';
import { formatMoney, formatNumber } from '../../forms/format.ts';
import { percent } from '../core/progress.ts';
import type { TableLine } from '../core/totals.ts';
import type { Block, Inline, TableColumnSpec } from './blocks.ts';
import type { TableRow } from './html.ts';

type CampaignInfo = Pick<Campaign, 'title' | 'deadline' | 'coordinator'>;

/** "Phòng Giáo dục và Đào tạo Quận 7 (pgd7@moet.edu.vn)". */
export function coordinatorText(campaign: Pick<Campaign, 'coordinator'>): string {
  const { name, emails } = campaign.coordinator;
  return emails.length > 0 ? `${name} (${emails.join(', ')})` : name;
}

export function contactBlock(campaign: CampaignInfo): Block {
  return {
    kind: 'paragraph',
    parts: [`Cần hỗ trợ, xin liên hệ ${coordinatorText(campaign)}.`],
  };
}

export function footerBlock(campaign: CampaignInfo): Block {
  return {
    kind: 'paragraph',
    parts: [`Thư này được gửi tự động từ hệ thống tổng hợp báo cáo «${campaign.title}».`],
  };
}

/** "Đã nộp 7/21 (33%)". */
export function progressText(submitted: number, total: number): string {
  return `Đã nộp ${formatNumber(submitted)}/${formatNumber(total)} (${percent(submitted, total)}%)`;
}

/** The personal link paragraph: what to do with it, then the link itself on the same line. */
export function linkParts(lead: string, link: string): Inline[] {
  return [`${lead}: `, { link }];
}

const isMoney = (line: TableLine) => line.row.measures.some((m) => m.kind === 'amount');

export const COMPUTED_MARK = '(tự tính)';

export const REPORT_COLUMNS: TableColumnSpec[] = [
  { header: 'STT', key: true },
  { header: 'Các hoạt động', key: true },
  { header: 'Đơn vị tính' },
  { header: 'Số lượng', align: 'right' },
  { header: 'Người', align: 'right' },
  { header: 'Ghi chú' },
];

/**
 * The report table's rows, one per line of the seed's table. The STT column shows the row's
 * reference ("1.2"), the one error messages and the form use, since sub-rows print no STT.
 */
export function reportRows(lines: readonly TableLine[]): TableRow[] {
  return lines.map((line) => ({
    cells: [
      line.row.id,
      line.row.computed ? `${line.label} ${COMPUTED_MARK}` : line.label,
      line.unit,
      line.quantity === null
        ? ''
        : isMoney(line)
          ? formatMoney(line.quantity)
          : formatNumber(line.quantity),
      line.people === null ? '' : formatNumber(line.people),
      line.note,
    ],
    strong: line.row.computed,
  }));
}

export function reportTable(lines: readonly TableLine[]): Block {
  return { kind: 'table', columns: REPORT_COLUMNS, rows: reportRows(lines) };
}

/** A list, or "không có" when empty, so an absent list is never mistaken for a missing section. */
export function namesOrNone(names: readonly string[]): Block {
  return names.length > 0
    ? { kind: 'list', items: names.map((n) => [n]) }
    : { kind: 'paragraph', parts: ['(không có)'] };
}
