// This year's figures beside last year's, each old unit's figures given to the unit that replaced it (sums for merges).
import { parse } from 'csv-parse/sync';
import type { Campaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { formatLocalDate, formatNumber } from '../../forms/format.ts';
import { successorOf } from '../../forms/unit-tree.ts';

/** One unit's figures by measure id, as the sheet or an export file gives them. */
export interface UnitFigures {
  id: string;
  name: string;
  values: Readonly<Record<string, number | null>>;
}

/** A previous campaign's figures file that cannot be read; the message is Vietnamese. */
export class PreviousFiguresError extends PermanentError {}

const ID_HEADERS = new Set(['mã đơn vị', 'id']);
const NAME_HEADERS = new Set(['đơn vị', 'tên đơn vị', 'name']);

/**
 * Reads the per-unit CSV `baocao export` wrote for a campaign: identity columns, then one column
 * per measure headed "<measure id> (<label>)". Numbers are plain (1500000), blanks are null.
 */
export function parseExportCsv(text: string, file: string): UnitFigures[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    throw new PreviousFiguresError(`không đọc được tệp CSV ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const [header = [], ...body] = records;
  const heads = header.map((h) => h.normalize('NFC').trim());
  const idAt = heads.findIndex((h) => ID_HEADERS.has(h.toLowerCase()));
  const nameAt = heads.findIndex((h) => NAME_HEADERS.has(h.toLowerCase()));
  const measureAt = heads.flatMap((h, i) => {
    const id = /^(\d+(?:\.\d+)*\.(?:count|people|amount))(?:\s|$)/.exec(h)?.[1];
    return id ? [{ id, at: i }] : [];
  });
  if (idAt < 0 || measureAt.length === 0) {
    throw new PreviousFiguresError(
      `tệp ${file} không phải tệp CSV do «baocao export» ghi: cần cột «Mã đơn vị» và các cột số liệu dạng «1.1.count (Số lớp)»`,
    );
  }
  const problems: string[] = [];
  const units = body.flatMap((cells, index) => {
    const id = cells[idAt]?.trim() ?? '';
    if (!id) return [];
    const values: Record<string, number | null> = {};
    for (const { id: m, at } of measureAt) {
      const cell = cells[at]?.trim() ?? '';
      const n = cell === '' ? null : Number(cell);
      if (n !== null && !Number.isFinite(n)) {
        problems.push(`dòng ${index + 2}, cột «${heads[at]}»: «${cell}» không phải một số`);
      }
      values[m] = n !== null && Number.isFinite(n) ? n : null;
    }
    return [{ id, name: (nameAt >= 0 ? cells[nameAt] : undefined)?.trim() || id, values }];
  });
  if (problems.length > 0) {
    throw new PreviousFiguresError(`tệp ${file} có ô không đọc được:\n  ${problems.join('\n  ')}`);
  }
  return units;
}

/** One of today's units with its figures and last year's, summed over the units it replaced. */
export interface UnitComparison {
  id: string;
  name: string;
  /** Last year's units whose figures are its previous ones (itself, or those merged into it). */
  from: string[];
  current: Record<string, number>;
  /** Null when no unit of last year maps to it (a new unit). */
  previous: Record<string, number> | null;
}

export interface Comparison {
  /** The numeric measures both years have, in table order. */
  measures: { id: string; label: string }[];
  units: UnitComparison[];
  /** Sums over every unit of each year (last year's includes units that now map to none). */
  total: { current: Record<string, number>; previous: Record<string, number> };
  /** Last year's units that no unit of today replaced: their figures are in last year's total only. */
  unmapped: UnitFigures[];
}

/**
 * Sets today's figures beside last year's. Each old unit goes to its successor (itself when it
 * still exists), so a ward merged from three has the three's sum and nothing is counted twice.
 */
export function compareWithPrevious(
  campaign: Campaign,
  current: readonly UnitFigures[],
  previous: readonly UnitFigures[],
): Comparison {
  const previousIds = new Set(previous.flatMap((u) => Object.keys(u.values)));
  const measures = campaign.measures
    .filter((m) => m.kind !== 'text' && previousIds.has(m.id))
    .map((m) => ({ id: m.id, label: `${m.row.stt || m.row.id}. ${m.row.label} – ${m.label}` }));
  const zero = () => Object.fromEntries(measures.map((m) => [m.id, 0]));
  const add = (into: Record<string, number>, values: Readonly<Record<string, number | null>>) => {
    for (const m of measures) into[m.id] = (into[m.id] ?? 0) + (values[m.id] ?? 0);
  };
  // A unit the coordinator added in "Tiến độ" but not to the registry file still counts.
  const known = new Set(campaign.units.map((u) => u.id));
  const everyUnit = [
    ...campaign.units,
    ...current.filter((u) => !known.has(u.id)).map((u) => ({ id: u.id, name: u.name })),
  ];
  const successor = successorOf(everyUnit);
  const byUnit = new Map<string, { from: string[]; values: Record<string, number> }>();
  const total = { current: zero(), previous: zero() };
  const unmapped: UnitFigures[] = [];
  for (const old of previous) {
    add(total.previous, old.values);
    const to = successor(old.id);
    if (to === undefined) {
      unmapped.push(old);
      continue;
    }
    const entry = byUnit.get(to) ?? { from: [], values: zero() };
    entry.from.push(old.id);
    add(entry.values, old.values);
    byUnit.set(to, entry);
  }
  const currentById = new Map(current.map((u) => [u.id, u]));
  const units = everyUnit.map((unit) => {
    const now = zero();
    add(now, currentById.get(unit.id)?.values ?? {});
    add(total.current, currentById.get(unit.id)?.values ?? {});
    const before = byUnit.get(unit.id);
    return {
      id: unit.id,
      name: unit.name,
      from: before?.from ?? [],
      current: now,
      previous: before?.values ?? null,
    };
  });
  return { measures, units, total, unmapped };
}

const change = (now: number, before: number) => {
  const d = now - before;
  return d === 0 ? 'không đổi' : `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;
};

/** What `baocao compare` prints: the merges it applied, the units it could not place, the totals side by side. */
export function formatComparison(campaign: Campaign, c: Comparison): string {
  const out: string[] = ['So sánh số liệu năm nay với năm trước', ''];
  const merged = campaign.units.filter((u) => u.history);
  if (merged.length > 0) {
    out.push('Đơn vị đã sáp nhập hoặc đổi tên (số liệu năm trước được cộng vào đơn vị mới):');
    for (const u of merged) {
      const h = u.history;
      if (h) out.push(`  ${u.name} ← ${h.from.join(' + ')} (từ ${formatLocalDate(h.on)})`);
    }
    out.push('');
  }
  if (c.unmapped.length > 0) {
    out.push(
      'Đơn vị năm trước không gắn với đơn vị nào năm nay (chỉ có trong tổng năm trước; ghi «tiền thân» trong danh sách đơn vị nếu đã sáp nhập):',
      ...c.unmapped.map((u) => `  ${u.name} (${u.id})`),
      '',
    );
  }
  const fresh = c.units.filter((u) => u.previous === null);
  if (fresh.length > 0) {
    out.push(
      'Đơn vị không có số liệu năm trước:',
      ...fresh.map((u) => `  ${u.name} (${u.id})`),
      '',
    );
  }
  out.push('Tổng các đơn vị (không gồm dòng «Cấp tổng hợp»): năm nay / năm trước / thay đổi');
  for (const m of c.measures) {
    const now = c.total.current[m.id] ?? 0;
    const before = c.total.previous[m.id] ?? 0;
    if (now === 0 && before === 0) continue;
    out.push(
      `  ${m.label}: ${formatNumber(now)} / ${formatNumber(before)} / ${change(now, before)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Each unit's figures beside last year's, a pair of columns per measure, for a spreadsheet. */
export function comparisonRows(c: Comparison): (string | number | null)[][] {
  return [
    [
      'Mã đơn vị',
      'Đơn vị',
      'Số liệu năm trước của',
      ...c.measures.flatMap((m) => [`${m.label} (năm nay)`, `${m.label} (năm trước)`]),
    ],
    ...c.units.map((u) => [
      u.id,
      u.name,
      u.from.join(' + '),
      ...c.measures.flatMap((m) => [u.current[m.id] ?? 0, u.previous?.[m.id] ?? null]),
    ]),
  ];
}
