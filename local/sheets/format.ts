// Turns computed values into the text Google shows (formattedValue), honouring locale and number formats.
import type { ExtendedValue, JsonObject } from './model.ts';

export type Computed = number | string | boolean | { error: string; type: string; message: string };

interface Separators {
  decimal: string;
  group: string;
}

/** Locales whose decimal mark is a comma, as Google renders them (vi_VN shows 1.500.000,5). */
const COMMA_DECIMAL = /^(vi|de|fr|es|it|pt|nl|ru|id|tr|pl|da|nb|sv|fi|cs)(_|$)/;

export function separators(locale: string): Separators {
  return COMMA_DECIMAL.test(locale) ? { decimal: ',', group: '.' } : { decimal: '.', group: ',' };
}

function groupDigits(digits: string, group: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

/** Google's "automatic" number display: up to 10 significant digits, no grouping. */
function formatPlain(n: number, sep: Separators): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const rounded = Number(n.toPrecision(10));
  const text =
    Math.abs(rounded) >= 1e15 || (rounded !== 0 && Math.abs(rounded) < 1e-9)
      ? rounded.toExponential().toUpperCase().replace(/E\+?/, 'E+').replace('E+-', 'E-')
      : String(rounded);
  return text.replace('.', sep.decimal);
}

/** Renders the numeric section of patterns like `#,##0`, `#,##0.00`, `0.0%`, `#,##0 "đ"`. */
export function formatPattern(n: number, pattern: string, sep: Separators): string {
  const section = pattern.split(';')[n < 0 && pattern.includes(';') ? 1 : 0] ?? pattern;
  const explicitNegative = n < 0 && pattern.includes(';');
  const literal = (s: string) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  const match = /[#0,.?]*[0#][#0,.?]*/.exec(
    section.replace(/"[^"]*"/g, (q) => 'Q'.repeat(q.length)),
  );
  if (!match) return literal(section);
  const prefix = literal(section.slice(0, match.index));
  const suffix = literal(section.slice(match.index + match[0].length));
  const core = match[0];
  const [intPart = '', fracPart = ''] = core.split('.');
  const percent = section.includes('%') ? 100 : 1;
  const decimals = fracPart.replace(/[^0#?]/g, '').length;
  const minDecimals = fracPart.replace(/[^0]/g, '').length;
  const value = Math.abs(n) * percent;
  let [whole = '0', frac = ''] = value.toFixed(decimals).split('.');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  const minInt = intPart.replace(/[^0]/g, '').length;
  if (whole === '0' && minInt === 0) whole = '';
  whole = whole.padStart(minInt, '0');
  if (intPart.includes(',')) whole = groupDigits(whole, sep.group);
  const sign = n < 0 && !explicitNegative && Number(value.toFixed(decimals)) !== 0 ? '-' : '';
  return `${sign}${prefix}${whole}${frac ? sep.decimal + frac : ''}${suffix}`;
}

const DEFAULT_PATTERNS: Record<string, string> = {
  NUMBER: '#,##0.00',
  PERCENT: '0.00%',
  CURRENCY: '#,##0.00',
  SCIENTIFIC: '0.00E+00',
};

function numberFormatOf(
  format: JsonObject | undefined,
): { type: string; pattern?: string } | undefined {
  const nf = format?.numberFormat;
  if (typeof nf !== 'object' || nf === null || Array.isArray(nf)) return undefined;
  const type = typeof nf.type === 'string' ? nf.type : 'NUMBER';
  const pattern =
    typeof nf.pattern === 'string' && nf.pattern ? nf.pattern : DEFAULT_PATTERNS[type];
  return pattern === undefined ? { type } : { type, pattern };
}

export function formatValue(
  value: Computed,
  format: JsonObject | undefined,
  locale: string,
): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return value.error;
  const sep = separators(locale);
  const nf = numberFormatOf(format);
  if (nf?.pattern && ['NUMBER', 'PERCENT', 'CURRENCY'].includes(nf.type)) {
    return formatPattern(value, nf.pattern, sep);
  }
  return formatPlain(value, sep);
}

/**
 * The number `text` spells (a percentage as its fraction), or undefined. One past a double's range
 * has no value to store (JSON has no Infinity: the cell would read back as null and the saved
 * snapshot would not load), so it stays the text typed.
 */
function numberTyped(text: string): number | undefined {
  let value: number | undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) value = Number(text);
  else if (/^[+-]?(\d+\.?\d*|\.\d+)%$/.test(text)) value = Number(text.slice(0, -1)) / 100;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/**
 * USER_ENTERED parsing, kept to what the product writes: numbers, booleans, `=` formulas,
 * and a leading apostrophe that forces text (and is not shown).
 */
export function parseUserEntered(input: string | number | boolean): ExtendedValue {
  if (typeof input === 'number') return { numberValue: input };
  if (typeof input === 'boolean') return { boolValue: input };
  if (input.startsWith("'")) return { stringValue: input.slice(1) };
  if (input.startsWith('=') && input.length > 1) return { formulaValue: input };
  const trimmed = input.trim();
  const number = numberTyped(trimmed);
  if (number !== undefined) return { numberValue: number };
  if (/^(true|false)$/i.test(trimmed)) return { boolValue: trimmed.toLowerCase() === 'true' };
  return { stringValue: input };
}

export function rawEntered(input: string | number | boolean): ExtendedValue {
  if (typeof input === 'number') return { numberValue: input };
  if (typeof input === 'boolean') return { boolValue: input };
  return { stringValue: input };
}
