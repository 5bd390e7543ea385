import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from './engine.ts';
import { toEngineFormula } from './engine-formula.ts';
import type { SheetsStandIn } from './server.ts';
import { createBook, failure, type SheetsApi, standInWithClient } from './testing.ts';

let standIn: SheetsStandIn;
let api: SheetsApi;
let id: string;

beforeEach(async () => {
  ({ standIn, api } = await standInWithClient());
  id = await createBook(api, ['Tiến độ', 'Số liệu']);
});
afterEach(() => standIn.close());

const put = (range: string, values: unknown[][]) =>
  api.spreadsheets.values.update({
    spreadsheetId: id,
    range,
    valueInputOption: 'USER_ENTERED',
    requestBody: { values },
  });
const get = async (range: string) =>
  (
    await api.spreadsheets.values.get({
      spreadsheetId: id,
      range,
      valueRenderOption: 'UNFORMATTED_VALUE',
    })
  ).data.values ?? [];
const batch = (requests: object[]) =>
  api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } });
const sheetId = (title: string) =>
  standIn.getSpreadsheet(id)?.sheets.find((s) => s.properties.title === title)?.properties
    .sheetId ?? -1;

/** Every cell as the live (patched) engine has it, and the cells where a fresh build disagrees. */
function differences(): string[] {
  const state = standIn.getSpreadsheet(id);
  if (!state) throw new Error('no spreadsheet');
  const fresh = { ...structuredClone(state), spreadsheetId: `${id}-fresh-${state.revision}` };
  const out: string[] = [];
  state.sheets.forEach((sheet, i) => {
    const twin = fresh.sheets[i];
    if (!twin) throw new Error('clone lost a tab');
    sheet.rows.forEach((row, r) => {
      row.forEach((_, c) => {
        const live = JSON.stringify(evaluate(state).value(sheet, r, c));
        const built = JSON.stringify(evaluate(fresh).value(twin, r, c));
        if (live !== built)
          out.push(`${sheet.properties.title}!R${r + 1}C${c + 1}: ${live} ≠ ${built}`);
      });
    });
  });
  return out;
}

describe('open ranges', () => {
  it('close at the height of the tab they point into', () => {
    const heights: Record<string, number> = { own: 50, 'số liệu': 229, "it's": 7 };
    const heightOf = (t: string | undefined) => heights[t === undefined ? 'own' : t.toLowerCase()];
    expect(toEngineFormula("=SUM('Số liệu'!F9:F)+SUM(F9:F)", heightOf)).toBe(
      "=SUM('Số liệu'!F9:F229)+SUM(F9:F50)",
    );
    expect(toEngineFormula("=COUNTA('It''s'!A2:A)&\"B2:B\"", heightOf)).toBe(
      "=COUNTA('It''s'!A2:A7)&\"B2:B\"",
    );
    expect(toEngineFormula('=ROWS(Nowhere!A2:A)', heightOf)).toBe('=ROWS(Nowhere!A2:A50)');
  });
});

describe('the live formula engine', () => {
  it('answers exactly what a fresh build answers after every kind of change', async () => {
    await put("'Số liệu'!A1:C4", [
      ['Đơn vị', 'Nhóm', 'Người'],
      ['Phường 1', 'Phường', 5],
      ['Trường A', 'Trường', 7],
      ['Phường 2', 'Phường', 11],
    ]);
    await put("'Tiến độ'!A1:E1", [
      [
        "=SUMIF('Số liệu'!B2:B,\"Phường\",'Số liệu'!C2:C)",
        "=ROWS('Số liệu'!A2:A)",
        "=COUNTA('Số liệu'!A2:A)",
        '=TEXTJOIN(",",TRUE,\'Số liệu\'!A2:A4)',
        "=SUM('Mới'!A1:A)",
      ],
    ]);
    expect(await get("'Tiến độ'!A1:C1")).toEqual([[16, 999, 3]]);
    expect(differences()).toEqual([]);

    // A failed batch commits nothing, so the engine has nothing to undo.
    await failure(
      batch([
        {
          updateCells: {
            start: { sheetId: sheetId('Số liệu'), rowIndex: 1, columnIndex: 2 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 500 } }] }],
            fields: 'userEnteredValue',
          },
        },
        {
          updateCells: {
            start: { sheetId: sheetId('Số liệu'), rowIndex: 5000 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 1 } }] }],
            fields: 'userEnteredValue',
          },
        },
      ]),
    );
    expect(await get("'Tiến độ'!A1")).toEqual([[16]]);

    // Growing a tab re-closes the open ranges pointing into it.
    await batch([
      { appendDimension: { sheetId: sheetId('Số liệu'), dimension: 'ROWS', length: 500 } },
    ]);
    expect(await get("'Tiến độ'!B1")).toEqual([[1499]]);
    await put("'Số liệu'!A1200:C1200", [['Phường 9', 'Phường', 100]]);
    expect(await get("'Tiến độ'!A1:C1")).toEqual([[116, 1499, 4]]);
    expect(differences()).toEqual([]);

    // Rows shift under formulas whose text stays as written.
    await batch([
      {
        insertDimension: {
          range: { sheetId: sheetId('Số liệu'), dimension: 'ROWS', startIndex: 1, endIndex: 3 },
        },
      },
    ]);
    await put("'Số liệu'!A2:C3", [
      ['Phường 3', 'Phường', 1],
      ['Phường 4', 'Phường', 2],
    ]);
    expect(differences()).toEqual([]);
    await batch([
      {
        deleteDimension: {
          range: { sheetId: sheetId('Số liệu'), dimension: 'ROWS', startIndex: 0, endIndex: 2 },
        },
      },
    ]);
    expect(differences()).toEqual([]);
  });

  it('recomputes a row’s formula between changed figures, row after row, as a fresh build does', async () => {
    await put("'Số liệu'!A1:D3", [
      [1, '=A1*10', 2, '=SUM(A1:A3)+C1'],
      [3, '=A2*10', 4, '=B1+B2'],
      [5, '=A3*10', 6, '=SUM(B1:B3)'],
    ]);
    // One write: the figures on both sides of column B change on every row; B's formulas stay.
    await put("'Số liệu'!A1:C3", [
      [7, '=A1*10', 70],
      [8, '=A2*10', 80],
      [9, '=A3*10', 90],
    ]);
    expect(await get("'Số liệu'!B1:D3")).toEqual([
      [70, 70, 94],
      [80, 80, 150],
      [90, 90, 240],
    ]);
    expect(differences()).toEqual([]);
  });

  it('keeps committed cells frozen, so a draft cannot change history', async () => {
    await put("'Tiến độ'!A1", [['x']]);
    const cell = standIn.getSpreadsheet(id)?.sheets[0]?.rows[0]?.[0];
    expect(cell && Object.isFrozen(cell)).toBe(true);
    expect(cell && Object.isFrozen(cell.userEnteredValue)).toBe(true);
  });

  it('matches SUMIF and COUNTIF criteria ignoring case but not accents, as Google does', async () => {
    await put("'Tiến độ'!A1:B4", [
      ['Trường', 1],
      ['TRƯỜNG', 2],
      ['Truong', 4],
      ['Phường', 8],
    ]);
    await put("'Tiến độ'!D1:E1", [['=SUMIF(A1:A4,"trường",B1:B4)', '=COUNTIF(A1:A4,"truong")']]);
    expect(await get("'Tiến độ'!D1:E1")).toEqual([[3, 1]]);
  });

  it.each([
    { criterion: '"trường"', expected: 3 },
    { criterion: '"*ường"', expected: 11 },
    { criterion: '"Tr?ong"', expected: 4 },
    { criterion: '">3"', expected: 32 },
    { criterion: '""', expected: 16 },
    // A summed cell's error reaches the total, as in Google.
    { criterion: '"<>Phường"', expected: '#DIV/0!' },
  ])('sums with SUMIF criterion $criterion as Google does', async ({ criterion, expected }) => {
    await put("'Tiến độ'!A1:B7", [
      ['Trường', 1],
      ['TRƯỜNG', 2],
      ['Truong', 4],
      ['Phường', 8],
      ['', 16],
      [5, 32],
      ['Khác', '=1/0'],
    ]);
    await put("'Tiến độ'!D1", [[`=SUMIF(A1:A7,${criterion},B1:B7)`]]);
    expect(await get("'Tiến độ'!D1")).toEqual([[expected]]);
  });

  it('leaves an empty hidden tab out of the engine: adding and removing one changes no value', async () => {
    await put("'Tiến độ'!A1:B1", [[2, '=A1*3']]);
    await batch([{ addSheet: { properties: { sheetId: 77, title: 'khóa', hidden: true } } }]);
    await batch([
      { deleteSheet: { sheetId: 77 } },
      { addSheet: { properties: { sheetId: 78, title: 'khóa', hidden: true } } },
    ]);
    await put("'Tiến độ'!A1", [[5]]);
    expect(await get("'Tiến độ'!B1")).toEqual([[15]]);
    expect(differences()).toEqual([]);
  });

  it.each([
    {
      name: 'a formula added later that names the log sees the log’s values',
      change: async () => put("'Tiến độ'!B1", [["=SUM('Nhật ký'!A1:A)"]]),
      read: "'Tiến độ'!B1",
      expected: [[6]],
    },
    {
      name: 'a formula that counts the log sees the rows written after it',
      change: async () => {
        await put("'Tiến độ'!B1", [["=COUNT('Nhật ký'!A1:A10)"]]);
        await put("'Nhật ký'!A4", [[8]]);
      },
      read: "'Tiến độ'!B1",
      expected: [[4]],
    },
    {
      // The stand-in has no rename; a tab added under a title a formula names is the same case.
      name: 'a tab is added under the title a formula already names',
      change: async () => {
        await put("'Tiến độ'!B1", [["=SUM('Sổ'!A1:A)"]]);
        await batch([{ addSheet: { properties: { title: 'Sổ' } } }]);
        await put("'Sổ'!A1:A2", [[2], [4]]);
      },
      read: "'Tiến độ'!B1",
      expected: [[6]],
    },
    {
      name: 'the formula naming the log goes, the log changes, and one names it again',
      change: async () => {
        await put("'Tiến độ'!B1", [["=SUM('Nhật ký'!A1:A)"]]);
        await batch([
          {
            updateCells: {
              start: { sheetId: sheetId('Tiến độ'), rowIndex: 0, columnIndex: 1 },
              rows: [{ values: [{}] }],
              fields: 'userEnteredValue',
            },
          },
        ]);
        await put("'Nhật ký'!A1", [[10]]);
        await put("'Tiến độ'!C1", [["=SUM('Nhật ký'!A1:A)"]]);
      },
      read: "'Tiến độ'!C1",
      expected: [[15]],
    },
    {
      name: 'a formula in the log itself',
      change: async () => put("'Nhật ký'!B1", [['=SUM(A1:A3)*2']]),
      read: "'Nhật ký'!B1",
      expected: [[12]],
    },
  ])(
    'keeps a tab no formula reads out of the engine, and brings it in when $name',
    async ({ change, read, expected }) => {
      await batch([{ addSheet: { properties: { title: 'Nhật ký' } } }]);
      await put("'Nhật ký'!A1:A3", [[1], [2], [3]]);
      await put("'Tiến độ'!A1", [['=1+1']]);
      await change();
      expect(await get(read)).toEqual(expected);
      expect(differences()).toEqual([]);
    },
  );

  it('closes an open range at its tab’s new height, whichever other tab grows meanwhile', async () => {
    await put("'Tiến độ'!A1:B2", [
      [1, '=SUM(A1:A)'],
      [2, "=SUM('Số liệu'!A1:A)"],
    ]);
    await put("'Số liệu'!A1", [[10]]);
    // Another tab grows (as the log does with every sync write): nothing to re-close.
    await batch([
      { appendDimension: { sheetId: sheetId('Số liệu'), dimension: 'ROWS', length: 5 } },
    ]);
    await put("'Số liệu'!A1004", [[5]]);
    // The tab the first sum reads grows too, and gets a figure in its new rows.
    await batch([
      { appendDimension: { sheetId: sheetId('Tiến độ'), dimension: 'ROWS', length: 5 } },
    ]);
    await put("'Tiến độ'!A1003", [[4]]);
    expect(await get("'Tiến độ'!B1:B2")).toEqual([[7], [15]]);
    expect(differences()).toEqual([]);
  });
});
