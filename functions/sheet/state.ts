// The master sheet's state as sync reads it in one request: units, their data rows, the log, the checkpoint.

import type { Campaign, Measure } from '../../forms/campaign.ts';
import { isUsableEmail, splitEmails } from '../../forms/email.ts';
import { isSlug, type Unit } from '../../forms/schema.ts';
import type { UnitReport } from '../core/parse.ts';
import {
  columnLetter,
  quoteSheet,
  type SheetLayout,
  SYSTEM_KEYS,
  type SystemKey,
  TAB,
} from './layout.ts';

export type CellValue = string | number | boolean | null | undefined;

export interface ProgressRow {
  /** 1-based row in "Tiến độ", found by the unit id in column A. */
  row: number;
  unit: Unit;
  status: string;
  lastSubmitted: string;
  acceptedAt: string;
  versions: number;
  /** "Cảnh báo / lỗi": the last version's warnings, or its errors when it was rejected. */
  warnings: string;
  reminders: string;
  review: string;
  comment: string;
  sentBack: string;
  /** The unit's personal link, as setup wrote it in the hidden "Liên kết" tab. */
  link: string;
}

export interface DataRow {
  row: number;
  version: string;
  submittedAt: string;
  /** The unit's numeric figures as the sheet holds them now (a coordinator may have corrected them). */
  values: Record<string, number | null>;
  texts: Record<string, string>;
  /**
   * Figures with no version: a report the coordinator typed from paper. It counts like a
   * submission ("Nhập tay" in "Tiến độ").
   */
  handTyped: boolean;
  /** Who reported, as the last counted version gave it: a correction link prefills it again. */
  contact: { name: string; position: string; phone: string };
  albumUrl: string;
}

export interface LogRow {
  row: number;
  responseId: string;
  version: string;
  unitId: string;
  outcome: string;
  mail: string;
}

export interface SheetState {
  progress: Map<string, ProgressRow>;
  data: Map<string, DataRow>;
  /** The coordinator's own row: the office's figures and the district-level ones. */
  district: { values: Record<string, number | null>; texts: Record<string, string> };
  log: { keys: Set<string>; rows: LogRow[]; nextRow: number };
  system: Record<SystemKey, { row: number; value: string }>;
  /** Units as the sheet lists them now (emails edited by the coordinator included). */
  units: Unit[];
  /**
   * Rows of "Tiến độ" that cannot be read as a unit (a note in column A, an id that is not a
   * slug, an unknown group, a repeated id): left out so the other units still sync, and named
   * to the coordinator with what to fix.
   */
  skipped: SkippedRow[];
}

export interface SkippedRow {
  /** 1-based row in "Tiến độ". */
  row: number;
  /** Vietnamese, naming the row and what to fix. */
  problem: string;
}

/**
 * What is counted for a unit now, as its row of "Số liệu" holds it (a coordinator's corrections
 * by hand included); null when no version of it is counted yet.
 */
/** A unit's counted figures as its data row holds them (corrections by hand included), as a report. */
export function countedReport(row: DataRow): UnitReport {
  return {
    activities: {},
    values: row.values,
    texts: row.texts,
    contact: { ...row.contact, email: null },
    albumUrl: row.albumUrl || null,
  };
}

/** A unit's counted report as the sheet holds it now, or null while nothing of it is counted. */
export function countedReportOf(state: SheetState, unitId: string): UnitReport | null {
  const row = countedFor(state, unitId);
  return row ? countedReport(row) : null;
}

export function countedFor(state: SheetState, unitId: string): DataRow | null {
  const row = state.data.get(unitId);
  // A paper report typed by the coordinator is counted too: its correction starts from it.
  return row?.version || row?.handTyped ? row : null;
}

/** The ranges sync reads, in this order, with one values.batchGet. */
export function stateRanges(layout: SheetLayout): string[] {
  const p = layout.progress;
  const d = layout.data;
  const lastLog = columnLetter(layout.log.col.mail);
  return [
    `${quoteSheet(TAB.progress)}!A${p.firstUnitRow}:${columnLetter(p.columns.length - 1)}`,
    // From the coordinator's row, which sits just above the first unit.
    `${quoteSheet(TAB.data)}!A${d.districtRow}:${columnLetter(d.columns.length - 1)}`,
    // The raw answers column is left out: it is the largest and sync never needs it back.
    `${quoteSheet(TAB.log)}!A${layout.log.firstRow}:${lastLog}`,
    `${quoteSheet(TAB.system)}!A2:B${SYSTEM_KEYS.length + 1}`,
    `${quoteSheet(TAB.links)}!A${layout.links.firstRow}:B`,
  ];
}

const str = (v: CellValue) => (v === null || v === undefined ? '' : String(v)).trim();
const numOrNull = (v: CellValue): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

export function parseState(
  campaign: Campaign,
  layout: SheetLayout,
  ranges: readonly (readonly (readonly CellValue[])[] | undefined)[],
): SheetState {
  const [progressRows = [], dataRows = [], logRows = [], systemRows = [], linkRows = []] = ranges;
  const links = new Map(linkRows.map((r) => [str(r[0]), str(r[1])]));
  const p = layout.progress;
  const d = layout.data;
  const groupByLabel = new Map(campaign.groups.map((g) => [g.label, g.id]));

  const progress = new Map<string, ProgressRow>();
  const units: Unit[] = [];
  const skipped: SkippedRow[] = [];
  progressRows.forEach((cells, i) => {
    const at = (k: keyof typeof p.col) => cells[p.col[k]];
    const id = str(at('id'));
    if (!id) return;
    const row = p.firstUnitRow + i;
    const groupText = str(at('group'));
    const group =
      groupByLabel.get(groupText) ?? campaign.groups.find((g) => g.id === groupText)?.id;
    const name = str(at('name')).normalize('NFC');
    // Each row is checked on its own, by the schema's rules, so the campaign rebuilt from the
    // rows that pass always loads: one typo must not stop every unit's sync.
    const problem = !isSlug(id)
      ? `mã «${id}» không hợp lệ (chỉ chữ thường không dấu, số và '-')`
      : progress.has(id)
        ? `mã «${id}» trùng với dòng ${progress.get(id)?.row}`
        : !name
          ? `đơn vị «${id}» chưa có tên`
          : group === undefined
            ? `nhóm «${groupText}» của đơn vị «${id}» không có trong danh sách nhóm (${campaign.groups.map((g) => g.label).join(', ')})`
            : undefined;
    if (problem !== undefined || group === undefined) {
      skipped.push({ row, problem: `dòng ${row}: ${problem}` });
      return;
    }
    const unit: Unit = {
      id,
      name,
      group,
      // Coordinators type emails by hand here: keep only plain addresses.
      emails: splitEmails(str(at('emails'))).filter(isUsableEmail),
    };
    units.push(unit);
    progress.set(id, {
      row,
      unit,
      status: str(at('status')),
      lastSubmitted: str(at('lastSubmitted')),
      acceptedAt: str(at('acceptedAt')),
      versions: numOrNull(at('versions')) ?? 0,
      warnings: str(at('warnings')),
      reminders: str(at('reminders')),
      review: str(at('review')),
      comment: str(at('comment')),
      sentBack: str(at('sentBack')),
      link: links.get(id) ?? '',
    });
  });

  /** The figures of one row: per-unit measures for a unit, every typed measure for the district. */
  const figures = (cells: readonly CellValue[], typed: (m: Measure) => boolean) => {
    const values: Record<string, number | null> = {};
    const texts: Record<string, string> = {};
    d.columns.forEach((c, ci) => {
      if ('measure' in c && typed(c.measure)) values[c.key] = numOrNull(cells[ci]);
      else if ('text' in c && str(cells[ci])) texts[c.key] = str(cells[ci]);
    });
    return { values, texts };
  };
  const [districtCells = [], ...unitRows] = dataRows;
  const district = figures(districtCells, (m) => !m.computed);
  const data = new Map<string, DataRow>();
  unitRows.forEach((cells, i) => {
    const id = str(cells[d.col.id ?? 0]);
    if (!id || data.has(id)) return;
    const { values, texts } = figures(cells, (m) => m.perUnit);
    const version = str(cells[d.col.version ?? 0]);
    const at = (key: string) => str(cells[d.col[key] ?? -1]);
    data.set(id, {
      row: d.firstUnitRow + i,
      version,
      submittedAt: str(cells[d.col.submittedAt ?? 0]),
      values,
      texts,
      handTyped: !version && Object.values(values).some((v) => v !== null),
      contact: {
        name: at('contact.name'),
        position: at('contact.position'),
        phone: at('contact.phone'),
      },
      albumUrl: at('album'),
    });
  });

  const l = layout.log.col;
  const rows: LogRow[] = [];
  logRows.forEach((cells, i) => {
    const version = str(cells[l.version]);
    if (!version) return;
    rows.push({
      row: layout.log.firstRow + i,
      responseId: str(cells[l.responseId]),
      version,
      unitId: str(cells[l.unitId]),
      outcome: str(cells[l.outcome]),
      mail: str(cells[l.mail]),
    });
  });

  const system = Object.fromEntries(
    SYSTEM_KEYS.map((key, i) => {
      const found = systemRows.findIndex((r) => str(r[0]) === key);
      const index = found >= 0 ? found : i;
      return [key, { row: index + 2, value: str(systemRows[index]?.[1]) }];
    }),
  ) as SheetState['system'];

  return {
    progress,
    data,
    district,
    log: {
      keys: new Set(rows.map((r) => r.version)),
      rows,
      // Positions come from what was read, so a retried write lands on the same cells.
      nextRow: layout.log.firstRow + logRows.length,
    },
    system,
    units,
    skipped,
  };
}
