// Finds the product's columns by their headers, as the sheet shows them now, so a column a coordinator adds moves nothing.

import { PermanentError } from '../../forms/errors.ts';
import type { CellValue } from './cells.ts';

/** What a column must be headed by: one header row, or a band over a header (two-level heads). */
export interface ExpectedHeader<K extends string = string> {
  key: K;
  header: string;
  /** The two-level heads of "Số liệu": the row label merged over its measure columns. */
  band?: string;
}

const norm = (v: CellValue) =>
  (v === null || v === undefined ? '' : String(v)).normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * A column the product reads or writes is missing or renamed: writing by position would put
 * figures under the wrong heading, so nothing is written until the header is back.
 */
export class SheetHeaderError extends PermanentError {
  constructor(
    readonly tab: string,
    readonly missing: readonly string[],
    readonly headerRow: number | undefined,
  ) {
    super(`Tab "${tab}" lacks the column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
  }

  /** What the coordinator is told: which headers, where, and that nothing was lost meanwhile. */
  get advice(): string {
    const where =
      this.headerRow === undefined
        ? `không tìm thấy dòng tiêu đề của trang «${this.tab}» (dòng có ô «Mã đơn vị»)`
        : `trang «${this.tab}» thiếu cột ${this.missing.map((m) => `«${m}»`).join(', ')} ở dòng tiêu đề ${this.headerRow}`;
    return `Bảng tổng hợp: ${where}. Có thể cột đã bị xóa hoặc tiêu đề bị sửa. Hãy khôi phục đúng tiêu đề (có thể thêm cột mới, nhưng không đổi tên cột của phần mềm); các bản nộp đang chờ sẽ được ghi ngay lần đồng bộ sau, không mất bản nào.`;
  }
}

/** The 0-based index of the first row (of the first `scan`) holding every one of `marks`. */
export function findHeaderRow(
  rows: readonly (readonly CellValue[])[],
  marks: readonly string[],
  scan = 12,
): number | undefined {
  const index = rows
    .slice(0, scan)
    .findIndex((cells) => marks.every((m) => cells.some((c) => norm(c) === m)));
  return index >= 0 ? index : undefined;
}

/**
 * What heads each column, as one string per column: the header, or for two-level heads the band
 * carried over the empty cells a merge leaves (the sheet shows a merged band over all its
 * columns) and the header below it.
 */
export function columnIdentities(
  header: readonly CellValue[],
  band: readonly CellValue[] | undefined,
): string[] {
  const seen: string[] = [];
  let carried = '';
  const width = Math.max(header.length, band?.length ?? 0);
  for (let i = 0; i < width; i++) {
    const low = norm(header[i]);
    if (!band) {
      seen.push(low);
      continue;
    }
    const top = norm(band[i]);
    // A measure column has its own label below the band; any other column is headed on the
    // band's row alone (its cell below is merged into it, so empty).
    if (low) {
      if (top) carried = top;
      seen.push(`${carried}\u0000${low}`);
    } else {
      carried = '';
      seen.push(`${top}\u0000`);
    }
  }
  return seen;
}

/** The identity columnIdentities gives the column an expected header describes. */
export const identityOf = (e: ExpectedHeader, twoLevel: boolean) =>
  twoLevel ? `${e.band ?? e.header}\u0000${e.band === undefined ? '' : e.header}` : e.header;

/**
 * Each expected column's index in the header row(s) as read. Headers are matched exactly (after
 * Unicode and space normalisation); the leftmost match wins, so a summary to the right repeating
 * a header is never taken for the table's column.
 */
export function locateColumns<K extends string>(
  tab: string,
  expected: readonly ExpectedHeader<K>[],
  header: readonly CellValue[],
  band: readonly CellValue[] | undefined,
  headerRow: number,
): Record<K, number> {
  const seen = columnIdentities(header, band);
  const found = {} as Record<K, number>;
  const missing: string[] = [];
  for (const e of expected) {
    const at = seen.indexOf(identityOf(e, band !== undefined));
    if (at < 0) missing.push(e.band === undefined ? e.header : `${e.band} – ${e.header}`);
    else found[e.key] = at;
  }
  if (missing.length > 0) throw new SheetHeaderError(tab, missing, headerRow);
  return found;
}
