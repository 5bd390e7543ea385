// Reads numbers as Vietnamese people type them: 1.500.000, 1 500 000, 1,5 tỷ, 2 triệu, 12 lớp.

import { formatNumber } from '../../forms/format.ts';
import type { MeasureKind } from '../../forms/schema.ts';
import { cutText } from '../../forms/text.ts';

export type NumericKind = Exclude<MeasureKind, 'text'>;

export type NumberProblem = 'not-a-number' | 'negative' | 'not-integer' | 'ambiguous' | 'too-large';

export type ParsedNumber =
  | { ok: true; value: number }
  /** Blank means "not answered", which is not the same as a reported zero. */
  | { ok: true; value: null }
  | { ok: false; problem: NumberProblem; message: string };

/** Larger than any real figure, and still exact as a float and in a spreadsheet cell. */
export const MAX_VALUE = 1e15;

/**
 * Per kind, the largest figure one unit can mean in one campaign. Above it a value is a typing
 * slip, never a fact, so it is refused (an error), not merely flagged like the campaign's
 * plausibility warnings, and never reaches the district's total.
 */
export const HARD_LIMIT: Record<NumericKind, number> = {
  // Việt Nam has about 101 million people: no ward, school or office reaches more.
  people: 100_000_000,
  // A million classes, sessions, leaflets or books from one unit is several per inhabitant of
  // the whole district (Quận 7: about 360,000 people).
  count: 1_000_000,
  // 1.000 tỷ đồng is of the order of a whole district's yearly budget, not one unit's spending
  // on one campaign.
  amount: 1_000_000_000_000,
};

/** Why each limit cannot be reached, as the unit reads it in the refusal. */
export const HARD_LIMIT_REASON: Record<NumericKind, string> = {
  people: 'gần bằng dân số cả nước',
  count: 'nhiều hơn mọi đơn vị có thể thực hiện trong một đợt',
  amount: 'bằng cả ngân sách một năm của một quận',
};

/**
 * No figure a unit can mean takes more characters ("1.000.000.000.000.000 đồng" is 26); longer
 * answers are refused before any pattern runs, so a pasted megabyte costs no more than a line.
 */
export const MAX_TYPED_LENGTH = 100;

const MULTIPLIERS: Record<string, number> = {
  tỷ: 9,
  tỉ: 9,
  ty: 9,
  ti: 9,
  triệu: 6,
  trieu: 6,
  tr: 6,
  nghìn: 3,
  ngàn: 3,
  nghin: 3,
  ngan: 3,
  k: 3,
};

const CURRENCY = ['đồng', 'dong', 'đ', 'vnđ', 'vnd', 'd'];
/** Words a unit may add after the number ("12 lớp", "300 người"); never change its value. */
const COMMON_UNIT_WORDS = ['người', 'nguoi', 'lớp', 'cuộc', 'cái', 'tờ', 'quyển', 'bài', 'tin'];
const ZERO_WORDS = new Set(['không', 'khong', 'không có']);

const EXPECTED: Record<NumericKind, string> = {
  count: 'Hãy nhập một số nguyên không âm, ví dụ 12.',
  people: 'Hãy nhập số người là số nguyên không âm, ví dụ 1.250.',
  amount: 'Hãy nhập số tiền bằng đồng, ví dụ 1.500.000 hoặc 1,5 triệu.',
};

/**
 * Text as typed, made comparable: full-width digits and compatibility spaces folded (NFKC),
 * invisible characters removed, lower case, single spaces.
 */
export function normalizeTyped(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2212\u2013\u2014]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** Shown back to the unit so it sees what it typed, kept short. */
function shown(raw: string): string {
  return cutText(raw.normalize('NFC').replace(/\s+/g, ' ').trim(), 40);
}

function fail(problem: NumberProblem, raw: string, kind: NumericKind, why: string): ParsedNumber {
  return { ok: false, problem, message: `Bạn đã nhập "${shown(raw)}": ${why}. ${EXPECTED[kind]}` };
}

/**
 * Parses one numeric answer. `unitWords` are extra words the row's unit allows after the
 * number (from "Số cuộc/người": "số", "cuộc", "người").
 */
export function parseVietnameseNumber(
  raw: string,
  kind: NumericKind,
  unitWords: readonly string[] = [],
): ParsedNumber {
  let s = normalizeTyped(raw);
  if (s === '' || s === '-') return { ok: true, value: null };
  if (ZERO_WORDS.has(s)) return { ok: true, value: 0 };
  if (/^-\s*\d/.test(s)) return fail('negative', raw, kind, 'số liệu không được âm');
  if (s.length > MAX_TYPED_LENGTH) {
    return /^[\d., ]+$/.test(s)
      ? fail('too-large', raw, kind, `số quá lớn (lớn hơn ${formatNumber(MAX_VALUE)})`)
      : fail('not-a-number', raw, kind, 'câu trả lời quá dài, đây không phải là một số');
  }

  s = stripTrailingWords(s, kind, unitWords);
  // "1 500 000": spaces between groups of three digits are thousand separators.
  s = s.replace(/(\d) (?=\d{3}(?!\d))/g, '$1');

  const groups = [...s.matchAll(/(\d[\d.,]*)\s*([a-zà-ỹđ]+)?\s*/gu)];
  if (groups.length === 0 || groups.map((g) => g[0]).join('') !== s) {
    return fail('not-a-number', raw, kind, 'đây không phải là một số');
  }

  let total = 0n;
  let lastPower = Number.POSITIVE_INFINITY;
  for (const [index, group] of groups.entries()) {
    const digits = group[1] ?? '';
    const word = group[2];
    const power = word === undefined ? 0 : MULTIPLIERS[word];
    if (power === undefined) return fail('not-a-number', raw, kind, `không hiểu chữ "${word}"`);
    if (index > 0 && (word === undefined || power >= lastPower)) {
      return fail(
        'ambiguous',
        raw,
        kind,
        'cách viết này có thể hiểu nhiều nghĩa (ví dụ "2 triệu 500" là 2.500.000 hay 2.000.500?)',
      );
    }
    lastPower = power;
    const decimal = readDecimal(digits, power > 0);
    if (decimal === 'ambiguous') {
      return fail(
        'ambiguous',
        raw,
        kind,
        `không rõ "${digits}" là số thập phân hay có dấu phân cách hàng nghìn (viết 1.500 cho một nghìn năm trăm, 1,5 cho một phẩy năm)`,
      );
    }
    if (decimal === 'invalid') return fail('not-a-number', raw, kind, 'đây không phải là một số');
    const scaled = shift(decimal, power);
    if (scaled === 'fraction') {
      const what = kind === 'amount' ? 'số tiền phải tròn đồng' : 'số liệu phải là số nguyên';
      return fail('not-integer', raw, kind, what);
    }
    total += scaled;
  }
  if (total > BigInt(MAX_VALUE)) {
    return fail('too-large', raw, kind, `số quá lớn (lớn hơn ${formatNumber(MAX_VALUE)})`);
  }
  return { ok: true, value: Number(total) };
}

function stripTrailingWords(s: string, kind: NumericKind, unitWords: readonly string[]): string {
  const allowed = new Set<string>([
    ...COMMON_UNIT_WORDS,
    ...unitWords.map((w) => normalizeTyped(w)),
    ...(kind === 'amount' ? CURRENCY : []),
  ]);
  // "500.000đ": the currency sign may stick to the digits.
  let out = kind === 'amount' ? s.replace(/(\d)(đ|d)\.?$/u, '$1') : s;
  for (;;) {
    const m = /^(.*\d.*?)\s*([a-zà-ỹđ]+)\.?$/u.exec(out);
    if (!m?.[1] || !m[2] || !allowed.has(m[2])) return out;
    out = m[1].trimEnd();
  }
}

interface Decimal {
  int: string;
  frac: string;
}

/**
 * Reads one run of digits and separators. Vietnamese writes "." for thousands and "," for the
 * decimal point; "1,500" and "1.5" alone could be either convention, so they are refused
 * unless a multiplier ("1.5 triệu") makes only the decimal reading possible.
 */
function readDecimal(t: string, hasMultiplier: boolean): Decimal | 'ambiguous' | 'invalid' {
  if (/^\d+$/.test(t)) return { int: t, frac: '' };
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return { int: t.replaceAll('.', ''), frac: '' };
  if (/^\d{1,3}(,\d{3}){2,}$/.test(t)) return { int: t.replaceAll(',', ''), frac: '' };
  let m = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(t);
  if (m?.[1] && m[2]) return { int: m[1].replaceAll('.', ''), frac: m[2] };
  m = /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(t);
  if (m?.[1] && m[2]) return { int: m[1].replaceAll(',', ''), frac: m[2] };
  m = /^(\d+),(\d+)$/.exec(t);
  if (m?.[1] && m[2]) {
    if (m[2].length === 3 && !hasMultiplier) return 'ambiguous';
    return { int: m[1], frac: m[2] };
  }
  m = /^(\d+)\.(\d+)$/.exec(t);
  if (m?.[1] && m[2]) {
    if (!hasMultiplier) return 'ambiguous';
    return { int: m[1], frac: m[2] };
  }
  return 'invalid';
}

/** Multiplies by 10^power exactly; 'fraction' when a non-zero fraction remains. */
function shift({ int, frac }: Decimal, power: number): bigint | 'fraction' {
  const padded = frac.padEnd(power, '0');
  const whole = BigInt(int + padded.slice(0, power));
  return /[1-9]/.test(padded.slice(power)) ? 'fraction' : whole;
}
