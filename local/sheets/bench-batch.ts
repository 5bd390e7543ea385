// Times a sync sweep's big batchUpdate in the Sheets stand-in, validation and requests apart from the engine; run with `npx tsx`.
import { performance } from 'node:perf_hooks';
import type { JsonObject } from './model.ts';
import { runRequests } from './requests.ts';
import { batchUpdateSchema, createSchema, parseOrThrow } from './schemas.ts';
import { SheetsStore } from './store.ts';

const UNITS = 3000;
const DATA_COLUMNS = 30;
const LOG_ROWS = 500;
const LOG_COLUMNS = 13;
const RUNS = 10;

const format = { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '#,##0' } } };
const formatted = (columns: number) => ({ values: Array.from({ length: columns }, () => format) });

// A city-sized "Số liệu" whose every cell has a format, and a log, as setup leaves them.
const store = new SheetsStore(undefined, Date.now);
const created = store.create(
  parseOrThrow(
    createSchema,
    {
      sheets: [
        {
          properties: {
            sheetId: 2,
            title: 'Số liệu',
            gridProperties: { rowCount: UNITS + 10, columnCount: DATA_COLUMNS },
          },
          data: [{ rowData: Array.from({ length: UNITS }, () => formatted(DATA_COLUMNS)) }],
        },
        {
          properties: {
            sheetId: 4,
            title: 'Nhật ký',
            gridProperties: { rowCount: 1000, columnCount: LOG_COLUMNS },
          },
          data: [{ rowData: Array.from({ length: 1000 }, () => formatted(LOG_COLUMNS)) }],
        },
      ],
    },
    'spreadsheet',
  ),
);

// One pass's write: a row of each unit's cells per request, then the log's new rows in one.
const text = (s: string) => ({ userEnteredValue: { stringValue: s } });
const num = (n: number) => ({ userEnteredValue: { numberValue: n } });
const requests: JsonObject[] = Array.from({ length: UNITS }, (_, u) => ({
  updateCells: {
    start: { sheetId: 2, rowIndex: u + 1, columnIndex: 0 },
    rows: [{ values: [text(`v${u}`), ...Array.from({ length: 11 }, (_, k) => num(u + k))] }],
    fields: 'userEnteredValue',
  },
}));
requests.push(
  { appendDimension: { sheetId: 4, dimension: 'ROWS', length: LOG_ROWS } },
  {
    updateCells: {
      start: { sheetId: 4, rowIndex: 1, columnIndex: 0 },
      rows: Array.from({ length: LOG_ROWS }, (_, r) => ({
        values: Array.from({ length: LOG_COLUMNS }, (_, c) => text(`nhật ký ${r}.${c}`)),
      })),
      fields: 'userEnteredValue',
    },
  },
);
const body = JSON.stringify({ requests });

const times: Record<string, number[]> = { 'JSON.parse': [], validation: [], requests: [] };
function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  times[label]?.push(performance.now() - start);
  return result;
}
for (let n = 0; n < RUNS + 2; n++) {
  const parsed = timed('JSON.parse', () => JSON.parse(body));
  const input = timed('validation', () => parseOrThrow(batchUpdateSchema, parsed, 'batch update'));
  timed('requests', () =>
    store.mutate(created.spreadsheetId, (draft, ctx) => runRequests(draft, input.requests, ctx)),
  );
}
console.log(
  `batchUpdate of ${requests.length} requests (${(body.length / 1e6).toFixed(1)} MB) on ${UNITS} formatted rows, median of ${RUNS} after 2 warm-ups:`,
);
for (const [label, all] of Object.entries(times)) {
  const sorted = all.slice(2).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(`  ${label.padEnd(12)} ${median.toFixed(1).padStart(8)} ms`);
}
