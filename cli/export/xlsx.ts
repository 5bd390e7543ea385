// The official XLSX: the seed's "TỔNG HỢP SỐ LIỆU" table ready to print on A4, and every unit's row.

import ExcelJS from 'exceljs';
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime, formatLocalDate } from '../../forms/format.ts';
import {
  OFFICIAL_COLUMNS,
  officialCells,
  officialGroupSpans,
  officialHeaderRows,
} from '../../functions/core/official-table.ts';
import { type UnitColumn, unitCell, unitColumns } from './columns.ts';
import type { ExportData } from './read.ts';

export const SUMMARY_SHEET = 'Tổng hợp';
export const UNITS_SHEET = 'Các đơn vị';
/** Excel shows it with the reader's grouping: 1.500.000 on a Vietnamese machine. */
export const NUMBER_FORMAT = '#,##0';

/** Where the summary sheet puts things (1-based rows), so a test and a reader agree. */
export const SUMMARY = { headerRows: [7, 8] as const, firstLineRow: 9, columns: 6 };

const thin = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFEFEFEF' },
};

export interface WorkbookOptions {
  perUnit: boolean;
}

/** The footer's words, shared with the CLI's summary line. */
export function exportFooter(campaign: Campaign, data: ExportData, madeAt: Date): string[] {
  const { plan } = campaign;
  return [
    `Số đơn vị đã báo cáo: ${data.reported}/${data.total}`,
    `Theo Kế hoạch số ${plan.number} ngày ${formatLocalDate(plan.date)} của ${plan.issuer} – ${campaign.title}.`,
    `Xuất lúc ${formatDateTime(madeAt, campaign.timezone)} từ bảng tổng hợp trực tuyến; số liệu đúng như bảng tại thời điểm xuất.`,
  ];
}

export function buildWorkbook(
  campaign: Campaign,
  data: ExportData,
  madeAt: Date,
  options: WorkbookOptions,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.title = `${campaign.report.title} – ${campaign.title}`;
  workbook.subject = campaign.title;
  workbook.creator = 'baocao';
  workbook.lastModifiedBy = 'baocao';
  workbook.created = madeAt;
  workbook.modified = madeAt;
  summarySheet(workbook, campaign, data, madeAt);
  if (options.perUnit) unitsSheet(workbook, campaign, data);
  return workbook;
}

function summarySheet(
  workbook: ExcelJS.Workbook,
  campaign: Campaign,
  data: ExportData,
  madeAt: Date,
): void {
  const ws = workbook.addWorksheet(SUMMARY_SHEET, {
    properties: { defaultRowHeight: 18 },
    views: [{ state: 'frozen', ySplit: SUMMARY.headerRows[1], showGridLines: false }],
  });
  ws.columns = [6, 58, 15, 13, 13, 30].map((width) => ({ width }));
  const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({
    name: FONT,
    size: 12,
    ...extra,
  });
  const centered = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;

  // The header block as in the seed: issuer at the top left, then the centred title lines.
  const heading = (r: number, value: string, range: string, extra: Partial<ExcelJS.Font>) => {
    ws.mergeCells(range);
    const c = ws.getCell(`A${r}`);
    c.value = value;
    c.font = font(extra);
    c.alignment = centered;
  };
  heading(1, campaign.plan.issuerHeader, 'A1:C1', { bold: true });
  heading(3, campaign.report.title, 'A3:F3', { bold: true, size: 14 });
  heading(4, campaign.report.subtitle, 'A4:F4', { bold: true });
  heading(5, campaign.report.attachedTo, 'A5:F5', { italic: true });

  const [h1, h2] = SUMMARY.headerRows;
  const [top, bottom] = officialHeaderRows();
  ws.getRow(h1).values = top;
  ws.getRow(h2).values = bottom;
  OFFICIAL_COLUMNS.forEach((c, i) => {
    if (!c.group) ws.mergeCells(h1, i + 1, h2, i + 1);
  });
  for (const [a, b] of officialGroupSpans()) ws.mergeCells(h1, a + 1, h1, b + 1);
  for (const r of [h1, h2]) {
    ws.getRow(r).height = 30;
    for (let c = 1; c <= SUMMARY.columns; c++) {
      const cell = ws.getCell(r, c);
      cell.font = font({ bold: true });
      cell.alignment = centered;
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
  }

  data.lines.forEach((line, i) => {
    const row = ws.getRow(SUMMARY.firstLineRow + i);
    // null stays an empty cell: a line without that measure prints blank, as in the seed.
    row.values = officialCells(line).map((v) => (v === null || v === '' ? null : v));
    // A numbered line opens a section of the seed's table.
    const bold = line.stt !== '';
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.border = BORDER;
      cell.font = font({ bold });
      cell.alignment = {
        vertical: 'middle',
        wrapText: true,
        horizontal: c === 1 || c === 3 ? 'center' : c === 4 || c === 5 ? 'right' : 'left',
      };
      if (c === 4 || c === 5) cell.numFmt = NUMBER_FORMAT;
    });
    // eachCell skips columns past the last value: a line with no note still gets its box.
    for (let c = 1; c <= SUMMARY.columns; c++) ws.getCell(row.number, c).border = BORDER;
  });

  const lastLine = SUMMARY.firstLineRow + data.lines.length - 1;
  exportFooter(campaign, data, madeAt).forEach((text, i) => {
    const r = lastLine + 2 + i;
    ws.mergeCells(`A${r}:F${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = text;
    cell.font = font({ italic: i > 0, bold: i === 0 });
    cell.alignment = { vertical: 'top', wrapText: true };
    // Merged cells never grow to fit their text: give the long lines room for two lines.
    ws.getRow(r).height = text.length > 90 ? 34 : 18;
  });

  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages tall as needed, so the text stays legible.
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    // The table's header repeats on every printed page.
    printTitlesRow: `${h1}:${h2}`,
  };
  ws.headerFooter = { oddFooter: '&CTrang &P/&N' };
}

function unitsSheet(workbook: ExcelJS.Workbook, campaign: Campaign, data: ExportData): void {
  const columns = unitColumns(campaign);
  const ws = workbook.addWorksheet(UNITS_SHEET, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }],
  });
  ws.columns = columns.map((c) => ({ width: widthOf(c) }));
  const top = ws.getRow(1);
  const sub = ws.getRow(2);
  // A row's heading spans its measures' columns; identity and text headers span both rows.
  for (let i = 0; i < columns.length; ) {
    const c = columns[i];
    if (c?.kind !== 'measure') {
      top.getCell(i + 1).value = c?.header ?? '';
      ws.mergeCells(1, i + 1, 2, i + 1);
      i++;
      continue;
    }
    let j = i;
    for (let next = columns[j + 1]; next?.kind === 'measure' && next.group === c.group; ) {
      j++;
      next = columns[j + 1];
    }
    top.getCell(i + 1).value = c.group;
    if (j > i) ws.mergeCells(1, i + 1, 1, j + 1);
    for (let k = i; k <= j; k++) sub.getCell(k + 1).value = columns[k]?.header ?? '';
    i = j + 1;
  }
  top.height = 60;
  for (const row of [top, sub]) {
    for (let col = 1; col <= columns.length; col++) {
      const cell = row.getCell(col);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
  }
  const body = (values: (string | number | null)[], bold = false) => {
    const row = ws.addRow(values);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      if (bold) cell.font = { bold: true };
      if (c.kind === 'measure') cell.numFmt = NUMBER_FORMAT;
      else cell.alignment = { vertical: 'top', wrapText: c.kind === 'text' };
    });
  };
  for (const unit of data.units) body(columns.map((c) => unitCell(unit, c)));
  // The sheet's own totals, read with the rest: hand corrections are in them already.
  const sums = (label: string, values: Record<string, number | null>) =>
    columns.map((c, i) =>
      c.kind === 'measure' ? (values[c.key] ?? null) : i === 1 ? label : null,
    );
  body(sums('TỔNG CỘNG', data.totals), true);
  for (const g of data.groups) body(sums(`Cộng nhóm ${g.label}`, g.values), true);
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: '1:2',
    printTitlesColumn: 'A:B',
  };
}

function widthOf(c: UnitColumn): number {
  if (c.kind === 'identity') return c.key === 'name' ? 32 : c.key === 'id' ? 18 : 20;
  if (c.kind === 'text') return 36;
  return c.amount ? 16 : 11;
}
