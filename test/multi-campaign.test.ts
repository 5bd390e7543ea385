// Two campaigns in one deployment, over HTTP through the stand-ins: each form's submissions land in its own sheet; one is locked or archived while the other keeps receiving.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnownCampaign } from '../cli/campaigns.ts';
import { driveClient } from '../cli/drive.ts';
import { main } from '../cli/main.ts';
import { setup } from '../cli/setup.ts';
import { createDeploymentRuntime } from '../functions/app/deployment.ts';
import { loadConfig, loadSetupConfig } from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet } from '../functions/sheet/layout.ts';
import {
  FUNCTIONS_SERVICE_ACCOUNT,
  type LocalMode,
  startLocalMode,
  WATCH_TOPIC,
} from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import { submit } from '../testing/respondent.ts';
import { until } from '../testing/wait.ts';

const A = 'q7-htsd-2021';
const B = 'tan-hung-doc-sach-2026';
const dataDir = mkdtempSync(join(tmpdir(), 'baocao-multi-'));
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({
    dataDir,
    moreCampaigns: [B],
    // Every invocation reads the registry, so a lock is seen by the next notification.
    registryTtlMs: 0,
    sync: { burst: 100, refillMs: 0 },
    log: memoryLogger(),
  });
}, 60_000);
afterAll(async () => {
  await local?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const served = (id: string) => {
  const c = local.endpoints.campaigns.find((x) => x.id === id);
  if (!c) throw new Error(`${id} is not served`);
  return c;
};
const linkOf = (id: string, unitId: string) =>
  served(id).links.find((l) => l.unitId === unitId)?.link ?? '';

async function tab(id: string, name: string): Promise<string[][]> {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: served(id).spreadsheetId,
    range: quoteSheet(name),
  });
  return (res.data.values ?? []) as string[][];
}

/** The unit's status in "Tiến độ" of campaign `id`. */
async function statusOf(id: string, unitId: string): Promise<string | undefined> {
  const rows = await tab(id, 'Tiến độ');
  const header = rows.find((r) => r.includes('Mã đơn vị')) ?? [];
  const row = rows.find((r) => r[header.indexOf('Mã đơn vị')] === unitId);
  return row?.[header.indexOf('Trạng thái')];
}

/** Runs `baocao` on this local mode's folder; its Vietnamese output and exit code. */
async function baocao(...args: string[]) {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const code = await main([...args, '--local', dataDir], { ...process.env }, out);
  return { code, text };
}

describe('two campaigns in one deployment', () => {
  it('serves both, each with its own form, sheet and personal links', () => {
    expect(local.endpoints.campaigns.map((c) => c.id)).toEqual([A, B]);
    expect(served(A).spreadsheetId).not.toBe(served(B).spreadsheetId);
    expect(served(A).formId).not.toBe(served(B).formId);
    expect(served(B).links.map((l) => l.unitId)).toContain('th-tan-hung');
  });

  it("puts a submission to B's form in B's sheet, and nothing in A's", async () => {
    const b = loadKnownCampaign(B);
    await submit(b, linkOf(B, 'th-tan-hung'), {
      answers: { '1.1.count': '3', '1.1.people': '420', '2.count': '150' },
    });
    expect(
      await until("B's sheet to count it", async () => {
        const s = await statusOf(B, 'th-tan-hung');
        return s === 'Đã nộp' ? s : undefined;
      }),
    ).toBe('Đã nộp');
    const bData = JSON.stringify(await tab(B, 'Số liệu'));
    expect(bData).toContain('420');
    const aLog = await tab(A, 'Nhật ký');
    expect(JSON.stringify(aLog)).not.toContain('th-tan-hung');
    expect(JSON.stringify(await tab(A, 'Số liệu'))).not.toContain('420');
  });

  it("leaves the added campaign's reminders to the 15-minute job, and the home campaign's to its own jobs", async () => {
    const added = await local.runtime.remind({
      dryRun: true,
      addedOnly: true,
      slotId: 'truoc-han-3-ngay',
    });
    // th-tan-hung has reported; A's 21 units are not among them.
    expect(added.reminders.map((r) => r.unitId).sort()).toEqual(
      ['mn-tan-hung', 'mn-tan-quy', 'th-tan-quy', 'thcs-tan-hung'].sort(),
    );
    const home = await local.runtime.remind({
      dryRun: true,
      addedOnly: true,
      slotId: 'truoc-han-2-ngay',
    });
    expect(home.reminders).toEqual([]);
    expect(home.unknownSlot?.given).toBe('truoc-han-2-ngay');
  });

  it('lists the campaigns with their state, in Vietnamese', async () => {
    const { code, text } = await baocao('campaigns');
    expect(code).toBe(0);
    expect(text).toContain(
      `${A} — Tuần lễ hưởng ứng học tập suốt đời năm 2021: đang nhận [đợt chính]`,
    );
    expect(text).toContain(`${B} — Ngày Sách và Văn hóa đọc Việt Nam năm 2026: đang nhận`);
  });

  it('locks A alone: A refuses what comes after, B keeps receiving', async () => {
    const locked = await baocao('lock', '--campaign', A);
    expect(locked.code).toBe(0);
    expect(locked.text).toContain('Đã khóa đợt «Tuần lễ hưởng ứng học tập suốt đời năm 2021»');
    expect((await baocao('campaigns')).text).toMatch(
      new RegExp(`${A} — .*: đã khóa \\(khóa từ .*\\)`),
    );

    await submit(loadKnownCampaign(A), linkOf(A, 'p-binh-thuan'), {
      answers: { '3.count': '250' },
    });
    await submit(loadKnownCampaign(B), linkOf(B, 'mn-tan-quy'), {
      answers: { '3.amount': '5.000.000' },
    });
    await until("B's second unit to be counted", async () =>
      (await statusOf(B, 'mn-tan-quy')) === 'Đã nộp' ? true : undefined,
    );
    const refused = await until("A's log to record the refusal", async () => {
      const rows = await tab(A, 'Nhật ký');
      return rows.find((r) => r.includes('p-binh-thuan'));
    });
    expect(refused).toContain('Từ chối (đã khóa sổ)');
    expect(await statusOf(A, 'p-binh-thuan')).toBe('Chưa nộp');
  });

  it('archives B alone: its form is no longer synced, A is untouched', async () => {
    const archived = await baocao('archive', '--campaign', B);
    expect(archived.code).toBe(0);
    const listed = (await baocao('campaigns')).text;
    expect(listed).toContain(`${B} — Ngày Sách và Văn hóa đọc Việt Nam năm 2026: đã lưu trữ`);
    expect(listed).toMatch(new RegExp(`${A} — .*: đã khóa`));

    await submit(loadKnownCampaign(B), linkOf(B, 'thcs-tan-hung'), {
      answers: { '2.count': '80' },
    });
    const report = await local.runtime.sync('sweep');
    expect(Object.keys(report.campaigns ?? { [A]: report })).toEqual([A]);
    expect(await statusOf(B, 'thcs-tan-hung')).toBe('Chưa nộp');
  });
});

describe('a deployment set up before campaigns were registered', () => {
  it('serves its one campaign as before, its definition from the bundle, reading no registry it lacks', async () => {
    const env = local.functionEnv;
    const coordinatorEnv = {
      ...env,
      GOOGLE_ACCESS_TOKEN: 'local-coordinator',
      WATCH_TOPIC,
      FUNCTIONS_SERVICE_ACCOUNT,
    };
    const setupConfig = loadSetupConfig(coordinatorEnv);
    const campaign = loadKnownCampaign(A);
    // What an earlier release's setup left: a form and a sheet, no registry, no definition tab.
    const legacy = await setup(campaign, undefined, {
      clients: { ...googleClients(setupConfig), drive: driveClient(setupConfig) },
      config: setupConfig,
      fetch,
      now: local.now,
      calls: { sleep: async () => {}, random: Math.random, log: memoryLogger() },
    });
    const runtime = createDeploymentRuntime(
      loadConfig({
        ...env,
        SPREADSHEET_ID: legacy.state.spreadsheetId,
        FORM_ID: legacy.state.formId,
      }),
      { log: memoryLogger(), now: local.now, registryTtlMs: 0 },
    );
    try {
      expect((await runtime.campaigns()).map((c) => [c.id, c.state])).toEqual([[A, 'open']]);
      const link = legacy.links.find((l) => l.unitId === 'p-tan-phong')?.link ?? '';
      await submit(campaign, link, { answers: { '3.count': '40' } });
      const report = await runtime.sync('manual');
      expect(report.decided.accepted).toBe(1);
      expect(report.campaigns).toBeUndefined();
    } finally {
      runtime.close();
    }
  });
});
