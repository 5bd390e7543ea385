// What HyperFormula is given for a cell: stored values as HF contents, Google formulas in HF's dialect.
import type { RawCellContent } from 'hyperformula';
import type { Cell } from './model.ts';

/** Row count of a tab by title (undefined: the formula's own tab); unknown titles answer undefined. */
export type HeightOf = (sheetTitle: string | undefined) => number | undefined;

const OPEN_RANGE = /^(\$?[A-Za-z]{1,3}\$?\d+):(\$?[A-Za-z]{1,3})(?![A-Za-z0-9_$(!.])/;
const BARE_PREFIX = /([^\s!'"(),:;+\-*/&=<>^%{}]+)!$/;

/** The tab a range about to follow `out` is qualified with, if any (`'Số liệu'!` or `Data!`). */
function qualifier(out: string, quoted: { name: string; end: number } | undefined) {
  if (!out.endsWith('!')) return undefined;
  if (quoted && quoted.end === out.length - 1) return quoted.name;
  return BARE_PREFIX.exec(out)?.[1];
}

/**
 * Google accepts open-ended ranges such as `C2:C` in formulas; HyperFormula does not, so they are
 * closed at the height of the tab they point into, as Google reads them (cells past a tab's
 * content are empty either way; ROWS or COUNTBLANK see the tab's real height).
 */
export function toEngineFormula(formula: string, heightOf: HeightOf): string {
  let out = '';
  let i = 0;
  let quoted: { name: string; end: number } | undefined;
  while (i < formula.length) {
    const ch = formula[i] as string;
    if (ch === '"' || ch === "'") {
      const end = findClosing(formula, i, ch);
      out += formula.slice(i, end);
      if (ch === "'")
        quoted = { name: formula.slice(i + 1, end - 1).replaceAll("''", "'"), end: out.length };
      i = end;
      continue;
    }
    const m = OPEN_RANGE.exec(formula.slice(i));
    const prev = out.at(-1) ?? '';
    // Google takes bare TRUE/FALSE as booleans; HyperFormula only knows the functions.
    const bool = /^(TRUE|FALSE)(?![A-Za-z0-9_.(!])/i.exec(formula.slice(i));
    if (bool && !/[A-Za-z0-9_.$]/.test(prev)) {
      out += `${bool[1]?.toUpperCase()}()`;
      i += bool[0].length;
      continue;
    }
    if (m && !/[A-Za-z0-9_.$]/.test(prev)) {
      // An unknown tab makes the formula #REF! anyway; any height keeps it parseable.
      const height = heightOf(qualifier(out, quoted)) ?? heightOf(undefined) ?? 1;
      out += `${m[1]}:${m[2]}${height}`;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function findClosing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/**
 * A cell's content for HyperFormula. Only primitives come out, so two contents compare with ===;
 * `formulaText` translates (and may memoize) a formula.
 */
export function engineContent(
  cell: Cell | null | undefined,
  formulaText: (formula: string) => string,
): RawCellContent {
  const v = cell?.userEnteredValue;
  if (!v) return null;
  if (v.formulaValue !== undefined) return formulaText(v.formulaValue);
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  // The apostrophe keeps text that looks like a number, date or formula as text.
  if (v.stringValue !== undefined) return `'${v.stringValue}`;
  if (v.errorValue) return '#N/A';
  return null;
}
