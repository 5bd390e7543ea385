import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, SHEET_ID, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';

const OLD = 400;

describe('a warm sync instance reads the log from its first row still needed', () => {
  it('skips old rows, and reads the whole log again once it was sorted by hand, logging each version once', async () => {
    const local = await startLocalMode({ log: memoryLogger() });
    const sheets = clientFor(local.standIns.sheets.url);
    const spreadsheetId = local.state.spreadsheetId;
    const layout = sheetLayout(local.campaign);
    const runtime = createRuntime(loadConfig(local.functionEnv), {
      campaign: local.campaign,
      log: memoryLogger(),
      now: local.now,
    });
    try {
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      // Versions logged days ago, their receipts sent: no sync can need them again.
      const text = (v: string) => ({ userEnteredValue: { stringValue: v } });
      const rows = Array.from({ length: OLD }, (_, i) => {
        const values: Record<string, string> = {
          responseId: `old${i}`,
          version: `old${i}@2021-09-20T08:00:${String(i % 60).padStart(2, '0')}.000Z`,
          unitId: 'p-tan-phong',
          outcome: 'Đã nhận',
          mail: 'Đã gửi 20/09/2021 15:00',
          raw: 'x'.repeat(200),
        };
        return { values: layout.log.columns.map((c) => text(values[c.key] ?? '')) };
      });
      await sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            { appendDimension: { sheetId: SHEET_ID.log, dimension: 'ROWS', length: OLD } },
            {
              updateCells: {
                start: { sheetId: SHEET_ID.log, rowIndex: 1, columnIndex: 0 },
                rows,
                fields: 'userEnteredValue',
              },
            },
          ],
        },
      });
      const links = local.endpoints.links;
      const stats = local.standIns.sheets.faults.stats;
      const lone = async (i: number) => {
        await submit(local.campaign, links[i]?.link ?? '', {
          answers: { '2.count': String(i + 1) },
        });
        const before = { ...stats };
        const report = await runtime.sync('manual');
        return {
          report,
          bytes: stats.readBytes - before.readBytes,
          reads: stats.reads - before.reads,
        };
      };
      // The first runs read everything (no checkpoint yet, then the window is set)...
      const first = await lone(0);
      await lone(1);
      // ...then only the rows from the first version the listing may return again.
      const warm = await lone(2);
      expect(warm.reads).toBe(1);
      expect(warm.bytes).toBeLessThan(first.bytes / 2);

      // A coordinator sorts the log by unit: the row before the window now holds another key.
      await sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            {
              sortRange: {
                range: { sheetId: SHEET_ID.log, startRowIndex: 1 },
                sortSpecs: [{ dimensionIndex: layout.log.col.unitId, sortOrder: 'DESCENDING' }],
              },
            },
          ],
        },
      });
      const afterSort = await lone(3);
      // One read more: the window's check failed and the log was read whole.
      expect(afterSort.reads).toBe(2);
      expect(afterSort.report.decided.accepted).toBe(1);

      const values =
        (await sheets.spreadsheets.values.get({ spreadsheetId, range: quoteSheet(TAB.log) })).data
          .values ?? [];
      const keys = values.slice(1).map((r) => String(r[layout.log.col.version] ?? ''));
      const fresh = keys.filter((k) => !k.startsWith('old'));
      expect(fresh).toHaveLength(4);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(OLD + 4);
    } finally {
      runtime.close();
      await local.close();
    }
  }, 120_000);
});
