// One printed official table on A4 landscape as Nghị định 30/2020/NĐ-CP lays it out: letterhead, title block, table, signature.

import type ExcelJS from 'exceljs';
import type { Campaign } from '../../forms/campaign.ts';
import {
  type FigureColumn,
  officialCells,
  officialColumns,
  officialGroupSpans,
  officialHeaderRows,
} from '../../functions/core/official-table.ts';
import { columnLetter } from '../../functions/sheet/layout.ts';
import { type FitCell, rowHeight, type TextStyle } from './fit.ts';
import { type Letterhead, MOTTO, NATIONAL_TITLE, SIGN_HINT } from './letterhead.ts';
import { vietnameseNumberFormat } from './number-format.ts';
import type { ExportLine } from './read.ts';

export const FONT = 'Times New Roman';
/**
 * Column widths are in character units of Times New Roman 12 (6 pt each): 118 units fill the
 * 252 mm between the decree's margins on A4 landscape, so nothing is scaled down to fit.
 */
const PAGE_UNITS = 118;
/** STT, Đơn vị and Ghi chú; Các hoạt động takes what the quantity columns leave. */
const FIXED = { stt: 6, unit: 14, note: 24 } as const;
/** Below this the activities' names wrap into too many lines: the page is scaled instead. */
const MIN_LABEL = 30;
/** A quantity column: "1.209.500.000" fits in 11 units; money or a long header gets 14. */
const figureUnits = (c: FigureColumn) =>
  c.kinds.includes('amount') || c.header.length > 12 ? 14 : 11;

/** The columns' widths for a campaign's table (2021: 6, 49, 14, 14, 11, 24). */
export function columnWidths(columns: readonly FigureColumn[]): number[] {
  const figures = columns.map(figureUnits);
  const rest = PAGE_UNITS - FIXED.stt - FIXED.unit - FIXED.note;
  const label = Math.max(MIN_LABEL, rest - figures.reduce((n, w) => n + w, 0));
  return [FIXED.stt, label, FIXED.unit, ...figures, FIXED.note];
}

/** Where things sit (1-based rows), so a test and a reader agree. */
export const SUMMARY = { headerRows: [10, 11] as const, firstLineRow: 12 };
const MM = 1 / 25.4;

const thin = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export interface OfficialTable {
  letterhead: Letterhead;
  report: Campaign['report'];
  /** The campaign file's quantity columns. */
  table: Campaign['table'];
  lines: readonly ExportLine[];
}

interface Styled extends TextStyle {
  italic?: boolean;
  underline?: boolean;
}

export function addOfficialSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  table: OfficialTable,
): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: SUMMARY.headerRows[1], showGridLines: false }],
  });
  const columns = officialColumns(table.table);
  const n = columns.length;
  const note = n;
  const widths = columnWidths(table.table.columns);
  const spanUnits = ([a, b]: readonly [number, number]) =>
    widths.slice(a - 1, b).reduce((sum, w) => sum + w, 0);
  // 1-based runs: the issuing body left, the national title right, the signature under the figures.
  const LEFT = [1, 2] as const;
  const RIGHT = [3, n] as const;
  const SIGNATURE = [Math.max(3, n - 2), n] as const;
  const ALL = [1, n] as const;
  ws.columns = widths.map((width) => ({ width }));
  const font = (s: Styled): Partial<ExcelJS.Font> => ({
    name: FONT,
    size: s.size,
    bold: s.bold ?? false,
    italic: s.italic ?? false,
    ...(s.underline ? { underline: 'single' as const } : {}),
  });
  /** Text in a merged run of columns, centred; returns what the row needs to hold it. */
  const put = (r: number, span: readonly [number, number], text: string, s: Styled): FitCell => {
    if (span[1] > span[0]) ws.mergeCells(r, span[0], r, span[1]);
    const cell = ws.getCell(r, span[0]);
    cell.value = text;
    cell.font = font(s);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    return { text, style: s, widthUnits: spanUnits(span) };
  };
  const height = (r: number, cells: FitCell[], minimum = 0) => {
    ws.getRow(r).height = rowHeight(cells, minimum);
  };

  // Letterhead: issuing body on the left, national title and motto on the right.
  const { letterhead: head } = table;
  const left: [string, Styled][] = [
    ...(head.governing ? [[head.governing, { size: 12 }] as [string, Styled]] : []),
    [head.body, { size: 12, bold: true }],
  ];
  // The short rule under the issuing body: a third to a half of its name (decree, Phụ lục I).
  left.push(['—————', { size: 12, bold: true }]);
  const right: [string, Styled][] = [
    [NATIONAL_TITLE, { size: 12, bold: true }],
    // Underlined: the motto's rule is as long as the motto.
    [MOTTO, { size: 13, bold: true, underline: true }],
    ['', { size: 12 }],
  ];
  for (let i = 0; i < 3; i++) {
    const cells: FitCell[] = [];
    const l = left[i];
    const rr = right[i];
    if (l) cells.push(put(i + 1, LEFT, l[0], l[1]));
    if (rr) cells.push(put(i + 1, RIGHT, rr[0], rr[1]));
    height(i + 1, cells, i === 2 ? 12 : 0);
  }
  height(4, [put(4, RIGHT, head.dateLine, { size: 13, italic: true })]);
  ws.getRow(5).height = 10;

  // The title block as in the plan's appendix.
  const { report } = table;
  height(6, [put(6, ALL, report.title, { size: 14, bold: true })]);
  height(7, [put(7, ALL, report.subtitle, { size: 13, bold: true })]);
  height(8, [put(8, ALL, report.attachedTo, { size: 13, italic: true })]);
  ws.getRow(9).height = 8;

  const [h1, h2] = SUMMARY.headerRows;
  const [top, bottom] = officialHeaderRows(columns);
  ws.getRow(h1).values = top;
  ws.getRow(h2).values = bottom;
  columns.forEach((c, i) => {
    if (!c.group) ws.mergeCells(h1, i + 1, h2, i + 1);
  });
  for (const [a, b] of officialGroupSpans(columns)) ws.mergeCells(h1, a + 1, h1, b + 1);
  const headerStyle = { size: 12, bold: true };
  for (const [r, texts] of [
    [h1, top],
    [h2, bottom],
  ] as const) {
    for (let c = 1; c <= n; c++) {
      const cell = ws.getCell(r, c);
      cell.font = font(headerStyle);
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
    height(
      r,
      texts.map((text, i) => ({ text, style: headerStyle, widthUnits: widths[i] ?? 0 })),
      18,
    );
  }

  table.lines.forEach((line, i) => {
    const r = SUMMARY.firstLineRow + i;
    // A numbered line opens a section of the seed's table.
    const style = { size: 12, bold: line.stt !== '' };
    const values = officialCells(line).map((v) => (v === null || v === '' ? null : v));
    const cells: FitCell[] = [];
    values.forEach((value, k) => {
      const c = k + 1;
      const cell = ws.getCell(r, c);
      cell.value = value;
      cell.border = BORDER;
      // Notes are the units' words, never headings.
      const own = c === note ? { size: style.size } : style;
      cell.font = font(own);
      const numeric = c > 3 && c < note;
      cell.alignment = {
        vertical: 'middle',
        wrapText: true,
        horizontal: c === 1 || c === 3 ? 'center' : numeric ? 'right' : 'left',
        // Off the left border, as the seed's table prints them (numbers: see number-format.ts).
        indent: c === 2 || c === note ? 1 : 0,
      };
      if (numeric) cell.numFmt = vietnameseNumberFormat(typeof value === 'number' ? value : null);
      // A number's width is at most "1.209.500.000": it never wraps in its column.
      if (typeof value === 'string')
        cells.push({
          text: value,
          style: own,
          widthUnits: (widths[k] ?? 0) - (c === 2 || c === note ? 2 : 0),
        });
    });
    height(r, cells, 18);
  });

  // Signature block, right, under the table.
  let r = SUMMARY.firstLineRow + table.lines.length + 1;
  ws.getRow(r - 1).height = 12;
  const { signer } = head;
  const sign = (text: string, s: Styled) => {
    height(r, [put(r, SIGNATURE, text, s)]);
    r++;
  };
  if (signer.authority) sign(signer.authority, { size: 13, bold: true });
  sign(signer.title, { size: 13, bold: true });
  sign(SIGN_HINT, { size: 12, italic: true });
  // Room for the signature and the seal.
  ws.getRow(r).height = 72;
  r++;
  if (signer.name) sign(signer.name, { size: 13, bold: true });

  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    // More quantity columns than the page holds at full size: one page wide, scaled down.
    ...(widths.reduce((sum, w) => sum + w, 0) > PAGE_UNITS
      ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
      : { scale: 100 }),
    // Nghị định 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    margins: {
      top: 20 * MM,
      bottom: 20 * MM,
      left: 30 * MM,
      right: 15 * MM,
      header: 10 * MM,
      footer: 8 * MM,
    },
    printArea: `A1:${columnLetter(n - 1)}${r - 1}`,
    // The table's header repeats on every printed page.
    printTitlesRow: `${h1}:${h2}`,
  };
  // Page numbers from page 2, centred in the top margin.
  ws.headerFooter = {
    differentFirst: true,
    firstHeader: '',
    oddHeader: `&C&"${FONT},Regular"&13&P`,
  };
  return ws;
}
