import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SheetsStandIn } from './server.ts';
import { createBook, failure, type SheetsApi, standInWithClient } from './testing.ts';

let standIn: SheetsStandIn;
let api: SheetsApi;
let id: string;

beforeEach(async () => {
  ({ standIn, api } = await standInWithClient());
  id = await createBook(api, ['Tiến độ', 'Số liệu', "It's"]);
});
afterEach(() => standIn.close());

const put = (range: string, values: unknown[][], valueInputOption = 'USER_ENTERED') =>
  api.spreadsheets.values.update({
    spreadsheetId: id,
    range,
    valueInputOption,
    requestBody: { values },
  });
const get = async (
  range: string,
  options: { valueRenderOption?: string; majorDimension?: string } = {},
) => (await api.spreadsheets.values.get({ spreadsheetId: id, range, ...options })).data;

describe('values with Vietnamese sheet names', () => {
  it('writes and reads through quoted Unicode ranges and answers ranges in Google’s form', async () => {
    const res = await put("'Tiến độ'!A1:B2", [
      ['Đơn vị', 'Trạng thái'],
      ['UBND Phường Tân Phong', 'Đã nộp'],
    ]);
    expect(res.data).toMatchObject({
      updatedRange: "'Tiến độ'!A1:B2",
      updatedRows: 2,
      updatedColumns: 2,
      updatedCells: 4,
    });
    expect(await get("'Tiến độ'!A1:C5")).toEqual({
      range: "'Tiến độ'!A1:C5",
      majorDimension: 'ROWS',
      values: [
        ['Đơn vị', 'Trạng thái'],
        ['UBND Phường Tân Phong', 'Đã nộp'],
      ],
    });
    await put("'It''s'!A1", [['ok']]);
    expect((await get("'It''s'!A1")).values).toEqual([['ok']]);
  });

  it('answers 400 "Unable to parse range" for an unknown sheet', async () => {
    const { status, error } = await failure(get("'Không có'!A1"));
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 400,
      message: "Unable to parse range: 'Không có'!A1",
      status: 'INVALID_ARGUMENT',
    });
  });

  it('refuses to write past the grid as Google does', async () => {
    const { status, error } = await failure(put("'Số liệu'!A1001", [['x']]));
    expect(status).toBe(400);
    expect(error.message).toBe(
      "Range ('Số liệu'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    );
  });
});

describe('valueInputOption', () => {
  it.each([
    ['RAW', '=1+1', '=1+1', '=1+1'],
    ['USER_ENTERED', '=1+1', 2, '=1+1'],
    ['USER_ENTERED', "'=1+1", '=1+1', '=1+1'],
    ['RAW', '0123', '0123', '0123'],
    ['USER_ENTERED', '0123', 123, 123],
    ['USER_ENTERED', 'TRUE', true, true],
    // Past a double's range: no number to store, so it stays the text typed.
    ['USER_ENTERED', '1e999', '1e999', '1e999'],
  ])(
    '%s %s is stored so that UNFORMATTED shows %j and FORMULA shows %j',
    async (option, input, unformatted, formula) => {
      await put("'Số liệu'!A1", [[input]], option);
      expect(
        (await get("'Số liệu'!A1", { valueRenderOption: 'UNFORMATTED_VALUE' })).values,
      ).toEqual([[unformatted]]);
      expect((await get("'Số liệu'!A1", { valueRenderOption: 'FORMULA' })).values).toEqual([
        [formula],
      ]);
    },
  );
});

describe('formulas', () => {
  it('a cross-sheet SUM follows an update of the sheet it reads', async () => {
    await put("'Số liệu'!B1:B3", [[10], [20], [30]]);
    await put("'Tiến độ'!A1", [["=SUM('Số liệu'!B1:B3)"]]);
    expect((await get("'Tiến độ'!A1")).values).toEqual([['60']]);
    await put("'Số liệu'!B2", [[200]]);
    expect((await get("'Tiến độ'!A1")).values).toEqual([['240']]);
  });

  it('evaluates the functions the master sheet uses, including open-ended ranges', async () => {
    await put("'Số liệu'!A1:C4", [
      ['Đơn vị', 'Nhóm', 'Người'],
      ['Phường 1', 'Phường', 5],
      ['Trường A', 'Trường', 7],
      ['Phường 2', 'Phường', 11],
    ]);
    await put("'Tiến độ'!A1:F1", [
      [
        "=SUMIF('Số liệu'!B2:B,\"Phường\",'Số liệu'!C2:C)",
        '=COUNTIF(\'Số liệu\'!B:B,"Phường")',
        "=COUNTA('Số liệu'!A2:A)",
        '=IFERROR(1/0,"không có")',
        '=ROUND(2/3,2)',
        '="Đã nộp "&B1&"/"&C1',
      ],
    ]);
    expect(
      (await get("'Tiến độ'!A1:F1", { valueRenderOption: 'UNFORMATTED_VALUE' })).values,
    ).toEqual([[16, 2, 3, 'không có', 0.67, 'Đã nộp 2/3']]);
  });

  it('shows formula errors as Google does', async () => {
    await put("'Tiến độ'!A1:B1", [['=1/0', "='Không có'!A1"]]);
    expect((await get("'Tiến độ'!A1:B1")).values).toEqual([['#DIV/0!', '#REF!']]);
    const sheet = await api.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'Tiến độ'!A1"],
      includeGridData: true,
    });
    const cell = sheet.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
    expect(cell?.effectiveValue?.errorValue?.type).toBe('DIVIDE_BY_ZERO');
    expect(cell?.formattedValue).toBe('#DIV/0!');
    expect(cell?.userEnteredValue).toEqual({ formulaValue: '=1/0' });
  });
});

describe('render options and shapes', () => {
  beforeEach(async () => {
    await put("'Số liệu'!A1:C2", [
      ['Tên', 1500000, '=B1*2'],
      ['Khác', 0.5, ''],
    ]);
    await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            repeatCell: {
              range: {
                sheetId: await sheetId('Số liệu'),
                startRowIndex: 0,
                endRowIndex: 1,
                startColumnIndex: 1,
                endColumnIndex: 3,
              },
              cell: { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '#,##0' } } },
              fields: 'userEnteredFormat.numberFormat',
            },
          },
        ],
      },
    });
  });

  async function sheetId(title: string): Promise<number> {
    const res = await api.spreadsheets.get({ spreadsheetId: id });
    const found = res.data.sheets?.find((s) => s.properties?.title === title)?.properties?.sheetId;
    if (found === undefined || found === null) throw new Error(`no sheet ${title}`);
    return found;
  }

  it.each([
    [
      'FORMATTED_VALUE',
      [
        ['Tên', '1.500.000', '3.000.000'],
        ['Khác', '0,5'],
      ],
    ],
    [
      'UNFORMATTED_VALUE',
      [
        ['Tên', 1500000, 3000000],
        ['Khác', 0.5],
      ],
    ],
    [
      'FORMULA',
      [
        ['Tên', 1500000, '=B1*2'],
        ['Khác', 0.5],
      ],
    ],
  ])('%s renders values', async (valueRenderOption, values) => {
    expect((await get("'Số liệu'!A1:D10", { valueRenderOption })).values).toEqual(values);
  });

  it('refuses a body option it does not emulate rather than drop it', async () => {
    const { status, error } = await failure(
      api.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          valueInputOption: 'RAW',
          includeValuesInResponse: true,
          data: [{ range: "'Số liệu'!A1", values: [['x']] }],
        },
      }),
    );
    expect(status).toBe(400);
    expect(error.message).toContain('"includeValuesInResponse"');
  });

  it('refuses majorDimension COLUMNS rather than misread it', async () => {
    const { status, error } = await failure(get("'Số liệu'!A1:B2", { majorDimension: 'COLUMNS' }));
    expect(status).toBe(400);
    expect(error.message).toContain('majorDimension');
  });

  it.each([
    ["'Số liệu'", "'Số liệu'!A1:Z1000", 2],
    ["'Số liệu'!A:B", "'Số liệu'!A1:B1000", 2],
    ["'Số liệu'!2:5", "'Số liệu'!A2:Z5", 1],
    ["'Số liệu'!B2:C", "'Số liệu'!B2:C1000", 1],
    ["'Số liệu'!A1:1", "'Số liệu'!A1:Z1", 1],
  ])(
    'whole and open range %s reads as %s with trailing empties trimmed',
    async (range, answered, rows) => {
      const data = await get(range);
      expect(data.range).toBe(answered);
      expect(data.values).toHaveLength(rows);
    },
  );

  it('an empty range answers without values', async () => {
    expect(await get("'Tiến độ'!A1:B2")).toEqual({
      range: "'Tiến độ'!A1:B2",
      majorDimension: 'ROWS',
    });
  });

  it('batchGet answers one ValueRange per range', async () => {
    const res = await api.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["'Số liệu'!A1", "'Số liệu'!B1"],
    });
    expect(res.data.valueRanges?.map((v) => v.values)).toEqual([[['Tên']], [['1.500.000']]]);
  });
});

describe('values.batchUpdate', () => {
  it('batchUpdate of values writes several ranges in one request', async () => {
    const res = await api.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: "'Số liệu'!A1", values: [[1, 2]] },
          { range: "'Tiến độ'!A1", values: [["='Số liệu'!A1+'Số liệu'!B1"]] },
        ],
      },
    });
    expect(res.data).toMatchObject({ totalUpdatedCells: 3, totalUpdatedSheets: 2 });
    expect(res.data.responses?.[1]?.updatedRange).toBe("'Tiến độ'!A1");
    expect((await get("'Tiến độ'!A1")).values).toEqual([['3']]);
  });
});
