// Reliability through local mode and the stand-ins (no mocks of Google or SMTP): refusals, crashes, foreign and stale events, hand edits, faults.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { MAIL_STATUS } from '../functions/core/wording.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import type { Mailer } from '../functions/platform/mailer.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import { columnLetter, quoteSheet, SHEET_ID, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import {
  type LocalMode,
  type LocalModeOptions,
  startLocalMode,
  WATCH_TOPIC,
} from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { edit, submit } from '../testing/respondent.ts';

type Row = (string | number)[];

/** Local mode driven by hand: no push, so each test decides when sync runs. */
async function quietLocal(options: LocalModeOptions = {}) {
  const log = memoryLogger();
  const local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log, ...options });
  local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
  return { local, log };
}

async function withLocal<T>(
  options: LocalModeOptions,
  body: (local: LocalMode, log: ReturnType<typeof memoryLogger>) => Promise<T>,
): Promise<T> {
  const { local, log } = await quietLocal(options);
  try {
    return await body(local, log);
  } finally {
    await local.close();
  }
}

async function tab(local: LocalMode, name: string): Promise<Row[]> {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  return (res.data.values ?? []) as Row[];
}

const linkOf = (local: LocalMode, unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
const receiptsTo = (local: LocalMode, unitId: string) =>
  local.standIns.mail.messages().filter((m) => m.envelope.to.includes(`${unitId}@donvi.example`));

async function logRows(local: LocalMode): Promise<Row[]> {
  const layout = sheetLayout(local.campaign);
  return (await tab(local, TAB.log)).slice(1).filter((r) => r[layout.log.col.version]);
}

async function unitRow(local: LocalMode, name: string, unitId: string): Promise<Row> {
  return (await tab(local, name)).find((r) => r[0] === unitId) ?? [];
}

/** The deployed functions' configuration against this local mode's stand-ins. */
function functionsConfig(local: LocalMode, dataDir: string) {
  const e = local.endpoints;
  return loadConfig({
    BAOCAO_CAMPAIGN: local.campaign.id,
    BAOCAO_TOKEN_SECRET: readFileSync(join(dataDir, 'token-secret'), 'utf8').trim(),
    SHEETS_ROOT_URL: e.sheetsRootUrl,
    FORMS_ROOT_URL: e.formsRootUrl,
    DRIVE_ROOT_URL: e.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'local-functions',
    SPREADSHEET_ID: e.spreadsheetId,
    FORM_ID: e.formId,
    SMTP_HOST: e.smtp.host,
    SMTP_PORT: String(e.smtp.port),
    SMTP_INSECURE: 'true',
    MAIL_FROM: 'Báo cáo <baocao@pgd7.example>',
  });
}

/** Posts a Pub/Sub push (CloudEvent, binary mode) to the deployed event function. */
function postEvent(local: LocalMode, formId: string, publishTime: Date, id: string) {
  return fetch(local.endpoints.syncEventUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': id,
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': `//pubsub.googleapis.com/${WATCH_TOPIC}`,
    },
    body: JSON.stringify({
      message: {
        attributes: { formId, watchId: 'w', eventType: 'RESPONSES' },
        messageId: id,
        publishTime: publishTime.toISOString(),
      },
      subscription: 'projects/baocao-local/subscriptions/push',
    }),
  });
}

const UNITS = ['p-tan-phong', 'p-tan-kieng', 'p-tan-hung'];

describe('SMTP refusing for a while, then accepting', () => {
  it('sends every receipt exactly once after later syncs; none is lost', async () => {
    await withLocal({}, async (local) => {
      const layout = sheetLayout(local.campaign);
      for (const [i, unitId] of UNITS.entries()) {
        await submit(local.campaign, linkOf(local, unitId), {
          answers: { '2.count': String(i + 1) },
        });
      }
      // Greylisting: the next 5 transactions get "451 try again later".
      local.standIns.mail.refuse({ code: 451, count: 5 });
      const first = await local.runtime.sync('manual');
      expect(first.decided.accepted).toBe(3);
      expect(first.mails).toMatchObject({ sent: 0, failed: 3 });
      const pending = await logRows(local);
      expect(pending.map((r) => r[layout.log.col.mail])).toEqual([
        MAIL_STATUS.pending,
        MAIL_STATUS.pending,
        MAIL_STATUS.pending,
      ]);
      for (const unitId of UNITS) expect(receiptsTo(local, unitId)).toHaveLength(0);

      const second = await local.runtime.sync('manual');
      expect(second.mails).toMatchObject({ sent: 1, failed: 2 });
      const third = await local.runtime.sync('manual');
      expect(third.mails).toMatchObject({ sent: 2, failed: 0 });
      const fourth = await local.runtime.sync('manual');
      expect(fourth.mails).toMatchObject({ sent: 0, failed: 0 });

      for (const unitId of UNITS) expect(receiptsTo(local, unitId)).toHaveLength(1);
      const logged = await logRows(local);
      expect(logged).toHaveLength(3);
      for (const r of logged) expect(String(r[layout.log.col.mail])).toMatch(/^Đã gửi /);
      for (const unitId of UNITS) {
        expect((await unitRow(local, TAB.progress, unitId))[layout.progress.col.versions]).toBe(1);
      }
      expect(local.standIns.mail.stats().refused).toBe(5);
    });
  }, 60_000);
});

describe('a crash between the write and the email', () => {
  it('the next run sends the receipt and counts nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-crash-'));
    try {
      await withLocal({ dataDir }, async (local) => {
        const layout = sheetLayout(local.campaign);
        // The same function, deployed with a mailer that dies before sending (an instance killed).
        const config = functionsConfig(local, dataDir);
        let attempts = 0;
        const dying: Mailer = {
          send: async () => {
            attempts++;
            throw new Error('instance terminated');
          },
          close: () => undefined,
        };
        const crashing = createRuntime(config, {
          campaign: local.campaign,
          mailer: dying,
          log: memoryLogger(),
          now: local.now,
        });

        const unitId = 'p-tan-thuan-dong';
        await submit(local.campaign, linkOf(local, unitId), {
          answers: { '2.count': '7', '8.count': '2' },
        });
        await expect(crashing.sync('manual')).rejects.toThrow('instance terminated');
        expect(attempts).toBe(1);
        // The write happened: counted once, its mail still owed.
        let logged = await logRows(local);
        expect(logged).toHaveLength(1);
        expect(logged[0]?.[layout.log.col.mail]).toBe(MAIL_STATUS.pending);
        expect(receiptsTo(local, unitId)).toHaveLength(0);
        expect((await unitRow(local, TAB.data, unitId))[layout.data.col['2.count'] ?? -1]).toBe(7);

        // The next run (a healthy instance) sends it, and writes nothing else.
        const next = await local.runtime.sync('manual');
        expect(next.decided.accepted).toBe(0);
        expect(next.mails.sent).toBe(1);
        await local.runtime.sync('manual');
        expect(receiptsTo(local, unitId)).toHaveLength(1);
        expect(receiptsTo(local, unitId)[0]?.text).toContain('7');
        logged = await logRows(local);
        expect(logged).toHaveLength(1);
        expect(String(logged[0]?.[layout.log.col.mail])).toMatch(/^Đã gửi /);
        const progress = await unitRow(local, TAB.progress, unitId);
        expect(progress[layout.progress.col.versions]).toBe(1);
        expect((await unitRow(local, TAB.data, unitId))[layout.data.col['2.count'] ?? -1]).toBe(7);
        const total = (await tab(local, TAB.data))[layout.data.totalRow - 1];
        expect(total?.[layout.data.col['2.count'] ?? -1]).toBe(7);
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a crash between the email and its mark, then an edit', () => {
  it('does not record the mailed version as "not sent": its status says it may have gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-crash-'));
    try {
      await withLocal({ dataDir }, async (local) => {
        const layout = sheetLayout(local.campaign);
        const config = functionsConfig(local, dataDir);
        // A real mailer whose instance is killed right after the mail went, before the mark.
        const real = smtpMailer(config);
        const killedAfterSending: Mailer = {
          send: async (mail) => {
            await real.send(mail);
            throw new Error('instance terminated');
          },
          close: () => real.close(),
        };
        const crashing = createRuntime(config, {
          campaign: local.campaign,
          mailer: killedAfterSending,
          log: memoryLogger(),
          now: local.now,
        });
        const unitId = 'p-tan-thuan-dong';
        const first = await submit(local.campaign, linkOf(local, unitId), {
          answers: { '2.count': '7' },
        });
        await expect(crashing.sync('manual')).rejects.toThrow('instance terminated');
        real.close();
        expect(receiptsTo(local, unitId)).toHaveLength(1);
        await new Promise((r) => setTimeout(r, 20));
        await edit(local.campaign, linkOf(local, unitId), first, { answers: { '2.count': '8' } });

        await local.runtime.sync('manual');
        const logged = await logRows(local);
        expect(logged).toHaveLength(2);
        const [older, newer] = logged.map((r) => String(r[layout.log.col.mail]));
        expect(older).toBe(MAIL_STATUS.superseded);
        expect(older).not.toMatch(/^Không gửi \(/);
        expect(older).toContain('có thể đã gửi');
        expect(newer).toMatch(/^Đã gửi /);
        expect(receiptsTo(local, unitId)).toHaveLength(2);
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('events that must not cause work', () => {
  it('a watch notification for another form: acknowledged, logged as ignored, nothing written, at most the registry read', async () => {
    await withLocal({}, async (local, log) => {
      await local.runtime.warm();
      local.standIns.sheets.faults.resetStats();
      local.standIns.forms.faults.resetStats();
      const res = await postEvent(local, 'some-other-form-id', local.now(), 'other-1');
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expect(
        log.lines.some(
          (l) =>
            l.message === 'event for another form ignored' && l.formId === 'some-other-form-id',
        ),
      ).toBe(true);
      // A form id the instance does not know may be a campaign set up since it read the
      // registry: it reads the registry once more (one read) before ignoring the event.
      expect(local.standIns.sheets.faults.stats.reads).toBeLessThanOrEqual(1);
      expect(local.standIns.sheets.faults.stats.writes).toBe(0);
      expect(local.standIns.forms.faults.stats).toMatchObject({ reads: 0, writes: 0 });
      expect(await logRows(local)).toHaveLength(0);
    });
  }, 60_000);

  it('a stale event (published long before the last run): acknowledged, no Sheets request', async () => {
    await withLocal({}, async (local, log) => {
      await submit(local.campaign, linkOf(local, 'p-binh-thuan'), { answers: { '3.count': '1' } });
      await local.runtime.sync('manual');
      const before = await logRows(local);
      local.standIns.sheets.faults.resetStats();
      local.standIns.forms.faults.resetStats();
      const published = new Date(local.now().getTime() - 3600_000);
      const res = await postEvent(local, local.state.formId, published, 'stale-1');
      expect(res.ok).toBe(true);
      expect(log.lines.some((l) => l.message === 'event covered by a later run')).toBe(true);
      expect(local.standIns.sheets.faults.stats).toMatchObject({ reads: 0, writes: 0 });
      expect(local.standIns.forms.faults.stats).toMatchObject({ reads: 0, writes: 0 });
      expect(await logRows(local)).toEqual(before);
    });
  }, 60_000);
});

describe('a sheet edited by hand meanwhile', () => {
  it("keeps a coordinator's correction and finds each unit by id after rows were inserted or moved", async () => {
    await withLocal({}, async (local) => {
      const layout = sheetLayout(local.campaign);
      const api = clientFor(local.standIns.sheets.url);
      const spreadsheetId = local.state.spreadsheetId;
      const col = layout.data.col['2.count'] ?? -1;
      const [a, b, c] = ['p-tan-thuan-dong', 'p-tan-thuan-tay', 'p-tan-quy'];
      if (!a || !b || !c) throw new Error('unreachable');

      await submit(local.campaign, linkOf(local, a), { answers: { '2.count': '5' } });
      await local.runtime.sync('manual');
      // The coordinator corrects A's number by hand, as in the Sheets UI (the API, RAW).
      const rowA = (await tab(local, TAB.data)).findIndex((r) => r[0] === a) + 1;
      await api.spreadsheets.values.update({
        spreadsheetId,
        range: `${quoteSheet(TAB.data)}!${columnLetter(col)}${rowA}`,
        valueInputOption: 'RAW',
        requestBody: { values: [[7]] },
      });

      await submit(local.campaign, linkOf(local, b), { answers: { '2.count': '11' } });
      await local.runtime.sync('manual');
      expect((await unitRow(local, TAB.data, a))[col]).toBe(7);
      expect((await unitRow(local, TAB.data, b))[col]).toBe(11);
      // The correction flows into the totals.
      expect((await tab(local, TAB.data))[layout.data.totalRow - 1]?.[col]).toBe(18);

      // The coordinator inserts a blank row above the unit rows of both tabs, and another one in
      // "Số liệu" just above B's row (the stand-in has no moveDimension; inserts shift rows the same way).
      const rowB = (await tab(local, TAB.data)).findIndex((r) => r[0] === b) + 1;
      const blankRow = (sheetId: number, at: number) => ({
        insertDimension: {
          range: { sheetId, dimension: 'ROWS', startIndex: at - 1, endIndex: at },
        },
      });
      await api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            blankRow(SHEET_ID.data, rowB),
            blankRow(SHEET_ID.data, layout.data.firstUnitRow),
            blankRow(SHEET_ID.progress, layout.progress.firstUnitRow),
          ],
        },
      });
      const rows = await tab(local, TAB.data);
      expect(rows[layout.data.firstUnitRow - 1]?.[0] ?? '').toBe('');
      expect(rows.findIndex((r) => r[0] === b) + 1).toBe(rowB + 2);
      expect(rows[rowB]?.[0] ?? '').toBe('');

      await submit(local.campaign, linkOf(local, c), { answers: { '2.count': '3' } });
      await local.runtime.sync('manual');
      expect((await unitRow(local, TAB.data, a))[col]).toBe(7);
      expect((await unitRow(local, TAB.data, b))[col]).toBe(11);
      expect((await unitRow(local, TAB.data, c))[col]).toBe(3);
      // Nothing landed on the blank row or on a neighbour.
      const after = await tab(local, TAB.data);
      expect(after[layout.data.firstUnitRow - 1]?.filter((x) => x !== '') ?? []).toEqual([]);
      expect(after[rowB]?.filter((x) => x !== '') ?? []).toEqual([]);
      for (const u of local.campaign.units) {
        if (![a, b, c].includes(u.id))
          expect((await unitRow(local, TAB.data, u.id))[col] ?? '').toBe('');
      }
      const progressC = await unitRow(local, TAB.progress, c);
      expect(progressC[layout.progress.col.status]).toBe('Đã nộp');
      expect(progressC[layout.progress.col.versions]).toBe(1);
      const blank = (await tab(local, TAB.progress))[layout.progress.firstUnitRow - 1] ?? [];
      expect(blank.filter((x) => x !== '')).toEqual([]);
      expect(await logRows(local)).toHaveLength(3);
    });
  }, 60_000);
});

describe('Sheets and Forms both failing 30% of the time', () => {
  const N = 50;
  const registry = `id,name,group,emails\n${Array.from(
    { length: N },
    (_, i) => `dv-${i + 1},Đơn vị thử số ${i + 1},co-so-giao-duc,`,
  ).join('\n')}\n`;

  it('records all 50 responses exactly once after repeated sweeps, and mails every unit', async () => {
    await withLocal({ registryCsv: registry }, async (local) => {
      // 30% of requests fail on each stand-in: quota 429s, 500s, 503s, and writes applied but never answered.
      const faults = { rate429: 0.1, rate500: 0.05, rate503: 0.05, rateAmbiguous: 0.1 };
      local.standIns.sheets.faults.configure({ seed: 11, ...faults });
      local.standIns.forms.faults.configure({ seed: 12, ...faults });
      const attempt = async () => {
        // Runs as the safety net does (a scheduled sweep stands aside for 5 minutes after any
        // write, so back-to-back runs here are manual ones: the same reconcile).
        try {
          return await local.runtime.sync('manual');
        } catch {
          // A failed run changes nothing that a later run cannot finish.
          return undefined;
        }
      };
      const links = local.endpoints.links;
      for (let i = 0; i < links.length; i += 2) {
        await Promise.all(
          links.slice(i, i + 2).map((l) =>
            submit(local.campaign, l.link, {
              answers: { '2.count': l.unitId.replace('dv-', '') },
            }),
          ),
        );
        await attempt();
      }
      let quiet = 0;
      for (let n = 0; n < 60 && quiet < 3; n++) {
        const report = await attempt();
        const idle =
          report &&
          Object.values(report.decided).every((x) => x === 0) &&
          report.mails.sent === 0 &&
          report.mails.failed === 0;
        quiet = idle ? quiet + 1 : 0;
      }
      const s = local.standIns.sheets.faults.stats;
      const f = local.standIns.forms.faults.stats;
      // The faults really happened on both stand-ins.
      expect(s.injected).toBeGreaterThan(3);
      expect(f.injected).toBeGreaterThan(3);
      expect(s.ambiguous).toBeGreaterThan(0);
      local.standIns.sheets.faults.configure({});
      local.standIns.forms.faults.configure({});
      await local.runtime.sync('manual');

      const layout = sheetLayout(local.campaign);
      const logged = await logRows(local);
      expect(logged).toHaveLength(N);
      expect(new Set(logged.map((r) => r[layout.log.col.version])).size).toBe(N);
      expect(logged.filter((r) => !String(r[layout.log.col.mail]).startsWith('Đã gửi'))).toEqual(
        [],
      );
      const progress = (await tab(local, TAB.progress)).slice(layout.progress.firstUnitRow - 1);
      expect(
        progress
          .filter((r) => r[layout.progress.col.versions] !== 1)
          .map((r) => [r[0], r[layout.progress.col.versions]]),
      ).toEqual([]);
      const col = layout.data.col['2.count'] ?? -1;
      const data = (await tab(local, TAB.data)).slice(layout.data.firstUnitRow - 1);
      expect(data.map((r) => r[col])).toEqual(data.map((r) => Number(String(r[0]).slice(3))));
      expect((await tab(local, TAB.data))[layout.data.totalRow - 1]?.[col]).toBe((N * (N + 1)) / 2);
      // None lost: every unit got its receipt (a lost "sent" mark may, rarely, send one twice).
      const missing = links.filter((l) => receiptsTo(local, l.unitId).length === 0);
      expect(missing.map((l) => l.unitId)).toEqual([]);
    });
  }, 120_000);
});

describe('Sheets failing ambiguously for a while, then recovering', () => {
  // Every write is applied and its answer lost: the data lands, the run fails, no receipt goes out.
  const failWrites = (local: LocalMode) =>
    local.standIns.sheets.faults.configure({ rateAmbiguous: 1 });
  const recover = (local: LocalMode) => local.standIns.sheets.faults.configure({});

  it('a redelivered event after a failed run runs again and sends the receipt, instead of being "covered"', async () => {
    await withLocal({}, async (local, log) => {
      const layout = sheetLayout(local.campaign);
      const unitId = 'p-tan-phong';
      await submit(local.campaign, linkOf(local, unitId), { answers: { '2.count': '4' } });
      // Pub/Sub delivers a few seconds after publishing, and redelivers with the same time.
      const published = new Date(local.now().getTime() - 5000);
      failWrites(local);
      const failed = await postEvent(local, local.state.formId, published, 'ev-1');
      expect(failed.ok).toBe(false);
      expect(receiptsTo(local, unitId)).toHaveLength(0);

      recover(local);
      const redelivered = await postEvent(local, local.state.formId, published, 'ev-1');
      expect(redelivered.ok).toBe(true);
      expect(log.lines.some((l) => l.message === 'event covered by a later run')).toBe(false);
      expect(receiptsTo(local, unitId)).toHaveLength(1);
      const logged = await logRows(local);
      expect(logged).toHaveLength(1);
      expect(String(logged[0]?.[layout.log.col.mail])).toMatch(/^Đã gửi /);
    });
  }, 60_000);

  it('the sweep after recovery is not kept aside by the failed runs’ writes: it finishes what they left', async () => {
    await withLocal({}, async (local) => {
      const layout = sheetLayout(local.campaign);
      const [a, b] = ['p-tan-kieng', 'p-tan-hung'];
      failWrites(local);
      await submit(local.campaign, linkOf(local, a), { answers: { '2.count': '3' } });
      await expect(local.runtime.sync('manual')).rejects.toThrow();
      await submit(local.campaign, linkOf(local, b), { answers: { '2.count': '5' } });
      await expect(local.runtime.sync('manual')).rejects.toThrow();

      recover(local);
      const sweep = await local.runtime.sync('sweep');
      expect(sweep.skipped).toBe(false);
      for (const unitId of [a, b]) expect(receiptsTo(local, unitId)).toHaveLength(1);
      const logged = await logRows(local);
      expect(logged).toHaveLength(2);
      for (const r of logged) expect(String(r[layout.log.col.mail])).toMatch(/^Đã gửi /);
      const col = layout.data.col['2.count'] ?? -1;
      expect((await unitRow(local, TAB.data, b))[col]).toBe(5);
      // Once a run has succeeded, the next sweep stands aside again: the event path is alive.
      expect((await local.runtime.sync('sweep')).skipped).toBe(true);
    });
  }, 60_000);

  it('a last write dated in the future (a fast clock) does not keep the sweep aside for good', async () => {
    await withLocal({}, async (local) => {
      const unitId = 'p-binh-thuan';
      const future = new Date(local.now().getTime() + 24 * 3600_000).toISOString();
      const system = await tab(local, TAB.system);
      const api = clientFor(local.standIns.sheets.url);
      for (const key of ['lastWrite', 'lastSuccess']) {
        const index = system.findIndex((r) => r[0] === key);
        const row = index >= 0 ? index + 1 : system.length + 1;
        await api.spreadsheets.values.update({
          spreadsheetId: local.state.spreadsheetId,
          range: `${quoteSheet(TAB.system)}!A${row}:B${row}`,
          valueInputOption: 'RAW',
          requestBody: { values: [[key, future]] },
        });
        if (index < 0) system.push([key, future]);
      }
      await submit(local.campaign, linkOf(local, unitId), { answers: { '3.count': '2' } });
      const sweep = await local.runtime.sync('sweep');
      expect(sweep.skipped).toBe(false);
      expect(sweep.decided.accepted).toBe(1);
      expect(receiptsTo(local, unitId)).toHaveLength(1);
    });
  }, 60_000);
});
