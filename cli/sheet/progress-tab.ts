// "Tiến độ" as setup writes it: the headline, a row per unit, the by-group summary.

import type { Campaign } from '../../forms/campaign.ts';
import { deadlineText } from '../../forms/format.ts';
import type { Unit } from '../../forms/schema.ts';
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
  quoteSheet,
  type SheetLayout,
  TAB,
} from '../../functions/sheet/layout.ts';

/** A unit and its personal link, as setup lists them. */
export interface UnitLine {
  unit: Unit;
  link: string;
}

/** A group's label as the sheet shows it. */
export const groupLabel = (campaign: Campaign, id: string) => campaign.group(id)?.label ?? id;

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
      case 'parent':
        return line.unit.parent ? text(line.unit.parent) : empty;
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

export function progressRows(
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

/** Units counted, as "Tiến độ" counts them: a counted version or figures typed by hand. */
export function countedUnits(layout: SheetLayout): string {
  const p = layout.progress;
  const col = L(p.col.acceptedAt);
  return `COUNTA(${quoteSheet(TAB.progress)}!${col}${p.firstUnitRow}:${col})`;
}
