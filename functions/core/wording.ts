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

/**
 * A line of "Cảnh báo / lỗi" in "Tiến độ" above the figures the unit's latest counted version
 * removed: the digest finds such units by it.
 */
export const REMOVED_HEADING = 'Bản nộp này xóa số liệu đã tính trước đó:';

/** The code of a warning naming one figure a correction removed. */
export const REMOVED_CODE = 'figure-removed';
