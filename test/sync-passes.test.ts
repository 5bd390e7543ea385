import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';

describe('a sync with more new versions than one pass takes', () => {
  it('writes them in passes of bounded size, each exactly once', async () => {
    const local = await startLocalMode({ log: memoryLogger() });
    try {
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      const links = local.endpoints.links.slice(0, 20);
      for (const [i, l] of links.entries()) {
        await submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } });
      }
      let collected = 0;
      const runtime = createRuntime(loadConfig(local.functionEnv), {
        campaign: local.campaign,
        log: memoryLogger(),
        now: local.now,
        passSize: 7,
        collectGarbage: () => collected++,
      });
      const report = await runtime.sync('manual');
      runtime.close();
      expect(report.decided.accepted).toBe(20);
      // Three passes (7 + 7 + 6), each one read and two writes: the lease's hold rides with the
      // first one's data, its release with the last one's mail marks. Each pass owes more than
      // five mails: they go together.
      expect(report.sheets).toEqual({ reads: 3, writes: 6 });
      // What each pass left is collected before the next one reads.
      expect(collected).toBe(2);
      const values =
        (
          await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
            spreadsheetId: local.state.spreadsheetId,
            range: quoteSheet(TAB.log),
          })
        ).data.values ?? [];
      const layout = sheetLayout(local.campaign);
      const keys = values.slice(1).map((r) => r[layout.log.col.version]);
      expect(keys).toHaveLength(20);
      expect(new Set(keys).size).toBe(20);
    } finally {
      await local.close();
    }
  }, 60_000);
});
