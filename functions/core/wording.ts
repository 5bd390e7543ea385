// Words the master sheet and the CLI show for the product's own states, written once.
import { formatDateTime } from '../../forms/format.ts';

/** The log's "Thư đã gửi" column: what became of the mail a version owes. */
export const MAIL_STATUS = {
  /** Owed and not yet sent: sync tries again on every run until it is something else. */
  pending: 'Chưa gửi',
  noEmail: 'Không gửi (không có email)',
  superseded: 'Không gửi (đã có bản nộp mới hơn)',
  sent: (at: Date, timeZone: string) => `Đã gửi ${formatDateTime(at, timeZone)}`,
  failed: (reason: string) => `Lỗi gửi: ${reason}`,
} as const;
