// The master sheet's cells from the campaign: headers, a row per unit, totals and the official table as formulas.

import type { sheets_v4 } from '@googleapis/sheets';
import type { Campaign, Measure as DataMeasure } from '../../forms/campaign.ts';
import { deadlineText } from '../../forms/format.ts';
import { noteId, type Unit } from '../../forms/schema.ts';
import { officialHeaderRows } from '../../functions/core/official-table.ts';
import { percentFormula } from '../../functions/core/progress.ts';
import { STATUS } from '../../functions/core/status.ts';
import {
  type CellData,
  empty,
  formula,
  formulaString,
  type RowData,
  row,
  text,
} from '../../functions/sheet/cells.ts';
import {
  columnLetter as L,
  LAYOUT_VERSION,
  quoteSheet,
  SHEET_ID,
  type SheetLayout,
  SYSTEM_KEYS,
  type SystemKey,
  TAB,
  unitColumnRange,
} from '../../functions/sheet/layout.ts';

export interface UnitLine {
  unit: Unit;
  link: string;
}

const groupLabel = (campaign: Campaign, id: string) => campaign.group(id)?.label ?? id;

/** A unit's row in "Tiến độ" as setup first writes it. */
export function progressUnitRow(campaign: Campaign, layout: SheetLayout, line: UnitLine): RowData {
  const cells: CellData[] = layout.progress.columns.map((c) => {
    switch (c.key) {
      case 'id':
        return text(line.unit.id);
      case 'name':
        return text(line.unit.name);
      case 'group':
        return text(groupLabel(campaign, line.unit.group));
      case 'emails':
        return line.unit.emails.length ? text(line.unit.emails.join('; ')) : empty;
      case 'status':
        return text(STATUS.notSubmitted);
      default:
        return empty;
    }
  });
  return row(cells);
}

/** The per-unit computed totals of "Số liệu" row r, blank until the unit has a version. */
function computedFormula(layout: SheetLayout, sumOf: readonly string[], r: number): string {
  const parts = sumOf.map((id) => `${L(layout.data.col[id] ?? 0)}${r}`).join(',');
  // Blank until a figure is there, from a submission or typed by the coordinator (a paper
  // report): a parent row never waits for a version while its sub-rows are counted.
  return `IF(COUNT(${parts})=0,"",SUM(${parts}))`;
}

/** A unit's row in "Số liệu" as setup first writes it: identity and the computed formulas. */
export function dataUnitRow(
  campaign: Campaign,
  layout: SheetLayout,
  unit: Unit,
  r: number,
): RowData {
  return row(
    layout.data.columns.map((c) => {
      if (c.key === 'id') return text(unit.id);
      if (c.key === 'name') return text(unit.name);
      if (c.key === 'group') return text(groupLabel(campaign, unit.group));
      if ('measure' in c && c.measure.def.sumOf) {
        return formula(`=${computedFormula(layout, c.measure.def.sumOf, r)}`);
      }
      return empty;
    }),
  );
}

/**
 * The coordinator's own row of "Số liệu": its label and computed formulas. The figures typed in
 * it are the coordinator's: setup writes these cells only, never the others.
 */
export function districtRowCells(
  campaign: Campaign,
  layout: SheetLayout,
): { column: number; cell: CellData }[] {
  const d = layout.data;
  return [
    { column: d.col.id ?? 0, cell: text('Cấp tổng hợp') },
    { column: d.col.name ?? 1, cell: text(`${campaign.coordinator.name} (người tổng hợp nhập)`) },
    {
      column: d.col.group ?? 2,
      cell: text('Số liệu của chính đơn vị tổng hợp và số liệu cấp tổng hợp'),
    },
    ...dataUnitFormulas(layout, d.districtRow),
  ];
}

/** The coordinator's row as setup first writes it. */
function districtRow(campaign: Campaign, layout: SheetLayout): RowData {
  const cells: CellData[] = layout.data.columns.map(() => empty);
  for (const { column, cell } of districtRowCells(campaign, layout)) cells[column] = cell;
  return row(cells);
}

/** Formulas of a "Số liệu" unit row only, for repairing them on a re-run of setup. */
export function dataUnitFormulas(
  layout: SheetLayout,
  r: number,
): { column: number; cell: CellData }[] {
  return layout.data.columns.flatMap((c, i) =>
    'measure' in c && c.measure.def.sumOf
      ? [{ column: i, cell: formula(`=${computedFormula(layout, c.measure.def.sumOf, r)}`) }]
      : [],
  );
}

export function progressHead(campaign: Campaign, layout: SheetLayout): RowData[] {
  const p = layout.progress;
  const first = p.firstUnitRow;
  const accepted = `${L(p.col.acceptedAt)}${first}:${L(p.col.acceptedAt)}`;
  const ids = `${L(p.col.id)}${first}:${L(p.col.id)}`;
  return [
    row([text(`Tiến độ nộp báo cáo – ${campaign.title}`)]),
    row([
      formula(
        `="Đã nộp "&COUNTA(${accepted})&"/"&COUNTA(${ids})&" đơn vị ("&${percentFormula(`COUNTA(${accepted})`, `COUNTA(${ids})`)}&"%)"`,
      ),
    ]),
    row([
      text(
        `Hạn nộp: ${deadlineText(campaign)}. Đầu mối: ${campaign.coordinator.name} (${campaign.coordinator.emails.join(', ')}). Cột «Duyệt» và «Nhận xét» dành cho người tổng hợp.`,
      ),
    ]),
  ];
}

/** Group summary beside "Tiến độ" (feeds the chart): group, units, submitted. */
export function progressSummary(
  campaign: Campaign,
  layout: SheetLayout,
): { header: CellData[]; rows: CellData[][] } {
  const p = layout.progress;
  const groupCol = `$${L(p.col.group)}$${p.firstUnitRow}:$${L(p.col.group)}`;
  const acceptedCol = `$${L(p.col.acceptedAt)}$${p.firstUnitRow}:$${L(p.col.acceptedAt)}`;
  return {
    header: [text('Nhóm'), text('Số đơn vị'), text('Đã nộp')],
    rows: campaign.groups.map((g) => [
      text(g.label),
      formula(`=COUNTIF(${groupCol},${formulaString(g.label)})`),
      formula(`=COUNTIFS(${groupCol},${formulaString(g.label)},${acceptedCol},"<>")`),
    ]),
  };
}

function progressRows(
  campaign: Campaign,
  layout: SheetLayout,
  lines: readonly UnitLine[],
): RowData[] {
  const p = layout.progress;
  const summary = progressSummary(campaign, layout);
  const gap = (n: number) => Array.from({ length: n }, () => empty);
  const rows: RowData[] = [...progressHead(campaign, layout), row([])];
  rows[p.headerRow - 1] = row([
    ...p.columns.map((c) => text(c.header)),
    ...gap(p.summary.firstColumn - p.columns.length),
    ...summary.header,
  ]);
  lines.forEach((line, i) => {
    const r = progressUnitRow(campaign, layout, line);
    const extra = summary.rows[i];
    if (extra)
      r.values = [...(r.values ?? []), ...gap(p.summary.firstColumn - p.columns.length), ...extra];
    rows.push(r);
  });
  // Fewer units than groups: the summary still needs its rows.
  for (let i = lines.length; i < summary.rows.length; i++) {
    rows.push(row([...gap(p.summary.firstColumn), ...(summary.rows[i] ?? [])]));
  }
  return rows;
}

export function dataHead(campaign: Campaign, layout: SheetLayout): RowData[] {
  const d = layout.data;
  // A row's label heads the first of its measure columns only: the others are merged into it.
  const level1 = d.columns.map((c, i) => {
    if (!('measure' in c)) return text(c.header);
    const prev = d.columns[i - 1];
    if (prev && 'measure' in prev && prev.measure.row === c.measure.row) return empty;
    return text(`${c.measure.row.id} ${c.measure.row.label}${measureNote(c.measure)}`);
  });
  const level2 = d.columns.map((c) => ('measure' in c ? text(c.header) : empty));
  const sumRow = (label: CellData[], range: (col: number) => string) =>
    row(
      d.columns.map((c, i) => {
        if (i < label.length) return label[i] ?? empty;
        return 'measure' in c ? formula(range(i)) : empty;
      }),
    );
  const total = sumRow(
    [text('TỔNG CỘNG'), formula(`=${countedUnits(layout)}&" đơn vị đã nộp"`)],
    // The units, plus the coordinator's own row.
    (i) => `=SUM(${unitColumnRange(layout, i)})+N(${L(i)}${d.districtRow})`,
  );
  const groupCol = `$${L(d.col.group ?? 0)}$${d.firstUnitRow}:$${L(d.col.group ?? 0)}`;
  const groups = campaign.groups.map((g) =>
    sumRow([text('Cộng nhóm'), text(g.label)], (i) => {
      const c = L(i);
      return `=SUMIF(${groupCol},${formulaString(g.label)},${c}$${d.firstUnitRow}:${c})`;
    }),
  );
  return [
    row([text(`Số liệu các đơn vị – ${campaign.title}`)]),
    row(level1),
    row(level2),
    total,
    ...groups,
  ];
}

/** How a column's heading marks who provides its figures. */
function measureNote(m: DataMeasure): string {
  if (m.computed) return ' (tự tính)';
  if (m.aggregate === 'district') return ' (người tổng hợp nhập)';
  if (m.aggregate === 'count-yes') return ' (đếm đơn vị trả lời Có)';
  return '';
}

/** Units counted, as "Tiến độ" counts them: a counted version or figures typed by hand. */
function countedUnits(layout: SheetLayout): string {
  const p = layout.progress;
  const col = L(p.col.acceptedAt);
  return `COUNTA(${quoteSheet(TAB.progress)}!${col}${p.firstUnitRow}:${col})`;
}

export function reportRows(campaign: Campaign, layout: SheetLayout): RowData[] {
  const d = layout.data;
  const data = quoteSheet(TAB.data);
  const totalOf = (id: string) => {
    const col = d.col[id];
    return col === undefined ? empty : formula(`=${data}!${L(col)}${d.totalRow}`);
  };
  // Each note says whose it is ("UBND Phường Tân Phong: …"): one ward's sentence must not read
  // as the district's. The coordinator's own note comes first.
  const names = `${data}!${unitColumnRange(layout, d.col.name ?? 1)}`;
  const notesOf = (ids: string[]) => {
    const parts = ids.flatMap((id) => {
      const col = d.col[id];
      if (col === undefined) return [];
      const own = `${data}!${L(col)}${d.districtRow}`;
      const units = `${data}!${unitColumnRange(layout, col)}`;
      return [
        `IF(${own}="","",${formulaString(`${campaign.coordinator.name}: `)}&${own})`,
        `ARRAYFORMULA(IF(${units}="","",${names}&": "&${units}))`,
      ];
    });
    return parts.length ? formula(`=TEXTJOIN(CHAR(10),TRUE,${parts.join(',')})`) : empty;
  };
  const lines = campaign.sections.flatMap((section) =>
    section.rows.map((r, index) => {
      const has = (kind: string) => r.measures.some((m) => m.kind === kind);
      const quantity = has('count')
        ? totalOf(`${r.id}.count`)
        : has('amount')
          ? totalOf(`${r.id}.amount`)
          : empty;
      const people = has('people') ? totalOf(`${r.id}.people`) : empty;
      const noteIds = [
        ...(has('text') ? [`${r.id}.text`] : []),
        ...(index === 0 && section.note ? [noteId(section.id)] : []),
      ];
      return row([text(r.stt), text(r.label), text(r.unit), quantity, people, notesOf(noteIds)]);
    }),
  );
  const ids = `${data}!${unitColumnRange(layout, d.col.id ?? 0)}`;
  return [
    row([text(campaign.plan.issuerHeader)]),
    row([]),
    row([text(campaign.report.title)]),
    row([text(campaign.report.subtitle)]),
    row([text(campaign.report.attachedTo)]),
    row([]),
    ...officialHeaderRows().map((cells) => row(cells.map((c) => (c ? text(c) : empty)))),
    ...lines,
    row([]),
    row([empty, formula(`="Số đơn vị đã báo cáo: "&${countedUnits(layout)}&"/"&COUNTA(${ids})`)]),
  ];
}

export function systemRows(campaign: Campaign, formId: string): RowData[] {
  const values: Record<SystemKey, string> = {
    campaign: campaign.id,
    formId,
    checkpoint: '',
    layoutVersion: String(LAYOUT_VERSION),
    digests: '',
    lastWrite: '',
    lastSuccess: '',
  };
  return SYSTEM_KEYS.map((key) => row([text(key), values[key] ? text(values[key]) : empty]));
}

/** The hidden "Liên kết" tab: a header, then each unit's id and personal link. */
export function linksRows(lines: readonly UnitLine[]): RowData[] {
  return [
    row([text('Mã đơn vị'), text('Đường link riêng (chứa mã xác minh: không chia sẻ)')]),
    ...lines.map((l) => row([text(l.unit.id), text(l.link)])),
  ];
}

export interface SheetSpec {
  title: string;
  formId: string;
  lines: readonly UnitLine[];
}

/** spreadsheets.create's body: every tab with its values and formulas, in one request. */
export function spreadsheetBody(
  campaign: Campaign,
  layout: SheetLayout,
  spec: SheetSpec,
): sheets_v4.Schema$Spreadsheet {
  const d = layout.data;
  const units = spec.lines.map((l) => l.unit);
  const tab = (
    sheetId: number,
    title: string,
    rows: RowData[],
    grid: sheets_v4.Schema$GridProperties,
    hidden = false,
  ) => ({
    properties: { sheetId, title, index: sheetId - 1, hidden, gridProperties: grid },
    data: [{ startRow: 0, startColumn: 0, rowData: rows }],
  });
  const headRows = dataHead(campaign, layout);
  const dataRows = [
    ...headRows,
    districtRow(campaign, layout),
    ...units.map((u, i) => dataUnitRow(campaign, layout, u, d.firstUnitRow + i)),
  ];
  const progress = progressRows(campaign, layout, spec.lines);
  const report = reportRows(campaign, layout);
  const spare = 200;
  return {
    properties: { title: spec.title, locale: 'vi_VN', timeZone: campaign.timezone },
    sheets: [
      tab(SHEET_ID.progress, TAB.progress, progress, {
        rowCount: progress.length + spare,
        columnCount: layout.progress.summary.firstColumn + 3,
        frozenRowCount: layout.progress.headerRow,
        frozenColumnCount: 2,
      }),
      tab(SHEET_ID.data, TAB.data, dataRows, {
        rowCount: dataRows.length + spare,
        columnCount: d.columns.length,
        frozenRowCount: d.firstUnitRow - 1,
        frozenColumnCount: 2,
      }),
      tab(SHEET_ID.report, TAB.report, report, {
        rowCount: report.length + 5,
        columnCount: 6,
        frozenRowCount: layout.report.headerRows[1],
      }),
      tab(SHEET_ID.log, TAB.log, [row(layout.log.columns.map((c) => text(c.header)))], {
        rowCount: 1000,
        columnCount: layout.log.columns.length,
        frozenRowCount: 1,
      }),
      tab(
        SHEET_ID.system,
        TAB.system,
        [row([text('Khóa'), text('Giá trị')]), ...systemRows(campaign, spec.formId)],
        { rowCount: 20, columnCount: 2 },
        true,
      ),
      tab(
        SHEET_ID.links,
        TAB.links,
        linksRows(spec.lines),
        { rowCount: spec.lines.length + spare, columnCount: 2, frozenRowCount: 1 },
        true,
      ),
    ],
  };
}
