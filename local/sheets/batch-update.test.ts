import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const batch = (requests: object[], extra: object = {}) =>
  api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests, ...extra } });
const sheetIdOf = (title: string) => {
  const sheet = standIn.getSpreadsheet(id)?.sheets.find((s) => s.properties.title === title);
  if (!sheet) throw new Error(`no sheet ${title}`);
  return sheet.properties.sheetId;
};

describe('batchUpdate', () => {
  it('applies the setup requests the product sends and answers Google’s replies', async () => {
    const so = sheetIdOf('Số liệu');
    const res = await batch([
      {
        updateCells: {
          start: { sheetId: so, rowIndex: 0, columnIndex: 0 },
          rows: [
            {
              values: [
                { userEnteredValue: { stringValue: '=1+1' } },
                { userEnteredValue: { formulaValue: '=2*3' } },
              ],
            },
            { values: [{ userEnteredValue: { numberValue: 7 } }] },
          ],
          fields: 'userEnteredValue',
        },
      },
      {
        repeatCell: {
          range: { sheetId: so, startRowIndex: 0, endRowIndex: 1 },
          cell: { userEnteredFormat: { textFormat: { bold: true } } },
          fields: 'userEnteredFormat.textFormat.bold',
        },
      },
      {
        mergeCells: {
          range: {
            sheetId: so,
            startRowIndex: 5,
            endRowIndex: 6,
            startColumnIndex: 0,
            endColumnIndex: 3,
          },
          mergeType: 'MERGE_ALL',
        },
      },
      {
        updateDimensionProperties: {
          range: { sheetId: so, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
          properties: { pixelSize: 240 },
          fields: 'pixelSize',
        },
      },
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: so, startRowIndex: 0, endRowIndex: 1 },
            description: 'Công thức',
            warningOnly: true,
          },
        },
      },
      {
        addConditionalFormatRule: {
          rule: {
            ranges: [{ sheetId: so }],
            booleanRule: {
              condition: { type: 'TEXT_EQ', values: [{ userEnteredValue: 'Chưa nộp' }] },
              format: { backgroundColor: { red: 1 } },
            },
          },
          index: 0,
        },
      },
      {
        addChart: {
          chart: {
            spec: { title: 'Tiến độ nộp' },
            position: {
              overlayPosition: { anchorCell: { sheetId: so, rowIndex: 2, columnIndex: 4 } },
            },
          },
        },
      },
      {
        setDataValidation: {
          range: {
            sheetId: so,
            startRowIndex: 1,
            endRowIndex: 3,
            startColumnIndex: 1,
            endColumnIndex: 2,
          },
          rule: {
            condition: { type: 'NUMBER_GREATER_THAN_EQ', values: [{ userEnteredValue: '0' }] },
            strict: true,
          },
        },
      },
      {
        updateBorders: {
          range: {
            sheetId: so,
            startRowIndex: 0,
            endRowIndex: 2,
            startColumnIndex: 0,
            endColumnIndex: 2,
          },
          top: { style: 'SOLID' },
          innerHorizontal: { style: 'DOTTED' },
        },
      },
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: 'baocao.checkpoint',
            metadataValue: '2021-10-01T00:00:00Z',
            location: { spreadsheet: true },
            visibility: 'DOCUMENT',
          },
        },
      },
    ]);
    const replies = res.data.replies ?? [];
    expect(replies).toHaveLength(10);
    expect(replies[0]).toEqual({});
    expect(replies[4]?.addProtectedRange?.protectedRange?.protectedRangeId).toEqual(
      expect.any(Number),
    );
    expect(replies[6]?.addChart?.chart?.chartId).toEqual(expect.any(Number));
    expect(replies[9]?.createDeveloperMetadata?.developerMetadata).toMatchObject({
      metadataKey: 'baocao.checkpoint',
      location: { locationType: 'SPREADSHEET', spreadsheet: true },
    });

    const got = await api.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["'Số liệu'!A1:B2"],
      includeGridData: true,
    });
    expect(got.data.developerMetadata?.[0]?.metadataValue).toBe('2021-10-01T00:00:00Z');
    const sheet = got.data.sheets?.[0];
    expect(sheet?.merges).toEqual([
      { sheetId: so, startRowIndex: 5, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 3 },
    ]);
    expect(sheet?.protectedRanges?.[0]?.description).toBe('Công thức');
    expect(sheet?.conditionalFormats).toHaveLength(1);
    expect(sheet?.charts?.[0]?.spec?.title).toBe('Tiến độ nộp');
    const rows = sheet?.data?.[0]?.rowData ?? [];
    expect(rows[0]?.values?.[0]).toMatchObject({
      userEnteredValue: { stringValue: '=1+1' },
      formattedValue: '=1+1',
      userEnteredFormat: { textFormat: { bold: true }, borders: { top: { style: 'SOLID' } } },
    });
    expect(rows[0]?.values?.[1]).toMatchObject({
      userEnteredValue: { formulaValue: '=2*3' },
      effectiveValue: { numberValue: 6 },
      formattedValue: '6',
    });
    expect(rows[1]?.values?.[0]).toMatchObject({
      userEnteredValue: { numberValue: 7 },
      userEnteredFormat: { borders: { top: { style: 'DOTTED' } } },
    });
    expect(rows[1]?.values?.[1]?.dataValidation?.strict).toBe(true);
    expect(sheet?.data?.[0]?.columnMetadata?.[0]?.pixelSize).toBe(240);
  });

  it('a failed sub-request leaves the spreadsheet unchanged and answers Google’s 400', async () => {
    const before = structuredClone(standIn.getSpreadsheet(id));
    const { status, error } = await failure(
      batch([
        { appendDimension: { sheetId: 0, dimension: 'ROWS', length: 10 } },
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 0, columnIndex: 0 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 1 } }] }],
            fields: 'userEnteredValue',
          },
        },
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 5000, columnIndex: 0 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 1 } }] }],
            fields: 'userEnteredValue',
          },
        },
      ]),
    );
    expect(status).toBe(400);
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(
      /^Invalid requests\[2\]\.updateCells: Range \('Tiến độ'!A5001\) exceeds grid limits/,
    );
    expect(standIn.getSpreadsheet(id)).toEqual(before);
  });

  it.each([
    [
      { findReplace: { find: 'a', replacement: 'b', allSheets: true } },
      'Unknown name "findReplace" at \'requests[1]\'',
    ],
    [
      { updateCells: { start: { sheetId: 987654 }, rows: [], fields: 'userEnteredValue' } },
      'Invalid requests[1].updateCells: No grid with id: 987654',
    ],
    [
      { deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0 } } },
      "Invalid requests[1].deleteDimension: You can't delete all the rows on the sheet.",
    ],
    [
      { mergeCells: { range: { sheetId: 0, endRowIndex: 2 }, mergeType: 'MERGE_ROWS' } },
      'Invalid requests[1].mergeCells: mergeType',
    ],
    [
      { repeatCell: { range: { sheetId: 0 }, cell: {} } },
      'Invalid requests[1].repeatCell: At least one field must be updated',
    ],
    [
      { deleteSheet: { sheetId: 424242 } },
      'Invalid requests[1].deleteSheet: No grid with id: 424242',
    ],
    [
      { addSheet: { properties: { sheetId: 0, title: 'Khác' } } },
      'Invalid requests[1].addSheet: Sheet with id 0 already exists.',
    ],
  ])('rejects %j as a whole batch, naming the request', async (bad, message) => {
    const { status, error } = await failure(
      batch([{ appendDimension: { sheetId: 0, dimension: 'ROWS', length: 5 } }, bad]),
    );
    expect(status).toBe(400);
    expect(error.message).toContain(message);
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.properties.gridProperties.rowCount).toBe(1000);
  });

  it('deleteSheet removes the tab and its metadata; a tab of that id can be added again', async () => {
    const so = sheetIdOf('Số liệu');
    await batch([
      {
        createDeveloperMetadata: {
          developerMetadata: { metadataKey: 'k', metadataValue: '1', location: { sheetId: so } },
        },
      },
    ]);
    await batch([
      { deleteSheet: { sheetId: so } },
      { addSheet: { properties: { sheetId: so + 1, title: 'Số liệu', hidden: true } } },
    ]);
    const book = standIn.getSpreadsheet(id);
    expect(
      book?.sheets.map((s) => [s.properties.title, s.properties.sheetId, s.properties.index]),
    ).toEqual([
      ['Tiến độ', 0, 0],
      ['Số liệu', so + 1, 1],
    ]);
    expect(book?.developerMetadata).toEqual([]);
  });

  it('inserting and deleting rows moves cells, merges and the grid size', async () => {
    await api.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'Tiến độ'!A1:A3",
      valueInputOption: 'RAW',
      requestBody: { values: [['1'], ['2'], ['3']] },
    });
    await batch([
      { insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
      { deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } },
      { appendDimension: { sheetId: 0, dimension: 'COLUMNS', length: 4 } },
    ]);
    const data = await api.spreadsheets.values.get({ spreadsheetId: id, range: "'Tiến độ'!A1:A5" });
    expect(data.data.values).toEqual([[], [], ['2'], ['3']]);
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.properties.gridProperties).toMatchObject({
      rowCount: 1001,
      columnCount: 30,
    });
  });

  it('unmerges the merges a range holds whole, and refuses one it only partly covers', async () => {
    const range = (r0: number, r1: number, c0: number, c1: number) => ({
      sheetId: 0,
      startRowIndex: r0,
      endRowIndex: r1,
      startColumnIndex: c0,
      endColumnIndex: c1,
    });
    await batch([
      { mergeCells: { range: range(0, 1, 0, 3), mergeType: 'MERGE_ALL' } },
      { mergeCells: { range: range(2, 4, 0, 1), mergeType: 'MERGE_ALL' } },
    ]);
    const { status, error } = await failure(
      batch([{ unmergeCells: { range: range(0, 3, 0, 2) } }]),
    );
    expect(status).toBe(400);
    expect(error.message).toContain('You must select all cells in a merged range');
    await batch([{ unmergeCells: { range: range(0, 1, 0, 5) } }]);
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.merges).toEqual([range(2, 4, 0, 1)]);
  });

  it('updateProtectedRange and developer metadata updates behave as on Google', async () => {
    const so = sheetIdOf('Số liệu');
    const res = await batch([
      { addProtectedRange: { protectedRange: { range: { sheetId: so }, description: 'cũ' } } },
      {
        createDeveloperMetadata: {
          developerMetadata: { metadataKey: 'k', metadataValue: '1', location: { sheetId: so } },
        },
      },
    ]);
    const protectedRangeId =
      res.data.replies?.[0]?.addProtectedRange?.protectedRange?.protectedRangeId;
    const update = await batch([
      {
        updateProtectedRange: {
          protectedRange: { protectedRangeId, description: 'mới' },
          fields: 'description',
        },
      },
      {
        updateDeveloperMetadata: {
          dataFilters: [{ developerMetadataLookup: { metadataKey: 'k' } }],
          developerMetadata: { metadataValue: '2' },
          fields: 'metadataValue',
        },
      },
    ]);
    expect(
      update.data.replies?.[1]?.updateDeveloperMetadata?.developerMetadata?.[0]?.metadataValue,
    ).toBe('2');
    const got = await api.spreadsheets.get({ spreadsheetId: id });
    const sheet = got.data.sheets?.find((s) => s.properties?.sheetId === so);
    expect(sheet?.protectedRanges?.[0]?.description).toBe('mới');
    expect(sheet?.developerMetadata?.[0]).toMatchObject({
      metadataKey: 'k',
      metadataValue: '2',
      location: { locationType: 'SHEET', sheetId: so },
    });
  });

  it('honours the fields parameter on get', async () => {
    const res = await api.spreadsheets.get({
      spreadsheetId: id,
      fields: 'sheets(properties(title))',
    });
    expect(res.data).toEqual({
      sheets: [{ properties: { title: 'Tiến độ' } }, { properties: { title: 'Số liệu' } }],
    });
  });
});

describe('spreadsheets.create', () => {
  it('creates tabs with initial data and answers 404 for an unknown id', async () => {
    const res = await api.spreadsheets.create({
      requestBody: {
        properties: { title: 'Có dữ liệu', locale: 'vi_VN' },
        sheets: [
          {
            properties: { title: 'Báo cáo', gridProperties: { rowCount: 10, columnCount: 5 } },
            data: [
              {
                startRow: 1,
                rowData: [
                  {
                    values: [
                      {
                        userEnteredValue: { numberValue: 1500000 },
                        userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '#,##0' } },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(res.data.sheets?.[0]?.properties).toMatchObject({
      sheetId: 0,
      title: 'Báo cáo',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 10, columnCount: 5 },
    });
    const newId = res.data.spreadsheetId ?? '';
    const values = await api.spreadsheets.values.get({
      spreadsheetId: newId,
      range: 'Báo cáo!A1:B3',
    });
    expect(values.data.values).toEqual([[], ['1.500.000']]);
    const missing = await failure(api.spreadsheets.get({ spreadsheetId: 'khong-co' }));
    expect(missing).toEqual({
      status: 404,
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
  });
});
