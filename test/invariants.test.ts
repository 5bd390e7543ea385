// After any sequence of submissions, corrections, refusals and hand edits, the official table adds up and nobody counted is chased.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { columnLetter, quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { readTab } from '../testing/local-mode.ts';
import { edit, type Submitted, submit } from '../testing/respondent.ts';

const UNITS = ['p-tan-phong', 'p-phu-my', 'hoi-khuyen-hoc', 'ldld'] as const;
type Step =
  | { kind: 'submit'; unit: number; classes: number; people: number; news: number; money: number }
  | { kind: 'correct'; unit: number; news: number }
  | { kind: 'refuse'; unit: number }
  | { kind: 'hand'; unit: number; classes: number }
  | { kind: 'district'; news: number; ceremonies: number };

const unit = fc.integer({ min: 0, max: UNITS.length - 1 });
const small = fc.integer({ min: 0, max: 9 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('submit' as const),
    unit,
    classes: fc.integer({ min: 1, max: 5 }),
    people: fc.integer({ min: 5, max: 90 }),
    news: small,
    money: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('correct' as const), unit, news: small }),
  fc.record({ kind: fc.constant('refuse' as const), unit }),
  fc.record({ kind: fc.constant('hand' as const), unit, classes: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constant('district' as const),
    news: small,
    ceremonies: fc.integer({ min: 0, max: 1 }),
  }),
);

describe('the official table and the reminders', () => {
  it('stay consistent after every step of random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 6 }), async (steps) => {
        const local = await startLocalMode({
          sync: { burst: 100, refillMs: 0 },
          log: memoryLogger(),
        });
        try {
          const { campaign } = local;
          const layout = sheetLayout(campaign);
          const api = clientFor(local.standIns.sheets.url);
          const spreadsheetId = local.state.spreadsheetId;
          const tab = (name: string) => readTab(local, name);
          const type = async (row: number, cells: Record<string, number>) =>
            api.spreadsheets.values.batchUpdate({
              spreadsheetId,
              requestBody: {
                valueInputOption: 'RAW',
                data: Object.entries(cells).map(([id, v]) => ({
                  range: `${quoteSheet(TAB.data)}!${columnLetter(layout.data.col[id] ?? 0)}${row}`,
                  values: [[v]],
                })),
              },
            });
          const link = (i: number) =>
            local.endpoints.links.find((l) => l.unitId === UNITS[i])?.link ?? '';
          const last = new Map<number, Submitted>();
          /** A unit's next version: an edit of its response once it has one, as a clerk would. */
          const send = async (i: number, answers: Record<string, string>) => {
            const prior = last.get(i);
            last.set(
              i,
              prior
                ? await edit(campaign, link(i), prior, { answers })
                : await submit(campaign, link(i), { answers }),
            );
          };

          for (const s of steps) {
            if (s.kind === 'submit') {
              const answers = {
                '1.1.count': String(s.classes),
                '1.1.people': String(s.people),
                '2.count': String(s.news),
                ...(s.money ? { '10.1.amount': `${s.money} triệu` } : {}),
                '1.note': `Ghi chú ${s.unit}`,
              };
              await send(s.unit, answers);
            } else if (s.kind === 'correct' || s.kind === 'refuse') {
              const answers: Record<string, string> =
                s.kind === 'correct'
                  ? { '2.count': String(s.news) }
                  : { '1.1.count': '2', '1.1.people': '' };
              await send(s.unit, answers);
            } else if (s.kind === 'hand') {
              const rows = (await tab(TAB.data)).slice(layout.data.firstUnitRow - 1);
              const row = layout.data.firstUnitRow + rows.findIndex((r) => r[0] === UNITS[s.unit]);
              await type(row, { '1.3.count': s.classes, '1.3.people': s.classes * 10 });
            } else {
              await type(layout.data.districtRow, { '2.count': s.news, '7.1.count': s.ceremonies });
            }
            await new Promise((r) => setTimeout(r, 15));
            await local.standIns.forms.flushDeliveries();
            await local.runtime.sync('manual');
            await checkInvariants();
          }

          async function checkInvariants(): Promise<void> {
            const data = await tab(TAB.data);
            const d = layout.data;
            const n = (v: unknown) => (typeof v === 'number' ? v : 0);
            const total = data[d.totalRow - 1] ?? [];
            const own = data[d.districtRow - 1] ?? [];
            const unitRows = data.slice(d.firstUnitRow - 1).filter((r) => r[0]);
            const progress = (await tab(TAB.progress)).slice(layout.progress.firstUnitRow - 1);
            const counted = new Set(
              progress.filter((r) => r[layout.progress.col.acceptedAt]).map((r) => String(r[0])),
            );
            for (const m of campaign.measures) {
              if (m.kind === 'text') continue;
              const col = d.col[m.id] ?? 0;
              // Every parent equals the sum of its sub-rows, for every unit, the coordinator and the district.
              if (m.computed) {
                for (const row of [...unitRows, own, total]) {
                  const parts = (m.def.sumOf ?? []).map((id) => n(row[d.col[id] ?? 0]));
                  expect(n(row[col])).toBe(parts.reduce((a, b) => a + b, 0));
                }
              }
              // The district = counted units + the coordinator's own entries; nothing uncounted adds.
              const expected =
                unitRows
                  .filter((r) => counted.has(String(r[0])))
                  .reduce((acc, r) => acc + (m.aggregate === 'district' ? 0 : n(r[col])), 0) +
                n(own[col]);
              expect(n(total[col])).toBe(expected);
            }
            // The printed table shows those totals, and its parent lines add up.
            const report = (await tab(TAB.report)).slice(layout.report.firstLineRow - 1);
            const rows = campaign.sections.flatMap((s) => s.rows);
            rows.forEach((row, i) => {
              const line = report[i] ?? [];
              const count = row.measures.find((m) => m.kind === 'count' || m.kind === 'amount');
              if (count) expect(n(line[3])).toBe(n(total[d.col[`${row.id}.${count.kind}`] ?? 0]));
            });
            // No counted unit is reminded as a unit that has not reported.
            const reminders = await local.runtime.remind({
              slotId: 'qua-han@2021-10-09',
              dryRun: true,
            });
            for (const r of reminders.reminders) {
              if (counted.has(r.unitId)) expect(r.subject).not.toMatch(/^Nhắc nộp báo cáo/);
            }
          }
        } finally {
          await local.close();
        }
      }),
      { numRuns: 6, seed: 20211008, endOnFailure: true },
    );
  }, 240_000);
});
