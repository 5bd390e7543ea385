// Reads what the official export prints from the live sheet, in one request, and checks its shape.

import { z } from 'zod';
import type { Campaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { isSlug } from '../../forms/schema.ts';
import { officialColumns, officialPositions } from '../../functions/core/official-table.ts';
import type { TableLine } from '../../functions/core/totals.ts';
import { type CallPolicy, callGoogle } from '../../functions/platform/call-google.ts';
import type { GoogleClients } from '../../functions/platform/google.ts';
import { findHeaderRow, locateColumns, SheetHeaderError } from '../../functions/sheet/headers.ts';
import {
  columnLetter,
  quoteSheet,
  type SheetLayout,
  sheetLayout,
  TAB,
} from '../../functions/sheet/layout.ts';

/** One line of the official table exactly as "Báo cáo" shows it now (the core's line, read back). */
export type ExportLine = Omit<TableLine, 'row'>;

/** One unit's row of "Số liệu": every numeric measure (computed ones included) and its texts. */
export interface ExportUnit {
  id: string;
  name: string;
  /** The group's label as the sheet shows it. */
  group: string;
  /** "HH:mm ngày dd/MM/yyyy" of the version counted; "" while the unit has not reported. */
  submittedAt: string;
  /** The counted version of the unit's report ("Phiên bản"); "" while the unit has not reported. */
  version: string;
  values: Record<string, number | null>;
  /** Text measures and section notes, keyed by their "Số liệu" column key. */
  texts: Record<string, string>;
}

export interface ExportData {
  lines: ExportLine[];
  units: ExportUnit[];
  /** The TỔNG CỘNG row of "Số liệu", per numeric measure. */
  totals: Record<string, number | null>;
  /** Group label → its subtotal row, per numeric measure. */
  groups: { label: string; values: Record<string, number | null> }[];
  reported: number;
  total: number;
  /** Cells that should hold a number but hold text (a hand edit gone wrong), in Vietnamese. */
  warnings: string[];
}

/** The sheet no longer has the layout this campaign builds: printing it would misalign rows. */
export class ExportLayoutError extends PermanentError {
  constructor(message: string) {
    super(message);
  }
}

const cell = z.union([z.string(), z.number(), z.boolean()]).nullable().optional();
type Cell = z.infer<typeof cell>;
const batchGetSchema = z.object({
  valueRanges: z
    .array(z.object({ values: z.array(z.array(cell)).optional().nullable() }))
    .optional()
    .nullable(),
});

const str = (v: Cell) => (v === null || v === undefined ? '' : String(v)).trim().normalize('NFC');

/** A number cell: a number, blank as null; text that is a number is taken, other text warned about. */
function numberCell(v: Cell, where: () => string, warnings: string[]): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  warnings.push(`${where()}: ô chứa "${String(v)}" thay vì một số, bản xuất để trống ô này.`);
  return null;
}

/** The two ranges the export reads, in this order. */
export function exportRanges(campaign: Campaign, layout: SheetLayout): string[] {
  const lineCount = campaign.sections.reduce((n, s) => n + s.rows.length, 0);
  const first = layout.report.firstLineRow;
  return [
    `${quoteSheet(TAB.report)}!A${first}:${columnLetter(officialColumns(campaign.table).length - 1)}${first + lineCount - 1}`,
    // From TỔNG CỘNG down: the group subtotals, then every unit row.
    // Whole: a coordinator may have added columns and rows; headings say where things are.
    quoteSheet(TAB.data),
  ];
}

export async function readForExport(
  clients: GoogleClients,
  spreadsheetId: string,
  campaign: Campaign,
  backoff: CallPolicy,
): Promise<ExportData> {
  const layout = sheetLayout(campaign);
  const res = await callGoogle(
    'sheets.values.batchGet',
    () =>
      clients.sheets.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: exportRanges(campaign, layout),
        // Numbers come back as numbers, not as "1.500.000" in the sheet's locale.
        valueRenderOption: 'UNFORMATTED_VALUE',
      }),
    backoff,
    { idempotent: true },
  );
  const parsed = batchGetSchema.safeParse(res.data);
  if (!parsed.success) {
    throw new ExportLayoutError('Bảng tính trả về dữ liệu không đúng dạng, không thể xuất.');
  }
  const [report = [], data = []] = (parsed.data.valueRanges ?? []).map((r) => r.values ?? []);
  return parseExport(campaign, layout, report, data);
}

/** Pure: the two ranges read into typed lines and unit rows. */
export function parseExport(
  campaign: Campaign,
  layout: SheetLayout,
  report: readonly (readonly Cell[])[],
  data: readonly (readonly Cell[])[],
): ExportData {
  const warnings: string[] = [];
  const rows = campaign.sections.flatMap((s) => s.rows);
  const first = layout.report.firstLineRow;
  const lines = rows.map((row, i): ExportLine => {
    const cells = report[i] ?? [];
    const C = officialPositions(campaign.table);
    const label = str(cells[C.label]);
    // Numbers are printed by position: a moved or inserted line would put them on the wrong row.
    if (label !== row.label.normalize('NFC')) {
      throw new ExportLayoutError(
        `Trang "${TAB.report}" dòng ${first + i}: cần «${row.label}» nhưng thấy «${label}». ` +
          'Bố cục bảng đã bị thay đổi; hãy chạy lại "baocao setup" để sửa rồi xuất lại.',
      );
    }
    const at = (col: string) => () => `Trang "${TAB.report}" ô ${col}${first + i}`;
    return {
      stt: str(cells[C.stt]),
      label,
      unit: str(cells[C.unit]),
      figures: C.figures.map((c) => numberCell(cells[c], at(columnLetter(c)), warnings)),
      note: str(cells[C.note]),
    };
  });

  const d = layout.data;
  const head = findHeaderRow(data, ['Mã đơn vị']);
  if (head === undefined) {
    throw new ExportLayoutError(new SheetHeaderError(TAB.data, ['Mã đơn vị'], undefined).advice);
  }
  let col: Record<string, number>;
  try {
    col = locateColumns(
      TAB.data,
      d.columns.map((c) => ({
        key: c.key,
        header: c.header,
        ...('band' in c ? { band: c.band } : {}),
      })),
      data[head + 1] ?? [],
      data[head] ?? [],
      head + 1,
    );
  } catch (error) {
    if (error instanceof SheetHeaderError) throw new ExportLayoutError(error.advice);
    throw error;
  }
  const at = (cells: readonly Cell[], key: string) => str(cells[col[key] ?? -1]);
  const measuresOf = (cells: readonly Cell[], r: number) => {
    const values: Record<string, number | null> = {};
    for (const c of d.columns) {
      if (!('measure' in c)) continue;
      const ci = col[c.key] ?? -1;
      const where = () => `Trang "${TAB.data}" ô ${columnLetter(ci)}${r}`;
      values[c.key] = numberCell(cells[ci], where, warnings);
    }
    return values;
  };

  let totals: Record<string, number | null> | undefined;
  const groupRows = new Map<string, Record<string, number | null>>();
  const units: ExportUnit[] = [];
  let reported = 0;
  const seen = new Set<string>();
  data.forEach((cells, i) => {
    if (i <= head + 1) return;
    const r = i + 1;
    const id = at(cells, 'id');
    if (id === 'TỔNG CỘNG') {
      totals ??= measuresOf(cells, r);
      return;
    }
    if (id === 'Cộng nhóm') {
      groupRows.set(at(cells, 'name'), measuresOf(cells, r));
      return;
    }
    if (!isSlug(id) || seen.has(id)) return;
    seen.add(id);
    const version = at(cells, 'version');
    const texts: Record<string, string> = {};
    for (const c of d.columns) {
      const value = 'text' in c ? at(cells, c.key) : '';
      if (value) texts[c.key] = value;
    }
    units.push({
      id,
      name: at(cells, 'name'),
      group: at(cells, 'group'),
      submittedAt: at(cells, 'submittedAt'),
      version,
      // Read even without a version: a coordinator may have typed in a report sent on paper.
      values: measuresOf(cells, r),
      texts,
    });
    // The same count the sheet's "Số đơn vị đã báo cáo" formula makes: rows with a version.
    if (version) reported++;
  });
  if (!totals) {
    throw new ExportLayoutError(
      `Trang "${TAB.data}" không còn dòng TỔNG CỘNG; hãy chạy lại "baocao setup".`,
    );
  }
  const groups = campaign.groups.map((g) => ({
    label: g.label,
    values: groupRows.get(g.label) ?? {},
  }));
  return { lines, units, totals, groups, reported, total: units.length, warnings };
}
