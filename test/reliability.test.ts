import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';

const UNITS = 200;
const registry = `id,name,group,emails\n${Array.from(
  { length: UNITS },
  (_, i) => `truong-${i + 1},Trường thử số ${i + 1},co-so-giao-duc,`,
).join('\n')}\n`;

describe('sync under faults', () => {
  it('records 200 responses exactly once with 30% of Sheets requests failing (429, 500, ambiguous)', async () => {
    const local = await startLocalMode({
      registryCsv: registry,
      sync: { burst: 100, refillMs: 0 },
      log: memoryLogger(),
    });
    try {
      local.standIns.sheets.faults.configure({
        seed: 7,
        rate429: 0.1,
        rate500: 0.1,
        rateAmbiguous: 0.1,
      });
      // Runs are driven here (no push) so each one meets new responses and a fresh chance of failure.
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      const links = local.endpoints.links;
      const attempt = async () => {
        try {
          return await local.runtime.sync('manual');
        } catch {
          // A failed run changes nothing that a later run cannot finish.
          return undefined;
        }
      };
      for (let i = 0; i < links.length; i += 5) {
        await Promise.all(
          links
            .slice(i, i + 5)
            .map((l, k) =>
              submit(local.campaign, l.link, { answers: { '2.count': String(i + k + 1) } }),
            ),
        );
        await attempt();
      }
      // The safety-net sweep picks up whatever the failed runs left, still under faults.
      for (let n = 0; n < 40; n++) {
        const report = await attempt();
        if (report && Object.values(report.decided).every((x) => x === 0)) break;
      }
      const { injected, ambiguous } = local.standIns.sheets.faults.stats;
      // The faults really happened: 429s and 500s before writes, writes applied then dropped.
      expect(injected).toBeGreaterThan(10);
      expect(ambiguous).toBeGreaterThan(3);
      local.standIns.sheets.faults.configure({});
      await local.runtime.sync('manual');

      const api = clientFor(local.standIns.sheets.url);
      const read = async (tab: string) =>
        ((
          await api.spreadsheets.values.get({
            spreadsheetId: local.state.spreadsheetId,
            range: quoteSheet(tab),
            valueRenderOption: 'UNFORMATTED_VALUE',
          })
        ).data.values ?? []) as (string | number)[][];
      const layout = sheetLayout(local.campaign);
      const log = (await read(TAB.log)).slice(1).filter((r) => r[layout.log.col.version]);
      const keys = new Set(log.map((r) => r[layout.log.col.version]));
      expect(log).toHaveLength(UNITS);
      expect(keys.size).toBe(UNITS);
      const progress = (await read(TAB.progress)).slice(layout.progress.firstUnitRow - 1);
      expect(
        progress
          .filter((r) => r[layout.progress.col.versions] !== 1)
          .map((r) => [r[0], r[layout.progress.col.versions]]),
      ).toEqual([]);
      const data = (await read(TAB.data)).slice(layout.data.firstUnitRow - 1);
      const col = layout.data.col['2.count'] ?? 0;
      expect(data.map((r) => r[col])).toEqual(
        data.map((r) => Number(String(r[0]).replace('truong-', ''))),
      );
      const total = (await read(TAB.data))[layout.data.totalRow - 1]?.[col];
      expect(total).toBe((UNITS * (UNITS + 1)) / 2);
    } finally {
      await local.close();
    }
  }, 180_000);
});
