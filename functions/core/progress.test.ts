// One percentage rule: the digest's and the CLI's, and the sheet formula generated from it.
import HyperFormula from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { percent, percentFormula } from './progress.ts';

const CASES = [
  [7, 21, 33], // 33.33
  [2, 3, 67], // 66.67
  [1, 8, 13], // 12.5 rounds half up
  [1, 200, 1], // 0.5 rounds half up
  [1, 300, 1], // 0.33 but someone has reported
  [199, 200, 99], // 99.5 but someone is missing
  [2999, 3000, 99],
  [21, 21, 100],
  [0, 21, 0],
  [0, 0, 0],
] as const;

/** What a spreadsheet computes for the formula the sheet's headline uses. */
function sheetPercent(part: number, whole: number): unknown {
  const hf = HyperFormula.buildFromArray([[part, whole, `=${percentFormula('A1', 'B1')}`]], {
    licenseKey: 'gpl-v3',
  });
  const value = hf.getCellValue({ sheet: 0, row: 0, col: 2 });
  hf.destroy();
  return value;
}

describe('the share of units that have reported', () => {
  it.each(CASES)('%i of %i is %i%%', (part, whole, expected) => {
    expect(percent(part, whole)).toBe(expected);
  });

  it.each(CASES)('the sheet formula says the same for %i of %i', (part, whole, expected) => {
    expect(sheetPercent(part, whole)).toBe(expected);
  });
});
