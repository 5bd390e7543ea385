// Times the formula engine's share of a sync sweep's passes on a 3,000-unit master sheet; run with `npx tsx`.
import { performance } from 'node:perf_hooks';
import { loadKnownCampaign } from '../../cli/campaigns.ts';
import { spreadsheetBody } from '../../cli/sheet/content.ts';
import { SHEET_ID, sheetLayout } from '../../functions/sheet/layout.ts';
import { differencesFromFreshBuild } from './bench-exactness.ts';
import { evaluate } from './engine.ts';
import type { JsonObject } from './model.ts';
import { runRequests } from './requests.ts';
import { createSchema, parseOrThrow } from './schemas.ts';
import { SheetsStore } from './store.ts';

const UNITS = Number(process.env.BENCH_UNITS || 3000);
const PASS = 500;
const PASSES = 10;

const registry = Array.from({ length: UNITS }, (_, i) => {
  const n = String(i + 1).padStart(4, '0');
  return `u-${n},Trường thử số ${i + 1},co-so-giao-duc,`;
});
const campaign = loadKnownCampaign(
  'q7-htsd-2021',
  `id,name,group,emails\n${registry.join('\n')}\n`,
);
const layout = sheetLayout(campaign);
const body = spreadsheetBody(campaign, layout, {
  title: 'Đo hiệu năng',
  formId: 'form-1',
  lines: campaign.units.map((unit) => ({ unit, link: `https://example.test/f?u=${unit.id}` })),
});
const store = new SheetsStore(undefined, Date.now);
const created = store.create(parseOrThrow(createSchema, body, 'spreadsheet'));
const id = created.spreadsheetId;

const text = (s: string) => ({ userEnteredValue: { stringValue: s } });
const num = (n: number) => ({ userEnteredValue: { numberValue: n } });
const asked = layout.data.columns.flatMap((c, i) => ('measure' in c && c.measure.asked ? [i] : []));
const versionCol = layout.data.col.version ?? 3;
const logWidth = layout.log.columns.length;

/** A read of one report cell, which brings the engine to the state (diff, set, recompute). */
function readAll(): number {
  const ss = store.require(id);
  const report = ss.sheets.find((s) => s.properties.sheetId === SHEET_ID.report);
  if (!report) throw new Error('no report tab');
  const start = performance.now();
  evaluate(ss).value(report, 8, 3);
  return performance.now() - start;
}

console.log(
  `${UNITS} units, ${asked.length} asked columns; build: ${readAll().toFixed(0)} ms (passes of ${PASS})`,
);
let logRows = 1;
const times: number[] = [];
const cpuStart = process.cpuUsage();
for (let p = 0; p < PASSES; p++) {
  const requests: JsonObject[] = [];
  for (let k = 0; k < PASS; k++) {
    const u = (p * PASS + k) % UNITS;
    const row = layout.data.firstUnitRow - 1 + u;
    // A unit's second version (after the first 3,000) repeats its figures, as the bulk bench's do.
    const figure = (c: number) => 1 + ((u * 7 + c) % 50);
    for (const c of asked)
      requests.push({
        updateCells: {
          start: { sheetId: SHEET_ID.data, rowIndex: row, columnIndex: c },
          rows: [{ values: [num(figure(c))] }],
          fields: 'userEnteredValue',
        },
      });
    requests.push({
      updateCells: {
        start: { sheetId: SHEET_ID.data, rowIndex: row, columnIndex: versionCol },
        rows: [{ values: [text(`v${p}-${u}`)] }],
        fields: 'userEnteredValue',
      },
    });
    requests.push({
      updateCells: {
        start: {
          sheetId: SHEET_ID.progress,
          rowIndex: layout.progress.firstUnitRow - 1 + u,
          columnIndex: layout.progress.col.status,
        },
        rows: [{ values: [text('Đã nộp'), text(`ngày ${p}`), text(`lúc ${p}`)] }],
        fields: 'userEnteredValue',
      },
    });
  }
  requests.push(
    { appendDimension: { sheetId: SHEET_ID.log, dimension: 'ROWS', length: PASS } },
    {
      updateCells: {
        start: { sheetId: SHEET_ID.log, rowIndex: logRows, columnIndex: 0 },
        rows: Array.from({ length: PASS }, (_, r) => ({
          values: Array.from({ length: logWidth }, (_, c) => text(`nhật ký ${p}.${r}.${c}`)),
        })),
        fields: 'userEnteredValue',
      },
    },
  );
  logRows += PASS;
  store.mutate(id, (draft, ctx) => runRequests(draft, requests, ctx));
  times.push(readAll());
}
const cpu = process.cpuUsage(cpuStart);
console.log(
  `engine per pass (ms): ${times.map((t) => t.toFixed(0)).join(' ')}; all passes ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms, process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
);

// Exactness: every cell as the patched engine has it against a fresh build of the same state.
const { cells, mismatches } = differencesFromFreshBuild(store.require(id));
console.log(`exactness: ${mismatches} of ${cells} cells differ from a fresh build`);
