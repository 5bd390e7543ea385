import { describe, expect, it } from 'vitest';
import { encodeBody } from './checked-write.ts';

describe('a batchUpdate body encoded a request at a time', () => {
  it.each([
    ['no requests', { requests: [] }],
    [
      'Vietnamese text and numbers',
      {
        requests: [
          {
            updateCells: {
              rows: [{ values: [{ userEnteredValue: { stringValue: 'Phường Tân Thuận Đông' } }] }],
            },
          },
          { updateCells: { rows: [{ values: [{ userEnteredValue: { numberValue: 1500000 } }] }] } },
        ],
      },
    ],
    [
      'the landing ranges asked back',
      {
        requests: [{ appendDimension: { sheetId: 4, dimension: 'ROWS', length: 2 } }],
        includeSpreadsheetInResponse: true,
        responseRanges: ["'Tiến độ'!1:2", "'Tiến độ'!B:D"],
        responseIncludeGridData: true,
      },
    ],
    [
      'quotes, backslashes and line breaks',
      {
        requests: [
          {
            updateCells: {
              rows: [{ values: [{ userEnteredValue: { stringValue: 'a "b" \\ c\nd\u2028e' } }] }],
            },
          },
        ],
      },
    ],
  ])('is the JSON of the whole body: %s', (_what, body) => {
    const text = Buffer.from(encodeBody(body)).toString('utf8');
    expect(JSON.parse(text)).toEqual(body);
    expect(text).toBe(JSON.stringify(body));
  });
});
