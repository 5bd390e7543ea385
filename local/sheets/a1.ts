// A1 notation as the Sheets API accepts and answers it: parsing, quoting, column letters.
import { badRequest } from '../api-error.ts';

/** Zero-based, end-exclusive bounds; an undefined bound is open (runs to the grid's edge). */
export interface Bounds {
  startRow?: number;
  endRow?: number;
  startCol?: number;
  endCol?: number;
}

export type ParsedA1 =
  /** `Sheet!A1:B2` or `'Tiến độ'` (a quoted name alone means the whole sheet). */
  | { kind: 'sheet'; sheetName: string; bounds: Bounds }
  /**
   * No `!`: either a bare sheet (or named range) name or cells on the first sheet; Google
   * prefers the sheet when one has that name, so the caller decides with the spreadsheet.
   */
  | { kind: 'bare'; name: string; bounds: Bounds | undefined };

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Google leaves simple identifiers bare and quotes anything else (spaces, accents, A1-lookalikes). */
export function quoteSheetName(name: string): string {
  const simple = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name);
  return simple && !/^(R\d*C\d*|TRUE|FALSE)$/i.test(name)
    ? name
    : `'${name.replaceAll("'", "''")}'`;
}

const REF = /^\$?([A-Za-z]{0,3})\$?([0-9]*)$/;

interface Ref {
  col?: number;
  row?: number;
}

function parseRef(text: string): Ref | undefined {
  const m = REF.exec(text);
  if (!m) return undefined;
  const [, letters = '', digits = ''] = m;
  if (!letters && !digits) return undefined;
  const row = digits ? Number(digits) - 1 : undefined;
  if (row !== undefined && row < 0) return undefined;
  return { col: letters ? columnIndex(letters) : undefined, row };
}

/** Parses the part after `!`; undefined when it is not a cell reference. */
export function parseCells(text: string): Bounds | undefined {
  const parts = text.split(':');
  if (parts.length > 2) return undefined;
  const a = parseRef(parts[0] ?? '');
  if (!a) return undefined;
  if (parts.length === 1) {
    // A lone column or row ("A", "5") is not a range in A1 notation.
    if (a.col === undefined || a.row === undefined) return undefined;
    return { startRow: a.row, endRow: a.row + 1, startCol: a.col, endCol: a.col + 1 };
  }
  const b = parseRef(parts[1] ?? '');
  if (!b) return undefined;
  const rows = orderPair(a.row, b.row);
  const cols = orderPair(a.col, b.col);
  // "A2:C" runs to the last row; "A5:5" runs to the last column; "A:C" / "2:5" are whole.
  if (a.row === undefined && b.row !== undefined && a.col !== undefined) return undefined;
  return {
    startRow: rows.start,
    endRow: rows.end === undefined ? undefined : rows.end + 1,
    startCol: cols.start,
    endCol: cols.end === undefined ? undefined : cols.end + 1,
  };
}

function orderPair(a: number | undefined, b: number | undefined) {
  if (a !== undefined && b !== undefined) return { start: Math.min(a, b), end: Math.max(a, b) };
  // "A2:C": the open end only exists when the start has that coordinate.
  return { start: a, end: a === undefined ? undefined : b };
}

export function parseA1(input: string): ParsedA1 {
  const text = input.trim();
  const fail = () => badRequest(`Unable to parse range: ${input}`);
  if (!text) throw fail();
  if (text.startsWith("'")) {
    let i = 1;
    let name = '';
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw fail();
      if (ch === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += ch;
      i++;
    }
    const rest = text.slice(i + 1);
    if (!name) throw fail();
    if (rest === '') return { kind: 'sheet', sheetName: name.normalize('NFC'), bounds: {} };
    if (!rest.startsWith('!')) throw fail();
    const bounds = parseCells(rest.slice(1));
    if (!bounds) throw fail();
    return { kind: 'sheet', sheetName: name.normalize('NFC'), bounds };
  }
  const bang = text.indexOf('!');
  if (bang >= 0) {
    const name = text.slice(0, bang);
    const bounds = parseCells(text.slice(bang + 1));
    if (!name || !bounds) throw fail();
    return { kind: 'sheet', sheetName: name.normalize('NFC'), bounds };
  }
  return { kind: 'bare', name: text.normalize('NFC'), bounds: parseCells(text) };
}

/** Concrete bounds in A1, e.g. `A1:C5` or `B2` for a single cell. */
export function formatCells(b: Required<Bounds>): string {
  const start = `${columnLetters(b.startCol)}${b.startRow + 1}`;
  if (b.endRow - b.startRow === 1 && b.endCol - b.startCol === 1) return start;
  return `${start}:${columnLetters(b.endCol - 1)}${b.endRow}`;
}

export function formatA1(sheetName: string, b: Required<Bounds>): string {
  return `${quoteSheetName(sheetName)}!${formatCells(b)}`;
}
