// The words "Tiến độ" uses for a unit's state, and the coordinator's review choices.

export const STATUS = {
  notSubmitted: 'Chưa nộp',
  submitted: 'Đã nộp',
  late: 'Nộp trễ',
  needsFix: 'Cần sửa',
  awaiting: 'Chờ xác minh',
} as const;

export type Status = (typeof STATUS)[keyof typeof STATUS];

export const REVIEW = { sendBack: 'Yêu cầu sửa', approved: 'Đã duyệt' } as const;

/** Background colours of the status column (light, readable with black text). */
export const STATUS_COLOURS: Record<Status, { red: number; green: number; blue: number }> = {
  [STATUS.notSubmitted]: { red: 0.95, green: 0.95, blue: 0.95 },
  [STATUS.submitted]: { red: 0.85, green: 0.94, blue: 0.83 },
  [STATUS.late]: { red: 1, green: 0.9, blue: 0.75 },
  [STATUS.needsFix]: { red: 0.98, green: 0.8, blue: 0.8 },
  [STATUS.awaiting]: { red: 1, green: 0.97, blue: 0.7 },
};
