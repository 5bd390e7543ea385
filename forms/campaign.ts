// Loads a campaign definition: validates it once and derives the lookups everything else uses.

import { type DefinitionIssue, definitionIssues } from './definition-issues.ts';
import { PermanentError } from './errors.ts';
import {
  type CampaignData,
  campaignSchema,
  type Group,
  type MeasureDef,
  type MeasureKind,
  measureId,
  type Row,
  type Section,
  type Unit,
} from './schema.ts';

/** One measure of one row, with where it sits and who provides its figures. */
export interface Measure {
  id: string;
  kind: MeasureKind;
  label: string;
  def: MeasureDef;
  row: Row;
  section: Section;
  aggregate: MeasureDef['aggregate'];
  /** The form asks it of every unit (not computed, summed over units). */
  asked: boolean;
  /**
   * Each unit has its own figure in its row of "Số liệu", written by sync (or typed by the
   * coordinator): what the form asks, and count-yes measures (1 or 0 from the section's answer).
   */
  perUnit: boolean;
  /** A sum of other measures (sumOf), by formula; never asked. */
  computed: boolean;
}

export interface Campaign extends CampaignData {
  /** Every measure in table order. */
  readonly measures: readonly Measure[];
  /** Measures the form asks: numbers and free text, never computed or district-level ones. */
  readonly askedMeasures: readonly Measure[];
  /** Measures with a figure per unit in "Số liệu": the asked ones and count-yes ones. */
  readonly unitMeasures: readonly Measure[];
  readonly computedMeasures: readonly Measure[];
  measure(id: string): Measure | undefined;
  row(id: string): Row | undefined;
  sectionOf(rowId: string): Section | undefined;
  section(id: string): Section | undefined;
  unit(id: string): Unit | undefined;
  group(id: string): Group | undefined;
}

/**
 * A definition that does not match the format; `issues` name each bad field by its path, in
 * Vietnamese, since coordinators write definitions (a campaign file locates them by line).
 */
export class CampaignDefinitionError extends PermanentError {
  constructor(
    readonly issues: readonly DefinitionIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `Định nghĩa đợt báo cáo không hợp lệ:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      options,
    );
  }
}

export function loadCampaign(input: unknown): Campaign {
  // The input is kept in each issue so a number where text belongs can be told from a missing field.
  const parsed = campaignSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new CampaignDefinitionError(definitionIssues(parsed.error), { cause: parsed.error });
  }
  return withLookups(parsed.data);
}

function withLookups(data: CampaignData): Campaign {
  const measures: Measure[] = [];
  const rows = new Map<string, Row>();
  const sectionOfRow = new Map<string, Section>();
  for (const section of data.sections) {
    for (const row of section.rows) {
      rows.set(row.id, row);
      sectionOfRow.set(row.id, section);
      for (const def of row.measures) {
        measures.push({
          id: measureId(row, def.kind),
          kind: def.kind,
          label: def.label,
          def,
          row,
          section,
          aggregate: def.aggregate,
          asked: def.sumOf === undefined && def.aggregate === 'sum',
          perUnit: def.sumOf === undefined && def.aggregate !== 'district',
          computed: def.sumOf !== undefined,
        });
      }
    }
  }
  const byId = new Map(measures.map((m) => [m.id, m]));
  const sections = new Map(data.sections.map((s) => [s.id, s]));
  const units = new Map(data.units.map((u) => [u.id, u]));
  const groups = new Map(data.groups.map((g) => [g.id, g]));
  return {
    ...data,
    measures,
    askedMeasures: measures.filter((m) => m.asked),
    unitMeasures: measures.filter((m) => m.perUnit),
    computedMeasures: measures.filter((m) => m.computed),
    measure: (id) => byId.get(id),
    row: (id) => rows.get(id),
    sectionOf: (rowId) => sectionOfRow.get(rowId),
    section: (id) => sections.get(id),
    unit: (id) => units.get(id),
    group: (id) => groups.get(id),
  };
}

/** The campaign's definition without the derived lookups: what was loaded, as data again. */
export function definitionOf(campaign: Campaign): CampaignData {
  const {
    measures: _m,
    askedMeasures: _a,
    unitMeasures: _u,
    computedMeasures: _c,
    ...data
  } = campaign;
  return Object.fromEntries(
    Object.entries(data).filter(([, v]) => typeof v !== 'function'),
  ) as unknown as CampaignData;
}

/**
 * The same campaign with another unit registry (the registry is a file coordinators extend).
 * Its lock date is carried over as it was, unchecked: the campaign was checked when loaded, and
 * a coordinator's lock (`baocao lock`, applied by the functions) may come before the deadline,
 * which a definition's own lockAt may not.
 */
export function withUnits(campaign: Campaign, units: readonly Unit[]): Campaign {
  const { lockAt, ...definition } = definitionOf(campaign);
  const loaded = loadCampaign({ ...definition, units });
  return lockAt === undefined ? loaded : { ...loaded, lockAt };
}

/** How messages name a row: "Dòng 1.2 «Bồi dưỡng nâng cao trình độ ngoại ngữ…»". */
export function rowName(row: Pick<Row, 'id' | 'label'>): string {
  return `Dòng ${row.id} «${row.label}»`;
}
