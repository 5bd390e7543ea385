// Local mode: the stand-ins, setup of the campaign against them, and the functions served on loopback.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { storeAndRegister } from '../cli/campaign-registry.ts';
import { loadKnownCampaign } from '../cli/campaigns.ts';
import { driveClient } from '../cli/drive.ts';
import { type SetupDeps, type SetupResult, setup } from '../cli/setup.ts';
import { readSetupState, type SetupState, writeSetupState } from '../cli/state.ts';
import { inProcessWatchOwner, LOCAL_FUNCTIONS_TOKEN } from '../cli/watch-owner.ts';
import { type Campaign, withUnits } from '../forms/campaign.ts';
import { createDeploymentRuntime, type DeploymentRuntime } from '../functions/app/deployment.ts';
import { registerFunctions } from '../functions/entry/register.ts';
import {
  DEFAULT_SYNC_BURST,
  DEFAULT_SYNC_REFILL_MS,
  loadConfig,
  loadSetupConfig,
  loadSmtpConfig,
} from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import { createLogger, type Logger } from '../functions/platform/log.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';
import type { FaultConfig } from './faults.ts';
import { LOOPBACK } from './http.ts';
import { type StandInEndpoints, type StandIns, startStandIns } from './standins.ts';

export const WATCH_TOPIC = 'projects/baocao-local/topics/forms-responses';
/** What the Pulumi program would have made here; the Cloud stand-in describes it to `baocao doctor`. */
const DEPLOYMENT = {
  project: 'baocao-local',
  region: 'asia-southeast1',
  prefix: 'baocao',
  watchTopic: WATCH_TOPIC,
};
/** The functions' account, as Pulumi names it (`<prefix>-functions@<project>`); setup shares with it. */
export const FUNCTIONS_SERVICE_ACCOUNT = 'baocao-functions@baocao-local.iam.gserviceaccount.com';
/** Rehearsal: local mode's clock starts on the last morning of the 2021 reporting week. */
export const REHEARSAL_START = '2021-10-07T02:00:00.000Z';

export interface LocalModeOptions {
  dataDir?: string;
  campaignId?: string;
  /**
   * A campaign read from a file outside campaigns/ (one `baocao new` just drafted), with its
   * units; campaignId and registryCsv are then not used.
   */
  campaign?: Campaign;
  /** Campaigns set up and served beside the first one (ids under campaigns/), as a deployment of several. */
  moreCampaigns?: readonly string[];
  /** How long the functions trust the registry they read (REGISTRY_TTL_MS unless a test wants 0). */
  registryTtlMs?: number;
  /** A unit registry (CSV) instead of the one shipped with the campaign. */
  registryCsv?: string;
  ports?: {
    sheets?: number;
    forms?: number;
    smtp?: number;
    inbox?: number;
    functions?: number;
    oauth?: number;
    cloud?: number;
  };
  /** 'rehearsal' (default) runs as if it were the reporting week; 'real' uses today's date. */
  clock?: 'rehearsal' | 'real';
  faults?: { sheets?: FaultConfig; forms?: FaultConfig };
  sync?: { burst?: number; refillMs?: number };
  /** How often the scheduled jobs run (sweep, due reminders, watch renewal); 0 disables them. */
  sweepEveryMs?: number;
  /** The SMTP sink refuses with Gmail's daily-limit answer past this many mails in 24 hours. */
  mailPerDay?: number;
  log?: Logger;
}

export interface LocalEndpoints extends StandInEndpoints {
  syncEventUrl: string;
  syncSweepUrl: string;
  sheetUrl: string;
  formUrl: string;
  spreadsheetId: string;
  formId: string;
  clock: { mode: 'rehearsal' | 'real'; offsetMs: number };
  links: { unitId: string; name: string; link: string }[];
  /** Every campaign served, the first one included, with its own form, sheet and links. */
  campaigns: LocalCampaign[];
}

export interface LocalCampaign {
  id: string;
  title: string;
  formId: string;
  formUrl: string;
  spreadsheetId: string;
  sheetUrl: string;
  links: { unitId: string; name: string; link: string }[];
}

export interface LocalMode {
  standIns: StandIns;
  state: SetupState;
  campaign: Campaign;
  runtime: DeploymentRuntime;
  endpoints: LocalEndpoints;
  now: () => Date;
  /** Moves every stand-in's clock and the functions' forward by `ms`. */
  advanceClock(ms: number): void;
  /** Runs Cloud Scheduler's jobs once, as the timer does; tests call it instead of waiting. */
  tick(): Promise<void>;
  /** The timer sends no reminder slot from before this instant (the folder's first start). */
  remindersFrom: Date;
  /** What setup did, in Vietnamese, for each campaign in turn (`done` is the first one's). */
  setup: { done: string[]; campaigns: { title: string; done: string[] }[] };
  /** The functions' environment here: what a deployed bundle needs to run against local mode. */
  functionEnv: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Kept in the data folder so links and the rehearsal clock survive a restart. */
function persisted(dataDir: string | undefined, name: string, make: () => string): string {
  if (!dataDir) return make();
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Every unit gets a demo address on a reserved domain, so its receipts show in the inbox. */
function rehearsalUnits(campaign: Campaign): Campaign {
  return withUnits(
    campaign,
    campaign.units.map((u) => ({
      ...u,
      emails: u.emails.length ? u.emails : [`${u.id}@donvi.example`],
    })),
  );
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
}

export async function startLocalMode(options: LocalModeOptions = {}): Promise<LocalMode> {
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const mode = options.clock ?? 'rehearsal';
  const offsetMs =
    mode === 'rehearsal'
      ? Number(
          persisted(dataDir, 'clock-offset', () =>
            String(Date.parse(REHEARSAL_START) - Date.now()),
          ),
        )
      : 0;
  // Tests move the clock forward (a day, to see a daily mail limit lift); it only ever advances.
  let advancedMs = 0;
  const now = () => new Date(Date.now() + offsetMs + advancedMs);
  const log = options.log ?? createLogger();

  const standIns = await startStandIns({
    ...(dataDir ? { dataDir } : {}),
    // Kept with the refresh tokens it issued, so a `baocao login --local` outlives a restart.
    oauthClientSecret: persisted(dataDir, 'oauth-client-secret', () =>
      randomBytes(24).toString('base64url'),
    ),
    ...(options.ports ? { ports: options.ports } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.mailPerDay !== undefined ? { mailPerDay: options.mailPerDay } : {}),
    cloud: DEPLOYMENT,
    now: () => now().getTime(),
  });
  const e = standIns.endpoints;
  const secret = persisted(dataDir, 'token-secret', () => randomBytes(32).toString('base64url'));
  const google = {
    BAOCAO_CAMPAIGN: options.campaign?.id ?? options.campaignId ?? 'q7-htsd-2021',
    BAOCAO_TOKEN_SECRET: secret,
    SHEETS_ROOT_URL: e.sheetsRootUrl,
    FORMS_ROOT_URL: e.formsRootUrl,
    DRIVE_ROOT_URL: e.driveRootUrl,
  };
  const campaign = rehearsalUnits(
    options.campaign ?? loadKnownCampaign(google.BAOCAO_CAMPAIGN, options.registryCsv),
  );

  const setupConfig = loadSetupConfig({
    ...google,
    WATCH_TOPIC,
    FUNCTIONS_SERVICE_ACCOUNT,
    GOOGLE_ACCESS_TOKEN: 'local-coordinator',
  });
  const mail = {
    SMTP_HOST: e.smtp.host,
    SMTP_PORT: String(e.smtp.port),
    SMTP_SECURE: 'false',
    SMTP_INSECURE: 'true',
    // The sink takes any credentials; signing in lets `baocao doctor` show a refused one.
    SMTP_USER: 'baocao@pgd7.example',
    SMTP_PASSWORD: 'local-smtp-password',
    MAIL_FROM: 'Báo cáo <baocao@pgd7.example>',
  };
  const ownerMailer = smtpMailer(loadSmtpConfig(mail));
  const calls = {
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    random: Math.random,
    log,
  };
  const coordinator: Omit<SetupDeps, 'watchOwner'> = {
    clients: { ...googleClients(setupConfig), drive: driveClient(setupConfig) },
    config: setupConfig,
    fetch,
    now,
    calls,
  };
  const sheetUrlOf = (id: string) => `${standIns.sheets.url}/view/${id}`;
  /** What `baocao setup --campaign` does for one campaign; the first one's sheet holds the registry. */
  const setUp = async (c: Campaign, file: string | undefined, home: string | undefined) => {
    const done = await setup(c, file ? readSetupState(file) : undefined, {
      ...coordinator,
      // The functions' identity creates the watch it renews, as the deployed renew-watch does.
      watchOwner: inProcessWatchOwner({
        google: { ...google, GOOGLE_ACCESS_TOKEN: LOCAL_FUNCTIONS_TOKEN },
        campaign: c,
        topic: WATCH_TOPIC,
        mailer: ownerMailer,
        now,
        log,
      }),
    });
    if (file) writeSetupState(file, done.state);
    const { spreadsheetId } = done.state;
    await storeAndRegister(
      { sheets: coordinator.clients.sheets, calls },
      home ?? spreadsheetId,
      c,
      { ...done.state, spreadsheetUrl: sheetUrlOf(spreadsheetId) },
      now(),
    );
    // What the coordinator pastes once in Google's form settings; the stand-in takes it directly.
    standIns.forms.setConfirmationMessage(done.state.formId, done.confirmationMessage);
    return done;
  };
  const served: { campaign: Campaign; result: SetupResult }[] = [];
  try {
    const first = await setUp(
      campaign,
      dataDir ? join(dataDir, 'setup.json') : undefined,
      undefined,
    );
    served.push({ campaign, result: first });
    for (const id of options.moreCampaigns ?? []) {
      const more = rehearsalUnits(loadKnownCampaign(id));
      const file = dataDir ? join(dataDir, `setup-${id}.json`) : undefined;
      served.push({ campaign: more, result: await setUp(more, file, first.state.spreadsheetId) });
    }
  } finally {
    ownerMailer.close();
  }
  const result = served[0]?.result as SetupResult;

  const functionEnv: Record<string, string> = {
    ...google,
    GOOGLE_ACCESS_TOKEN: LOCAL_FUNCTIONS_TOKEN,
    SPREADSHEET_ID: result.state.spreadsheetId,
    FORM_ID: result.state.formId,
    ...mail,
    SYNC_BURST: String(options.sync?.burst ?? DEFAULT_SYNC_BURST),
    SYNC_REFILL_MS: String(options.sync?.refillMs ?? DEFAULT_SYNC_REFILL_MS),
    WATCH_TOPIC,
    SHEET_URL: sheetUrlOf(result.state.spreadsheetId),
  };
  const functionConfig = loadConfig(functionEnv);
  // Pulumi passes the two secrets from Secret Manager, never among the plain settings.
  const {
    BAOCAO_TOKEN_SECRET: _token,
    SMTP_PASSWORD: smtpPassword = '',
    ...plainEnv
  } = functionEnv;
  standIns.cloud.deploy(plainEnv, { BAOCAO_TOKEN_SECRET: secret, SMTP_PASSWORD: smtpPassword });
  const runtime = createDeploymentRuntime(functionConfig, {
    // The rehearsal's demo addresses are in each sheet already; the definitions are the stored ones.
    campaigns: new Map(served.map((s) => [s.campaign.id, s.campaign])),
    log,
    now,
    ...(options.registryTtlMs !== undefined ? { registryTtlMs: options.registryTtlMs } : {}),
  });
  registerFunctions(async () => runtime, log);
  const eventServer = getTestServer('syncOnFormsEvent');
  const sweepServer = getTestServer('syncSweep');
  const syncEventUrl = await listen(eventServer, options.ports?.functions ?? 0);
  const syncSweepUrl = await listen(
    sweepServer,
    options.ports?.functions ? options.ports.functions + 1 : 0,
  );
  standIns.forms.setPushEndpoint(WATCH_TOPIC, `${syncEventUrl}/`);

  // Cloud Scheduler's jobs, on a timer: the sweep, the reminder slot due (sent once per unit),
  // and the watch renewal once a day of the local clock.
  // Cloud Scheduler fires a reminder only at its slot's time; this timer asks "what is due?"
  // every minute, so on its own it would mail the 06/10 slot on a rehearsal that begins on
  // 07/10. Slots from before the first start are left to `baocao remind --slot`; the instant
  // is kept in the folder so a restart neither sends them nor skips one that came after, one
  // per clock: a switch to --clock real must not send the 2021 slots years late.
  const remindersFrom = new Date(
    persisted(dataDir, `reminders-from-${mode}`, () => now().toISOString()),
  );
  const every = options.sweepEveryMs ?? 0;
  let renewedAt = now().getTime();
  const tick = async () => {
    await runtime.sync('sweep');
    await runtime.remind({ dryRun: false, notBefore: remindersFrom });
    if (now().getTime() - renewedAt > 24 * 3600_000) {
      renewedAt = now().getTime();
      await runtime.renewWatch();
    }
  };
  const timer =
    every > 0
      ? setInterval(() => {
          tick().catch((error: unknown) => {
            log.log('WARNING', 'scheduled job failed', {
              error: error instanceof Error ? error.name : String(error),
            });
          });
        }, every)
      : undefined;

  const endpoints: LocalEndpoints = {
    ...e,
    syncEventUrl,
    syncSweepUrl,
    sheetUrl: `${standIns.sheets.url}/view/${result.state.spreadsheetId}`,
    formUrl: result.state.responderUri,
    spreadsheetId: result.state.spreadsheetId,
    formId: result.state.formId,
    clock: { mode, offsetMs },
    links: result.links,
    campaigns: served.map(({ campaign: c, result: r }) => ({
      id: c.id,
      title: c.title,
      formId: r.state.formId,
      formUrl: r.state.responderUri,
      spreadsheetId: r.state.spreadsheetId,
      sheetUrl: sheetUrlOf(r.state.spreadsheetId),
      links: r.links,
    })),
  };
  if (dataDir)
    writeFileSync(join(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

  return {
    standIns,
    state: result.state,
    campaign,
    runtime,
    endpoints,
    now,
    advanceClock: (ms) => {
      advancedMs += Math.max(0, ms);
    },
    tick,
    remindersFrom,
    setup: {
      done: result.done,
      campaigns: served.map((s) => ({ title: s.campaign.title, done: s.result.done })),
    },
    functionEnv,
    close: async () => {
      if (timer) clearInterval(timer);
      await standIns.forms.flushDeliveries();
      await Promise.all([
        new Promise<void>((r) => eventServer.close(() => r())),
        new Promise<void>((r) => sweepServer.close(() => r())),
      ]);
      runtime.close();
      await standIns.close();
    },
  };
}
