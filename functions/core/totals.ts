// Computed totals: per unit, by unit group, by the units tree and for the district, in the seed table's layout.
import type { Campaign } from '../../forms/campaign.ts';
import { noteId, type Row } from '../../forms/schema.ts';
import { unitsUnder } from '../../forms/unit-tree.ts';
import { columnMeasures } from './official-table.ts';
import type { UnitReport } from './parse.ts';

/**
 * Every numeric measure of one row of figures (a unit's, or the coordinator's own row), blank as
 * 0, plus its computed totals: a parent row is always the sum of its sub-rows.
 */
export function unitValues(
  campaign: Campaign,
  stored: Readonly<Record<string, number | null>>,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const m of campaign.measures) {
    if (!m.computed && m.kind !== 'text') values[m.id] = stored[m.id] ?? 0;
  }
  for (const m of campaign.computedMeasures) {
    values[m.id] = (m.def.sumOf ?? []).reduce((acc, id) => acc + (values[id] ?? 0), 0);
  }
  return values;
}

export interface AcceptedReport {
  unitId: string;
  report: UnitReport;
}

export interface Aggregate {
  /** Number of units summed. */
  units: number;
  values: Record<string, number>;
}

/** The figures the coordinator types in their own row of "Số liệu" (the office's own, and district-level ones). */
export interface DistrictEntries {
  values: Readonly<Record<string, number | null>>;
  texts: Readonly<Record<string, string>>;
}

function sum(
  campaign: Campaign,
  reports: readonly AcceptedReport[],
  own?: DistrictEntries,
): Aggregate {
  const values = unitValues(campaign, own?.values ?? {});
  for (const { report } of reports) {
    const figures = unitValues(campaign, report.values);
    for (const m of campaign.measures) {
      // A district-level figure is the coordinator's alone: what a unit might hold is not added.
      if (m.aggregate === 'district' || !(m.id in values)) continue;
      values[m.id] = (values[m.id] ?? 0) + (figures[m.id] ?? 0);
    }
  }
  // Parents again, over the summed children (a district measure may be one of them).
  for (const m of campaign.computedMeasures) {
    values[m.id] = (m.def.sumOf ?? []).reduce((acc, id) => acc + (values[id] ?? 0), 0);
  }
  return { units: reports.length, values };
}

/** One line of the official table: STT, Các hoạt động, Đơn vị, the quantity columns, Ghi chú. */
export interface TableLine {
  row: Row;
  stt: string;
  label: string;
  unit: string;
  /**
   * One figure per quantity column of the campaign's table (2021: "Số lớp/số cuộc thi",
   * "Người"): the sum of the row's measures of the kinds the column names; null where it has none.
   */
  figures: (number | null)[];
  note: string;
}

export interface DistrictTable {
  lines: TableLine[];
  total: Aggregate;
  byGroup: Record<string, Aggregate>;
  /**
   * Each unit that has units under it (a ward over its schools): its own figures plus every
   * unit's below it, at any depth. Each unit is in the total once, whatever its depth.
   */
  byParent: Record<string, Aggregate>;
}

/**
 * Sums accepted reports into the seed's table. Notes and free text are gathered as
 * "Unit name: text" lines in Ghi chú, on the row they belong to (section notes on the
 * section's first row).
 */
export function districtTable(
  campaign: Campaign,
  reports: readonly AcceptedReport[],
  own?: DistrictEntries,
): DistrictTable {
  const total = sum(campaign, reports, own);
  const byGroup: Record<string, Aggregate> = {};
  for (const group of campaign.groups) {
    const unitIds = new Set(campaign.units.filter((u) => u.group === group.id).map((u) => u.id));
    byGroup[group.id] = sum(
      campaign,
      reports.filter((r) => unitIds.has(r.unitId)),
    );
  }
  const byParent: Record<string, Aggregate> = {};
  for (const parent of new Set(campaign.units.flatMap((u) => (u.parent ? [u.parent] : [])))) {
    const under = new Set(unitsUnder(campaign.units, parent));
    byParent[parent] = sum(
      campaign,
      reports.filter((r) => under.has(r.unitId)),
    );
  }
  const lines = tableLines(campaign, total.values, (key) =>
    [
      own?.texts[key] ? `${campaign.coordinator.name}: ${own.texts[key]}` : '',
      ...reports.map(({ unitId, report }) => {
        const text = report.texts[key];
        return text ? `${campaign.unit(unitId)?.name ?? unitId}: ${text}` : '';
      }),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return { lines, total, byGroup, byParent };
}

/**
 * The table's lines for any set of values: one unit's (a receipt: district-level measures are
 * not the unit's, so they print blank) or a sum (the district).
 */
export function tableLines(
  campaign: Campaign,
  values: Readonly<Record<string, number>>,
  noteFor: (key: string) => string,
  scope: 'unit' | 'district' = 'district',
): TableLine[] {
  return campaign.sections.flatMap((section) =>
    section.rows.map((row, index) => {
      const has = (kind: string) => row.measures.some((m) => m.kind === kind);
      const notes = [
        has('text') ? noteFor(`${row.id}.text`) : '',
        index === 0 && section.note ? noteFor(noteId(section.id)) : '',
      ].filter(Boolean);
      return {
        row,
        stt: row.stt,
        label: row.label,
        unit: row.unit,
        figures: campaign.table.columns.map((column) => {
          const shown = columnMeasures(row, column, scope);
          return shown.length
            ? shown.reduce((acc, m) => acc + (values[`${row.id}.${m.kind}`] ?? 0), 0)
            : null;
        }),
        note: notes.join('\n'),
      };
    }),
  );
}
