// Vietnamese wording the templates share: the deadline, whom to contact, progress, the report table.
import { type Campaign, rowName } from '../../forms/campaign.ts';
import { NO } from '../../forms/form-builder.ts';
import { formatMoney, formatNumber } from '../../forms/format.ts';
import type { CorrectionLink } from '../core/correction.ts';
import { percent } from '../core/progress.ts';
import type { LastYear } from '../core/receipt.ts';
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

/** A text the correction link had to leave out, named as the unit sees it in the form. */
function retypeText(campaign: Campaign, key: string): string {
  const measure = campaign.measure(key);
  if (measure) {
    return `${rowName(measure.row)} quá dài để điền sẵn: khi sửa, hãy nhập lại nội dung này.`;
  }
  return `Ghi chú mục ${key.replace(/\.note$/, '')} quá dài để điền sẵn: khi sửa, hãy nhập lại ghi chú này.`;
}

/**
 * The paragraphs that hand a unit its link to correct what is counted. A prefilled link says
 * so; one that could not carry everything names what to type again; a link without the figures
 * says to answer every section, since a section left at "Không" would count as zeros.
 * `table` is where the unit finds its counted figures: in this mail, or in its last receipt.
 */
export function correctionBlocks(
  campaign: Campaign,
  lead: string,
  correction: CorrectionLink,
  table: 'here' | 'receipt',
): Block[] {
  if (correction.kind === 'bare') {
    return [{ kind: 'paragraph', parts: linkParts(lead, correction.link) }];
  }
  if (correction.kind === 'unfilled') {
    const where = table === 'here' ? 'bảng số liệu trong thư này' : 'biên nhận gần nhất của đơn vị';
    return [
      { kind: 'paragraph', parts: linkParts(lead, correction.link) },
      {
        kind: 'notice',
        parts: [
          `Đường link này không điền sẵn số liệu của đơn vị (quá dài để đưa vào một đường link). Khi sửa, hãy trả lời lại mọi mục đúng như ${where}, kể cả các mục không cần sửa: mục nào chọn «${NO}» hoặc để trống sẽ được tính là 0.`,
        ],
      },
    ];
  }
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      parts: linkParts(
        `${lead} (đã điền sẵn số liệu đơn vị đang được tính: chỉ sửa ô cần sửa, giữ nguyên các ô khác rồi gửi lại)`,
        correction.link,
      ),
    },
  ];
  if (correction.retype.length > 0) {
    blocks.push({
      kind: 'list',
      items: correction.retype.map((key) => [retypeText(campaign, key)]),
    });
  }
  return blocks;
}

export const COMPUTED_MARK = '(tự tính)';

/** STT, Các hoạt động, Đơn vị tính, the campaign's quantity columns, Ghi chú. */
function reportColumns(table: Campaign['table']): TableColumnSpec[] {
  return [
    { header: 'STT', key: true },
    { header: 'Các hoạt động', key: true },
    { header: 'Đơn vị tính' },
    ...table.columns.map((c) => ({ header: c.short ?? c.header, align: 'right' as const })),
    { header: 'Ghi chú' },
  ];
}

/**
 * The report table's rows, one per line of the seed's table. The STT column shows the row's
 * reference ("1.2"), the one error messages and the form use, since sub-rows print no STT.
 * A figure is money ("1.500.000 đồng") where its column shows the row's amount.
 */
function reportRows(
  table: Campaign['table'],
  lines: readonly TableLine[],
  lastYear?: LastYear | null,
): TableRow[] {
  return lines.map((line) => ({
    cells: [
      line.row.id,
      line.row.computed ? `${line.label} ${COMPUTED_MARK}` : line.label,
      line.unit,
      ...line.figures.map((figure, i) => {
        if (figure === null) return '';
        const money =
          table.columns[i]?.kinds.includes('amount') &&
          line.row.measures.some((m) => m.kind === 'amount');
        const show = (n: number) => (money ? formatMoney(n) : formatNumber(n));
        const before = lastYear?.byRow.get(line.row.id)?.[i];
        return before === undefined || before === null
          ? show(figure)
          : `${show(figure)} (${LAST_YEAR}: ${show(before)})`;
      }),
      line.note,
    ],
    strong: line.row.computed,
  }));
}

/** How a receipt marks the previous campaign's figure beside this year's. */
export const LAST_YEAR = 'năm trước';

/** With `lastYear`, each figure the unit had last campaign is followed by "(năm trước: …)". */
export function reportTable(
  table: Campaign['table'],
  lines: readonly TableLine[],
  lastYear?: LastYear | null,
): Block {
  return { kind: 'table', columns: reportColumns(table), rows: reportRows(table, lines, lastYear) };
}

/** A list, or "không có" when empty, so an absent list is never mistaken for a missing section. */
export function namesOrNone(names: readonly string[]): Block {
  return names.length > 0
    ? { kind: 'list', items: names.map((n) => [n]) }
    : { kind: 'paragraph', parts: ['(không có)'] };
}
