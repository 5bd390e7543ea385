// A reminder to a unit that has not reported, worded by where the moment it is sent falls against the deadline.
import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText, formatNumber } from '../../forms/format.ts';
import { type DeadlineStanding, deadlineStanding } from '../core/time.ts';
import { type Block, type RenderedMail, renderMail } from './blocks.ts';
import { coordinatorText, footerBlock, linkParts } from './common.ts';

export interface ReminderInput {
  campaign: Campaign;
  unitName: string;
  /** When it goes out: "còn N ngày" is counted from this day, not from the slot's plan. */
  sentAt: Date;
  personalLink: string;
  /** Messages of the errors in the unit's last, rejected, version: what it still has to fix. */
  lastErrors?: readonly string[] | undefined;
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

export function renderReminder(input: ReminderInput): RenderedMail {
  const { campaign, unitName } = input;
  const standing = deadlineStanding(campaign, input.sentAt);
  const errors = input.lastErrors ?? [];
  const blocks: Block[] = [
    { kind: 'paragraph', parts: [`Kính gửi ${unitName},`] },
    {
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
  blocks.push(
    {
      kind: 'paragraph',
      parts: linkParts('Đơn vị nộp báo cáo qua đường link riêng', input.personalLink),
    },
    {
      kind: 'paragraph',
      parts: [`Nếu đơn vị đã nộp hoặc cần hỗ trợ, xin liên hệ ${coordinatorText(campaign)}.`],
    },
    footerBlock(campaign),
  );
  return renderMail(
    `Nhắc nộp báo cáo: ${reminderStatus(standing)} – ${unitName} – ${campaign.title}`,
    blocks,
  );
}
