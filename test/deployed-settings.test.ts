// Each deployed entry, run from the built bundle with exactly the environment Pulumi gives it, against local mode.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCampaignDefinition } from '../campaigns/index.ts';
import { storeAndRegister } from '../cli/campaign-registry.ts';
import { loadCampaignFile } from '../cli/campaigns.ts';
import { driveClient } from '../cli/drive.ts';
import { setup } from '../cli/setup.ts';
import { loadSetupConfig } from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet } from '../functions/sheet/layout.ts';
import { DEPLOYED_FUNCTIONS, runtimeEnvironment } from '../infra/catalog.ts';
import { functionEnvironment, functionSecrets } from '../infra/environment.ts';
import type { Settings } from '../infra/settings.ts';
import { FUNCTIONS_SERVICE_ACCOUNT, WATCH_TOPIC } from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';
import {
  buildBundle,
  formsEventCall,
  type Invocation,
  runDeployed,
  schedulerCall,
} from '../testing/deployed-bundle.ts';
import { localModeAround } from '../testing/local-mode.ts';
import { submit } from '../testing/respondent.ts';

// Real time: the built entry runs on the machine's clock, as a deployed function and Google share one.
const local = localModeAround({ clock: 'real' });
const campaign = loadCampaignDefinition('q7-htsd-2021');

beforeAll(() => buildBundle(), 120_000);

/** The stack configuration an operator would write, pointed at local mode's SMTP sink. */
function stack(): Settings {
  const { smtp } = local().endpoints;
  return {
    project: 'baocao-local',
    region: 'asia-southeast1',
    prefix: 'baocao',
    campaign,
    spreadsheetId: local().state.spreadsheetId,
    formId: local().state.formId,
    smtp: { host: smtp.host, port: smtp.port, secure: false, user: undefined },
    mailFrom: 'Báo cáo <baocao@pgd7.example>',
    sync: {},
    coordinatorEmail: undefined,
    sweepSchedule: '*/15 * * * *',
    renewSchedule: '0 3 * * *',
    archiveDir: '../dist',
  };
}

/** Pulumi's environment for one function: its plain settings and its secrets, as Cloud Functions exposes both. */
function pulumiEnvironment(entryPoint: (typeof DEPLOYED_FUNCTIONS)[number]['entryPoint']) {
  const s = stack();
  const secretValues: Record<string, string> = {
    BAOCAO_TOKEN_SECRET: local().functionEnv.BAOCAO_TOKEN_SECRET ?? '',
  };
  const env: Record<string, string> = functionEnvironment(s, entryPoint, {
    spreadsheetId: s.spreadsheetId ?? '',
    formId: s.formId ?? '',
    // The topic local mode's Forms stand-in pushes from (on Google: the program's topic id).
    watchTopic: WATCH_TOPIC,
  });
  for (const key of functionSecrets(s, entryPoint)) env[key] = secretValues[key] ?? '';
  return env;
}

/** Local mode's own routing (stand-in API roots, a fixed token, plain SMTP on loopback): never Pulumi's. */
function routing(): Record<string, string> {
  const { SHEETS_ROOT_URL, FORMS_ROOT_URL, GOOGLE_ACCESS_TOKEN } = local().functionEnv;
  return {
    SHEETS_ROOT_URL: SHEETS_ROOT_URL ?? '',
    FORMS_ROOT_URL: FORMS_ROOT_URL ?? '',
    GOOGLE_ACCESS_TOKEN: GOOGLE_ACCESS_TOKEN ?? '',
    SMTP_INSECURE: 'true',
  };
}

const callFor = (entryPoint: string): Invocation =>
  entryPoint === 'syncOnFormsEvent'
    ? formsEventCall(local().state.formId, WATCH_TOPIC)
    : schedulerCall({ trigger: 'schedule' });

describe.each(DEPLOYED_FUNCTIONS.map((f) => [f.key, f] as const))('%s', (_key, fn) => {
  it("answers 2xx with exactly Pulumi's environment", async () => {
    // NODE_OPTIONS too (infra/catalog.ts): Node refuses to start on one it does not allow there.
    const run = await runDeployed(
      fn.entryPoint,
      { ...pulumiEnvironment(fn.entryPoint), ...runtimeEnvironment(fn), ...routing() },
      callFor(fn.entryPoint),
    );
    expect(run.logs.filter((l) => l.severity === 'ERROR')).toEqual([]);
    expect(run.status, run.body).toBeGreaterThanOrEqual(200);
    expect(run.status, run.body).toBeLessThan(300);
  }, 60_000);

  it("fails, logging ERROR, without any one setting of Pulumi's environment", async () => {
    const full = pulumiEnvironment(fn.entryPoint);
    const outcomes: Record<string, number> = {};
    for (const key of Object.keys(full)) {
      const { [key]: _removed, ...env } = full;
      const run = await runDeployed(
        fn.entryPoint,
        { ...env, ...routing() },
        callFor(fn.entryPoint),
      );
      expect(
        run.logs.some((l) => l.severity === 'ERROR' && l.problems?.some((p) => p.startsWith(key))),
        `${key} named in an ERROR log line`,
      ).toBe(true);
      outcomes[key] = run.status;
    }
    const failed = Object.fromEntries(Object.keys(full).map((k) => [k, 'not 2xx']));
    expect(
      Object.fromEntries(
        Object.entries(outcomes).map(([k, status]) => [k, status >= 300 ? 'not 2xx' : status]),
      ),
    ).toEqual(failed);
  }, 120_000);
});

describe('a deployment missing a setting', () => {
  it('mails the coordinator, in Vietnamese, what to do', async () => {
    const { inboxApiUrl } = local().endpoints;
    await fetch(inboxApiUrl, { method: 'DELETE' });
    const { WATCH_TOPIC: _missing, ...env } = pulumiEnvironment('renewWatch');
    const run = await runDeployed('renewWatch', { ...env, ...routing() }, schedulerCall({}));
    expect(run.status).toBe(500);
    const to = campaign.coordinator.emails[0] ?? '';
    const res = await fetch(`${inboxApiUrl}?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as { messages: { subject: string; text?: string }[] };
    expect(messages.map((m) => m.subject)).toEqual([
      `Cần xử lý: Gia hạn theo dõi biểu mẫu đang dừng – ${campaign.title}`,
    ]);
    expect(JSON.stringify(messages[0])).toContain('WATCH_TOPIC');
    expect(JSON.stringify(messages[0])).toContain('pulumi up');
  }, 60_000);
});

describe('a campaign set up after the deploy', () => {
  it('is served by the built bundle from the definition stored in its sheet, though no bundle holds it', async () => {
    // The ward's file under an id no campaigns/ folder has: only its sheet can tell the functions.
    const dir = mkdtempSync(join(tmpdir(), 'baocao-added-'));
    const source = new URL('../campaigns/tan-hung-doc-sach-2026/', import.meta.url);
    writeFileSync(
      join(dir, 'campaign.yaml'),
      readFileSync(new URL('campaign.yaml', source), 'utf8').replace(
        'id: tan-hung-doc-sach-2026',
        'id: phu-thuan-doc-sach-2026',
      ),
    );
    writeFileSync(join(dir, 'units.csv'), readFileSync(new URL('units.csv', source), 'utf8'));
    const added = loadCampaignFile(join(dir, 'campaign.yaml'));
    rmSync(dir, { recursive: true, force: true });

    const config = loadSetupConfig({
      ...local().functionEnv,
      GOOGLE_ACCESS_TOKEN: 'local-coordinator',
      WATCH_TOPIC,
      FUNCTIONS_SERVICE_ACCOUNT,
    });
    const clients = { ...googleClients(config), drive: driveClient(config) };
    const calls = { sleep: async () => {}, random: Math.random, log: memoryLogger() };
    const done = await setup(added, undefined, {
      clients,
      config,
      fetch,
      now: () => new Date(),
      calls,
    });
    await storeAndRegister(
      { sheets: clients.sheets, calls },
      local().state.spreadsheetId,
      added,
      done.state,
      new Date(),
    );
    // Only the built bundle syncs here, not local mode's own functions.
    local().standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
    const link = done.links.find((l) => l.unitId === 'th-tan-quy')?.link ?? '';
    await submit(added, link, { answers: { '2.count': '321' } });

    const run = await runDeployed(
      'syncOnFormsEvent',
      { ...pulumiEnvironment('syncOnFormsEvent'), ...routing() },
      formsEventCall(done.state.formId, WATCH_TOPIC),
    );
    expect(run.logs.filter((l) => l.severity === 'ERROR')).toEqual([]);
    expect(run.status).toBeLessThan(300);
    const figures = await clientFor(local().standIns.sheets.url).spreadsheets.values.get({
      spreadsheetId: done.state.spreadsheetId,
      range: quoteSheet('Số liệu'),
    });
    const row = (figures.data.values ?? []).find((r) => r.includes('th-tan-quy')) ?? [];
    expect(row).toContain('321');
  }, 60_000);
});
