// The master sheet's look as one batchUpdate: widths, merges, number formats, colours, protection, a chart.

import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign } from '../../forms/campaign.ts';
import {
  type FigureColumn,
  officialColumns,
  officialGroupSpans,
} from '../../functions/core/official-table.ts';
import { REVIEW, STATUS_COLOURS } from '../../functions/core/status.ts';
import type { Request } from '../../functions/sheet/cells.ts';
import type { SheetLayout } from '../../functions/sheet/layout.ts';
import { SHEET_ID } from '../../functions/sheet/layout.ts';

type GridRange = sheets_v4.Schema$GridRange;

/** Google's number pattern; the spreadsheet's vi_VN locale renders it as 1.500.000. */
const NUMBER = { type: 'NUMBER', pattern: '#,##0' };
const HEADER_BG = { red: 0.82, green: 0.88, blue: 0.97 };
const TOTAL_BG = { red: 1, green: 0.95, blue: 0.8 };
const DISTRICT_BG = { red: 0.9, green: 0.96, blue: 1 };

const range = (
  sheetId: number,
  r0: number,
  r1: number | undefined,
  c0: number,
  c1: number | undefined,
): GridRange => ({
  sheetId,
  startRowIndex: r0,
  ...(r1 === undefined ? {} : { endRowIndex: r1 }),
  startColumnIndex: c0,
  ...(c1 === undefined ? {} : { endColumnIndex: c1 }),
});

const repeat = (r: GridRange, format: sheets_v4.Schema$CellFormat, fields: string): Request => ({
  repeatCell: {
    range: r,
    cell: { userEnteredFormat: format },
    fields: `userEnteredFormat(${fields})`,
  },
});

const widths = (sheetId: number, sizes: readonly number[]): Request[] =>
  sizes.map((pixelSize, i) => ({
    updateDimensionProperties: {
      range: { sheetId, dimension: 'COLUMNS', startIndex: i, endIndex: i + 1 },
      properties: { pixelSize },
      fields: 'pixelSize',
    },
  }));

const merge = (r: GridRange): Request => ({ mergeCells: { range: r, mergeType: 'MERGE_ALL' } });

/** Warning-only protection: a coordinator can still correct, after a prompt, but not by accident. */
const protect = (r: GridRange, description: string): Request => ({
  addProtectedRange: { protectedRange: { range: r, description, warningOnly: true } },
});

function progressFormat(campaign: Campaign, layout: SheetLayout): Request[] {
  const p = layout.progress;
  const id = SHEET_ID.progress;
  const header = p.headerRow - 1;
  const summaryStart = p.summary.firstColumn;
  const statusCol = p.col.status;
  /** Column k of the by-group summary beside the table, header included: the chart's data. */
  const summaryColumn = (k: number) =>
    range(
      id,
      header,
      p.summary.firstRow - 1 + campaign.groups.length,
      summaryStart + k,
      summaryStart + k + 1,
    );
  return [
    ...widths(
      id,
      p.columns.map((c) => c.width),
    ),
    repeat(range(id, 0, 1, 0, 1), { textFormat: { bold: true, fontSize: 14 } }, 'textFormat'),
    repeat(range(id, 1, 2, 0, 1), { textFormat: { bold: true, fontSize: 12 } }, 'textFormat'),
    repeat(
      range(id, header, header + 1, 0, summaryStart + 3),
      { textFormat: { bold: true }, backgroundColor: HEADER_BG, wrapStrategy: 'WRAP' },
      'textFormat,backgroundColor,wrapStrategy',
    ),
    ...Object.entries(STATUS_COLOURS).map(([status, colour], index) => ({
      addConditionalFormatRule: {
        index,
        rule: {
          ranges: [range(id, p.firstUnitRow - 1, undefined, statusCol, statusCol + 1)],
          booleanRule: {
            condition: { type: 'TEXT_EQ', values: [{ userEnteredValue: status }] },
            format: { backgroundColor: colour },
          },
        },
      },
    })),
    {
      setDataValidation: {
        range: range(id, p.firstUnitRow - 1, undefined, p.col.review, p.col.review + 1),
        rule: {
          condition: {
            type: 'ONE_OF_LIST',
            values: Object.values(REVIEW).map((v) => ({ userEnteredValue: v })),
          },
          showCustomUi: true,
          strict: false,
        },
      },
    },
    protect(
      range(id, 0, p.headerRow, 0, undefined),
      'Tiêu đề và công thức tổng hợp do baocao quản lý',
    ),
    {
      addChart: {
        chart: {
          spec: {
            title: 'Số đơn vị đã nộp theo nhóm',
            basicChart: {
              chartType: 'COLUMN',
              legendPosition: 'BOTTOM_LEGEND',
              headerCount: 1,
              axis: [
                { position: 'BOTTOM_AXIS', title: 'Nhóm' },
                { position: 'LEFT_AXIS', title: 'Số đơn vị' },
              ],
              domains: [{ domain: { sourceRange: { sources: [summaryColumn(0)] } } }],
              series: [1, 2].map((k) => ({
                series: {
                  sourceRange: { sources: [summaryColumn(k)] },
                },
                targetAxis: 'LEFT_AXIS',
              })),
            },
          },
          position: {
            overlayPosition: {
              anchorCell: {
                sheetId: id,
                rowIndex: p.summary.firstRow + campaign.groups.length + 1,
                columnIndex: summaryStart,
              },
            },
          },
        },
      },
    },
  ];
}

function dataFormat(layout: SheetLayout): Request[] {
  const d = layout.data;
  const id = SHEET_ID.data;
  const [h1, h2] = d.headerRows;
  const numeric = d.columns.flatMap((c, i) => ('measure' in c ? [i] : []));
  const firstNumeric = numeric[0] ?? 0;
  const lastNumeric = (numeric.at(-1) ?? 0) + 1;
  // Level-1 headers span the measures of one row (Số lớp, Số người under one label).
  const spans: [number, number][] = [];
  d.columns.forEach((c, i) => {
    const last = spans.at(-1);
    const prev = d.columns[i - 1];
    if ('measure' in c && prev && 'measure' in prev && prev.measure.row === c.measure.row && last)
      last[1] = i + 1;
    else spans.push([i, i + 1]);
  });
  return [
    ...widths(
      id,
      d.columns.map((c) => c.width),
    ),
    repeat(range(id, 0, 1, 0, 1), { textFormat: { bold: true, fontSize: 14 } }, 'textFormat'),
    repeat(
      range(id, h1 - 1, h2, 0, d.columns.length),
      {
        textFormat: { bold: true },
        backgroundColor: HEADER_BG,
        wrapStrategy: 'WRAP',
        verticalAlignment: 'MIDDLE',
      },
      'textFormat,backgroundColor,wrapStrategy,verticalAlignment',
    ),
    ...spans
      .map(([c0, c1]) =>
        c1 - c0 > 1 || !('measure' in (d.columns[c0] ?? {}))
          ? merge(range(id, h1 - 1, c1 - c0 > 1 ? h1 : h2, c0, c1))
          : undefined,
      )
      .filter((r): r is Request => r !== undefined),
    repeat(
      range(id, d.totalRow - 1, d.districtRow - 1, 0, d.columns.length),
      { textFormat: { bold: true }, backgroundColor: TOTAL_BG },
      'textFormat,backgroundColor',
    ),
    // The coordinator's own row: where they type, so it looks like an input row, not a total.
    ...districtFormat(layout),
    repeat(
      range(id, d.totalRow - 1, undefined, firstNumeric, lastNumeric),
      { numberFormat: NUMBER },
      'numberFormat',
    ),
    protect(
      range(id, 0, d.districtRow - 1, 0, undefined),
      'Tiêu đề, tổng cộng và cộng nhóm do baocao tính',
    ),
    ...d.columns.flatMap((c, i) =>
      'measure' in c && c.measure.computed
        ? [
            protect(
              range(id, d.districtRow - 1, undefined, i, i + 1),
              `Cột tự tính: ${c.measure.row.id} ${c.header}`,
            ),
          ]
        : [],
    ),
  ];
}

/** A quantity column's width in pixels: money ("1.209.500.000") or a long header takes more. */
const figureWidth = (c: FigureColumn) =>
  c.kinds.includes('amount') || c.header.length > 12 ? 130 : 100;

/**
 * "Báo cáo"'s look for the campaign's table: widths, merges, number formats, borders. Setup
 * applies it again, after unmerging the header block, when the file's columns have changed.
 */
export function reportLook(campaign: Campaign, layout: SheetLayout): Request[] {
  const id = SHEET_ID.report;
  const [h1, h2] = layout.report.headerRows;
  const first = layout.report.firstLineRow - 1;
  const lines = campaign.sections.reduce((n, s) => n + s.rows.length, 0);
  const columns = officialColumns(campaign.table);
  const n = columns.length;
  const figures = campaign.table.columns.length;
  const note = 3 + figures;
  const center = { horizontalAlignment: 'CENTER' };
  return [
    ...widths(id, [50, 420, 110, ...campaign.table.columns.map(figureWidth), 260]),
    repeat(range(id, 0, 1, 0, 3), { textFormat: { bold: true } }, 'textFormat'),
    merge(range(id, 0, 1, 0, 3)),
    ...[2, 3, 4].map((r) => merge(range(id, r, r + 1, 0, n))),
    repeat(
      range(id, 2, 4, 0, n),
      { textFormat: { bold: true, fontSize: 13 }, ...center },
      'textFormat,horizontalAlignment',
    ),
    repeat(
      range(id, 4, 5, 0, n),
      { textFormat: { italic: true }, ...center },
      'textFormat,horizontalAlignment',
    ),
    // A column without a group spans both header rows; a group spans its columns' top row.
    ...columns.flatMap((c, i) => (c.group ? [] : [merge(range(id, h1 - 1, h2, i, i + 1))])),
    ...officialGroupSpans(columns).map(([a, b]) => merge(range(id, h1 - 1, h1, a, b + 1))),
    repeat(
      range(id, h1 - 1, h2, 0, n),
      {
        textFormat: { bold: true },
        backgroundColor: HEADER_BG,
        wrapStrategy: 'WRAP',
        verticalAlignment: 'MIDDLE',
        ...center,
      },
      'textFormat,backgroundColor,wrapStrategy,verticalAlignment,horizontalAlignment',
    ),
    repeat(range(id, first, first + lines, 1, 2), { wrapStrategy: 'WRAP' }, 'wrapStrategy'),
    repeat(
      range(id, first, first + lines, note, note + 1),
      { wrapStrategy: 'WRAP' },
      'wrapStrategy',
    ),
    repeat(range(id, first, first + lines, 0, 1), center, 'horizontalAlignment'),
    repeat(range(id, first, first + lines, 3, note), { numberFormat: NUMBER }, 'numberFormat'),
    {
      updateBorders: {
        range: range(id, h1 - 1, first + lines, 0, n),
        top: { style: 'SOLID' },
        bottom: { style: 'SOLID' },
        left: { style: 'SOLID' },
        right: { style: 'SOLID' },
        innerHorizontal: { style: 'SOLID' },
        innerVertical: { style: 'SOLID' },
      },
    },
  ];
}

function reportFormat(campaign: Campaign, layout: SheetLayout): Request[] {
  return [
    ...reportLook(campaign, layout),
    protect(
      range(SHEET_ID.report, 0, undefined, 0, undefined),
      'Bảng tổng hợp theo mẫu của Kế hoạch, tính từ «Số liệu»',
    ),
  ];
}

function logFormat(layout: SheetLayout): Request[] {
  const id = SHEET_ID.log;
  return [
    ...widths(
      id,
      layout.log.columns.map((c) => c.width),
    ),
    repeat(
      range(id, 0, 1, 0, layout.log.columns.length),
      { textFormat: { bold: true }, backgroundColor: HEADER_BG },
      'textFormat,backgroundColor',
    ),
    repeat(
      range(id, 1, undefined, 0, layout.log.columns.length),
      { wrapStrategy: 'CLIP' },
      'wrapStrategy',
    ),
    protect(range(id, 0, undefined, 0, undefined), 'Nhật ký chỉ ghi thêm, do baocao quản lý'),
  ];
}

/** The coordinator's row of "Số liệu": set apart, its computed cells protected like the units'. */
export function districtFormat(layout: SheetLayout): Request[] {
  const d = layout.data;
  return [
    repeat(
      range(SHEET_ID.data, d.districtRow - 1, d.districtRow, 0, d.columns.length),
      { textFormat: { italic: true }, backgroundColor: DISTRICT_BG },
      'textFormat,backgroundColor',
    ),
  ];
}

/**
 * The personal links' tab: hidden, and protected for real (not warning-only, no editors): only
 * the sheet's owner can change a link; the functions only read it.
 */
export function linksFormat(): Request[] {
  return [
    ...widths(SHEET_ID.links, [160, 520]),
    repeat(range(SHEET_ID.links, 0, 1, 0, 2), { textFormat: { bold: true } }, 'textFormat'),
    {
      addProtectedRange: {
        protectedRange: {
          range: range(SHEET_ID.links, 0, undefined, 0, undefined),
          description: 'Đường link riêng của các đơn vị (chứa mã xác minh), do baocao quản lý',
          warningOnly: false,
        },
      },
    },
  ];
}

/** Every formatting request of a new master sheet, sent as one batchUpdate after create. */
export function formatRequests(campaign: Campaign, layout: SheetLayout): Request[] {
  return [
    ...progressFormat(campaign, layout),
    ...dataFormat(layout),
    ...reportFormat(campaign, layout),
    ...logFormat(layout),
    protect(range(SHEET_ID.system, 0, undefined, 0, undefined), 'Trạng thái nội bộ của baocao'),
    ...linksFormat(),
  ];
}
