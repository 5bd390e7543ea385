// Runs that write without waiting for the lease: a write planned from a read another run's write made stale is refused whole.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { TAB } from '../functions/sheet/layout.ts';
import { planHold, planRelease } from '../functions/sheet/lease.ts';
import { TOKEN_TITLE } from '../functions/sheet/write-token.ts';
import type { LocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { loggedVersions, readTab, unitRowOf, withQuietLocal } from '../testing/local-mode.ts';
import { deferred, pausingFirstDataWrite } from '../testing/pausing-clients.ts';
import { submit } from '../testing/respondent.ts';

const NEWS = 'Số tin, bài';
const registry = `id,name,group,emails\n${Array.from(
  { length: 4 },
  (_, i) => `truong-${i + 1},Trường thử số ${i + 1},co-so-giao-duc,truong-${i + 1}@donvi.example`,
).join('\n')}\n`;

/** Receipts per unit address. */
function receiptsTo(local: LocalMode) {
  const count = new Map<string, number>();
  for (const m of local.standIns.mail.messages()) {
    for (const to of m.envelope.to.filter((t) => t.endsWith('@donvi.example'))) {
      count.set(to, (count.get(to) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...count].sort());
}

/**
 * Unit a reported 5, unit b 7, each once: both versions logged once, each row at its figure,
 * each unit's receipt sent once.
 */
async function expectEachOnce(local: LocalMode, a: string, b: string) {
  const versions = await loggedVersions(local);
  expect(versions).toHaveLength(2);
  expect(new Set(versions).size).toBe(2);
  expect((await unitRowOf(local, TAB.data, a)).under(NEWS)).toBe(5);
  expect((await unitRowOf(local, TAB.data, b)).under(NEWS)).toBe(7);
  expect(receiptsTo(local)).toEqual({
    'truong-1@donvi.example': 1,
    'truong-2@donvi.example': 1,
  });
}

async function appendLease(local: LocalMode, request: object) {
  await clientFor(local.standIns.sheets.url).spreadsheets.batchUpdate({
    spreadsheetId: local.state.spreadsheetId,
    requestBody: { requests: [request] },
  });
}

/**
 * Unit a has reported; between a run's read and its data write (through the clients answered),
 * unit b reports and another instance syncs both, then `meanwhile` happens.
 */
async function raceAfterRead(local: LocalMode, meanwhile: () => Promise<void> = async () => {}) {
  const config = loadConfig(local.functionEnv);
  const [a, b] = local.endpoints.links;
  if (!a || !b) throw new Error('two units expected');
  await submit(local.campaign, a.link, { answers: { '2.count': '5' } });
  const other = createRuntime(config, { log: memoryLogger(), now: local.now });
  const { clients, met } = pausingFirstDataWrite(local, async () => {
    await submit(local.campaign, b.link, { answers: { '2.count': '7' } });
    await other.sync('manual');
    await meanwhile();
  });
  return { config, a, b, clients, met, other };
}

describe('a run that writes without waiting for the lease', () => {
  it('is refused whole when another run wrote after its read, and mails nothing twice', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const { config, a, b, clients, met, other } = await raceAfterRead(local);
      const log = memoryLogger();
      const late = createRuntime(config, { clients, log, now: local.now });
      const report = await late.sync('manual');
      late.close();
      other.close();

      expect(met()).toBe(true);
      expect(log.lines.some((e) => String(e.message).includes('refused'))).toBe(true);
      expect(report.decided.accepted).toBe(0);
      await expectEachOnce(local, a.unitId, b.unitId);
    });
  }, 60_000);

  it('stands aside as a sweep when its write is refused and another run holds the lease: no alarm', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      // Between the sweep's read and its write another run writes, and a third holds the lease.
      const { config, a, b, clients, met, other } = await raceAfterRead(local, () =>
        appendLease(local, planHold('ghost', local.now())),
      );
      const sweep = createRuntime(config, { clients, log: memoryLogger(), now: local.now });
      const report = await sweep.sync('sweep');
      sweep.close();
      other.close();

      expect(met()).toBe(true);
      expect(report.skipped).toBe(true);
      const coordinator = local.campaign.coordinator.emails[0] ?? '';
      expect(
        local.standIns.mail.messages().filter((m) => m.envelope.to.includes(coordinator)),
      ).toEqual([]);
      await expectEachOnce(local, a.unitId, b.unitId);
    });
  }, 60_000);

  it('whose write lands before the lease holder’s makes the holder read again: each version logged and mailed once', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const config = loadConfig(local.functionEnv);
      const [a, b] = local.endpoints.links;
      if (!a || !b) throw new Error('two units expected');
      await submit(local.campaign, a.link, { answers: { '2.count': '5' } });
      const ready = deferred();
      const go = deferred();
      const wrote = deferred();
      // The quick run reads with the lease free, then waits at its write.
      const quickWrite = pausingFirstDataWrite(local, async () => {
        ready.open();
        await go.opened;
      });
      const quick = createRuntime(config, {
        clients: quickWrite.clients,
        log: memoryLogger(),
        now: local.now,
      });
      const quickRun = quick.sync('manual').finally(() => wrote.open());
      await ready.opened;

      // Meanwhile another run waits for a lease a third one holds, then holds it, reads, and
      // plans its write: the quick run's write lands just before it.
      await appendLease(local, planHold('ghost', local.now()));
      await submit(local.campaign, b.link, { answers: { '2.count': '7' } });
      const holderWrite = pausingFirstDataWrite(local, async () => {
        go.open();
        // The quick run's write is applied, then it waits for the lease behind this run.
        await new Promise((r) => setTimeout(r, 500));
      });
      const log = memoryLogger();
      const holder = createRuntime(config, { clients: holderWrite.clients, log, now: local.now });
      const holderRun = holder.sync('manual');
      await new Promise((r) => setTimeout(r, 300));
      await appendLease(local, planRelease('ghost', local.now()));
      const [holderReport] = await Promise.all([holderRun, quickRun]);
      quick.close();
      holder.close();

      expect(holderWrite.met()).toBe(true);
      expect(log.lines.some((e) => String(e.message).includes('refused as stale'))).toBe(true);
      expect(holderReport.decided.accepted).toBe(1);
      await expectEachOnce(local, a.unitId, b.unitId);
    });
  }, 60_000);

  it('keeps the lease’s rows in "Hệ thống" few however many runs write', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const [a] = local.endpoints.links;
      if (!a) throw new Error('a unit expected');
      for (let i = 0; i < 30; i++) {
        await submit(local.campaign, a.link, { answers: { '2.count': String(i + 1) } });
        await local.runtime.sync('manual');
      }
      const system = await readTab(local, TAB.system);
      const events = system.filter((r) => r[3] === 'hold' || r[3] === 'release');
      // Each run adds its hold and its release: 60 rows untidied.
      expect(events.length).toBeLessThanOrEqual(42);
      expect(system.filter((r) => r[0]).map((r) => r[0])).toContain('writeToken');
      expect((await unitRowOf(local, TAB.data, a.unitId)).under(NEWS)).toBe(30);
    });
  }, 120_000);

  it('keeps one hidden token tab of one cell, whatever the number of writes', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      for (const [i, l] of local.endpoints.links.entries()) {
        await submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } });
        await local.runtime.sync('manual');
      }
      const got = await clientFor(local.standIns.sheets.url).spreadsheets.get({
        spreadsheetId: local.state.spreadsheetId,
      });
      const tokens = (got.data.sheets ?? []).filter((s) => s.properties?.title === TOKEN_TITLE);
      expect(tokens).toHaveLength(1);
      expect(tokens[0]?.properties).toMatchObject({
        hidden: true,
        gridProperties: { rowCount: 1, columnCount: 1 },
      });
    });
  }, 60_000);

  it.each([
    ['deletes the hidden token tab', 'delete'],
    ['types another number over the token in "Hệ thống"', 'type'],
  ] as const)(
    'keeps syncing after a coordinator %s',
    async (_, edit) => {
      await withQuietLocal({ registryCsv: registry }, async (local) => {
        const [a, b] = local.endpoints.links;
        if (!a || !b) throw new Error('two units expected');
        await submit(local.campaign, a.link, { answers: { '2.count': '5' } });
        await local.runtime.sync('manual');
        const api = clientFor(local.standIns.sheets.url).spreadsheets;
        const spreadsheetId = local.state.spreadsheetId;
        if (edit === 'delete') {
          const tabs = (await api.get({ spreadsheetId })).data.sheets ?? [];
          const token = tabs.find((t) => t.properties?.title === TOKEN_TITLE)?.properties?.sheetId;
          await api.batchUpdate({
            spreadsheetId,
            requestBody: { requests: [{ deleteSheet: { sheetId: token } }] },
          });
        } else {
          const system = await readTab(local, TAB.system);
          const row = system.findIndex((r) => r[0] === 'writeToken') + 1;
          await api.values.update({
            spreadsheetId,
            range: `'${TAB.system}'!B${row}`,
            valueInputOption: 'RAW',
            requestBody: { values: [[4242]] },
          });
        }
        for (const value of [7, 9]) {
          await submit(local.campaign, b.link, { answers: { '2.count': String(value) } });
          await local.runtime.sync('manual');
          expect((await unitRowOf(local, TAB.data, b.unitId)).under(NEWS)).toBe(value);
        }
        expect(await loggedVersions(local)).toHaveLength(3);
        expect(receiptsTo(local)).toEqual({
          'truong-1@donvi.example': 1,
          'truong-2@donvi.example': 2,
        });
      });
    },
    60_000,
  );
});
