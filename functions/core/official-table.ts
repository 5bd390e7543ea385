// The official table's columns (the plan appendix's "TỔNG HỢP SỐ LIỆU"), written once for the sheet, the export and the mail.
import type { TableLine } from './totals.ts';

/** One column of the official table, in order; `group` heads columns that share a header above. */
export interface OfficialColumn {
  key: 'stt' | 'label' | 'unit' | 'quantity' | 'people' | 'note';
  header: string;
  group?: string;
}

export const OFFICIAL_COLUMNS: readonly OfficialColumn[] = [
  { key: 'stt', header: 'STT' },
  { key: 'label', header: 'Các hoạt động' },
  { key: 'unit', header: 'Đơn vị' },
  { key: 'quantity', header: 'Số lớp/số cuộc thi', group: 'Số lượng' },
  { key: 'people', header: 'Người', group: 'Số lượng' },
  { key: 'note', header: 'Ghi chú' },
];

/** 0-based positions, for readers that address cells (the export reads "Báo cáo" back). */
export const OFFICIAL_COL = Object.fromEntries(
  OFFICIAL_COLUMNS.map((c, i) => [c.key, i]),
) as Record<OfficialColumn['key'], number>;

/**
 * The two header rows as printed: a grouped column shows its group above (once, over the run it
 * spans, to be merged) and its own header below; a plain column shows its header above only.
 */
export function officialHeaderRows(): [string[], string[]] {
  const top = OFFICIAL_COLUMNS.map((c, i) => {
    if (!c.group) return c.header;
    return OFFICIAL_COLUMNS[i - 1]?.group === c.group ? '' : c.group;
  });
  const bottom = OFFICIAL_COLUMNS.map((c) => (c.group ? c.header : ''));
  return [top, bottom];
}

/** The runs of grouped columns [first, last] (0-based, inclusive), to merge in the top row. */
export function officialGroupSpans(): [number, number][] {
  const spans: [number, number][] = [];
  OFFICIAL_COLUMNS.forEach((c, i) => {
    const last = spans.at(-1);
    if (c.group && last && OFFICIAL_COLUMNS[i - 1]?.group === c.group) last[1] = i;
    else if (c.group) spans.push([i, i]);
  });
  return spans;
}

/** A line's cells in column order. */
export function officialCells(line: Omit<TableLine, 'row'>): (string | number | null)[] {
  return OFFICIAL_COLUMNS.map((c) => line[c.key]);
}
