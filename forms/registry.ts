// The unit registry as a CSV file coordinators can open and extend in a spreadsheet program.

import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isUsableEmail, splitEmails } from './email.ts';
import { PermanentError } from './errors.ts';
import { type Group, sectorCode, type Unit } from './schema.ts';
import { historyProblems, treeProblems, type UnitProblem } from './unit-tree.ts';

/** Accepted header names: the English ones and the Vietnamese a coordinator would type. */
const HEADER_ALIASES: Record<string, keyof RegistryRow> = {
  id: 'id',
  mã: 'id',
  'mã đơn vị': 'id',
  name: 'name',
  tên: 'name',
  'tên đơn vị': 'name',
  group: 'group',
  nhóm: 'group',
  emails: 'emails',
  email: 'emails',
  parent: 'parent',
  'cấp trên': 'parent',
  'đơn vị cấp trên': 'parent',
  code: 'code',
  'mã ngành': 'code',
  'mã định danh': 'code',
  from: 'from',
  'tiền thân': 'from',
  'sáp nhập từ': 'from',
  since: 'since',
  'từ ngày': 'since',
};

interface RegistryRow {
  id: string;
  name: string;
  group: string;
  emails: string;
  parent: string;
  code: string;
  from: string;
  since: string;
}

/** A registry file with problems; each message is Vietnamese and names the CSV line. */
export class RegistryError extends PermanentError {
  constructor(readonly problems: readonly string[]) {
    super(`Danh sách đơn vị có lỗi:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const idSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

const normalizeKey = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** Which registry field a CSV header names ("Tiền thân" → "from"), whatever its case or form. */
export const registryColumn = (header: string) => HEADER_ALIASES[normalizeKey(header)];

/**
 * Parses the registry. Groups may be written by id ("phuong") or label ("UBND phường"); emails
 * are separated by ";", "," or spaces, and may be empty (such units are flagged later).
 */
export function parseRegistryCsv(text: string, groups: readonly Group[]): Unit[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new RegistryError([`không đọc được tệp CSV: ${(error as Error).message}`]);
  }
  const [header, ...body] = records;
  if (!header) throw new RegistryError(['tệp trống: cần dòng tiêu đề id,name,group,emails']);
  const columns = header.map((h) => HEADER_ALIASES[normalizeKey(h)]);
  const problems: string[] = [];
  for (const needed of ['id', 'name', 'group'] as const) {
    if (!columns.includes(needed)) problems.push(`thiếu cột "${needed}" ở dòng tiêu đề`);
  }
  if (problems.length) throw new RegistryError(problems);

  const groupByKey = new Map<string, Group>();
  for (const g of groups) {
    groupByKey.set(normalizeKey(g.id), g);
    groupByKey.set(normalizeKey(g.label), g);
  }
  const units: Unit[] = [];
  /** The CSV line of each unit read, for naming it in the tree's problems. */
  const lines: number[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    const line = index + 2;
    const row: RegistryRow = {
      id: '',
      name: '',
      group: '',
      emails: '',
      parent: '',
      code: '',
      from: '',
      since: '',
    };
    cells.forEach((cell, i) => {
      const key = columns[i];
      if (key) row[key] = cell.normalize('NFC');
    });
    if (!idSchema.safeParse(row.id).success) {
      problems.push(
        `dòng ${line}: mã "${row.id}" không hợp lệ (chỉ chữ thường không dấu, số và "-", ví dụ "p-tan-phong")`,
      );
    } else if (seen.has(row.id)) {
      problems.push(`dòng ${line}: mã "${row.id}" bị trùng`);
    }
    seen.add(row.id);
    if (!row.name) problems.push(`dòng ${line}: thiếu tên đơn vị`);
    const group = groupByKey.get(normalizeKey(row.group));
    if (!group) {
      problems.push(
        `dòng ${line}: nhóm "${row.group}" không có; dùng một trong: ${groups.map((g) => g.id).join(', ')}`,
      );
    }
    const emails = splitEmails(row.emails);
    for (const e of emails) {
      if (!isUsableEmail(e)) problems.push(`dòng ${line}: email "${e}" không hợp lệ`);
    }
    if (row.parent && !idSchema.safeParse(row.parent).success) {
      problems.push(`dòng ${line}: cấp trên "${row.parent}" không phải một mã đơn vị`);
    }
    if (row.code && !sectorCode.safeParse(row.code).success) {
      problems.push(
        `dòng ${line}: mã ngành "${row.code}" không hợp lệ (chỉ chữ không dấu và chữ số, không dấu cách, tối đa 20 ký tự)`,
      );
    }
    const from = row.from.split(/[;,\s]+/).filter(Boolean);
    for (const old of from) {
      if (!idSchema.safeParse(old).success)
        problems.push(`dòng ${line}: tiền thân "${old}" không phải một mã đơn vị`);
    }
    if (from.length > 0 && !/^\d{4}-\d{2}-\d{2}$/.test(row.since)) {
      problems.push(
        `dòng ${line}: đơn vị có tiền thân cần ngày sáp nhập/đổi tên ở cột "từ ngày", dạng YYYY-MM-DD (ví dụ 2025-07-01)`,
      );
    } else if (from.length === 0 && row.since) {
      problems.push(`dòng ${line}: có "từ ngày" nhưng không ghi tiền thân (các mã đơn vị cũ)`);
    }
    if (group) {
      lines.push(line);
      units.push({
        id: row.id,
        name: row.name,
        group: group.id,
        emails,
        ...(row.parent ? { parent: row.parent } : {}),
        ...(row.code ? { code: row.code } : {}),
        ...(from.length > 0 ? { history: { from, on: row.since } } : {}),
      });
    }
  });
  if (problems.length) throw new RegistryError(problems);
  // Checked once every row is read: a parent may come after its children.
  const named = (p: UnitProblem) => `dòng ${lines[p.index]}: ${p.message}`;
  problems.push(...treeProblems(units).map(named), ...historyProblems(units).map(named));
  const codes = new Map<string, number>();
  units.forEach((u, i) => {
    if (u.code === undefined) return;
    const other = codes.get(u.code);
    if (other !== undefined)
      problems.push(`dòng ${lines[i]}: mã ngành "${u.code}" trùng với dòng ${other}`);
    codes.set(u.code, lines[i] ?? 0);
  });
  if (problems.length) throw new RegistryError(problems);
  return units;
}
