// The coordinator's alert that a scheduled or event run stopped on something retrying cannot fix.
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime } from '../../forms/format.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock } from './common.ts';

export interface FailureAlertInput {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  /** Which job stopped, in Vietnamese: "Đồng bộ câu trả lời", "Gửi nhắc nhở"… */
  job: string;
  at: Date;
  /** What to do, one or two Vietnamese sentences. */
  advice: string;
  /** The error's class, for whoever reads the logs. */
  errorName: string;
}

export function renderFailureAlert(input: FailureAlertInput): RenderedMail {
  const { campaign } = input;
  return renderMail(`Cần xử lý: ${input.job} đang dừng – ${campaign.title}`, [
    {
      kind: 'notice',
      parts: [
        `Lúc ${formatDateTime(input.at, campaign.timezone)}, «${input.job}» dừng lại vì một lỗi mà việc tự thử lại không khắc phục được.`,
      ],
    },
    { kind: 'paragraph', parts: [input.advice] },
    {
      kind: 'paragraph',
      parts: [
        'Các câu trả lời của đơn vị vẫn được giữ trong biểu mẫu: không có gì bị mất, và mọi bản nộp sẽ được xử lý ngay khi lỗi được khắc phục. Thư này được gửi nhiều nhất một lần mỗi giờ cho cùng một lỗi.',
      ],
    },
    { kind: 'list', items: [[`Mã lỗi (cho người quản trị): ${input.errorName}`]] },
    footerBlock(campaign),
  ]);
}
