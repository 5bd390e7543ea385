// Times formula evaluation on the product's master sheet through the real client; run with `npx tsx`.
import { performance } from 'node:perf_hooks';
import { spreadsheetBody } from '../../cli/sheet/content.ts';
import { formatRequests } from '../../cli/sheet/format.ts';
import { checkSubmission } from '../../functions/core/check.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../../functions/sheet/layout.ts';
import { q7, rawWith } from '../../testing/submissions.ts';
import { differencesFromFreshBuild } from './bench-exactness.ts';
import { standInWithClient } from './testing.ts';

const campaign = q7();
const layout = sheetLayout(campaign);
const { standIn, api } = await standInWithClient();

async function time<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
  return result;
}

const readReport = () =>
  api.spreadsheets.values.get({
    spreadsheetId,
    range: reportRange,
    valueRenderOption: 'UNFORMATTED_VALUE',
  });

const body = spreadsheetBody(campaign, layout, {
  title: 'Đo hiệu năng',
  formId: 'form-1',
  lines: campaign.units.map((unit) => ({ unit, link: `https://example.test/f?u=${unit.id}` })),
});
const created = await time('create', () => api.spreadsheets.create({ requestBody: body }));
const spreadsheetId = created.data.spreadsheetId ?? '';
// The brief asks for A1:F60, but "Báo cáo" is only as tall as its table, so the read stops there.
const reportRows = Math.min(
  60,
  created.data.sheets?.find((s) => s.properties?.title === TAB.report)?.properties?.gridProperties
    ?.rowCount ?? 60,
);
const reportRange = `${quoteSheet(TAB.report)}!A1:F${reportRows}`;
await time('batchUpdate formatRequests', () =>
  api.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: formatRequests(campaign, layout) },
  }),
);
await time('values.get Báo cáo!A1:F(60) after create', readReport);
await time('values.get Báo cáo!A1:F(60) again (cached)', readReport);

// The asked measures of a unit, as sync writes them: numbers in their "Số liệu" columns.
const report = checkSubmission(
  campaign,
  rawWith(campaign, { '1.1.count': '2', '1.1.people': '60', '10.1.amount': '1.500.000' }),
).report;
const asked = layout.data.columns.flatMap((c, i) =>
  'measure' in c && c.measure.asked ? [{ i, id: c.measure.id }] : [],
);
function rowWrite(unitIndex: number, seed: number) {
  const r = layout.data.firstUnitRow + (unitIndex % campaign.units.length);
  const version = layout.data.col.version ?? 3;
  const cells = [
    { range: `${quoteSheet(TAB.data)}!${columnLetter(version)}${r}`, values: [[`v${seed}`]] },
    ...asked.slice(0, 29).map(({ i, id }, k) => ({
      range: `${quoteSheet(TAB.data)}!${columnLetter(i)}${r}`,
      values: [[report.values[id] ?? seed + k]],
    })),
  ];
  return api.spreadsheets.values.batchUpdate({
    spreadsheetId,
    requestBody: { valueInputOption: 'RAW', data: cells },
  });
}
function statusWrite(unitIndex: number, seed: number) {
  const text = (s: string) => ({ userEnteredValue: { stringValue: s } });
  return api.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: {
      requests: [
        {
          updateCells: {
            start: {
              sheetId: 1,
              rowIndex: layout.progress.firstUnitRow - 1 + (unitIndex % campaign.units.length),
              columnIndex: layout.progress.col.status,
            },
            rows: [0, 1].map((k) => ({
              values: [text('Đã nộp'), text(`ngày ${seed + k}`), text(`lúc ${seed}`)],
            })),
            fields: 'userEnteredValue',
          },
        },
      ],
    },
  });
}

console.log(`${asked.length} asked measure columns; writing 30 cells per row`);
await time('values.batchUpdate 30 cells in one Số liệu row', () => rowWrite(0, 1));
await time('values.get Báo cáo!A1:F(60) after it', readReport);
await time('batchUpdate updateCells of 2 rows', () => statusWrite(0, 1));
await time('values.get Báo cáo!A1:F(60) after it', readReport);

const cycles: number[] = [];
for (let n = 0; n < 50; n++) {
  const start = performance.now();
  await rowWrite(n + 1, n);
  await statusWrite(n + 1, n);
  await readReport();
  cycles.push(performance.now() - start);
}
cycles.sort((a, b) => a - b);
const pct = (p: number) => cycles[Math.min(cycles.length - 1, Math.floor(p * cycles.length))] ?? 0;
console.log(
  `50 cycles (row write + updateCells + read): p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms`,
);
const last = await readReport();
console.log(
  `check: Báo cáo D${layout.report.firstLineRow} = ${JSON.stringify(last.data.values?.[8])}`,
);
// Exactness: every cell as the live engine has it against a fresh engine built from the same state.
const state = standIn.getSpreadsheet(spreadsheetId);
if (state) {
  const { cells, mismatches } = differencesFromFreshBuild(state);
  console.log(`exactness: ${mismatches} of ${cells} cells differ from a fresh build`);
}
await standIn.close();
