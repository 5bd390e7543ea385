// The master sheet's state as sync reads it in one request: units, their data rows, the log, the checkpoint.

import type { Campaign, Measure } from '../../forms/campaign.ts';
import { isUsableEmail, splitEmails } from '../../forms/email.ts';
import { isSlug, type Unit } from '../../forms/schema.ts';
import { treeProblems } from '../../forms/unit-tree.ts';
import type { UnitReport } from '../core/parse.ts';
import type { CellValue } from './cells.ts';

type Rows = readonly (readonly CellValue[])[];

import { columnIdentities, findHeaderRow, locateColumns, SheetHeaderError } from './headers.ts';
import {
  columnLetter,
  DISTRICT_ROW_ID,
  type LogKey,
  type ProgressKey,
  quoteSheet,
  type SheetLayout,
  SYSTEM_KEYS,
  type SystemKey,
  TAB,
} from './layout.ts';
import { type LeaseEvent, leaseRange, parseLease } from './lease.ts';

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
  /** The log's rows as read: all of them, or a warm instance's window (sheet/log-window.ts). */
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
  /** Rows whose email cell holds an address that cannot be used (the unit still syncs). */
  unmailable: SkippedRow[];
  /**
   * Rows whose "Cấp trên" names no unit or closes a loop: the unit still syncs, at the top of
   * the tree, since a loop would put a subtotal inside itself.
   */
  unparented: SkippedRow[];
  tabs: { progress: TabGrid; data: TabGrid };
  /** Who holds the one-sync-at-a-time lease, as appended rows beside the keys (sheet/lease.ts). */
  lease: LeaseEvent[];
  /** Each column sync uses, where its header is now (0-based). */
  columns: {
    progress: Record<ProgressKey, number>;
    data: Record<string, number>;
    log: Record<LogKey, number>;
  };
}

/** A tab as read, kept so cells a coordinator's edit misdirected can be put back as they were. */
export interface TabGrid {
  rows: Rows;
  /** Each column's heading (columnIdentities). */
  identities: string[];
  idColumn: number;
  /** 1-based rows of the header (two for "Số liệu"). */
  headerRows: number[];
  /** Unit id → its 1-based row. */
  rowOf: Map<string, number>;
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

/** The ranges every read has; a window's check of the row before it comes after them. */
export const STATE_RANGE_COUNT = 7;
/** Where "Liên kết" comes among them. */
export const LINKS_RANGE = 5;

/**
 * The ranges sync reads, in this order, with one values.batchGet. The log's rows from
 * `logFrom` (a warm instance's window, sheet/log-window.ts; the first row otherwise), and then
 * the key of the row before them, which tells whether the window still starts where it did.
 * `linksWhole` false: "Liên kết"'s first row only, where the links are derived (sheet/links.ts).
 */
export function stateRanges(
  layout: SheetLayout,
  logFrom = layout.log.firstRow,
  linksWhole = true,
): string[] {
  const lastLog = columnLetter(layout.log.col.mail);
  const versionColumn = columnLetter(layout.log.col.version);
  const from = Math.max(logFrom, layout.log.firstRow);
  return [
    // Whole tabs: a coordinator may add columns and rows anywhere; headers say where things are.
    quoteSheet(TAB.progress),
    quoteSheet(TAB.data),
    // The log's header row whole, then its rows without the raw answers, the largest column,
    // which sync never needs back.
    `${quoteSheet(TAB.log)}!1:1`,
    `${quoteSheet(TAB.log)}!A${from}:${lastLog}`,
    `${quoteSheet(TAB.system)}!A2:B${SYSTEM_KEYS.length + 1}`,
    // Whole, or its first row alone when the links are derived (sheet/links.ts).
    `${quoteSheet(TAB.links)}!A${layout.links.firstRow}:B${linksWhole ? '' : layout.links.firstRow}`,
    leaseRange(),
    ...(from > layout.log.firstRow
      ? [`${quoteSheet(TAB.log)}!${versionColumn}${from - 1}:${versionColumn}${from - 1}`]
      : []),
  ];
}

const str = (v: CellValue) => (v === null || v === undefined ? '' : String(v)).trim();
/** Which measures a row holds: every typed one for the district's row, per-unit ones for a unit's. */
const typedByHand = (m: Measure) => !m.computed;
const perUnit = (m: Measure) => m.perUnit;
const numOrNull = (v: CellValue): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

/** The header row of a tab (0-based in what was read), or a header error naming the tab. */
function headerRowOf(tab: string, rows: Rows, marks: readonly string[]): number {
  const at = findHeaderRow(rows, marks);
  if (at === undefined) throw new SheetHeaderError(tab, marks, undefined);
  return at;
}

/** Where the columns sync uses are now, found by header (a coordinator may have added some). */
function locateAll(
  layout: SheetLayout,
  progressRows: Rows,
  dataRows: Rows,
  logHeader: readonly CellValue[],
) {
  const p = layout.progress;
  const d = layout.data;
  const ph = headerRowOf(TAB.progress, progressRows, ['Mã đơn vị']);
  const progressHeader = progressRows[ph] ?? [];
  const located = locateColumns(
    TAB.progress,
    p.columns.filter((c) => c.key !== 'parent'),
    progressHeader,
    undefined,
    ph + 1,
  );
  // "Cấp trên" is optional: a layout-4 sheet, or one whose coordinator removed it, is a flat list.
  // -1 reads as an empty cell; nothing writes this column but setup.
  const parent = columnIdentities(progressHeader, undefined).indexOf('Cấp trên');
  const progress: Record<ProgressKey, number> = { ...located, parent };
  const dh = headerRowOf(TAB.data, dataRows, ['Mã đơn vị']);
  // Only what sync reads or writes is required; computed columns and the unit's name and group
  // there are setup's, and their loss stops nothing.
  const needed = d.columns.flatMap((c) =>
    c.key === 'name' || c.key === 'group' || ('measure' in c && c.measure.computed)
      ? []
      : [{ key: c.key, header: c.header, ...('band' in c ? { band: c.band } : {}) }],
  );
  const data = locateColumns(TAB.data, needed, dataRows[dh + 1] ?? [], dataRows[dh] ?? [], dh + 1);
  // The log is the product's own: its columns are where setup put them, and its rows are read
  // up to the mail column only, so a column added there would hide one sync reads.
  const log = locateColumns(TAB.log, layout.log.columns, logHeader, undefined, 1);
  const moved = layout.log.columns.filter(
    (c) => c.key !== 'raw' && log[c.key] !== layout.log.col[c.key],
  );
  if (moved.length > 0)
    throw new SheetHeaderError(
      TAB.log,
      moved.map((c) => c.header),
      1,
    );
  return { progress, data, log, rows: { progress: ph, data: dh + 1 } };
}

export function parseState(
  campaign: Campaign,
  layout: SheetLayout,
  ranges: readonly (Rows | undefined)[],
  logFrom = layout.log.firstRow,
): SheetState {
  const [
    progressRows = [],
    dataRows = [],
    [logHeader = []] = [],
    logRows = [],
    systemRows = [],
    linkRows = [],
    leaseRows = [],
  ] = ranges;
  const links = new Map(linkRows.map((r) => [str(r[0]), str(r[1])]));
  const d = layout.data;
  const groupByLabel = new Map(campaign.groups.map((g) => [g.label, g.id]));
  const located = locateAll(layout, progressRows, dataRows, logHeader);
  const pc = located.progress;

  const progress = new Map<string, ProgressRow>();
  const units: Unit[] = [];
  const skipped: SkippedRow[] = [];
  const unmailable: SkippedRow[] = [];
  progressRows.forEach((cells, i) => {
    if (i <= located.rows.progress) return;
    const at = (k: ProgressKey) => cells[pc[k]];
    const id = str(at('id'));
    if (!id) return;
    const row = i + 1;
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
    // Coordinators type emails by hand here: only plain addresses are kept; a typo costs the
    // unit its mail, never its sync, and the coordinator is told which row.
    const typed = splitEmails(str(at('emails')));
    const unusable = typed.filter((e) => !isUsableEmail(e));
    if (unusable.length > 0) {
      unmailable.push({
        row,
        problem: `dòng ${row} (${name}): địa chỉ ${unusable.map((e) => `«${e}»`).join(', ')} không dùng được; đơn vị vẫn được tổng hợp nhưng không nhận thư ở địa chỉ này`,
      });
    }
    const parent = str(at('parent'));
    const unit: Unit = {
      id,
      name,
      group,
      emails: typed.filter(isUsableEmail),
      ...(parent ? { parent } : {}),
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

  const unparented: SkippedRow[] = [];
  for (const p of treeProblems(units)) {
    const unit = units[p.index];
    if (!unit) continue;
    const row = progress.get(unit.id)?.row ?? 0;
    unparented.push({
      row,
      problem: `dòng ${row} (${unit.name}): ${p.message}; đơn vị vẫn được tổng hợp nhưng chưa tính vào cấp trên nào`,
    });
    delete unit.parent;
  }

  const dc = located.data;
  /** The figures of one row: per-unit measures for a unit, every typed measure for the district. */
  const figures = (cells: readonly CellValue[], typed: (m: Measure) => boolean) => {
    const values = blankFigures(typed);
    const texts: Record<string, string> = {};
    for (const c of d.columns) {
      const ci = dc[c.key];
      if (ci === undefined) continue;
      if ('measure' in c && typed(c.measure)) values[c.key] = numOrNull(cells[ci]);
      else if ('text' in c && str(cells[ci])) texts[c.key] = str(cells[ci]);
    }
    return { values, texts };
  };
  /**
   * A row's figures start as a copy of one record with every key, so each row shares its
   * shape: filled key by key from nothing, each of 3,000 rows' records became a hash table of
   * some 3 KB (V8 stops sharing shapes after a dozen computed keys), most of a state's memory.
   */
  const blanks = new Map<(m: Measure) => boolean, Record<string, number | null>>();
  const blankFigures = (typed: (m: Measure) => boolean): Record<string, number | null> => {
    let blank = blanks.get(typed);
    if (!blank) {
      const keys = d.columns.flatMap((c) =>
        'measure' in c && typed(c.measure) && dc[c.key] !== undefined ? [c.key] : [],
      );
      // JSON.parse builds the record with shared shapes, which copies keep.
      blank = JSON.parse(JSON.stringify(Object.fromEntries(keys.map((k) => [k, null])))) as Record<
        string,
        number | null
      >;
      blanks.set(typed, blank);
    }
    return { ...blank };
  };
  let district: SheetState['district'] = { values: {}, texts: {} };
  const data = new Map<string, DataRow>();
  dataRows.forEach((cells, i) => {
    if (i <= located.rows.data) return;
    const at = (key: string) => str(cells[dc[key] ?? -1]);
    const id = at('id');
    if (id === DISTRICT_ROW_ID) {
      district = figures(cells, typedByHand);
      return;
    }
    // Totals and subtotals sit above the units with labels, not ids.
    if (!isSlug(id) || data.has(id)) return;
    const { values, texts } = figures(cells, perUnit);
    const version = at('version');
    data.set(id, {
      row: i + 1,
      version,
      submittedAt: at('submittedAt'),
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

  const l = located.log;
  const rows: LogRow[] = [];
  logRows.forEach((cells, i) => {
    const version = str(cells[l.version]);
    if (!version) return;
    rows.push({
      row: logFrom + i,
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
      nextRow: logFrom + logRows.length,
    },
    columns: { progress: located.progress, data: located.data, log: located.log },
    tabs: {
      progress: {
        rows: progressRows,
        identities: columnIdentities(progressRows[located.rows.progress] ?? [], undefined),
        idColumn: located.progress.id,
        headerRows: [located.rows.progress + 1],
        rowOf: new Map([...progress].map(([id, p]) => [id, p.row])),
      },
      data: {
        rows: dataRows,
        identities: columnIdentities(
          dataRows[located.rows.data] ?? [],
          dataRows[located.rows.data - 1] ?? [],
        ),
        idColumn: located.data.id ?? 0,
        headerRows: [located.rows.data, located.rows.data + 1],
        rowOf: new Map([...data].map(([id, d]) => [id, d.row])),
      },
    },
    system,
    lease: parseLease(leaseRows),
    units,
    skipped,
    unmailable,
    unparented,
  };
}
