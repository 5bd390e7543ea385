// Words the master sheet and the CLI show for the product's own states, written once.
import { formatDateTime } from '../../forms/format.ts';
import { localToInstant } from './time.ts';

/** The log's "Thư đã gửi" column: what became of the mail a version owes. */
export const MAIL_STATUS = {
  /** Owed and not yet sent: sync tries again on every run until it is something else. */
  pending: 'Chưa gửi',
  noEmail: 'Không gửi (không có email)',
  /**
   * A version still owed from an earlier run when a newer one arrived: that run may have sent
   * it and stopped before recording so (nothing can tell), so this never claims it was not sent.
   */
  superseded: 'Không gửi lại (có bản nộp mới hơn; có thể đã gửi trước khi hệ thống dừng)',
  sent: (at: Date, timeZone: string) => `Đã gửi ${formatDateTime(at, timeZone)}`,
  /** Sent, but some addresses were refused: not retried (the others have it), named for a fix. */
  partial: (at: Date, timeZone: string, rejected: readonly string[]) =>
    `Đã gửi ${formatDateTime(at, timeZone)} (không gửi được tới: ${rejected.join(', ')})`,
  failed: (reason: string) => `Lỗi gửi: ${reason}`,
  /** A verification alert within the hour of the unit's last one: listed by the next alert instead. */
  grouped: (lastAlert: Date, timeZone: string) =>
    `Gộp vào thư cảnh báo lúc ${formatDateTime(lastAlert, timeZone)}`,
} as const;

const SENT_AT =
  /^(?:Đã gửi|Gộp vào thư cảnh báo lúc) (\d{2}):(\d{2}) ngày (\d{2})\/(\d{2})\/(\d{4})(?: \(không gửi được tới: [^)]*\))?$/;

/**
 * When the alert covering a verification version went, read back from its mail status: its
 * own alert ("Đã gửi …") or the one it was grouped into. The log is where this lives so it
 * survives instances and restarts at no extra read or write (sync reads the log anyway); a
 * minute's precision is plenty for an hourly limit.
 */
export function alertTimeOf(status: string, timeZone: string): Date | undefined {
  const m = SENT_AT.exec(status);
  if (!m) return undefined;
  const [, h, mi, d, mo, y] = m;
  return localToInstant(`${y}-${mo}-${d}T${h}:${mi}`, timeZone);
}

/**
 * A line of "Cảnh báo / lỗi" in "Tiến độ" above the figures the unit's latest counted version
 * removed: the digest finds such units by it.
 */
export const REMOVED_HEADING = 'Bản nộp này xóa số liệu đã tính trước đó:';

/** The code of a warning naming one figure a correction removed. */
export const REMOVED_CODE = 'figure-removed';
