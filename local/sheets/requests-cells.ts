// batchUpdate requests that write cells and cell-anchored objects: values, formats, merges, rules, charts.
import { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { type Area, resolveGridRange, toGridRange } from './grid.ts';
import {
  findSheetById,
  getCell,
  gridRangeSchema,
  type Json,
  type JsonObject,
  jsonObject,
  type SheetState,
  setCell,
} from './model.ts';
import {
  defineRequest,
  growGrid,
  type RequestRunner,
  requireFields,
  sheetOrThrow,
  writeCellMasked,
} from './request-kit.ts';
import { rowDataSchema } from './schemas.ts';

const coordinate = z.object({
  sheetId: z.number().int().optional(),
  rowIndex: z.number().int().min(0).optional(),
  columnIndex: z.number().int().min(0).optional(),
});

function writeRows(
  area: Area,
  rows: z.infer<typeof rowDataSchema>[],
  fields: string[][],
  clearRest: boolean,
) {
  for (let r = area.startRow; r < area.endRow; r++) {
    const values = rows[r - area.startRow]?.values;
    for (let c = area.startCol; c < area.endCol; c++) {
      const source = values?.[c - area.startCol];
      if (source || clearRest) writeCellMasked(area.sheet, r, c, source ?? {}, fields);
    }
  }
}

const updateCells = defineRequest(
  z.object({
    rows: z.array(rowDataSchema).default([]),
    fields: z.string().optional(),
    start: coordinate.optional(),
    range: gridRangeSchema.optional(),
  }),
  (ss, req) => {
    const fields = requireFields(req.fields);
    if (req.range && req.start) throw badRequest('Only one of start or range may be set.');
    const width = Math.max(0, ...req.rows.map((r) => r.values?.length ?? 0));
    const area = req.range
      ? resolveGridRange(ss, req.range)
      : resolveGridRange(ss, {
          sheetId: req.start?.sheetId,
          startRowIndex: req.start?.rowIndex ?? 0,
          endRowIndex: (req.start?.rowIndex ?? 0) + req.rows.length,
          startColumnIndex: req.start?.columnIndex ?? 0,
          endColumnIndex: (req.start?.columnIndex ?? 0) + width,
        });
    writeRows(area, req.rows, fields, req.range !== undefined);
    return undefined;
  },
);

const repeatCell = defineRequest(
  z.object({ range: gridRangeSchema, cell: jsonObject.default({}), fields: z.string().optional() }),
  (ss, req) => {
    const fields = requireFields(req.fields);
    const area = resolveGridRange(ss, req.range);
    for (let r = area.startRow; r < area.endRow; r++) {
      for (let c = area.startCol; c < area.endCol; c++)
        writeCellMasked(area.sheet, r, c, req.cell, fields);
    }
    return undefined;
  },
);

const border = jsonObject.optional();
const updateBorders = defineRequest(
  z.object({
    range: gridRangeSchema,
    top: border,
    bottom: border,
    left: border,
    right: border,
    innerHorizontal: border,
    innerVertical: border,
  }),
  (ss, req) => {
    const area = resolveGridRange(ss, req.range);
    for (let r = area.startRow; r < area.endRow; r++) {
      for (let c = area.startCol; c < area.endCol; c++) {
        const sides: Record<string, JsonObject | undefined> = {
          top: r === area.startRow ? req.top : req.innerHorizontal,
          bottom: r === area.endRow - 1 ? req.bottom : req.innerHorizontal,
          left: c === area.startCol ? req.left : req.innerVertical,
          right: c === area.endCol - 1 ? req.right : req.innerVertical,
        };
        const source: JsonObject = { userEnteredFormat: { borders: {} } };
        const paths: string[][] = [];
        for (const [side, value] of Object.entries(sides)) {
          if (!value) continue;
          ((source.userEnteredFormat as JsonObject).borders as JsonObject)[side] = value;
          paths.push(['userEnteredFormat', 'borders', side]);
        }
        if (paths.length > 0) writeCellMasked(area.sheet, r, c, source, paths);
      }
    }
    return undefined;
  },
);

const intersects = (a: z.infer<typeof gridRangeSchema>, b: Area) =>
  (a.startRowIndex ?? 0) < b.endRow &&
  (a.endRowIndex ?? Number.POSITIVE_INFINITY) > b.startRow &&
  (a.startColumnIndex ?? 0) < b.endCol &&
  (a.endColumnIndex ?? Number.POSITIVE_INFINITY) > b.startCol;

/** Only MERGE_ALL, the one the product sends; MERGE_COLUMNS and MERGE_ROWS are refused. */
const mergeCells = defineRequest(
  z.object({ range: gridRangeSchema, mergeType: z.literal('MERGE_ALL').default('MERGE_ALL') }),
  (ss, req) => {
    const area = resolveGridRange(ss, req.range);
    const sheet = area.sheet;
    sheet.merges = sheet.merges.filter((m) => !intersects(m, area));
    if (area.endRow - area.startRow < 2 && area.endCol - area.startCol < 2) return undefined;
    sheet.merges.push(toGridRange(area));
    // Merging keeps only the top-left value, as Google does.
    for (let r = area.startRow; r < area.endRow; r++) {
      for (let c = area.startCol; c < area.endCol; c++) {
        if (r === area.startRow && c === area.startCol) continue;
        const cell = getCell(sheet, r, c);
        if (cell?.userEnteredValue) setCell(sheet, r, c, { ...cell, userEnteredValue: undefined });
      }
    }
    return undefined;
  },
);

const setDataValidation = defineRequest(
  z.object({ range: gridRangeSchema, rule: jsonObject.optional() }),
  (ss, req) => {
    const area = resolveGridRange(ss, req.range);
    const source: JsonObject = req.rule ? { dataValidation: req.rule } : {};
    for (let r = area.startRow; r < area.endRow; r++) {
      for (let c = area.startCol; c < area.endCol; c++)
        writeCellMasked(area.sheet, r, c, source, [['dataValidation']]);
    }
    return undefined;
  },
);

const conditionalRule = jsonObject.and(z.object({ ranges: z.array(gridRangeSchema).min(1) }));

const addConditionalFormatRule = defineRequest(
  z.object({ rule: conditionalRule, index: z.number().int().min(0).default(0) }),
  (ss, req) => {
    const first = req.rule.ranges[0];
    for (const range of req.rule.ranges) resolveGridRange(ss, range);
    const sheet = findSheetById(ss, first?.sheetId ?? 0);
    if (!sheet) throw badRequest(`No grid with id: ${first?.sheetId ?? 0}`);
    if (req.index > sheet.conditionalFormats.length)
      throw badRequest(`Invalid index: ${req.index}`);
    sheet.conditionalFormats.splice(req.index, 0, req.rule as JsonObject);
    return undefined;
  },
);

const deleteConditionalFormatRule = defineRequest(
  z.object({ sheetId: z.number().int().default(0), index: z.number().int().min(0).default(0) }),
  (ss, req) => {
    const sheet = findSheetById(ss, req.sheetId);
    if (!sheet) throw badRequest(`No grid with id: ${req.sheetId}`);
    const [rule] = sheet.conditionalFormats.splice(req.index, 1);
    if (!rule)
      throw badRequest(`No conditional format on sheet ${req.sheetId} at index ${req.index}`);
    return { deleteConditionalFormatRule: { rule } };
  },
);

const chartSchema = jsonObject.and(
  z.object({
    chartId: z.number().int().optional(),
    position: z
      .object({
        sheetId: z.number().int().optional(),
        overlayPosition: z
          .object({ anchorCell: z.object({ sheetId: z.number().int().optional() }) })
          .optional(),
        newSheet: z.boolean().optional(),
      })
      .optional(),
  }),
);

const addChart = defineRequest(z.object({ chart: chartSchema }), (ss, req, ctx) => {
  const pos = req.chart.position;
  const sheetId =
    pos?.overlayPosition?.anchorCell.sheetId ??
    pos?.sheetId ??
    ss.sheets[0]?.properties.sheetId ??
    0;
  const sheet = findSheetById(ss, sheetId);
  if (!sheet) throw badRequest(`No grid with id: ${sheetId}`);
  const chart: JsonObject = {
    ...(req.chart as JsonObject),
    chartId: req.chart.chartId ?? ctx.newId(),
  };
  if (ss.sheets.some((s) => s.charts.some((c) => c.chartId === chart.chartId))) {
    throw badRequest(`Chart ID ${chart.chartId} already exists.`);
  }
  sheet.charts.push(chart);
  return { addChart: { chart } as Json };
});

/** The last row (0-based) holding a value in any column, or -1: where Google appends after. */
function lastRowWithData(sheet: SheetState): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) {
    if (sheet.rows[r]?.some((c) => c?.userEnteredValue !== undefined)) return r;
  }
  return -1;
}

/**
 * appendCells: the rows go after the last row with data in the sheet, adding rows to the grid
 * if needed (never columns). Two appends never overwrite each other: each finds the end as the other left it.
 */
const appendCells = defineRequest(
  z.object({
    sheetId: z.number().int().default(0),
    rows: z.array(rowDataSchema).default([]),
    fields: z.string().optional(),
  }),
  (ss, req) => {
    const fields = requireFields(req.fields);
    const sheet = sheetOrThrow(ss, req.sheetId);
    const start = lastRowWithData(sheet) + 1;
    const width = Math.max(0, ...req.rows.map((r) => r.values?.length ?? 0));
    // Google adds rows for an append, not columns.
    const columns = sheet.properties.gridProperties.columnCount;
    if (width > columns) {
      throw badRequest(`Range exceeds grid limits. Max columns: ${columns}`);
    }
    growGrid(sheet, start + req.rows.length, columns);
    writeRows(
      { sheet, startRow: start, endRow: start + req.rows.length, startCol: 0, endCol: width },
      req.rows,
      fields,
      false,
    );
    return undefined;
  },
);

/** Google unmerges the merges inside the range; one it only partly covers is refused. */
const unmergeCells = defineRequest(z.object({ range: gridRangeSchema }), (ss, req) => {
  const area = resolveGridRange(ss, req.range);
  const sheet = area.sheet;
  const inside = (m: (typeof sheet.merges)[number]) =>
    (m.startRowIndex ?? 0) >= area.startRow &&
    (m.endRowIndex ?? Number.POSITIVE_INFINITY) <= area.endRow &&
    (m.startColumnIndex ?? 0) >= area.startCol &&
    (m.endColumnIndex ?? Number.POSITIVE_INFINITY) <= area.endCol;
  if (sheet.merges.some((m) => intersects(m, area) && !inside(m)))
    throw badRequest('You must select all cells in a merged range to merge or unmerge them.');
  sheet.merges = sheet.merges.filter((m) => !inside(m));
  return undefined;
});

export const CELL_REQUESTS: Record<string, RequestRunner> = {
  updateCells,
  appendCells,
  repeatCell,
  updateBorders,
  mergeCells,
  unmergeCells,
  setDataValidation,
  addConditionalFormatRule,
  deleteConditionalFormatRule,
  addChart,
};
