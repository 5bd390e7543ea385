// Reads a plan's appendix table, given as rows of cells, into its title lines, columns and body rows.
import { PermanentError } from '../../forms/errors.ts';

/** What a column of the appendix holds, recognised from its header. */
export type ColumnRole = 'stt' | 'label' | 'unit' | 'quantity' | 'note';

export interface TableColumn {
  role: ColumnRole;
  /** The header as printed: the lower header under a two-level one ("Người" under "Số lượng"). */
  header: string;
  /** The upper header a column shares with its neighbours ("Số lượng"); absent on a plain column. */
  group?: string;
  /** Position among the input's cells (0-based). */
  index: number;
}

export interface BodyRow {
  stt: string;
  label: string;
  unit: string;
  /** The cells under the quantity columns, in order (an appendix sent for filling has them blank). */
  quantities: string[];
  note: string;
  /** 1-based line of the input, for messages to the coordinator. */
  line: number;
}

export interface AppendixTable {
  titleLines: string[];
  /** Every non-empty line above the header: a whole plan pasted above its table has its letterhead here. */
  linesAbove: string[];
  columns: TableColumn[];
  rows: BodyRow[];
  /** What the reader skipped or could not place, in Vietnamese. */
  notes: string[];
}

/** The input could not be read as an appendix table at all. */
export class NoTableError extends PermanentError {}

/** Vietnamese text compared the way a reader compares it: NFC, one space, any case. */
const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const key = (s: string) => clean(s).toLowerCase();

const STT_HEADER = /^(stt|tt|số tt|số thứ tự)$/;
const UNIT_HEADER = /^(đơn vị|đơn vị tính|đvt|đv tính)$/;
const NOTE_HEADER = /^ghi chú$/;
/** A numbering row under the header: "(1) (2) (3)", "1 2 3", "A B C". */
const NUMBERING_CELL = /^(\(?\d{1,2}\)?|[A-Z]|\([a-z]\))$/;

/** Finds the appendix table in rows of cells (a whole plan pasted as text is fine). */
export function readAppendixTable(input: readonly (readonly string[])[]): AppendixTable {
  const rows = input.map((r) => r.map(clean));
  const headerAt = rows.findIndex((r) => r.some((c) => STT_HEADER.test(c.toLowerCase())));
  if (headerAt < 0) {
    throw new NoTableError(
      'Không tìm thấy dòng tiêu đề của bảng (dòng có ô "STT"). Hãy dán cả dòng tiêu đề của bảng.',
    );
  }
  const notes: string[] = [];
  const top = rows[headerAt] ?? [];
  const width = Math.max(...rows.slice(headerAt).map((r) => r.length));
  const sttIndex = top.findIndex((c) => STT_HEADER.test(c.toLowerCase()));

  // Lower header rows: the STT and label cells are empty (merged down), some other cell is not.
  let bodyAt = headerAt + 1;
  const lower: string[][] = [];
  for (; bodyAt < rows.length; bodyAt++) {
    const r = rows[bodyAt] ?? [];
    const filled = r.filter((c) => c !== '');
    if (filled.length > 0 && filled.every((c) => NUMBERING_CELL.test(c))) {
      notes.push(`Bỏ qua dòng đánh số cột dưới tiêu đề (dòng ${bodyAt + 1}).`);
      continue;
    }
    if (filled.length === 0 || r[sttIndex] || r[sttIndex + 1]) break;
    lower.push(r);
  }

  const columns = headerColumns(top, lower, width, sttIndex);
  if (!columns.some((c) => c.role === 'label')) {
    throw new NoTableError('Bảng không có cột nội dung (cột ngay sau cột STT).');
  }
  const at = (role: ColumnRole) => columns.find((c) => c.role === role)?.index;
  const quantityAt = columns.filter((c) => c.role === 'quantity').map((c) => c.index);

  const body: BodyRow[] = [];
  for (let i = bodyAt; i < rows.length; i++) {
    const r = rows[i] ?? [];
    const cell = (index: number | undefined) => (index === undefined ? '' : (r[index] ?? ''));
    if (r.every((c) => c === '')) continue;
    // Copied text: a line without a tab is the plan's text after the table, not a row of it.
    if (r.length === 1 && body.length > 0) {
      notes.push(`Bỏ qua từ dòng ${i + 1}: hết bảng (dòng không có ô).`);
      break;
    }
    const label = cell(at('label'));
    if (!label) {
      notes.push(
        `Bỏ qua dòng ${i + 1}: không có nội dung ở cột "${columnHeader(columns, 'label')}".`,
      );
      continue;
    }
    body.push({
      stt: cell(at('stt')),
      label,
      unit: cell(at('unit')),
      quantities: quantityAt.map((q) => cell(q)),
      note: cell(at('note')),
      line: i + 1,
    });
  }
  const linesAbove = rows
    .slice(0, headerAt)
    .map((r) => r.filter(Boolean).join(' '))
    .filter(Boolean);
  return { titleLines: titleLines(rows, headerAt), linesAbove, columns, rows: body, notes };
}

const columnHeader = (columns: TableColumn[], role: ColumnRole) =>
  columns.find((c) => c.role === role)?.header ?? '';

/**
 * Columns from the top header row and the rows under it: a top cell followed by empty top cells
 * whose lower cells are filled is a group ("Số lượng" over "Số lớp/số cuộc thi", "Người").
 */
function headerColumns(
  top: string[],
  lower: string[][],
  width: number,
  sttIndex: number,
): TableColumn[] {
  const below = (i: number) =>
    lower
      .map((r) => r[i] ?? '')
      .filter(Boolean)
      .join(' ');
  const columns: TableColumn[] = [];
  let group: string | undefined;
  for (let i = sttIndex; i < width; i++) {
    const own = top[i] ?? '';
    const under = below(i);
    if (own && under) group = own;
    else if (own) group = undefined;
    else if (!under) continue; // an empty column (a merged cell's tail with nothing under it)
    const header = under || own;
    const role = columnRole(i, sttIndex, group ? '' : header);
    columns.push({ role, header, index: i, ...(group && role === 'quantity' ? { group } : {}) });
  }
  // A single "Số lượng" header spanning empty columns below: one quantity column, not a group.
  return columns;
}

function columnRole(index: number, sttIndex: number, header: string): ColumnRole {
  const k = key(header);
  if (index === sttIndex) return 'stt';
  if (index === sttIndex + 1) return 'label';
  if (UNIT_HEADER.test(k)) return 'unit';
  if (NOTE_HEADER.test(k)) return 'note';
  return 'quantity';
}

/** The block of short lines just above the header: the table's title, subtitle and "(Kèm theo …)". */
function titleLines(rows: string[][], headerAt: number): string[] {
  const lines: string[] = [];
  let i = headerAt - 1;
  while (i >= 0 && (rows[i] ?? []).every((c) => c === '')) i--;
  for (; i >= 0 && lines.length < 5; i--) {
    const text = (rows[i] ?? []).filter(Boolean).join(' ');
    if (!text || text.length > 200) break;
    lines.unshift(text);
  }
  return lines;
}
