// sortRange and moveDimension through the real client, and developer metadata staying on its rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SheetsStandIn } from './server.ts';
import { createBook, failure, type SheetsApi, standInWithClient } from './testing.ts';

let standIn: SheetsStandIn;
let api: SheetsApi;
let id: string;
let so: number;

beforeEach(async () => {
  ({ standIn, api } = await standInWithClient());
  id = await createBook(api, ['Số liệu']);
  so = standIn.getSpreadsheet(id)?.sheets[0]?.properties.sheetId ?? -1;
});
afterEach(() => standIn.close());

const batch = (requests: object[]) =>
  api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } });

const put = (range: string, values: unknown[][], valueInputOption = 'RAW') =>
  api.spreadsheets.values.update({
    spreadsheetId: id,
    range: `'Số liệu'!${range}`,
    valueInputOption,
    requestBody: { values },
  });

const read = async (range: string) =>
  (
    await api.spreadsheets.values.get({
      spreadsheetId: id,
      range: `'Số liệu'!${range}`,
      valueRenderOption: 'UNFORMATTED_VALUE',
    })
  ).data.values ?? [];

/**
 * The rows each metadata key is on now. Read from the stand-in: it does not yet render row
 * metadata into GridData's rowMetadata, where the client would find it.
 */
function metadataRows(): Record<string, [number, number]> {
  return Object.fromEntries(
    (standIn.getSpreadsheet(id)?.developerMetadata ?? []).map((m) => {
      const range = (m.location as { dimensionRange: { startIndex: number; endIndex: number } })
        .dimensionRange;
      return [m.metadataKey, [range.startIndex, range.endIndex]];
    }),
  );
}

const rowMetadata = (key: string, row: number) => ({
  createDeveloperMetadata: {
    developerMetadata: {
      metadataKey: key,
      location: {
        dimensionRange: { sheetId: so, dimension: 'ROWS', startIndex: row, endIndex: row + 1 },
      },
      visibility: 'DOCUMENT',
    },
  },
});

describe('developer metadata on rows', () => {
  it('stays on its row when rows are inserted above it and goes when its row is deleted', async () => {
    await batch([rowMetadata('p-1', 3), rowMetadata('p-2', 5)]);
    await batch([
      {
        insertDimension: { range: { sheetId: so, dimension: 'ROWS', startIndex: 1, endIndex: 3 } },
      },
    ]);
    expect(metadataRows()).toEqual({ 'p-1': [5, 6], 'p-2': [7, 8] });
    await batch([
      {
        deleteDimension: { range: { sheetId: so, dimension: 'ROWS', startIndex: 5, endIndex: 6 } },
      },
    ]);
    expect(metadataRows()).toEqual({ 'p-2': [6, 7] });
  });
});

describe('moveDimension', () => {
  it('moves rows to a destination counted before they are taken out (Google’s example)', async () => {
    await put('A1:B5', [
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
      [4, 'e'],
    ]);
    await batch([
      rowMetadata('hàng 1', 1),
      rowMetadata('hàng 3', 3),
      {
        mergeCells: {
          range: {
            sheetId: so,
            startRowIndex: 3,
            endRowIndex: 4,
            startColumnIndex: 2,
            endColumnIndex: 4,
          },
          mergeType: 'MERGE_ALL',
        },
      },
    ]);
    await batch([
      {
        moveDimension: {
          source: { sheetId: so, dimension: 'ROWS', startIndex: 1, endIndex: 3 },
          destinationIndex: 4,
        },
      },
    ]);
    expect(await read('A1:B5')).toEqual([
      [0, 'a'],
      [3, 'd'],
      [1, 'b'],
      [2, 'c'],
      [4, 'e'],
    ]);
    expect(metadataRows()).toEqual({ 'hàng 1': [2, 3], 'hàng 3': [1, 2] });
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.merges).toEqual([
      { sheetId: so, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 2, endColumnIndex: 4 },
    ]);
  });

  it('moves columns left, with their widths', async () => {
    await put('A1:D1', [['A', 'B', 'C', 'D']]);
    await batch([
      {
        updateDimensionProperties: {
          range: { sheetId: so, dimension: 'COLUMNS', startIndex: 3, endIndex: 4 },
          properties: { pixelSize: 240 },
          fields: 'pixelSize',
        },
      },
      {
        moveDimension: {
          source: { sheetId: so, dimension: 'COLUMNS', startIndex: 3, endIndex: 4 },
          destinationIndex: 1,
        },
      },
    ]);
    expect(await read('A1:D1')).toEqual([['A', 'D', 'B', 'C']]);
    expect(standIn.getSpreadsheet(id)?.sheets[0]?.columnMetadata[1]).toEqual({ pixelSize: 240 });
  });

  it('refuses a destination inside the rows being moved, and part of a merge', async () => {
    const inside = await failure(
      batch([
        {
          moveDimension: {
            source: { sheetId: so, dimension: 'ROWS', startIndex: 1, endIndex: 4 },
            destinationIndex: 2,
          },
        },
      ]),
    );
    expect(inside.status).toBe(400);
    await batch([
      {
        mergeCells: {
          range: {
            sheetId: so,
            startRowIndex: 0,
            endRowIndex: 2,
            startColumnIndex: 0,
            endColumnIndex: 1,
          },
          mergeType: 'MERGE_ALL',
        },
      },
    ]);
    const split = await failure(
      batch([
        {
          moveDimension: {
            source: { sheetId: so, dimension: 'ROWS', startIndex: 1, endIndex: 2 },
            destinationIndex: 5,
          },
        },
      ]),
    );
    expect(split.status).toBe(400);
  });
});

const sortRows = (sortSpecs: object[], range: object = {}) =>
  batch([
    {
      sortRange: {
        range: {
          sheetId: so,
          startRowIndex: 1,
          endRowIndex: 6,
          startColumnIndex: 0,
          endColumnIndex: 3,
          ...range,
        },
        sortSpecs,
      },
    },
  ]);

describe('sortRange', () => {
  beforeEach(async () => {
    // A header row, five data rows, and a column D outside the range that must not move.
    await put('A1:D6', [
      ['Đơn vị', 'Số', 'Trạng thái', 'ngoài'],
      ['Phường 3', 12, 'Đã nộp', 'd2'],
      ['Phường 1', '', 'Chưa nộp', 'd3'],
      ['phường 2', 'muộn', 'Đã nộp', 'd4'],
      ['Phường 10', 3, 'Chưa nộp', 'd5'],
      ['Phường 4', 12, 'Chưa nộp', 'd6'],
    ]);
  });

  it('sorts the range’s rows by a column, leaving the header and the columns outside in place', async () => {
    await sortRows([{ dimensionIndex: 0, sortOrder: 'ASCENDING' }]);
    expect(await read('A1:D6')).toEqual([
      ['Đơn vị', 'Số', 'Trạng thái', 'ngoài'],
      ['Phường 1', '', 'Chưa nộp', 'd2'],
      ['Phường 10', 3, 'Chưa nộp', 'd3'],
      ['phường 2', 'muộn', 'Đã nộp', 'd4'],
      ['Phường 3', 12, 'Đã nộp', 'd5'],
      ['Phường 4', 12, 'Chưa nộp', 'd6'],
    ]);
  });

  it('puts numbers before text and blanks last, in both orders', async () => {
    await sortRows([{ dimensionIndex: 1, sortOrder: 'ASCENDING' }]);
    expect(await read('A2:B6')).toEqual([
      ['Phường 10', 3],
      ['Phường 3', 12],
      ['Phường 4', 12],
      ['phường 2', 'muộn'],
      ['Phường 1'],
    ]);
    await sortRows([{ dimensionIndex: 1, sortOrder: 'DESCENDING' }]);
    expect(await read('A2:B6')).toEqual([
      ['phường 2', 'muộn'],
      ['Phường 3', 12],
      ['Phường 4', 12],
      ['Phường 10', 3],
      ['Phường 1'],
    ]);
  });

  it('breaks ties with the next spec and keeps equal rows in their order', async () => {
    await sortRows([
      { dimensionIndex: 2, sortOrder: 'DESCENDING' },
      { dimensionIndex: 1, sortOrder: 'ASCENDING' },
    ]);
    expect((await read('A2:A6')).map((r) => r[0])).toEqual([
      'Phường 3',
      'phường 2',
      'Phường 10',
      'Phường 4',
      'Phường 1',
    ]);
  });

  it('sorts formulas by what they compute', async () => {
    await put('E2:E6', [['=B2*0+5'], ['=1'], ['=3'], ['=2'], ['=4']], 'USER_ENTERED');
    await sortRows([{ dimensionIndex: 4 }], { endColumnIndex: 5 });
    // E2's formula computes 5 (B2 * 0 + 5), the others their constants.
    expect((await read('A2:A6')).map((r) => r[0])).toEqual([
      'Phường 1',
      'Phường 10',
      'phường 2',
      'Phường 4',
      'Phường 3',
    ]);
  });

  it('carries the developer metadata of each row along with it', async () => {
    await batch([rowMetadata('p-3', 1), rowMetadata('p-1', 2), rowMetadata('p-10', 4)]);
    await sortRows([{ dimensionIndex: 0, sortOrder: 'ASCENDING' }]);
    expect(metadataRows()).toEqual({ 'p-1': [1, 2], 'p-10': [2, 3], 'p-3': [4, 5] });
  });

  it('refuses merges across its rows, a sort column outside the range and sorting by colour', async () => {
    const outside = await failure(sortRows([{ dimensionIndex: 3 }]));
    expect(outside.status).toBe(400);
    const colour = await failure(sortRows([{ dimensionIndex: 0, backgroundColor: { red: 1 } }]));
    expect(colour.status).toBe(400);
    await batch([
      {
        mergeCells: {
          range: {
            sheetId: so,
            startRowIndex: 2,
            endRowIndex: 4,
            startColumnIndex: 2,
            endColumnIndex: 3,
          },
          mergeType: 'MERGE_ALL',
        },
      },
    ]);
    const merged = await failure(sortRows([{ dimensionIndex: 0 }]));
    expect(merged.status).toBe(400);
    expect((await read('A2:A2'))[0]?.[0]).toBe('Phường 3');
  });
});
