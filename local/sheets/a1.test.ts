import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetters, formatA1, parseA1, quoteSheetName } from './a1.ts';

describe('A1 notation', () => {
  it.each([
    [
      "'Tiến độ'!A1:C3",
      {
        kind: 'sheet',
        sheetName: 'Tiến độ',
        bounds: { startRow: 0, endRow: 3, startCol: 0, endCol: 3 },
      },
    ],
    [
      "'It''s'!A1",
      {
        kind: 'sheet',
        sheetName: "It's",
        bounds: { startRow: 0, endRow: 1, startCol: 0, endCol: 1 },
      },
    ],
    [
      'Sheet1!B2',
      {
        kind: 'sheet',
        sheetName: 'Sheet1',
        bounds: { startRow: 1, endRow: 2, startCol: 1, endCol: 2 },
      },
    ],
    ["'Số liệu'", { kind: 'sheet', sheetName: 'Số liệu', bounds: {} }],
    ['Data!A:C', { kind: 'sheet', sheetName: 'Data', bounds: { startCol: 0, endCol: 3 } }],
    ['Data!2:5', { kind: 'sheet', sheetName: 'Data', bounds: { startRow: 1, endRow: 5 } }],
    [
      'Data!A2:C',
      { kind: 'sheet', sheetName: 'Data', bounds: { startRow: 1, startCol: 0, endCol: 3 } },
    ],
    [
      'Data!A5:5',
      { kind: 'sheet', sheetName: 'Data', bounds: { startRow: 4, endRow: 5, startCol: 0 } },
    ],
    [
      'Data!c3:a1',
      {
        kind: 'sheet',
        sheetName: 'Data',
        bounds: { startRow: 0, endRow: 3, startCol: 0, endCol: 3 },
      },
    ],
    [
      'A1:B2',
      { kind: 'bare', name: 'A1:B2', bounds: { startRow: 0, endRow: 2, startCol: 0, endCol: 2 } },
    ],
    ['Tổng_hợp', { kind: 'bare', name: 'Tổng_hợp', bounds: undefined }],
  ])('parses %s', (text, expected) => {
    expect(parseA1(text)).toEqual(expected);
  });

  it('normalises sheet names to NFC so decomposed Vietnamese matches', () => {
    const decomposed = "'Tiến độ'!A1".normalize('NFD');
    expect(parseA1(decomposed)).toMatchObject({ sheetName: 'Tiến độ'.normalize('NFC') });
  });

  it.each(["'Unclosed!A1", "'Tiến độ'A1", 'Sheet1!A1:B2:C3', 'Sheet1!', "''!A1", 'Sheet1!1A'])(
    'rejects %s with Google’s message',
    (text) => {
      expect(() => parseA1(text)).toThrow(`Unable to parse range: ${text}`);
    },
  );

  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s and back', (index, letters) => {
    expect(columnLetters(index)).toBe(letters);
    expect(columnIndex(letters)).toBe(index);
  });

  it.each([
    ['Sheet1', 'Sheet1'],
    ['Tiến độ', "'Tiến độ'"],
    ['Nhật ký', "'Nhật ký'"],
    ["It's", "'It''s'"],
    ['A1', "'A1'"],
  ])('quotes %s as %s', (name, quoted) => {
    expect(quoteSheetName(name)).toBe(quoted);
  });

  it('formats a single cell without a range', () => {
    expect(formatA1('Số liệu', { startRow: 2, endRow: 3, startCol: 1, endCol: 2 })).toBe(
      "'Số liệu'!B3",
    );
    expect(formatA1('Data', { startRow: 0, endRow: 1000, startCol: 0, endCol: 26 })).toBe(
      'Data!A1:Z1000',
    );
  });
});
