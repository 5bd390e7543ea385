// The official workbooks: the district's (printed table, audit sheet, optionally every unit's row) and each unit's own.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Campaign } from '../../forms/campaign.ts';
import { formatDateTime, formatLocalDate } from '../../forms/format.ts';
import type { Unit } from '../../forms/schema.ts';
import { tableLines } from '../../functions/core/totals.ts';
import { type UnitColumn, unitCell, unitColumns } from './columns.ts';
import { districtLetterhead, type Letterhead, unitLetterhead } from './letterhead.ts';
import { vietnameseNumberFormat } from './number-format.ts';
import { addOfficialSheet, FONT } from './official-sheet.ts';
import type { ExportData, ExportLine, ExportUnit } from './read.ts';

export const SUMMARY_SHEET = 'Tổng hợp';
export const UNIT_SHEET = 'Báo cáo đơn vị';
export const UNITS_SHEET = 'Các đơn vị';
export const INFO_SHEET = 'Thông tin';

const thin = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFEFEFEF' },
};

export interface WorkbookOptions {
  perUnit: boolean;
  /** Only the printed table and the document's properties: the copy the PDF is made from. */
  printOnly?: boolean;
  spreadsheetId: string;
}

/** The facts an auditor asks about, kept off the printed page: [label, value]. */
export type AuditFacts = [string, string][];

function packageVersion(): string {
  const pkg: unknown = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'không rõ';
}

export function planReference(campaign: Campaign): string {
  const { plan } = campaign;
  return `Kế hoạch số ${plan.number} ngày ${formatLocalDate(plan.date)} của ${plan.issuer}`;
}

export function districtFacts(
  campaign: Campaign,
  data: ExportData,
  madeAt: Date,
  spreadsheetId: string,
): AuditFacts {
  return [
    ['Bảng', `${campaign.report.title} ${campaign.report.subtitle}`],
    ['Theo', `${planReference(campaign)} – ${campaign.title}`],
    ['Xuất lúc', formatDateTime(madeAt, campaign.timezone)],
    ['Số đơn vị đã báo cáo', `${data.reported}/${data.total}`],
    ['Nguồn số liệu', `Bảng tổng hợp trực tuyến (Google Sheets) mã ${spreadsheetId}`],
    ['Ghi chú', 'Số liệu đúng như bảng tổng hợp tại thời điểm xuất.'],
    ['Phiên bản', `baocao ${packageVersion()}; chiến dịch ${campaign.id}`],
  ];
}

function unitFacts(
  campaign: Campaign,
  unit: ExportUnit,
  madeAt: Date,
  spreadsheetId: string,
): AuditFacts {
  return [
    ['Bảng', `${campaign.report.title} ${campaign.report.subtitle}`],
    ['Theo', `${planReference(campaign)} – ${campaign.title}`],
    ['Đơn vị', `${unit.name} (mã ${unit.id})`],
    ['Báo cáo nộp lúc', unit.submittedAt || 'chưa nộp'],
    ['Xuất lúc', formatDateTime(madeAt, campaign.timezone)],
    ['Nguồn số liệu', `Bảng tổng hợp trực tuyến (Google Sheets) mã ${spreadsheetId}`],
    [
      'Phiên bản',
      `báo cáo ${unit.version || 'không có'}; baocao ${packageVersion()}; chiến dịch ${campaign.id}`,
    ],
  ];
}

/** Document properties: a PDF renderer carries them into the PDF's metadata. */
function describe(
  workbook: ExcelJS.Workbook,
  campaign: Campaign,
  head: Letterhead,
  facts: AuditFacts,
  madeAt: Date,
): void {
  workbook.title = `${campaign.report.title} ${campaign.report.subtitle}`;
  // LibreOffice splits keywords at spaces: the facts go whole into the subject, which it keeps.
  workbook.subject = facts
    .filter(([k]) => k !== 'Bảng')
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  workbook.keywords = campaign.id;
  workbook.description = workbook.subject;
  workbook.creator = head.body;
  workbook.lastModifiedBy = 'baocao';
  workbook.created = madeAt;
  workbook.modified = madeAt;
}

function infoSheet(workbook: ExcelJS.Workbook, facts: AuditFacts): void {
  const ws = workbook.addWorksheet(INFO_SHEET);
  ws.columns = [{ width: 26 }, { width: 90 }];
  for (const [label, value] of facts) {
    const row = ws.addRow([label, value]);
    row.getCell(1).font = { name: FONT, size: 12, bold: true };
    row.getCell(2).font = { name: FONT, size: 12 };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
}

export function buildWorkbook(
  campaign: Campaign,
  data: ExportData,
  madeAt: Date,
  options: WorkbookOptions,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const head = districtLetterhead(campaign, madeAt);
  const facts = districtFacts(campaign, data, madeAt, options.spreadsheetId);
  describe(workbook, campaign, head, facts, madeAt);
  addOfficialSheet(workbook, SUMMARY_SHEET, {
    letterhead: head,
    report: campaign.report,
    table: campaign.table,
    lines: data.lines,
  });
  if (options.printOnly) return workbook;
  infoSheet(workbook, facts);
  if (options.perUnit) unitsSheet(workbook, campaign, data);
  return workbook;
}

/** A unit's own table from its row of "Số liệu": district-level measures are not the unit's and print blank. */
export function unitLines(campaign: Campaign, unit: ExportUnit): ExportLine[] {
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(unit.values)) if (v !== null) values[k] = v;
  return tableLines(campaign, values, (key) => unit.texts[key] ?? '', 'unit').map(
    ({ row: _row, ...line }) => line,
  );
}

export function buildUnitWorkbook(
  campaign: Campaign,
  unit: ExportUnit,
  madeAt: Date,
  options: Omit<WorkbookOptions, 'perUnit'>,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const def: Unit = campaign.unit(unit.id) ?? {
    id: unit.id,
    name: unit.name,
    group: '',
    emails: [],
  };
  const head = unitLetterhead(campaign, def, madeAt);
  const facts = unitFacts(campaign, unit, madeAt, options.spreadsheetId);
  describe(workbook, campaign, head, facts, madeAt);
  addOfficialSheet(workbook, UNIT_SHEET, {
    letterhead: head,
    report: campaign.report,
    table: campaign.table,
    lines: unitLines(campaign, unit),
  });
  if (!options.printOnly) infoSheet(workbook, facts);
  return workbook;
}

/**
 * Writes the workbook with Times New Roman 12 as its default font. Column widths are counted in
 * the default font's digits; ExcelJS always declares Calibri, which a machine without it (or its
 * metric twin Carlito) replaces by something wider, so the table would spill off the page.
 */
export async function writeWorkbook(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const styles = zip.file('xl/styles.xml');
  if (!styles) throw new Error('ExcelJS wrote no xl/styles.xml');
  const xml = (await styles.async('string')).replace(
    /<font>[\s\S]*?<\/font>/,
    `<font><sz val="12"/><name val="${FONT}"/><family val="1"/></font>`,
  );
  zip.file('xl/styles.xml', xml);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
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
      cell.font = { name: FONT, bold: true };
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
      cell.font = { name: FONT, bold };
      const value = values[i];
      if (c.kind === 'measure')
        cell.numFmt = vietnameseNumberFormat(typeof value === 'number' ? value : null);
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
