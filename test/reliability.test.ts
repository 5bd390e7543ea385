import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { readTab } from '../testing/local-mode.ts';
import { edit, submit } from '../testing/respondent.ts';

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

describe('receipts under Sheets 5xx faults', () => {
  it('sends each version of 40 submissions from 21 units exactly one receipt with 15% of Sheets requests failing 500', async () => {
    const units = 21;
    const emailed = `id,name,group,emails\n${Array.from(
      { length: units },
      (_, i) =>
        `truong-${i + 1},Trường thử số ${i + 1},co-so-giao-duc,truong-${i + 1}@donvi.example`,
    ).join('\n')}\n`;
    const local = await startLocalMode({
      registryCsv: emailed,
      sync: { burst: 100, refillMs: 0 },
      log: memoryLogger(),
    });
    try {
      local.standIns.sheets.faults.configure({ seed: 13, rate500: 0.15 });
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      const attempt = async () => {
        try {
          return await local.runtime.sync('manual');
        } catch {
          // A failed run is left to the next one, as Pub/Sub's redelivery and the sweep do.
          return undefined;
        }
      };
      const links = local.endpoints.links;
      // Every unit submits once, 19 of them edit: 40 versions in all.
      const firsts = [];
      for (const [i, l] of links.entries()) {
        firsts.push(
          await submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } }),
        );
        if (i % 3 === 2) await attempt();
      }
      await new Promise((r) => setTimeout(r, 20));
      for (const [i, l] of links.slice(0, 19).entries()) {
        const first = firsts[i];
        if (first)
          await edit(local.campaign, l.link, first, { answers: { '2.count': String(100 + i) } });
        if (i % 3 === 2) await attempt();
      }
      for (let n = 0; n < 40; n++) {
        const report = await attempt();
        if (
          report &&
          Object.values(report.decided).every((x) => x === 0) &&
          report.mails.sent === 0
        )
          break;
      }
      expect(local.standIns.sheets.faults.stats.injected).toBeGreaterThan(5);
      local.standIns.sheets.faults.configure({});
      await local.runtime.sync('manual');

      const layout = sheetLayout(local.campaign);
      const log = await readTab(local, TAB.log);
      const logged = log.slice(1).filter((r) => r[layout.log.col.version]);
      const versions = logged.map((r) => String(r[layout.log.col.version]));
      expect(versions).toHaveLength(40);
      expect(new Set(versions).size).toBe(40);

      // Each receipt is counted by its Message-ID, which names the version it is for.
      const receipts = local.standIns.mail
        .messages()
        .filter((m) => m.envelope.to.some((t) => t.endsWith('@donvi.example')));
      const perVersion = new Map<string, number>();
      for (const m of receipts)
        perVersion.set(m.messageId ?? '', (perVersion.get(m.messageId ?? '') ?? 0) + 1);
      const duplicated = [...perVersion.values()].filter((n) => n > 1).length;
      expect({ duplicated, versionsMailed: perVersion.size, messages: receipts.length }).toEqual({
        duplicated: 0,
        versionsMailed: 40,
        messages: 40,
      });
    } finally {
      await local.close();
    }
  }, 180_000);
});
