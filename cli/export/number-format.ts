// Number formats that print 1.500.000 whatever the reader's locale, the cell staying a number.

/*
 * "#,##0" asks the reader's machine for its grouping separator: a machine set to English prints
 * 1,500,000. A locale tag ("[$-42A]#,##0") fixes that in LibreOffice only; Excel keeps the system's
 * separators and Google Sheets the spreadsheet's locale. Literal dots ("\.") between digit groups,
 * chosen by magnitude with conditions, print the same in all three. Excel allows two conditions
 * per format, so one format covers three magnitudes: 0–999.999.999 for most cells, and from
 * 1.000 up to the trillions for a cell holding a billion or more (amounts in đồng).
 */
// Each section ends in a space (\ ): a right-aligned number stands off the cell's border.
const UNDER_A_BILLION = '[>=1000000]#\\.###\\.##0\\ ;[>=1000]#\\.##0\\ ;0\\ ';
const BILLIONS = '[>=1000000000]#\\.###\\.###\\.##0\\ ;[>=1000000]#\\.###\\.##0\\ ;#\\.##0\\ ';

/** The format for a cell holding `value` (or blank). */
export function vietnameseNumberFormat(value: number | null | undefined): string {
  return value !== null && value !== undefined && value >= 1_000_000_000
    ? BILLIONS
    : UNDER_A_BILLION;
}
