// "Số liệu" as setup writes it: two-level headers, totals and subtotals, the coordinator's row, per-unit formulas.

import type { Campaign } from '../../forms/campaign.ts';
import type { Unit } from '../../forms/schema.ts';
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
  computedTotal,
  DISTRICT_ROW_ID,
  dataHeads,
  columnLetter as L,
  type SheetLayout,
  unitColumnRange,
} from '../../functions/sheet/layout.ts';

import { countedUnits, groupLabel } from './progress-tab.ts';

const computedFormula = (layout: SheetLayout, sumOf: readonly string[], r: number) =>
  computedTotal(sumOf, r, (id) => layout.data.col[id] ?? 0);

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
    { column: d.col.id ?? 0, cell: text(DISTRICT_ROW_ID) },
    { column: d.col.name ?? 1, cell: text(`${campaign.coordinator.name} (người tổng hợp nhập)`) },
    {
      column: d.col.group ?? 2,
      cell: text('Số liệu của chính đơn vị tổng hợp và số liệu cấp tổng hợp'),
    },
    ...dataUnitFormulas(layout, d.districtRow),
  ];
}

/** The coordinator's row as setup first writes it. */
export function districtRow(campaign: Campaign, layout: SheetLayout): RowData {
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

export function dataHead(campaign: Campaign, layout: SheetLayout): RowData[] {
  const d = layout.data;
  const heads = dataHeads(layout);
  const level1 = heads.bands.map((h) => (h ? text(h) : empty));
  const level2 = heads.headers.map((h) => (h ? text(h) : empty));
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
