// The one CSV writer for files coordinators open in Excel: UTF-8 with BOM, CRLF, no cell a spreadsheet would run.
import { stringify } from 'csv-stringify/sync';

/**
 * Text a spreadsheet program would take for a formula (=, +, -, @, and tab or CR which some
 * programs strip before looking) gets a leading apostrophe, as OWASP advises for CSV injection.
 */
export function neutralize(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export type CsvCell = string | number | null;

/**
 * Rows as CSV text. The BOM is what makes Excel read UTF-8 (without it, it uses the machine's
 * ANSI code page and mangles Vietnamese); numbers stay plain (1500000) so tools read them back
 * as numbers in any locale; quoting follows RFC 4180 (csv-stringify).
 */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((r) => [...r]),
    {
      bom: true,
      record_delimiter: 'windows',
      // A line break of either kind inside a cell must be quoted, not only the CRLF records use.
      quoted_match: /[\r\n]/,
      cast: { string: (value) => neutralize(value), number: (value) => String(value) },
    },
  );
}
