// Where everything sits in the master sheet, derived from the campaign: tabs, columns, fixed rows.

import type { Campaign, Measure } from '../../forms/campaign.ts';
import { noteId } from '../../forms/schema.ts';

export const TAB = {
  progress: 'Tiến độ',
  data: 'Số liệu',
  report: 'Báo cáo',
  log: 'Nhật ký',
  system: 'Hệ thống',
  links: 'Liên kết',
} as const;

/** Fixed sheet ids, so requests can name a tab before reading the spreadsheet back. */
export const SHEET_ID = { progress: 1, data: 2, report: 3, log: 4, system: 5, links: 6 } as const;

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A sheet name quoted for A1 notation: 'Tiến độ'!A1. */
export const quoteSheet = (name: string) => `'${name.replaceAll("'", "''")}'`;

/** Who writes a column: setup once, the product on every sync, or the coordinator by hand. */
export type Owner = 'setup' | 'product' | 'coordinator';

export interface Column<K extends string = string> {
  key: K;
  header: string;
  owner: Owner;
  width: number;
}

const progressColumns = [
  { key: 'id', header: 'Mã đơn vị', owner: 'setup', width: 150 },
  { key: 'name', header: 'Đơn vị', owner: 'setup', width: 260 },
  { key: 'group', header: 'Nhóm', owner: 'setup', width: 170 },
  // Written by setup from the registry, then the coordinator's, like the emails: read every run.
  { key: 'parent', header: 'Cấp trên', owner: 'coordinator', width: 150 },
  { key: 'emails', header: 'Email nhận thư', owner: 'coordinator', width: 220 },
  { key: 'status', header: 'Trạng thái', owner: 'product', width: 120 },
  { key: 'lastSubmitted', header: 'Nộp lần cuối', owner: 'product', width: 140 },
  { key: 'acceptedAt', header: 'Số liệu đang tính (nộp lúc)', owner: 'product', width: 150 },
  { key: 'versions', header: 'Số lần nộp', owner: 'product', width: 90 },
  { key: 'warnings', header: 'Cảnh báo / lỗi', owner: 'product', width: 320 },
  { key: 'reminders', header: 'Nhắc nhở đã gửi', owner: 'product', width: 200 },
  { key: 'review', header: 'Duyệt', owner: 'coordinator', width: 110 },
  { key: 'comment', header: 'Nhận xét của người tổng hợp', owner: 'coordinator', width: 260 },
  { key: 'sentBack', header: 'Đã gửi yêu cầu sửa', owner: 'product', width: 150 },
] as const satisfies readonly Column[];

export type ProgressKey = (typeof progressColumns)[number]['key'];

const logColumns = [
  { key: 'loggedAt', header: 'Ghi lúc', owner: 'product', width: 150 },
  { key: 'batch', header: 'Lô xử lý', owner: 'product', width: 110 },
  { key: 'responseId', header: 'Mã phản hồi', owner: 'product', width: 160 },
  { key: 'submittedAt', header: 'Nộp lúc', owner: 'product', width: 150 },
  { key: 'version', header: 'Phiên bản', owner: 'product', width: 200 },
  { key: 'unitId', header: 'Mã đơn vị', owner: 'product', width: 140 },
  { key: 'unitTyped', header: 'Đơn vị (theo biểu mẫu)', owner: 'product', width: 220 },
  { key: 'outcome', header: 'Kết quả', owner: 'product', width: 160 },
  { key: 'errors', header: 'Lỗi', owner: 'product', width: 320 },
  { key: 'warnings', header: 'Cảnh báo', owner: 'product', width: 320 },
  { key: 'respondentEmail', header: 'Email người nộp', owner: 'product', width: 200 },
  { key: 'mail', header: 'Thư đã gửi', owner: 'product', width: 160 },
  { key: 'raw', header: 'Câu trả lời gốc', owner: 'product', width: 400 },
] as const satisfies readonly Column[];

export type LogKey = (typeof logColumns)[number]['key'];

/** A column of "Số liệu": unit identity and version, one per measure, then texts and contact. */
export type DataColumn =
  | Column<'id' | 'name' | 'group' | 'version' | 'submittedAt'>
  | (Column<string> & {
      measure: Measure;
      /** The row's heading merged over its measure columns (level 1 of the two-level heads). */
      band: string;
    })
  | (Column<string> & { text: string })
  | (Column<'album' | 'contact.name' | 'contact.position' | 'contact.phone'> & { contact: true });

export interface SheetLayout {
  progress: {
    columns: readonly Column<ProgressKey>[];
    col: Record<ProgressKey, number>;
    titleRow: number;
    headlineRow: number;
    headerRow: number;
    firstUnitRow: number;
    /** A small by-group summary beside the table, feeding the progress chart. */
    summary: { firstColumn: number; headerRow: number; firstRow: number };
  };
  data: {
    columns: readonly DataColumn[];
    col: Record<string, number>;
    titleRow: number;
    headerRows: [number, number];
    totalRow: number;
    /** Group id → its subtotal row. */
    groupRows: Record<string, number>;
    /**
     * The coordinator's own row: the office's own activities and the district-level figures
     * (measures with aggregate "district"), typed by hand and added into TỔNG CỘNG.
     */
    districtRow: number;
    firstUnitRow: number;
  };
  report: {
    firstLineRow: number;
    headerRows: [number, number];
  };
  log: {
    columns: readonly Column<LogKey>[];
    col: Record<LogKey, number>;
    headerRow: number;
    firstRow: number;
  };
  system: { keys: readonly SystemKey[] };
  /**
   * The personal links (they carry each unit's code) in a hidden, protected tab of their own:
   * "Tiến độ" can then be shown to units without letting one submit as another.
   */
  links: { headerRow: number; firstRow: number };
}

/** Product state kept in the hidden "Hệ thống" tab, one key per row in column A, value in B. */
export const SYSTEM_KEYS = [
  'campaign',
  'formId',
  'checkpoint',
  'layoutVersion',
  'digests',
  'lastWrite',
  // Added after layout 3 without a migration: sync writes the key with its value, and a sheet
  // that lacks the row reads it as empty ("no successful run yet").
  'lastSuccess',
  // Added after layout 5 the same way: the write token's generation (sheet/write-token.ts).
  'writeToken',
] as const;
export type SystemKey = (typeof SYSTEM_KEYS)[number];
/**
 * The sheet's layout is a contract between the release that made a sheet and the one reading
 * it: sync refuses a version it does not know (numbers would land under the wrong headers),
 * and setup migrates an older sheet step by step (cli/sheet/migrations.ts).
 * 1: the first release. 2: personal links moved from "Tiến độ" to the hidden "Liên kết".
 * 3: the coordinator's own row in "Số liệu", above the units.
 * 4: "Hệ thống" six columns wide: the sync lease's rows sit in D:F.
 * 5: "Cấp trên" (the unit's parent) in "Tiến độ" after "Nhóm".
 * 6: sync writes under the write token (sheet/write-token.ts). Nothing moves; the version is
 *    raised so a release from before it (an instance still draining, a coordinator's older CLI)
 *    refuses the sheet: it would write without turning the token, and a run of this release
 *    that read before it could then write over its rows.
 */
export const LAYOUT_VERSION = 6;

/**
 * Versions sync reads and writes as this release's. Layout 4 lacks only the "Cấp trên" column,
 * which sync finds by heading and does without (every unit at the top of the tree), and layout 5
 * only the writeToken key, which sync writes with its first write, so a running sheet keeps
 * syncing between a release and the `baocao setup` that upgrades it.
 */
export const READABLE_LAYOUT_VERSIONS: readonly number[] = [4, 5, LAYOUT_VERSION];

/** How a measure column's band marks who provides its figures. */
function measureNote(m: Measure): string {
  if (m.computed) return ' (tự tính)';
  if (m.aggregate === 'district') return ' (người tổng hợp nhập)';
  if (m.aggregate === 'count-yes') return ' (đếm đơn vị trả lời Có)';
  return '';
}

/** What the id column of "Số liệu" holds on the coordinator's own row. */
export const DISTRICT_ROW_ID = 'Cấp tổng hợp';

const indexBy = <K extends string>(columns: readonly { key: K }[]) =>
  Object.fromEntries(columns.map((c, i) => [c.key, i])) as Record<K, number>;

/** Row numbers are 1-based, as in A1 notation; column indexes are 0-based. */
export function sheetLayout(campaign: Campaign): SheetLayout {
  const dataColumns: DataColumn[] = [
    { key: 'id', header: 'Mã đơn vị', owner: 'setup', width: 150 },
    { key: 'name', header: 'Đơn vị', owner: 'setup', width: 260 },
    { key: 'group', header: 'Nhóm', owner: 'setup', width: 170 },
    { key: 'version', header: 'Phiên bản', owner: 'product', width: 120 },
    { key: 'submittedAt', header: 'Nộp lúc', owner: 'product', width: 140 },
    ...campaign.measures
      .filter((m) => m.kind !== 'text')
      .map((m) => ({
        key: m.id,
        header: m.label,
        // Computed columns hold formulas; a coordinator corrects the units' figures, never these.
        owner: m.computed ? ('setup' as const) : ('product' as const),
        width: m.kind === 'amount' ? 130 : 90,
        measure: m,
        band: `${m.row.id} ${m.row.label}${measureNote(m)}`,
      })),
    ...campaign.measures
      .filter((m) => m.kind === 'text')
      .map((m) => ({
        key: m.id,
        header: m.row.label,
        owner: 'product' as const,
        width: 260,
        text: m.id,
      })),
    ...campaign.sections
      .filter((s) => s.note)
      .map((s) => ({
        key: noteId(s.id),
        header: `Ghi chú mục ${s.id}`,
        owner: 'product' as const,
        width: 220,
        text: noteId(s.id),
      })),
    { key: 'album', header: 'Album hình ảnh', owner: 'product', width: 220, contact: true },
    { key: 'contact.name', header: 'Người báo cáo', owner: 'product', width: 180, contact: true },
    { key: 'contact.position', header: 'Chức vụ', owner: 'product', width: 140, contact: true },
    { key: 'contact.phone', header: 'Điện thoại', owner: 'product', width: 130, contact: true },
  ];
  const totalRow = 4;
  const groupRows = Object.fromEntries(campaign.groups.map((g, i) => [g.id, totalRow + 1 + i]));
  const progressCol = indexBy(progressColumns);
  return {
    progress: {
      columns: progressColumns,
      col: progressCol,
      titleRow: 1,
      headlineRow: 2,
      headerRow: 4,
      firstUnitRow: 5,
      summary: { firstColumn: progressColumns.length + 1, headerRow: 4, firstRow: 5 },
    },
    data: {
      columns: dataColumns,
      col: indexBy(dataColumns),
      titleRow: 1,
      headerRows: [2, 3],
      totalRow,
      groupRows,
      districtRow: totalRow + campaign.groups.length + 1,
      firstUnitRow: totalRow + campaign.groups.length + 2,
    },
    report: { headerRows: [7, 8], firstLineRow: 9 },
    log: { columns: logColumns, col: indexBy(logColumns), headerRow: 1, firstRow: 2 },
    system: { keys: SYSTEM_KEYS },
    links: { headerRow: 1, firstRow: 2 },
  };
}

/** The open range of a data column from the first unit row down: F9:F. */
export function unitColumnRange(layout: SheetLayout, column: number): string {
  const c = columnLetter(column);
  return `${c}${layout.data.firstUnitRow}:${c}`;
}

/**
 * The two header rows of "Số liệu", as setup writes them and sync finds its columns by: a
 * row's band heads the first of its measure columns only (the others are merged into it).
 */
export function dataHeads(layout: SheetLayout): { bands: string[]; headers: string[] } {
  const columns = layout.data.columns;
  const bands = columns.map((c, i) => {
    if (!('measure' in c)) return c.header;
    const prev = columns[i - 1];
    return prev && 'measure' in prev && prev.measure.row === c.measure.row ? '' : c.band;
  });
  return { bands, headers: columns.map((c) => ('measure' in c ? c.header : '')) };
}

/**
 * A computed figure of "Số liệu" row r: the sum of its parts, blank until a figure is there
 * (from a submission or typed from a paper report), so a parent row never waits for a version
 * while its sub-rows are counted. `columnOf` gives a part's column where it is now.
 */
export function computedTotal(
  sumOf: readonly string[],
  r: number,
  columnOf: (measureId: string) => number,
): string {
  const parts = sumOf.map((id) => `${columnLetter(columnOf(id))}${r}`).join(',');
  return `IF(COUNT(${parts})=0,"",SUM(${parts}))`;
}
