// What a receipt shows a unit: its table with computed totals, its warnings, and what changed.

import { type Campaign, rowName } from '../../forms/campaign.ts';
import { formatMoney, formatNumber } from '../../forms/format.ts';
import { noteId } from '../../forms/schema.ts';
import { cutText } from '../../forms/text.ts';
import { columnMeasures } from './official-table.ts';
import type { Finding, UnitReport } from './parse.ts';
import { type TableLine, tableLines, unitValues } from './totals.ts';
import { REMOVED_CODE } from './wording.ts';

export interface Change {
  measureId: string;
  /** "Dòng 1.2 «…», số lớp" */
  where: string;
  before: number | string | null;
  after: number | string | null;
}

export interface ReceiptSection {
  id: string;
  title: string;
  did: boolean;
  lines: TableLine[];
}

export interface ReceiptModel {
  sections: ReceiptSection[];
  /** Figures counted before that this version turns into 0 or blank: shown first. */
  removed: string[];
  warnings: string[];
  /** Empty for a first report; otherwise each measure whose value differs from the last accepted. */
  changes: Change[];
  firstReport: boolean;
  /** The unit's figures in the previous campaign, when the definition has them (`previous`). */
  lastYear: LastYear | null;
}

/** The previous campaign's figures of one unit, laid out like the receipt's table. */
export interface LastYear {
  /** The previous campaign as the definition names it ("năm 2021"). */
  title: string;
  /** By row id, one figure per quantity column; null where the row had none last year. */
  byRow: ReadonlyMap<string, readonly (number | null)[]>;
}

/**
 * The unit's previous figures, its parents summed again; a column of a row the previous
 * campaign did not have (a new row) stays null rather than showing a made-up 0.
 */
export function lastYearFigures(campaign: Campaign, unitId: string): LastYear | null {
  const figures = campaign.previous?.figures[unitId];
  if (!campaign.previous || !figures) return null;
  const values = unitValues(campaign, figures);
  const had = (id: string) =>
    id in figures || (campaign.measure(id)?.def.sumOf ?? []).some((part) => part in figures);
  const byRow = new Map<string, (number | null)[]>();
  for (const row of campaign.sections.flatMap((s) => s.rows)) {
    byRow.set(
      row.id,
      campaign.table.columns.map((column) => {
        const ids = columnMeasures(row, column, 'unit').map((m) => `${row.id}.${m.kind}`);
        return ids.some(had) ? ids.reduce((acc, id) => acc + (values[id] ?? 0), 0) : null;
      }),
    );
  }
  return { title: campaign.previous.title, byRow };
}

export function receiptModel(
  campaign: Campaign,
  report: UnitReport,
  findings: readonly Finding[],
  previous: UnitReport | null,
  /** Whose report it is: its previous campaign's figures go beside this year's. */
  unitId?: string,
): ReceiptModel {
  const values = unitValues(campaign, report.values);
  const lines = tableLines(campaign, values, (key) => report.texts[key] ?? '', 'unit');
  return {
    sections: campaign.sections.map((s) => ({
      id: s.id,
      title: s.title,
      did: report.activities[s.id] === true,
      lines: lines.filter((l) => campaign.sectionOf(l.row.id)?.id === s.id),
    })),
    removed: findings.filter((f) => f.code === REMOVED_CODE).map((f) => f.message),
    warnings: findings
      .filter((f) => f.severity === 'warning' && f.code !== REMOVED_CODE)
      .map((f) => f.message),
    changes: previous ? diffReports(campaign, previous, report) : [],
    firstReport: previous === null,
    lastYear: unitId === undefined ? null : lastYearFigures(campaign, unitId),
  };
}

export const BLANK = '(để trống)';

/** Long texts are cut in the change list: the unit typed them and only needs to recognise them. */
const CHANGE_TEXT_MAX = 300;

function changeValue(campaign: Campaign, change: Change, value: number | string | null): string {
  if (value === null || value === '') return BLANK;
  if (typeof value === 'number') {
    return campaign.measure(change.measureId)?.kind === 'amount'
      ? formatMoney(value)
      : formatNumber(value);
  }
  return `«${cutText(value, CHANGE_TEXT_MAX)}»`;
}

/** "Dòng 1.2 «…», số người: 3 → 150". */
export function changeText(campaign: Campaign, change: Change): string {
  const before = changeValue(campaign, change, change.before);
  const after = changeValue(campaign, change, change.after);
  return `${change.where}: ${before} → ${after}`;
}

/** Measure by measure, what a new version changes, in table order (blank and zero differ). */
export function diffReports(campaign: Campaign, before: UnitReport, after: UnitReport): Change[] {
  const changes: Change[] = [];
  for (const m of campaign.askedMeasures) {
    const b = m.kind === 'text' ? (before.texts[m.id] ?? null) : (before.values[m.id] ?? null);
    const a = m.kind === 'text' ? (after.texts[m.id] ?? null) : (after.values[m.id] ?? null);
    if (b !== a) {
      changes.push({
        measureId: m.id,
        where: `${rowName(m.row)}, ${m.label.toLowerCase()}`,
        before: b,
        after: a,
      });
    }
  }
  for (const s of campaign.sections) {
    if (!s.note) continue;
    const id = noteId(s.id);
    const b = before.texts[id] ?? null;
    const a = after.texts[id] ?? null;
    if (b !== a)
      changes.push({
        measureId: id,
        where: `Mục ${s.id} «${s.title}», ghi chú`,
        before: b,
        after: a,
      });
  }
  return changes;
}

const isGone = (v: number | string | null) => v === null || v === 0 || v === '';

/**
 * The figures a new version turns from counted (non-zero, or a text) into 0 or blank: a
 * correction that answers "Không" where it meant "unchanged" would wipe them without a word.
 */
export function removedFigures(
  campaign: Campaign,
  before: UnitReport,
  after: UnitReport,
): Change[] {
  return diffReports(campaign, before, after).filter((c) => !isGone(c.before) && isGone(c.after));
}
