// The coordinator's alert about the form's notification watch: renewal failed, the watch is unhealthy, or it had lapsed and was recreated.
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime } from '../../forms/format.ts';
import { type RenderedMail, renderMail } from './blocks.ts';
import { footerBlock } from './common.ts';

/**
 * failed: the renewal call itself failed; unhealthy: after it the watch is still not ACTIVE
 * with six days ahead; the others: the daily renewal found the watch missing, SUSPENDED,
 * expired or on another topic, and recreated it.
 */
export type WatchSituation =
  | 'failed'
  | 'unhealthy'
  | 'missing'
  | 'suspended'
  | 'expired'
  | 'other-topic';

const WHAT: Record<WatchSituation, { subject: string; notice: string; advice: string }> = {
  failed: {
    subject: 'không gia hạn được theo dõi biểu mẫu',
    notice: 'hệ thống không gia hạn (hoặc tạo lại) được đăng ký nhận thông báo khi có câu trả lời',
    advice:
      'Nếu lỗi còn tiếp diễn, đăng ký sẽ hết hạn sau 7 ngày kể từ lần gia hạn cuối. Xin báo cho người quản trị hệ thống xem nhật ký của hàm gia hạn (renew-watch).',
  },
  unhealthy: {
    subject: 'theo dõi biểu mẫu không hoạt động',
    notice:
      'sau khi gia hạn, đăng ký nhận thông báo khi có câu trả lời vẫn chưa hoạt động bình thường (chưa ở trạng thái hoạt động, hoặc sắp hết hạn)',
    advice:
      'Xin báo cho người quản trị hệ thống kiểm tra quyền phát hành (Pub/Sub Publisher) của forms-notifications@system.gserviceaccount.com trên chủ đề nhận thông báo.',
  },
  missing: {
    subject: 'theo dõi biểu mẫu đã mất và vừa được tạo lại',
    notice:
      'hệ thống không còn thấy đăng ký nhận thông báo khi có câu trả lời (đã hết hạn vì không được gia hạn kịp, hoặc đã bị xóa) và đã tạo lại',
    advice:
      'Xin báo cho người quản trị hệ thống kiểm tra lịch gia hạn hằng ngày (Cloud Scheduler, renew-watch) nếu thư này lặp lại.',
  },
  suspended: {
    subject: 'theo dõi biểu mẫu bị Google tạm dừng',
    notice:
      'Google đã tạm dừng đăng ký nhận thông báo khi có câu trả lời vì không gửi được thông báo tới chủ đề Pub/Sub; hệ thống đã tạo lại đăng ký',
    advice:
      'Xin báo cho người quản trị hệ thống kiểm tra quyền phát hành (Pub/Sub Publisher) của forms-notifications@system.gserviceaccount.com trên chủ đề, vì lỗi này có thể lặp lại.',
  },
  expired: {
    subject: 'theo dõi biểu mẫu đã hết hạn và vừa được tạo lại',
    notice:
      'đăng ký nhận thông báo khi có câu trả lời đã hết hạn vì không được gia hạn đúng hạn; hệ thống đã tạo lại',
    advice:
      'Xin báo cho người quản trị hệ thống kiểm tra lịch gia hạn hằng ngày (Cloud Scheduler, renew-watch).',
  },
  'other-topic': {
    subject: 'theo dõi biểu mẫu đã được chuyển về đúng chủ đề',
    notice:
      'đăng ký nhận thông báo khi có câu trả lời đang gửi tới một chủ đề khác; hệ thống đã tạo lại đăng ký với chủ đề của hệ thống',
    advice: 'Nếu thư này lặp lại, xin báo cho người quản trị hệ thống.',
  },
};

export function renderWatchAlert(input: {
  campaign: Campaign;
  formId: string;
  at: Date;
  situation: WatchSituation;
  /** The technical cause, for whoever reads the logs. */
  reason?: string;
}): RenderedMail {
  const { campaign } = input;
  const what = WHAT[input.situation];
  return renderMail(`Cần kiểm tra: ${what.subject} – ${campaign.title}`, [
    {
      kind: 'notice',
      parts: [
        `Lúc ${formatDateTime(input.at, campaign.timezone)}, ${what.notice} (biểu mẫu ${input.formId}).`,
      ],
    },
    {
      kind: 'paragraph',
      parts: [
        'Báo cáo của các đơn vị vẫn được ghi nhận trong biểu mẫu và được đồng bộ định kỳ (khoảng 15 phút một lần), nhưng có thể chậm hơn bình thường.',
      ],
    },
    ...(input.reason
      ? [{ kind: 'list' as const, items: [[`Lý do kỹ thuật: ${input.reason}`]] }]
      : []),
    { kind: 'paragraph', parts: [what.advice] },
    footerBlock(campaign),
  ]);
}
