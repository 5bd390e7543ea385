import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, TAB } from '../functions/sheet/layout.ts';
import { startLocalMode, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';

describe('a warm sync instance derives the personal links instead of reading "Liên kết"', () => {
  it('mails each unit its own link while reading the tab’s first row only, and reads it whole again once that row changes', async () => {
    const local = await startLocalMode({ log: memoryLogger() });
    const sheets = clientFor(local.standIns.sheets.url);
    const spreadsheetId = local.state.spreadsheetId;
    const runtime = createRuntime(loadConfig(local.functionEnv), {
      campaign: local.campaign,
      log: memoryLogger(),
      now: local.now,
    });
    try {
      local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
      const links = local.endpoints.links;
      const linksRange = `${quoteSheet(TAB.links)}!A2:B`;
      const tab = async () =>
        (await sheets.spreadsheets.values.get({ spreadsheetId, range: linksRange })).data.values ??
        [];
      const tabBytes = Buffer.byteLength(JSON.stringify(await tab()));
      const stats = local.standIns.sheets.faults.stats;
      /** A lone response from the i-th unit, synced; what the run read and the unit's receipt. */
      const lone = async (i: number) => {
        const unit = links[i];
        if (!unit) throw new Error(`no unit ${i}`);
        await submit(local.campaign, unit.link, { answers: { '2.count': String(i + 1) } });
        const before = stats.readBytes;
        const seen = new Set(local.standIns.mail.messages().map((m) => m.id));
        await runtime.sync('manual');
        const receipt = local.standIns.mail
          .messages()
          .find(
            (m) =>
              !seen.has(m.id) &&
              m.to.some((a) => local.campaign.units[i]?.emails.includes(a.address)),
          );
        return { bytes: stats.readBytes - before, receipt: receipt?.text ?? '', link: unit.link };
      };
      const cold = await lone(0);
      expect(cold.receipt).toContain(cold.link);
      const warm = await lone(1);
      // The link setup wrote for the unit, rebuilt from the form's address, its name and code.
      expect(warm.receipt).toContain(warm.link);
      expect(warm.bytes).toBeLessThan(cold.bytes - tabBytes / 2);

      // The tab's first row no longer is what the instance derives (a new form's address):
      // the tab is read whole again, and the links come from it.
      const rows = await tab();
      const first = rows[0] ?? [];
      const moved = String(first[1]).replace('/viewform', '/moved/viewform');
      await sheets.spreadsheets.values.update({
        spreadsheetId,
        range: `${quoteSheet(TAB.links)}!B2`,
        valueInputOption: 'RAW',
        requestBody: { values: [[moved]] },
      });
      const changed = await lone(2);
      expect(changed.receipt).toContain(changed.link);
      expect(changed.bytes).toBeGreaterThan(warm.bytes + tabBytes / 2);
      const firstUnit = local.campaign.units.findIndex((u) => u.id === String(first[0]));
      const own = await lone(firstUnit);
      // The first unit's mail carries the link the tab holds now, not one derived.
      expect(own.receipt).toContain(moved.slice(0, moved.indexOf('?')));
    } finally {
      runtime.close();
      await local.close();
    }
  }, 120_000);
});
