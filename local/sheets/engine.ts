// Formula evaluation with HyperFormula: one HF sheet per tab, rebuilt whenever a spreadsheet changes.
import HyperFormula, { DetailedCellError, type RawCellContent } from 'hyperformula';
import { columnLetters, quoteSheetName } from './a1.ts';
import type { Computed } from './format.ts';
import {
  type Cell,
  type GridRange,
  gridRangeSchema,
  type SheetState,
  type SpreadsheetState,
} from './model.ts';

const ERROR_TYPES: Record<string, { type: string; text: string }> = {
  DIV_BY_ZERO: { type: 'DIVIDE_BY_ZERO', text: '#DIV/0!' },
  NA: { type: 'N_A', text: '#N/A' },
  NAME: { type: 'NAME', text: '#NAME?' },
  NUM: { type: 'NUM', text: '#NUM!' },
  REF: { type: 'REF', text: '#REF!' },
  VALUE: { type: 'VALUE', text: '#VALUE!' },
  // Google reports a circular reference as #REF!.
  CYCLE: { type: 'REF', text: '#REF!' },
};

export interface Evaluation {
  /** The computed value of a cell, undefined when it is empty (or a formula yields nothing). */
  value(sheet: SheetState, row: number, col: number): Computed | undefined;
}

const cache = new WeakMap<SpreadsheetState, Evaluation>();

/** Evaluates a committed spreadsheet; committed states are never mutated, so identity is the key. */
export function evaluate(ss: SpreadsheetState): Evaluation {
  let result = cache.get(ss);
  if (!result) {
    result = build(ss);
    cache.set(ss, result);
  }
  return result;
}

/**
 * Google accepts open-ended ranges such as `C2:C` in formulas; HyperFormula does not, so they
 * are closed at the largest grid height (cells past the content are empty either way).
 */
export function toEngineFormula(formula: string, maxRows: number): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i] as string;
    if (ch === '"' || ch === "'") {
      const end = findClosing(formula, i, ch);
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    const rest = formula.slice(i);
    const m = /^(\$?[A-Za-z]{1,3}\$?\d+):(\$?[A-Za-z]{1,3})(?![A-Za-z0-9_$(!.])/.exec(rest);
    const prev = out.at(-1) ?? '';
    if (m && !/[A-Za-z0-9_.$]/.test(prev)) {
      out += `${m[1]}:${m[2]}${maxRows}`;
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

function content(cell: Cell | null | undefined, maxRows: number): RawCellContent {
  const v = cell?.userEnteredValue;
  if (!v) return null;
  if (v.formulaValue !== undefined) return toEngineFormula(v.formulaValue, maxRows);
  if (v.numberValue !== undefined) return v.numberValue;
  if (v.boolValue !== undefined) return v.boolValue;
  // The apostrophe keeps text that looks like a number, date or formula as text.
  if (v.stringValue !== undefined) return `'${v.stringValue}`;
  if (v.errorValue) return '#N/A';
  return null;
}

function build(ss: SpreadsheetState): Evaluation {
  const maxRows = Math.max(...ss.sheets.map((s) => s.properties.gridProperties.rowCount));
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const sheet of ss.sheets) {
    sheets[sheet.properties.title] = sheet.rows.map((row) => row.map((c) => content(c, maxRows)));
  }
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' });
  for (const named of ss.namedRanges) {
    const parsed = gridRangeSchema.safeParse(named.range);
    const range = parsed.success ? parsed.data : undefined;
    const sheet = ss.sheets.find((s) => s.properties.sheetId === (range?.sheetId ?? 0));
    if (typeof named.name !== 'string' || !sheet || !range) continue;
    try {
      hf.addNamedExpression(
        named.name,
        `=${quoteSheetName(sheet.properties.title)}!${namedA1(range)}`,
      );
    } catch {
      // A name HyperFormula refuses simply stays unknown to formulas (#NAME?), as a typo would.
    }
  }
  const ids = new Map(ss.sheets.map((s) => [s, hf.getSheetId(s.properties.title)]));
  return {
    value(sheet, row, col) {
      const cell = sheet.rows[row]?.[col];
      const entered = cell?.userEnteredValue;
      if (!entered) return undefined;
      if (entered.stringValue !== undefined) return entered.stringValue;
      if (entered.numberValue !== undefined) return entered.numberValue;
      if (entered.boolValue !== undefined) return entered.boolValue;
      const id = ids.get(sheet);
      if (entered.formulaValue === undefined || id === undefined) return undefined;
      const v = hf.getCellValue({ sheet: id, row, col });
      if (v instanceof DetailedCellError) {
        const mapped = ERROR_TYPES[v.type] ?? { type: 'ERROR', text: '#ERROR!' };
        const message =
          v.type === 'CYCLE' ? 'Circular dependency detected.' : v.message || mapped.text;
        return { error: mapped.text, type: mapped.type, message };
      }
      return v === null ? undefined : v;
    },
  };
}

function namedA1(range: GridRange): string {
  const r0 = (range.startRowIndex ?? 0) + 1;
  const r1 = range.endRowIndex ?? 1_000_000;
  const c0 = columnLetters(range.startColumnIndex ?? 0);
  const c1 = columnLetters((range.endColumnIndex ?? 18_278) - 1);
  return `$${c0}$${r0}:$${c1}$${r1}`;
}
