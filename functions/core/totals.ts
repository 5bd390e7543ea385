// Computed totals: per unit, by unit group and for the district, in the seed table's layout.
import type { Campaign } from '../../forms/campaign.ts';
import { noteId, type Row } from '../../forms/schema.ts';
import type { UnitReport } from './parse.ts';

/** Every numeric measure of one unit (blank as 0) plus its computed totals. */
export function unitValues(
  campaign: Campaign,
  asked: Readonly<Record<string, number | null>>,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const m of campaign.askedMeasures) if (m.kind !== 'text') values[m.id] = asked[m.id] ?? 0;
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

function sum(campaign: Campaign, reports: readonly AcceptedReport[]): Aggregate {
  const values = unitValues(campaign, {});
  for (const { report } of reports) {
    const own = unitValues(campaign, report.values);
    for (const id of Object.keys(values)) values[id] = (values[id] ?? 0) + (own[id] ?? 0);
  }
  return { units: reports.length, values };
}

/** One line of the official table: STT, Các hoạt động, Đơn vị, Số lớp/số cuộc thi, Người, Ghi chú. */
export interface TableLine {
  row: Row;
  stt: string;
  label: string;
  unit: string;
  /** The count or amount column ("Số lớp/số cuộc thi"); null where the row has none. */
  quantity: number | null;
  /** The "Người" column; null where the row has none. */
  people: number | null;
  note: string;
}

export interface DistrictTable {
  lines: TableLine[];
  total: Aggregate;
  byGroup: Record<string, Aggregate>;
}

/**
 * Sums accepted reports into the seed's table. Notes and free text are gathered as
 * "Unit name: text" lines in Ghi chú, on the row they belong to (section notes on the
 * section's first row).
 */
export function districtTable(
  campaign: Campaign,
  reports: readonly AcceptedReport[],
): DistrictTable {
  const total = sum(campaign, reports);
  const byGroup: Record<string, Aggregate> = {};
  for (const group of campaign.groups) {
    const unitIds = new Set(campaign.units.filter((u) => u.group === group.id).map((u) => u.id));
    byGroup[group.id] = sum(
      campaign,
      reports.filter((r) => unitIds.has(r.unitId)),
    );
  }
  const lines = tableLines(campaign, total.values, (key) =>
    reports
      .map(({ unitId, report }) => {
        const text = report.texts[key];
        return text ? `${campaign.unit(unitId)?.name ?? unitId}: ${text}` : '';
      })
      .filter(Boolean)
      .join('\n'),
  );
  return { lines, total, byGroup };
}

/** The table's lines for any set of values: one unit's (a receipt) or a sum (the district). */
export function tableLines(
  campaign: Campaign,
  values: Readonly<Record<string, number>>,
  noteFor: (key: string) => string,
): TableLine[] {
  return campaign.sections.flatMap((section) =>
    section.rows.map((row, index) => {
      const has = (kind: string) => row.measures.some((m) => m.kind === kind);
      const quantityKind = has('count') ? 'count' : has('amount') ? 'amount' : null;
      const notes = [
        has('text') ? noteFor(`${row.id}.text`) : '',
        index === 0 && section.note ? noteFor(noteId(section.id)) : '',
      ].filter(Boolean);
      return {
        row,
        stt: row.stt,
        label: row.label,
        unit: row.unit,
        quantity: quantityKind ? (values[`${row.id}.${quantityKind}`] ?? 0) : null,
        people: has('people') ? (values[`${row.id}.people`] ?? 0) : null,
        note: notes.join('\n'),
      };
    }),
  );
}
