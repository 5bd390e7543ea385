// The one CSV writer: a BOM for Excel, RFC 4180 quoting, numbers plain, formulas neutralized.
import { describe, expect, it } from 'vitest';
import { csvText, neutralize } from './csv.ts';

const BOM = '\uFEFF';

describe('CSV files keep spreadsheet programs from running what a unit typed', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+84 909 123 456', "'+84 909 123 456"],
    ['-5 lớp', "'-5 lớp"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['Học trực tuyến', 'Học trực tuyến'],
    ['1 = 1', '1 = 1'],
  ])('neutralizes %j as %j', (typed, expected) => {
    expect(neutralize(typed)).toBe(expected);
  });

  it.each([
    ['a,b', '"a,b"'],
    ['nói "có"', '"nói ""có"""'],
    ['dòng 1\ndòng 2', '"dòng 1\ndòng 2"'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=A1,B1', `"'=A1,B1"`],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvText([[value]])).toBe(`${BOM}${expected}\r\n`);
  });

  it('leaves numbers plain, negative ones included, and blanks empty', () => {
    expect(csvText([[-5, 1_500_000, null]])).toBe(`${BOM}-5,1500000,\r\n`);
  });
});
