// The campaign definition format: the zod schema every campaign is validated against at load.
// Its own messages are Vietnamese: coordinators write campaign files (forms/definition-issues.ts).
// zod/mini, not classic: the runtime loads this at its first invocation, and mini's functions
// tree-shake to a fraction of classic's methods-on-every-schema.
import * as z from 'zod/mini';
import { isUsableEmail } from './email.ts';
import { historyProblems, treeProblems } from './unit-tree.ts';
import './zod-english.ts';

/** Row and section ids are short dotted references ("1", "1.3", "10.2") that never change. */
const refId = z.string().check(z.regex(/^\d+(\.\d+)*$/, 'phải có dạng "1" hoặc "1.3"'));
const slug = z
  .string()
  .check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'chỉ gồm chữ thường không dấu, chữ số và dấu "-"'));
/** The id rule of units and groups, for a registry read row by row (one bad row must not stop the rest). */
export const isSlug = (s: string): boolean => slug.safeParse(s).success;
const localDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD (ví dụ 2021-10-08)'));
const localDateTime = z
  .string()
  .check(
    z.regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/,
      'phải có dạng YYYY-MM-DD hoặc YYYY-MM-DDTHH:mm (ví dụ 2021-10-08 hoặc 2021-10-08T17:00)',
    ),
  );
const clockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'phải là giờ dạng HH:mm (ví dụ 08:00)'));
const email = z
  .string()
  .check(
    z.refine(
      isUsableEmail,
      'không phải địa chỉ thư dùng được (chữ không dấu, dạng ten@tenmien.vn)',
    ),
  );
/** Vietnamese text is compared and stored in NFC; a definition in NFD would silently mismatch. */
const viText = z.string().check(
  z.minLength(1),
  z.refine(
    (s) => s === s.normalize('NFC'),
    'phải ở dạng Unicode NFC (gõ lại bằng bộ gõ tiếng Việt dựng sẵn)',
  ),
);

/**
 * What a measure holds: `count` (classes, contests, items, units…), `people`, `amount` (đồng),
 * each printed in the quantity column of the table (`table.columns`) that names its kind, and
 * `text`, printed in "Ghi chú".
 */
export const measureKind = z.enum(['count', 'people', 'amount', 'text']);

/**
 * How a measure's district figure is made from the units':
 * - `sum` (the default): each unit reports its own figure; the district's is their sum plus the
 *   coordinator's own row (the office's own activities).
 * - `district`: a figure of the whole district, entered once by the coordinator in their row of
 *   "Số liệu" (e.g. "Số huyện tổ chức Lễ khai mạc"): never asked of a unit, never summed over units.
 * - `count-yes`: the number of units that answered "Có" to the measure's section; never asked,
 *   each unit counts 1 or 0.
 */
export const aggregateKind = z.enum(['sum', 'district', 'count-yes']);

export const measureSchema = z.strictObject({
  kind: measureKind,
  /** Short label shown in the form and sheet headers, e.g. "Số lớp", "Số người". */
  label: viText,
  /** Present on computed measures: the measure ids summed. A computed measure is never asked. */
  sumOf: z.optional(z.array(z.string()).check(z.minLength(1))),
  aggregate: z._default(aggregateKind, 'sum'),
});

export const rowSchema = z.strictObject({
  id: refId,
  /** STT as printed in the seed table; sub-rows print none. */
  stt: z.string(),
  label: viText,
  /** Unit of measure as printed ("lớp/người", "Số cuộc/người", "đồng"); "" where none is printed. */
  unit: z.string(),
  /** True when every measure of the row is computed: the form never asks it. */
  computed: z._default(z.boolean(), false),
  measures: z._default(z.array(measureSchema).check(z.maxLength(3)), []),
});

export const sectionSchema = z.strictObject({
  id: refId,
  /** The short name used in messages and the form's section title. */
  title: viText,
  /** The Có/Không question opening the section; "Không" means zeros for the whole section. */
  question: viText,
  rows: z.array(rowSchema).check(z.minLength(1)),
  /** Whether the form asks a free-text note for the section (Ghi chú column). */
  note: z._default(z.boolean(), true),
});

export const groupSchema = z.strictObject({
  id: slug,
  label: viText,
  /**
   * The body above a unit of this group on the unit's own printed table (Nghị định 30/2020/NĐ-CP:
   * the governing body over the issuing one), e.g. "ỦY BAN NHÂN DÂN QUẬN 7" over "UBND PHƯỜNG
   * TÂN PHONG"; the plan's issuerHeader when absent.
   */
  governingBody: z.optional(viText),
});

/** Who signs a printed table: "KT. TRƯỞNG PHÒNG" / "PHÓ TRƯỞNG PHÒNG" / "Nguyễn Văn A". */
const signerSchema = z.strictObject({
  /** The authority line above the title when signing on someone's behalf ("KT. TRƯỞNG PHÒNG"). */
  authority: z.optional(viText),
  title: viText,
  /** Printed under the space left for the signature; absent, the signer writes it by hand. */
  name: z.optional(viText),
});

const HEAD_OF_UNIT = { title: 'THỦ TRƯỞNG ĐƠN VỊ' };

/** The printed tables' letterhead and signature block (Nghị định 30/2020/NĐ-CP, Phụ lục I). */
const documentSchema = z.strictObject({
  /** The office that issues the district table, bold under plan.issuerHeader ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"). */
  office: z.optional(viText),
  /** The place on the date line: "Quận 7" → "Quận 7, ngày 08 tháng 10 năm 2021". */
  place: z.optional(viText),
  /** Signs the district table. */
  signer: z._default(signerSchema, HEAD_OF_UNIT),
  /** Signs each unit's own table (`export --per-unit`). */
  unitSigner: z._default(signerSchema, HEAD_OF_UNIT),
});

/** One quantity column of the official table: its header as printed and the measure kinds it shows. */
const tableColumnSchema = z.strictObject({
  /** The header under the group, e.g. "Số lớp/số cuộc thi", "Người", "Kinh phí (đồng)". */
  header: viText,
  /** The header above a run of columns, printed once over them, e.g. "Số lượng". */
  group: z.optional(viText),
  /**
   * The column's name where a table has a single header row (receipts, the digest), when
   * `header` alone would not say it: 2021's "Số lớp/số cuộc thi" is "Số lượng" there.
   */
  short: z.optional(viText),
  /** The kinds of measure whose figures this column shows; a row has at most one of each. */
  kinds: z.array(z.enum(['count', 'people', 'amount'])).check(z.minLength(1)),
});

/** The 2021 plan's columns, for a campaign whose file names none. */
const DEFAULT_TABLE_COLUMNS = [
  {
    header: 'Số lớp/số cuộc thi',
    group: 'Số lượng',
    short: 'Số lượng',
    kinds: ['count', 'amount'],
  },
  { header: 'Người', group: 'Số lượng', kinds: ['people'] },
] as const;

/**
 * The official table's quantity columns, between "Đơn vị" and "Ghi chú" (STT, Các hoạt động,
 * Đơn vị and Ghi chú are in every table the plans print).
 */
const tableSchema = z.strictObject({
  columns: z.array(tableColumnSchema).check(z.minLength(1)),
});
/**
 * The education sector's unit code (mã đơn vị, cơ sở dữ liệu ngành, Thông tư 42/2021/TT-BGDĐT).
 * The circular's annex gives no format this project could check, so only what any code is:
 * letters and digits, no spaces or diacritics, at most 20 characters.
 */
export const sectorCode = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9]{1,20}$/,
      'mã ngành chỉ gồm chữ không dấu và chữ số, không dấu cách, tối đa 20 ký tự',
    ),
  );

export const unitSchema = z.strictObject({
  id: slug,
  name: viText,
  group: slug,
  emails: z._default(z.array(email), []),
  /** The unit above it (a school under its ward); its figures go into that unit's subtotal. */
  parent: z.optional(slug),
  /** The education sector's code of a school, where the coordinator has it. */
  code: z.optional(sectorCode),
  /** The units this one replaced (merged or renamed) and since when: last year's figures map to it. */
  history: z.optional(z.strictObject({ from: z.array(slug).check(z.minLength(1)), on: localDate })),
});

/** Last campaign's figures by today's unit id, then by measure id ("1.2.people": 150). */
const previousSchema = z.strictObject({
  /** How receipts name it: "năm 2021", "Tuần lễ 2021". */
  title: viText,
  figures: z.record(slug, z.record(z.string(), z.number())),
});

/** Expressions over one unit's measures; `m` reads a measure (unanswered counts as 0). */
export type Expr = { m: string } | { const: number } | { sum: Expr[] };
export const exprSchema: z.ZodMiniType<Expr> = z.lazy(() =>
  z.union([
    z.strictObject({ m: z.string() }),
    z.strictObject({ const: z.number() }),
    z.strictObject({ sum: z.array(exprSchema).check(z.minLength(1)) }),
  ]),
);

export type Condition =
  | { op: '>' | '>=' | '<' | '<=' | '==' | '!='; left: Expr; right: Expr }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { did: string };
export const conditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({
      op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
      left: exprSchema,
      right: exprSchema,
    }),
    z.strictObject({ all: z.array(conditionSchema).check(z.minLength(1)) }),
    z.strictObject({ any: z.array(conditionSchema).check(z.minLength(1)) }),
    z.strictObject({ not: conditionSchema }),
    /** True when the unit answered "Có" for the section with this id. */
    z.strictObject({ did: refId }),
  ]),
);

export const ruleSchema = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9.-]*$/, 'chỉ gồm chữ thường không dấu, chữ số, dấu "." và "-"'),
    ),
  severity: z.enum(['error', 'warning']),
  /** The row the message is about; its STT/reference and label are named in the message. */
  row: refId,
  /** The rule fires when `when` holds (default: always) and `assert` does not. */
  when: z.optional(conditionSchema),
  assert: conditionSchema,
  /**
   * Vietnamese message. Placeholders: {row} (e.g. "Mục 1.2 «…»"), {value:<measureId>} (the
   * unit's value, formatted the Vietnamese way).
   */
  message: viText,
});

export const reminderSchema = z.strictObject({
  id: slug,
  /** Days relative to the deadline's date: -2 is two days before, 0 the day itself. */
  offsetDays: z.number().check(z.int()),
  time: clockTime,
  /** Repeats every day from the first slot while units are overdue, at most this many days. */
  repeatDailyForDays: z.optional(z.number().check(z.int(), z.positive())),
});

export const campaignObject = z.strictObject({
  id: slug,
  title: viText,
  /** The signed plan the report answers to. */
  plan: z.strictObject({
    number: viText,
    date: localDate,
    issuer: viText,
    /** Header line of the official table, e.g. "ỦY BAN NHÂN DÂN QUẬN 7". */
    issuerHeader: viText,
  }),
  report: z.strictObject({ title: viText, subtitle: viText, attachedTo: viText }),
  document: z._default(documentSchema, { signer: HEAD_OF_UNIT, unitSigner: HEAD_OF_UNIT }),
  table: z._default(tableSchema, () => ({
    columns: DEFAULT_TABLE_COLUMNS.map((c) => ({ ...c, kinds: [...c.kinds] })),
  })),
  timezone: z.string().check(
    z.refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)'),
  ),
  period: z.strictObject({ start: localDate, end: localDate }),
  /** A date means the end of that day; a date and time means the end of that minute. */
  deadline: localDateTime,
  /** After this, late submissions are refused rather than accepted and marked late. */
  lockAt: z.optional(localDateTime),
  reminders: z.array(reminderSchema),
  coordinator: z.strictObject({ name: viText, emails: z.array(email).check(z.minLength(1)) }),
  sections: z.array(sectionSchema).check(z.minLength(1)),
  rules: z.array(ruleSchema),
  groups: z.array(groupSchema).check(z.minLength(1)),
  units: z.array(unitSchema),
  /**
   * The previous campaign's figures of each of today's units (merged units already summed into
   * their successor), written by `baocao previous`: receipts show them beside this year's.
   */
  previous: z.optional(previousSchema),
});

export type CampaignInput = z.input<typeof campaignObject>;
export type CampaignData = z.output<typeof campaignObject>;

/** The definition format with its cross-field checks: ids unique, every reference known. */
export const campaignSchema = campaignObject.check(z.superRefine(checkReferences));
export type Section = CampaignData['sections'][number];
export type Row = Section['rows'][number];
export type MeasureDef = Row['measures'][number];
export type MeasureKind = z.infer<typeof measureKind>;
export type Rule = CampaignData['rules'][number];
export type Unit = CampaignData['units'][number];
export type Group = CampaignData['groups'][number];

/** A measure's id: the row id and the measure kind, e.g. "1.3.people", "10.1.amount". */
export const measureId = (row: Pick<Row, 'id'>, kind: MeasureKind) => `${row.id}.${kind}`;

/** A section note's id, where answers, the sheet's column and the receipt file it: "1.note". */
export const noteId = (sectionId: string) => `${sectionId}.note`;

/** Cross-field checks zod cannot express field by field: ids unique and every reference known. */
function checkReferences(c: CampaignData, ctx: z.core.$RefinementCtx<CampaignData>): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  const measures = new Map<string, MeasureDef>();
  const rowIds = new Set<string>();
  const sectionIds = new Set<string>();
  c.sections.forEach((section, si) => {
    if (sectionIds.has(section.id))
      issue(['sections', si, 'id'], `mã mục "${section.id}" bị trùng`);
    sectionIds.add(section.id);
    section.rows.forEach((row, ri) => {
      const at = ['sections', si, 'rows', ri];
      if (rowIds.has(row.id)) issue([...at, 'id'], `mã dòng "${row.id}" bị trùng`);
      rowIds.add(row.id);
      if (row.id !== section.id && !row.id.startsWith(`${section.id}.`)) {
        issue([...at, 'id'], `mã dòng "${row.id}" phải bắt đầu bằng mã mục "${section.id}"`);
      }
      const kinds = new Set<string>();
      row.measures.forEach((m, mi) => {
        if (kinds.has(m.kind))
          issue([...at, 'measures', mi, 'kind'], `hai chỉ số cùng loại "${m.kind}" trong một dòng`);
        kinds.add(m.kind);
        measures.set(measureId(row, m.kind), m);
        if (m.aggregate !== 'sum' && m.sumOf) {
          issue(
            [...at, 'measures', mi, 'aggregate'],
            'chỉ số tính tổng (sumOf) luôn được cộng (aggregate: sum)',
          );
        }
        if (m.aggregate !== 'sum' && m.kind === 'text') {
          issue([...at, 'measures', mi, 'aggregate'], 'chỉ số chữ (text) không tổng hợp được');
        }
        if (m.aggregate === 'count-yes' && m.kind !== 'count') {
          issue(
            [...at, 'measures', mi, 'aggregate'],
            'count-yes đếm đơn vị: loại chỉ số phải là count',
          );
        }
        if (row.computed !== (m.sumOf !== undefined)) {
          issue(
            [...at, 'measures', mi, 'sumOf'],
            row.computed
              ? 'dòng tính tổng (computed: true) cần sumOf ở mọi chỉ số'
              : 'sumOf chỉ dùng cho dòng tính tổng (computed: true)',
          );
        }
      });
      if (row.computed && row.measures.length === 0) {
        issue([...at, 'measures'], 'dòng tính tổng cần ít nhất một chỉ số');
      }
    });
  });

  for (const [si, section] of c.sections.entries()) {
    for (const [ri, row] of section.rows.entries()) {
      for (const [mi, m] of row.measures.entries()) {
        for (const [k, ref] of (m.sumOf ?? []).entries()) {
          const target = measures.get(ref);
          const at = ['sections', si, 'rows', ri, 'measures', mi, 'sumOf', k];
          if (!target) issue(at, `không có chỉ số "${ref}"`);
          else if (target.sumOf)
            issue(at, `"${ref}" là chỉ số tính tổng; chỉ cộng các chỉ số được hỏi`);
          else if (target.kind === 'text') issue(at, `"${ref}" là chữ, không cộng được`);
        }
      }
    }
  }

  const walkExpr = (e: Expr, path: (string | number)[]): void => {
    if ('m' in e) {
      const target = measures.get(e.m);
      if (!target) issue(path, `không có chỉ số "${e.m}"`);
      else if (target.kind === 'text') issue(path, `"${e.m}" là chữ, không so sánh được`);
      else if (target.aggregate === 'district')
        issue(path, `"${e.m}" do người tổng hợp nhập cho cả địa bàn, không phải của đơn vị`);
    } else if ('sum' in e) {
      for (const [i, x] of e.sum.entries()) walkExpr(x, [...path, 'sum', i]);
    }
  };
  const walkCond = (cond: Condition, path: (string | number)[]): void => {
    if ('op' in cond) {
      walkExpr(cond.left, [...path, 'left']);
      walkExpr(cond.right, [...path, 'right']);
    } else if ('all' in cond) {
      for (const [i, x] of cond.all.entries()) walkCond(x, [...path, 'all', i]);
    } else if ('any' in cond) {
      for (const [i, x] of cond.any.entries()) walkCond(x, [...path, 'any', i]);
    } else if ('not' in cond) walkCond(cond.not, [...path, 'not']);
    else if (!sectionIds.has(cond.did)) issue([...path, 'did'], `không có mục "${cond.did}"`);
  };
  const ruleIds = new Set<string>();
  c.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) issue(['rules', i, 'id'], `mã quy tắc "${rule.id}" bị trùng`);
    ruleIds.add(rule.id);
    if (!rowIds.has(rule.row)) issue(['rules', i, 'row'], `không có dòng "${rule.row}"`);
    if (rule.when) walkCond(rule.when, ['rules', i, 'when']);
    walkCond(rule.assert, ['rules', i, 'assert']);
    for (const [, ref] of rule.message.matchAll(/\{value:([^}]+)\}/g)) {
      if (ref && !measures.has(ref)) {
        issue(['rules', i, 'message'], `không có chỉ số "${ref}"`);
      }
    }
  });

  const groupIds = new Set(c.groups.map((g) => g.id));
  const unitIds = new Set<string>();
  c.units.forEach((unit, i) => {
    if (unitIds.has(unit.id)) issue(['units', i, 'id'], `mã đơn vị "${unit.id}" bị trùng`);
    unitIds.add(unit.id);
    if (!groupIds.has(unit.group)) issue(['units', i, 'group'], `không có nhóm "${unit.group}"`);
  });
  for (const p of treeProblems(c.units)) issue(['units', p.index, 'parent'], p.message);
  for (const p of historyProblems(c.units)) issue(['units', p.index, 'history'], p.message);
  const codes = new Map<string, string>();
  c.units.forEach((unit, i) => {
    if (unit.code === undefined) return;
    const other = codes.get(unit.code);
    if (other !== undefined)
      issue(['units', i, 'code'], `mã ngành «${unit.code}» trùng với đơn vị «${other}»`);
    codes.set(unit.code, unit.id);
  });
  if (c.period.start > c.period.end)
    issue(['period'], 'ngày bắt đầu (start) sau ngày kết thúc (end)');
  if (c.lockAt && c.lockAt < c.deadline) issue(['lockAt'], 'lockAt trước hạn nộp (deadline)');
  const reminderIds = new Set<string>();
  c.reminders.forEach((r, i) => {
    if (reminderIds.has(r.id)) issue(['reminders', i, 'id'], `mã nhắc nhở "${r.id}" bị trùng`);
    reminderIds.add(r.id);
  });
  // Unit ids are not checked: the registry may be replaced (--registry) and a unit gone since
  // only loses its line; a measure id is in this very file, so a typo is caught here.
  for (const [unitId, figures] of Object.entries(c.previous?.figures ?? {})) {
    for (const ref of Object.keys(figures)) {
      const target = measures.get(ref);
      if (!target) issue(['previous', 'figures', unitId, ref], `không có chỉ số "${ref}"`);
      else if (target.kind === 'text')
        issue(['previous', 'figures', unitId, ref], `"${ref}" là chữ, không có số năm trước`);
    }
  }
  // Each figure has one place in the official table (a draft may still lack a column for a kind
  // its rows ask: `baocao new` says so, and the coordinator adds it).
  const shownIn = new Set<string>();
  c.table.columns.forEach((col, ci) => {
    col.kinds.forEach((kind, ki) => {
      if (shownIn.has(kind))
        issue(['table', 'columns', ci, 'kinds', ki], `loại "${kind}" đã có cột khác in`);
      shownIn.add(kind);
    });
  });
}
