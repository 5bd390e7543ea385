// Formula evaluation with HyperFormula: one live instance per spreadsheet, patched to each committed state.
import HyperFormula, { DetailedCellError, type RawCellContent } from 'hyperformula';
import { engineContent, toEngineFormula } from './engine-formula.ts';
import './engine-sumif.ts';
import type { Computed } from './format.ts';
import { type Cell, findSheetById, type SheetState, type SpreadsheetState } from './model.ts';

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

interface LiveSheet {
  hfId: number;
  /** What HyperFormula holds for each cell, so only contents that really differ are sent. */
  applied: RawCellContent[][];
  /** Formula → HyperFormula text for this tab; valid while no tab's height changes. */
  memo: Map<string, string>;
}

/** A HyperFormula instance and the committed state it reflects; patched or rebuilt in place. */
interface Live {
  hf: HyperFormula;
  state: SpreadsheetState;
  sheets: Map<number, LiveSheet>;
  /** Tab ids and titles: HyperFormula would rewrite references on a rename, so any change rebuilds. */
  shape: string;
  /** Tab heights: open ranges close at them. */
  heights: string;
  /**
   * Tabs (title keys) some formula's open range was closed at: only a change of their height
   * re-translates the formulas. The log grows with every sync write, and re-translating every
   * formula of a 3,000-unit sheet each time was most of a pass's engine time (issue 17).
   */
  closing: Set<string>;
}

/** States keep their instance alive; the id finds it again for the next committed state. */
const lives = new WeakMap<SpreadsheetState, Live>();
const byId = new Map<string, WeakRef<Live>>();
const evaluations = new WeakMap<SpreadsheetState, Evaluation>();

/**
 * Evaluates a committed spreadsheet. Committed states are never mutated and share unchanged cell
 * objects with the state before them, so moving the instance between states is a cheap diff.
 */
export function evaluate(ss: SpreadsheetState): Evaluation {
  let evaluation = evaluations.get(ss);
  if (!evaluation) {
    evaluation = { value: (sheet, row, col) => readValue(liveFor(ss), sheet, row, col) };
    evaluations.set(ss, evaluation);
  }
  return evaluation;
}

function liveFor(ss: SpreadsheetState): Live {
  let live = lives.get(ss);
  if (live?.state === ss) return live;
  live ??= byId.get(ss.spreadsheetId)?.deref();
  if (!live) live = build(ss);
  else moveTo(live, ss);
  lives.set(ss, live);
  byId.set(ss.spreadsheetId, new WeakRef(live));
  return live;
}

function readValue(live: Live, sheet: SheetState, row: number, col: number) {
  const entered = sheet.rows[row]?.[col]?.userEnteredValue;
  if (!entered) return undefined;
  if (entered.stringValue !== undefined) return entered.stringValue;
  if (entered.numberValue !== undefined) return entered.numberValue;
  if (entered.boolValue !== undefined) return entered.boolValue;
  const id = live.sheets.get(sheet.properties.sheetId)?.hfId;
  if (entered.formulaValue === undefined || id === undefined) return undefined;
  const v = live.hf.getCellValue({ sheet: id, row, col });
  if (v instanceof DetailedCellError) {
    const mapped = ERROR_TYPES[v.type] ?? { type: 'ERROR', text: '#ERROR!' };
    const message = v.type === 'CYCLE' ? 'Circular dependency detected.' : v.message || mapped.text;
    return { error: mapped.text, type: mapped.type, message };
  }
  return v === null ? undefined : v;
}

const titleKey = (title: string) => title.normalize('NFC').toLowerCase();

/**
 * A hidden tab without a cell holds nothing a formula could read: sync's write token
 * (functions/sheet/write-token.ts) is such a tab, replaced on every write, which would otherwise
 * rebuild the whole engine each time.
 */
const emptyHidden = (s: SheetState) => s.properties.hidden === true && s.rows.length === 0;

/**
 * The tabs HyperFormula holds. A tab without a formula that no formula names needs no engine:
 * its values are read straight from its cells. The log is such a tab, and it grows by a pass's
 * rows with every sync write: holding it cost each write its cells and the engine memory (issue
 * 17). Conservative: a title anywhere in a formula's text (even inside a string), or any
 * INDIRECT, keeps the tab; a formula that comes to name a tab changes the shape, so it rebuilds.
 */
function engineSheets(ss: SpreadsheetState): SheetState[] {
  let tabs = engineTabs.get(ss);
  if (tabs) return tabs;
  const formulas = new Set<string>();
  const holding = new Set<SheetState>();
  let indirect = false;
  for (const sheet of ss.sheets) {
    for (const row of sheet.rows) {
      for (const cell of row) {
        const f = cell?.userEnteredValue?.formulaValue;
        if (f === undefined) continue;
        holding.add(sheet);
        // Another tab is named only before a "!", or through INDIRECT.
        if (f.includes('!')) formulas.add(f);
        else indirect ||= /indirect/i.test(f);
      }
    }
  }
  const text = [...formulas].join('\n').normalize('NFC').toLowerCase();
  indirect ||= text.includes('indirect');
  tabs = ss.sheets.filter(
    (s) =>
      !emptyHidden(s) &&
      (indirect || holding.has(s) || text.includes(titleKey(s.properties.title))),
  );
  engineTabs.set(ss, tabs);
  return tabs;
}
const engineTabs = new WeakMap<SpreadsheetState, SheetState[]>();

function shapeOf(ss: SpreadsheetState): string {
  const tabs = engineSheets(ss)
    .map((s) => `${s.properties.sheetId}\u0001${s.properties.title}`)
    .sort();
  return tabs.join('\u0002');
}

function heightMap(ss: SpreadsheetState): Map<string, number> {
  return new Map(
    engineSheets(ss).map((s) => [
      titleKey(s.properties.title),
      s.properties.gridProperties.rowCount,
    ]),
  );
}

function heightsOf(ss: SpreadsheetState): string {
  return engineSheets(ss)
    .map((s) => `${s.properties.sheetId}:${s.properties.gridProperties.rowCount}`)
    .sort()
    .join(',');
}

/** Translates (memoized) formulas of one tab, closing open ranges at the height of their tab. */
function translator(
  ss: SpreadsheetState,
  sheet: SheetState,
  memo: Map<string, string>,
  closing: Set<string>,
) {
  const heights = heightMap(ss);
  const own = sheet.properties.gridProperties.rowCount;
  const heightOf = (title: string | undefined) => {
    const key = titleKey(title ?? sheet.properties.title);
    closing.add(key);
    return title === undefined ? own : heights.get(key);
  };
  return (formula: string) => {
    let text = memo.get(formula);
    if (text === undefined) {
      text = toEngineFormula(formula, heightOf);
      memo.set(formula, text);
    }
    return text;
  };
}

function build(ss: SpreadsheetState): Live {
  const live = {} as Live;
  rebuild(live, ss);
  return live;
}

function rebuild(live: Live, ss: SpreadsheetState): void {
  const data: Record<string, RawCellContent[][]> = {};
  const applied = new Map<SheetState, { memo: Map<string, string>; rows: RawCellContent[][] }>();
  const closing = new Set<string>();
  for (const sheet of engineSheets(ss)) {
    const memo = new Map<string, string>();
    const text = translator(ss, sheet, memo, closing);
    const rows = sheet.rows.map((row) => row.map((c) => engineContent(c, text)));
    applied.set(sheet, { memo, rows });
    // HyperFormula gets its own copy: `rows` stays ours to patch.
    data[sheet.properties.title] = rows.map((row) => row.slice());
  }
  // No undo: the stand-in never undoes, and HyperFormula's undo stack cleanup took most of a
  // write's time on a 3,000-unit sheet (issue 17's bench; Google has no such cost).
  // Google compares text in SUMIF/COUNTIF criteria ignoring case but not accents ("Trường" is
  // not "Truong"); HyperFormula's default strips accents from both sides of every comparison,
  // which also took a third of a 3,000-unit pass's recalculation (issue 17's bulk profile).
  const hf = HyperFormula.buildFromSheets(data, {
    licenseKey: 'gpl-v3',
    undoLimit: 0,
    accentSensitive: true,
  });
  const sheets = new Map<number, LiveSheet>();
  for (const [sheet, { memo, rows }] of applied) {
    const hfId = hf.getSheetId(sheet.properties.title);
    if (hfId !== undefined) sheets.set(sheet.properties.sheetId, { hfId, applied: rows, memo });
  }
  live.hf?.destroy();
  Object.assign(live, {
    hf,
    state: ss,
    sheets,
    shape: shapeOf(ss),
    heights: heightsOf(ss),
    closing,
  });
}

function moveTo(live: Live, ss: SpreadsheetState): void {
  if (shapeOf(ss) !== live.shape) {
    rebuild(live, ss);
    return;
  }
  try {
    patch(live, ss);
  } catch {
    // A half-applied patch leaves HyperFormula unknown; starting over is always right, and
    // should that fail too, the blank shape forces another rebuild next time.
    live.shape = '';
    rebuild(live, ss);
  }
}

/** Cells for HyperFormula from a top-left corner, row by row. */
interface Change {
  sheet: number;
  row: number;
  col: number;
  contents: RawCellContent[][];
}

/** Sends HyperFormula the cells whose content differs between the state it has and `ss`. */
function patch(live: Live, ss: SpreadsheetState): void {
  const heights = heightsOf(ss);
  let reclose = false;
  if (heights !== live.heights) {
    const before = heightMap(live.state);
    const after = heightMap(ss);
    reclose = [...live.closing].some((t) => before.get(t) !== after.get(t));
  }
  // A row's changed columns go from first to last, the ones between as they are, except an
  // unchanged formula, which splits the run: set again, it would be re-parsed and re-linked for
  // nothing (the five computed columns of each "Số liệu" row, issue 17). Consecutive rows whose
  // runs span the same columns go as one block: HyperFormula does work per call (validation,
  // undo bookkeeping), so a cell at a time made a 500-unit pass on a 3,000-unit sheet take minutes.
  const changes: Change[] = [];
  for (const sheet of engineSheets(ss)) {
    const target = live.sheets.get(sheet.properties.sheetId);
    if (!target) throw new Error('tab missing from the live instance');
    if (reclose) target.memo.clear();
    const text = translator(ss, sheet, target.memo, live.closing);
    const before = findSheetById(live.state, sheet.properties.sheetId)?.rows ?? [];
    const applied = target.applied;
    const height = Math.max(before.length, sheet.rows.length, applied.length);
    const blocks = new Map<string, Change>();
    const run = (line: RawCellContent[], row: number, first: number, last: number) => {
      const contents: RawCellContent[] = [];
      for (let c = first; c <= last; c++) contents.push(line[c] ?? null);
      const key = `${first}:${last}`;
      const block = blocks.get(key);
      if (block && block.row + block.contents.length === row) block.contents.push(contents);
      else {
        const started = { sheet: target.hfId, row, col: first, contents: [contents] };
        changes.push(started);
        blocks.set(key, started);
      }
    };
    for (let r = 0; r < height; r++) {
      const now: (Cell | null)[] | undefined = sheet.rows[r];
      const was = before[r];
      if (now === was && !reclose) continue;
      let line = applied[r];
      const width = Math.max(now?.length ?? 0, was?.length ?? 0, line?.length ?? 0);
      let first = -1;
      let last = -1;
      for (let c = 0; c < width; c++) {
        const cell = now?.[c] ?? null;
        const held: RawCellContent = line?.[c] ?? null;
        let content: RawCellContent = held;
        // Cells are replaced, never edited, so the same object means the same content.
        if (reclose || cell !== (was?.[c] ?? null)) content = engineContent(cell, text);
        if (content !== held) {
          line ??= applied[r] = [];
          line[c] = content;
          if (first < 0) first = c;
          last = c;
        } else if (first >= 0 && line && typeof held === 'string' && held.startsWith('=')) {
          run(line, r, first, last);
          first = -1;
        }
      }
      if (first >= 0 && line) run(line, r, first, last);
    }
  }
  if (changes.length > 0) {
    // Not `batch`: it keeps an undo entry growing with every call inside it, and each call
    // walks it (even with undoLimit 0), which made a 3,000-unit pass's calls quadratic.
    live.hf.suspendEvaluation();
    try {
      for (const { sheet, row, col, contents } of changes)
        live.hf.setCellContents({ sheet, row, col }, contents);
    } finally {
      live.hf.resumeEvaluation();
    }
  }
  live.state = ss;
  live.heights = heights;
}
