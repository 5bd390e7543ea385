// The reliability suite of a sheet people work in: faults while a coordinator edits, overlapping runs, a typo in an email; each figure printed.
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import type { Mailer } from '../functions/platform/mailer.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import { SHEET_ID, TAB } from '../functions/sheet/layout.ts';
import { LEASE_TTL_MS, planHold } from '../functions/sheet/lease.ts';
import { seededRandom } from '../local/faults.ts';
import type { LocalMode } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import {
  loggedVersions,
  readTab,
  strayRows,
  unitRowOf,
  withQuietLocal,
} from '../testing/local-mode.ts';
import { edit, submit } from '../testing/respondent.ts';

const NEWS = 'Số tin, bài';
const UNITS = 21;
const registry = `id,name,group,emails\n${Array.from(
  { length: UNITS },
  (_, i) => `truong-${i + 1},Trường thử số ${i + 1},co-so-giao-duc,truong-${i + 1}@donvi.example`,
).join('\n')}\n`;

/** A run that fails is left to the next one, as Pub/Sub's redelivery and the sweep do. */
const attempt = (run: () => Promise<unknown>) => run().catch(() => undefined);

/** Versions in "Nhật ký", found by the heading wherever it is. */
/** "Thư đã gửi" of every logged version. */
async function mailMarks(local: LocalMode): Promise<string[]> {
  const rows = await readTab(local, TAB.log);
  const version = rows[0]?.indexOf('Phiên bản') ?? -1;
  const mail = rows[0]?.indexOf('Thư đã gửi') ?? -1;
  return rows
    .slice(1)
    .filter((r) => r[version])
    .map((r) => String(r[mail] ?? ''));
}

/** Receipts to the units, counted by Message-ID (one per version). */
function receiptCounts(local: LocalMode) {
  const perMessage = new Map<string, number>();
  for (const m of local.standIns.mail.messages()) {
    if (!m.envelope.to.some((t) => t.endsWith('@donvi.example'))) continue;
    perMessage.set(m.messageId ?? '', (perMessage.get(m.messageId ?? '') ?? 0) + 1);
  }
  return {
    versionsMailed: perMessage.size,
    duplicated: [...perMessage.values()].filter((n) => n > 1).length,
  };
}

/** The coordinator's edits, as the Sheets UI sends them: a column, a blank row, a sort. */
function coordinatorEdit(random: () => number, units: number, n: number) {
  const headerRow = 4;
  const kind = ['column', 'row', 'row', 'sort'][Math.floor(random() * 4)];
  if (kind === 'column') {
    const at = 1 + Math.floor(random() * 10);
    return [
      {
        insertDimension: {
          range: {
            sheetId: SHEET_ID.progress,
            dimension: 'COLUMNS',
            startIndex: at,
            endIndex: at + 1,
          },
        },
      },
      {
        updateCells: {
          start: { sheetId: SHEET_ID.progress, rowIndex: headerRow - 1, columnIndex: at },
          rows: [{ values: [{ userEnteredValue: { stringValue: `Ghi chú ${n}` } }] }],
          fields: 'userEnteredValue',
        },
      },
    ];
  }
  if (kind === 'row') {
    const sheetId = random() < 0.5 ? SHEET_ID.progress : SHEET_ID.data;
    // Within the units, below the totals and the coordinator's row of "Số liệu".
    const first = sheetId === SHEET_ID.progress ? headerRow + 1 : 9;
    const at = first + Math.floor(random() * units);
    return [
      {
        insertDimension: {
          range: { sheetId, dimension: 'ROWS', startIndex: at, endIndex: at + 1 },
        },
      },
    ];
  }
  return [
    {
      sortRange: {
        range: {
          sheetId: SHEET_ID.progress,
          startRowIndex: headerRow,
          endRowIndex: headerRow + units + 8,
          startColumnIndex: 0,
          endColumnIndex: 30,
        },
        sortSpecs: [{ dimensionIndex: 1, sortOrder: random() < 0.5 ? 'ASCENDING' : 'DESCENDING' }],
      },
    },
  ];
}

describe('a coordinator editing the sheet while Sheets fails 30% of the time', () => {
  it('logs every version once, keeps each unit row at its latest version, totals right, no receipt twice', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const random = seededRandom(2026);
      local.standIns.sheets.faults.configure({
        seed: 31,
        rate429: 0.1,
        rate500: 0.1,
        rateAmbiguous: 0.1,
      });
      const links = local.endpoints.links;
      const latest = new Map<string, number>();
      let edits = 0;
      const maybeEdit = () => {
        if (random() < 0.6) {
          edits++;
          local.standIns.sheets.beforeNextBatchUpdate(
            local.state.spreadsheetId,
            coordinatorEdit(random, UNITS, edits),
          );
        }
      };
      // 21 units submit; 29 edits of earlier answers: 50 versions.
      const firsts = [];
      for (const [i, l] of links.entries()) {
        const value = i + 1;
        firsts.push({
          l,
          first: await submit(local.campaign, l.link, { answers: { '2.count': String(value) } }),
        });
        latest.set(l.unitId, value);
        maybeEdit();
        if (i % 3 === 2) await attempt(() => local.runtime.sync('manual'));
      }
      for (let k = 0; k < 29; k++) {
        const pick = firsts[k % firsts.length];
        if (!pick) continue;
        const value = 100 + k;
        // Google keeps one response per respondent link: an edit makes a new version of it.
        await new Promise((r) => setTimeout(r, 5));
        await edit(local.campaign, pick.l.link, pick.first, {
          answers: { '2.count': String(value) },
        });
        latest.set(pick.l.unitId, value);
        maybeEdit();
        if (k % 3 === 2) await attempt(() => local.runtime.sync('manual'));
      }
      for (let n = 0; n < 12; n++) await attempt(() => local.runtime.sync('manual'));
      const faults = { ...local.standIns.sheets.faults.stats };
      // The faults end; one more run, as the next sweep would make, finishes everything.
      local.standIns.sheets.faults.configure({});
      await local.runtime.sync('manual');

      const versions = await loggedVersions(local);
      const receipts = receiptCounts(local);
      const unitRows = await Promise.all(
        links.map(async (l) => (await unitRowOf(local, TAB.data, l.unitId)).under(NEWS)),
      );
      const data = await readTab(local, TAB.data);
      const totalRow = data.find((r) => r.includes('TỔNG CỘNG')) ?? [];
      const newsColumn = data.find((r) => r.includes(NEWS))?.indexOf(NEWS) ?? -1;
      console.log(
        `faults+edits: ${versions.length} versions logged, ${new Set(versions).size} distinct; ` +
          `${edits} coordinator edits; Sheets faults injected ${faults.injected}, ambiguous ${faults.ambiguous}; ` +
          `receipts ${receipts.versionsMailed} versions mailed, ${receipts.duplicated} twice`,
      );
      expect(faults.injected).toBeGreaterThan(10);
      expect(faults.ambiguous).toBeGreaterThan(3);
      expect(edits).toBeGreaterThan(10);
      expect(versions).toHaveLength(50);
      expect(new Set(versions).size).toBe(50);
      expect(unitRows).toEqual(links.map((l) => latest.get(l.unitId)));
      expect(totalRow[newsColumn]).toBe([...latest.values()].reduce((a, b) => a + b, 0));
      expect(await strayRows(local, TAB.data)).toEqual([]);
      expect(await strayRows(local, TAB.progress)).toEqual([]);
      for (const l of links) {
        expect([
          l.unitId,
          (await unitRowOf(local, TAB.progress, l.unitId)).under('Trạng thái'),
        ]).toEqual([l.unitId, 'Đã nộp']);
      }
      // A version whose receipt was still owed when the unit sent a newer one is not mailed
      // again: the newer one's receipt says it all. Every other version got exactly one.
      const marks = await mailMarks(local);
      const sent = marks.filter((m) => m.startsWith('Đã gửi')).length;
      expect(
        marks.filter((m) => !m.startsWith('Đã gửi') && !m.startsWith('Không gửi lại')),
      ).toEqual([]);
      expect(receipts).toEqual({ versionsMailed: sent, duplicated: 0 });
    });
  }, 300_000);
});

describe('runs that overlap', () => {
  it('20 event and sweep runs from four instances at once: no log row lost or duplicated', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const config = loadConfig(local.functionEnv);
      // Four function instances: each its own gate, as on Cloud Functions.
      const instances = Array.from({ length: 4 }, () =>
        createRuntime(config, {
          log: memoryLogger(),
          now: local.now,
          gate: { burst: 100, refillMs: 0 },
        }),
      );
      const links = local.endpoints.links;
      const firsts = await Promise.all(
        links
          .slice(0, 12)
          .map((l, i) => submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } })),
      );
      const latest = new Map(links.slice(0, 12).map((l, i) => [l.unitId, i + 1]));
      const runs: Promise<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        const instance = instances[i % instances.length];
        if (!instance) continue;
        runs.push(attempt(() => instance.sync(i % 5 === 4 ? 'sweep' : 'manual')));
        // Ten units edit their response once each while the runs list and write.
        const l = links[(i / 2) % 12];
        const first = firsts[(i / 2) % 12];
        if (i % 2 === 0 && l && first) {
          latest.set(l.unitId, 200 + i);
          runs.push(
            edit(local.campaign, l.link, first, { answers: { '2.count': String(200 + i) } }),
          );
        }
      }
      await Promise.all(runs);
      await local.runtime.sync('manual');
      for (const r of instances) r.close();

      const versions = await loggedVersions(local);
      console.log(
        `overlap: ${versions.length} log rows, ${new Set(versions).size} distinct versions after 20 overlapping runs`,
      );
      expect(versions.length).toBe(new Set(versions).size);
      expect(versions.length).toBeGreaterThanOrEqual(12);
      // Nothing lost: each unit's row holds its last answer.
      const rows = await Promise.all(
        links
          .slice(0, 12)
          .map(async (l) => (await unitRowOf(local, TAB.data, l.unitId)).under(NEWS)),
      );
      expect(rows).toEqual(links.slice(0, 12).map((l) => latest.get(l.unitId)));
      expect(receiptCounts(local).duplicated).toBe(0);
    });
  }, 240_000);
});

describe('a typo in one unit’s email', () => {
  it('every other unit is still synced, and the coordinator is told which row', async () => {
    await withQuietLocal({}, async (local) => {
      const progress = await readTab(local, TAB.progress);
      const header = progress.findIndex((r) => r.includes('Email nhận thư'));
      const emailColumn = progress[header]?.indexOf('Email nhận thư') ?? -1;
      const typoRow = progress.findIndex((r) => r[0] === 'p-tan-kieng') + 1;
      // The coordinator types the address wrong before the units report.
      await clientFor(local.standIns.sheets.url).spreadsheets.batchUpdate({
        spreadsheetId: local.state.spreadsheetId,
        requestBody: {
          requests: [
            {
              updateCells: {
                start: {
                  sheetId: SHEET_ID.progress,
                  rowIndex: typoRow - 1,
                  columnIndex: emailColumn,
                },
                rows: [{ values: [{ userEnteredValue: { stringValue: 'nguyễn..an@pgd7' } }] }],
                fields: 'userEnteredValue',
              },
            },
          ],
        },
      });
      for (const [i, unitId] of ['p-tan-phong', 'p-tan-kieng', 'p-tan-hung'].entries()) {
        const link = local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';
        await submit(local.campaign, link, { answers: { '2.count': String(i + 1) } });
      }
      await local.runtime.sync('manual');

      for (const [i, unitId] of ['p-tan-phong', 'p-tan-kieng', 'p-tan-hung'].entries()) {
        expect((await unitRowOf(local, TAB.data, unitId)).under(NEWS)).toBe(i + 1);
      }
      const coordinator = local.campaign.coordinator.emails[0] ?? '';
      const alert = local.standIns.mail
        .messages()
        .find((m) => m.envelope.to.includes(coordinator) && m.subject.includes('danh sách đơn vị'));
      expect(alert?.text).toContain(`dòng ${typoRow}`);
      expect(alert?.text).toContain('«nguyễn..an@pgd7» không dùng được');
    });
  }, 60_000);
});

describe('kill -9 mid-run', () => {
  it('five killed runs lose nothing, and resend at most one receipt per kill', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      const links = local.endpoints.links;
      const random = seededRandom(9);
      let kills = 0;
      let finishedFirst = 0;
      const runMs: number[] = [];
      let value = 0;
      const latest = new Map<string, number>();
      // Rounds until five runs were killed mid-run (a run that ends before its kill is just a run).
      for (let round = 1; kills < 5 && round <= 20; round++) {
        // Five responses a round: a run owing up to five mails marks each before the next.
        for (const l of links.slice(((round - 1) * 4) % 16, (((round - 1) * 4) % 16) + 5)) {
          value++;
          await submit(local.campaign, l.link, { answers: { '2.count': String(value) } });
          latest.set(l.unitId, value);
        }
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'testing/sync-child.ts',
            JSON.stringify(local.functionEnv),
            String(round * (LEASE_TTL_MS + 60_000)),
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] },
        );
        let done = false;
        const startedAt = Date.now();
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (chunk: Buffer) => {
            if (String(chunk).includes('done')) {
              done = true;
              finishedFirst++;
              runMs.push(Date.now() - startedAt);
            }
            if (String(chunk).includes('started')) {
              setTimeout(
                () => {
                  if (!done && child.kill('SIGKILL')) kills++;
                },
                // Somewhere in a run: as long as the runs that finished took, at most.
                random() * Math.min(...runMs, 800),
              );
            }
          });
          child.on('exit', () => resolve());
        });
      }
      // The next run comes once the last killed holder's lease has lapsed.
      const after = createRuntime(loadConfig(local.functionEnv), {
        log: memoryLogger(),
        now: () => new Date(Date.now() + 21 * (LEASE_TTL_MS + 60_000)),
        gate: { burst: 100, refillMs: 0 },
      });
      await after.sync('manual');
      after.close();

      const versions = await loggedVersions(local);
      const receipts = receiptCounts(local);
      const rows = await Promise.all(
        [...latest.keys()].map(async (id) => (await unitRowOf(local, TAB.data, id)).under(NEWS)),
      );
      console.log(
        `kill -9: ${kills} kills mid-run (${finishedFirst} runs finished first), ${versions.length} versions logged (${new Set(versions).size} distinct), ` +
          `${receipts.versionsMailed} versions mailed, ${receipts.duplicated} twice`,
      );
      expect(kills).toBe(5);
      expect(new Set(versions).size).toBe(versions.length);
      expect(versions).toHaveLength(value);
      expect(rows).toEqual([...latest.values()]);
      expect(receipts.versionsMailed).toBe(value);
      // A kill between a mail and its mark resends that one mail; the run after a kill marks
      // each mail before the next, however many the killed runs left it.
      expect(receipts.duplicated).toBeLessThanOrEqual(kills);
    });
  }, 240_000);
});

describe('after a run died holding the lease', () => {
  it('marks each mail of the pile it inherits, so dying again resends at most one', async () => {
    await withQuietLocal({ registryCsv: registry }, async (local) => {
      // A run killed before its first write leaves only its hold; its ten versions arrive new.
      const later = Date.now() + LEASE_TTL_MS + 60_000;
      await clientFor(local.standIns.sheets.url).spreadsheets.batchUpdate({
        spreadsheetId: local.state.spreadsheetId,
        requestBody: { requests: [planHold('event:died', new Date())] },
      });
      for (const [i, l] of local.endpoints.links.slice(0, 10).entries()) {
        await submit(local.campaign, l.link, { answers: { '2.count': String(i + 1) } });
      }
      // The next run dies too, after its third mail went out: a send that never returns.
      const config = loadConfig(local.functionEnv);
      const smtp = smtpMailer(config);
      let sent = 0;
      const dying: Mailer = {
        send: (mail) => (++sent > 3 ? new Promise(() => undefined) : smtp.send(mail)),
        close: () => smtp.close(),
      };
      const second = createRuntime(config, {
        log: memoryLogger(),
        now: () => new Date(later),
        gate: { burst: 100, refillMs: 0 },
        mailer: dying,
      });
      void second.sync('manual');
      await vi.waitFor(() => expect(sent).toBeGreaterThanOrEqual(4), { timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 500));

      const third = createRuntime(config, {
        log: memoryLogger(),
        now: () => new Date(later + LEASE_TTL_MS + 60_000),
        gate: { burst: 100, refillMs: 0 },
      });
      await third.sync('manual');
      third.close();

      const receipts = receiptCounts(local);
      console.log(
        `after a crash: ${receipts.versionsMailed} versions mailed, ${receipts.duplicated} twice`,
      );
      expect(receipts.versionsMailed).toBe(10);
      expect(receipts.duplicated).toBeLessThanOrEqual(1);
      // Its care taken, the run closed the dead runs' holds: the runs after it mail as usual.
      const closed = (await readTab(local, TAB.system))
        .filter((r) => r[3] === 'release')
        .map((r) => r[4]);
      expect(closed).toContain('event:died');
    });
  }, 60_000);
});
