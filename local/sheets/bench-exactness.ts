// The engine scripts' exactness check: every cell as the live engine has it against a fresh build.
import { evaluate } from './engine.ts';
import type { SpreadsheetState } from './model.ts';

/** Counts the cells whose value differs from an engine built anew from the same state. */
export function differencesFromFreshBuild(state: SpreadsheetState): {
  cells: number;
  mismatches: number;
} {
  const fresh = { ...structuredClone(state), spreadsheetId: `${state.spreadsheetId}-fresh` };
  let cells = 0;
  let mismatches = 0;
  state.sheets.forEach((sheet, i) => {
    const twin = fresh.sheets[i];
    sheet.rows.forEach((row, r) => {
      row.forEach((_, c) => {
        cells++;
        const live = JSON.stringify(evaluate(state).value(sheet, r, c));
        if (twin && live !== JSON.stringify(evaluate(fresh).value(twin, r, c))) mismatches++;
      });
    });
  });
  return { cells, mismatches };
}
