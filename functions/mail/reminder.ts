// A reminder to a unit that has not reported, worded by where the moment it is sent falls against the deadline.
import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatNumber } from '../../forms/format.ts';
import type { CorrectionLink } from '../core/correction.ts';
import { type DeadlineStanding, deadlineStanding } from '../core/time.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { coordinatorText, correctionBlocks, footerBlock } from './common.ts';

export interface ReminderInput {
  campaign: Campaign;
  unitName: string;
  /** When it goes out: "còn N ngày" is counted from this day, not from the slot's plan. */
  sentAt: Date;
  /**
   * The personal link: bare for a unit with nothing counted, prefilled with what is counted for
   * one that must correct (status "Cần sửa"), so answering only the section to fix zeroes nothing.
   */
  link: CorrectionLink;
  /** Messages of the errors in the unit's last, rejected, version: what it still has to fix. */
  lastErrors?: readonly string[] | undefined;
  /**
   * A unit with counted figures is reminded for its own reason, never as a non-reporter: its
   * correction was refused (`correctionRejected`, with when it was sent), or the coordinator
   * asked for one (`sentBack`).
   */
  counted?: { reason: 'correction-rejected'; sentAt: string } | { reason: 'sent-back' } | undefined;
}

/** The headline: "sắp đến hạn", "hôm nay là hạn cuối", "đã quá hạn 3 ngày". */
function reminderStatus(standing: DeadlineStanding): string {
  switch (standing.kind) {
    case 'before':
      return 'sắp đến hạn';
    case 'due-today':
      return 'hôm nay là hạn cuối';
    case 'overdue':
      return overdueText(standing);
  }
  return '';
}

/** "đã quá hạn 2 ngày"; a deadline with a time passed earlier the same day is just "đã quá hạn". */
const overdueText = (standing: DeadlineStanding) =>
  standing.days > 0 ? `đã quá hạn ${formatNumber(standing.days)} ngày` : 'đã quá hạn';

function situation(campaign: Campaign, standing: DeadlineStanding): string {
  const deadline = deadlineText(campaign);
  switch (standing.kind) {
    case 'before':
      return `Báo cáo «${campaign.title}» sắp đến hạn: hạn nộp là ${deadline} (còn ${formatNumber(standing.days)} ngày), và hệ thống chưa nhận được báo cáo hợp lệ của đơn vị.`;
    case 'due-today':
      return `Hôm nay là hạn cuối nộp báo cáo «${campaign.title}» (${deadline}), và hệ thống chưa nhận được báo cáo hợp lệ của đơn vị.`;
    case 'overdue':
      return `Báo cáo «${campaign.title}» ${overdueText(standing)} (hạn nộp: ${deadline}), và hệ thống chưa nhận được báo cáo hợp lệ của đơn vị. Đơn vị vẫn có thể nộp; báo cáo sẽ được ghi nhận và đánh dấu nộp trễ.`;
  }
  return '';
}

/** What a unit whose figures are counted is reminded of. */
function countedSituation(
  campaign: Campaign,
  counted: NonNullable<ReminderInput['counted']>,
): string {
  return counted.reason === 'correction-rejected'
    ? `Bản sửa báo cáo «${campaign.title}» đơn vị gửi lúc ${counted.sentAt} bị trả lại vì còn lỗi; số liệu đơn vị đã nộp trước đó vẫn được tính. Nếu đơn vị vẫn cần sửa, hãy gửi lại bản sửa (hạn nộp: ${deadlineText(campaign)}).`
    : `Người tổng hợp đề nghị đơn vị xem lại và sửa báo cáo «${campaign.title}»; số liệu đơn vị đã nộp vẫn được tính cho tới khi có bản sửa (hạn nộp: ${deadlineText(campaign)}).`;
}

export function renderReminder(input: ReminderInput): RenderedMail {
  const { campaign, unitName } = input;
  const standing = deadlineStanding(campaign, input.sentAt);
  const errors = input.lastErrors ?? [];
  const blocks: Block[] = [
    { kind: 'paragraph', parts: [`Kính gửi ${unitName},`] },
    input.counted
      ? { kind: 'notice', parts: [countedSituation(campaign, input.counted)] }
      : {
          kind: standing.kind === 'before' ? 'paragraph' : 'notice',
          parts: [situation(campaign, standing)],
        },
  ];
  if (errors.length > 0) {
    blocks.push(
      { kind: 'paragraph', parts: ['Lần nộp gần nhất chưa hợp lệ, cần sửa:'] },
      { kind: 'list', ordered: true, items: errors.map((e) => [e]) },
    );
  }
  const lead =
    input.link.kind === 'bare'
      ? 'Đơn vị nộp báo cáo qua đường link riêng'
      : 'Để sửa, mở lại đường link riêng';
  blocks.push(
    ...correctionBlocks(campaign, lead, input.link, 'receipt'),
    {
      kind: 'paragraph',
      parts: [`Nếu đơn vị đã nộp hoặc cần hỗ trợ, xin liên hệ ${coordinatorText(campaign)}.`],
    },
    footerBlock(campaign),
  );
  return renderMail(
    input.counted
      ? `Nhắc sửa báo cáo (số liệu cũ vẫn được tính) – ${unitName} – ${campaign.title}`
      : `Nhắc nộp báo cáo: ${reminderStatus(standing)} – ${unitName} – ${campaign.title}`,
    blocks,
  );
}
