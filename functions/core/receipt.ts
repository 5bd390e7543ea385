// What a receipt shows a unit: its table with computed totals, its warnings, and what changed.

import { type Campaign, rowName } from '../../forms/campaign.ts';
import { noteId } from '../../forms/schema.ts';
import type { Finding, UnitReport } from './parse.ts';
import { type TableLine, tableLines, unitValues } from './totals.ts';

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
  warnings: string[];
  /** Empty for a first report; otherwise each measure whose value differs from the last accepted. */
  changes: Change[];
  firstReport: boolean;
}

export function receiptModel(
  campaign: Campaign,
  report: UnitReport,
  findings: readonly Finding[],
  previous: UnitReport | null,
): ReceiptModel {
  const values = unitValues(campaign, report.values);
  const lines = tableLines(campaign, values, (key) => report.texts[key] ?? '');
  return {
    sections: campaign.sections.map((s) => ({
      id: s.id,
      title: s.title,
      did: report.activities[s.id] === true,
      lines: lines.filter((l) => campaign.sectionOf(l.row.id)?.id === s.id),
    })),
    warnings: findings.filter((f) => f.severity === 'warning').map((f) => f.message),
    changes: previous ? diffReports(campaign, previous, report) : [],
    firstReport: previous === null,
  };
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
