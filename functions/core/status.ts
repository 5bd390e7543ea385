// One status model for a unit: what "Tiến độ", the headline, the digest, `status` and the reminders all read.

export const STATUS = {
  notSubmitted: 'Chưa nộp',
  submitted: 'Đã nộp',
  late: 'Nộp trễ',
  /** Nothing counted yet and the last version was refused, or the coordinator sent it back. */
  needsFix: 'Cần sửa',
  /** Figures counted, and a later correction was refused: the counted figures stand. */
  correctionRejected: 'Bản sửa bị trả lại',
  awaiting: 'Chờ xác minh',
  /** Figures the coordinator typed from a paper report: counted like a submission. */
  handTyped: 'Nhập tay',
} as const;

export type Status = (typeof STATUS)[keyof typeof STATUS];

export const REVIEW = { sendBack: 'Yêu cầu sửa', approved: 'Đã duyệt' } as const;

/** Background colours of the status column (light, readable with black text). */
export const STATUS_COLOURS: Record<Status, { red: number; green: number; blue: number }> = {
  [STATUS.notSubmitted]: { red: 0.95, green: 0.95, blue: 0.95 },
  [STATUS.submitted]: { red: 0.85, green: 0.94, blue: 0.83 },
  [STATUS.late]: { red: 1, green: 0.9, blue: 0.75 },
  [STATUS.needsFix]: { red: 0.98, green: 0.8, blue: 0.8 },
  [STATUS.correctionRejected]: { red: 0.99, green: 0.88, blue: 0.8 },
  [STATUS.handTyped]: { red: 0.85, green: 0.9, blue: 0.97 },
  [STATUS.awaiting]: { red: 1, green: 0.97, blue: 0.7 },
};

/** What "Số liệu đang tính" says of a report typed by the coordinator (it counts the unit). */
export const HAND_TYPED_AT = 'Nhập tay';

/**
 * Where a unit stands, from its row of "Tiến độ": every reader decides from this, so a unit
 * with counted figures is never told it has not reported.
 * - missing: nothing counted (never reported, or every version refused);
 * - counted: figures counted, nothing asked of it;
 * - correction-rejected: figures counted, its later correction refused (the old ones stand);
 * - sent-back: figures counted, and the coordinator asked for a correction.
 */
export type Standing = 'missing' | 'counted' | 'correction-rejected' | 'sent-back';

export function standingOf(row: { status: string; acceptedAt: string }): Standing {
  if (row.acceptedAt === '') return 'missing';
  if (row.status === STATUS.correctionRejected) return 'correction-rejected';
  if (row.status === STATUS.needsFix) return 'sent-back';
  return 'counted';
}
