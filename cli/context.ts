// What a CLI command runs against: Google (the coordinator's credentials) or a local-mode folder.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { withUnits } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';
import { parseRegistryCsv } from '../forms/registry.ts';
import { type FunctionConfig, loadConfig } from '../functions/platform/config.ts';
import { isCampaignFile, loadCampaignFile, loadKnownCampaign } from './campaigns.ts';
import { readSetupState, type SetupState } from './state.ts';

export class NotSetUpError extends PermanentError {
  constructor(campaignId: string, file: string) {
    super(
      `Chưa có biểu mẫu và bảng tổng hợp cho đợt ${campaignId} (không thấy ${file}): hãy chạy "baocao setup" trước.`,
    );
  }
}

const endpointsSchema = z.object({
  sheetsRootUrl: z.string(),
  formsRootUrl: z.string(),
  driveRootUrl: z.string(),
  smtp: z.object({ host: z.string(), port: z.number() }),
  sheetUrl: z.string(),
  /** Absent in folders made before `baocao doctor` existed: start local mode again. */
  cloudRootUrl: z.string().optional(),
  clock: z.object({ offsetMs: z.number() }).optional(),
  oauth: z
    .object({
      authorizeUrl: z.string(),
      tokenUrl: z.string(),
      revokeUrl: z.string(),
      clientId: z.string(),
      clientSecret: z.string(),
    })
    .optional(),
});

/** What the last `npm start` wrote in the folder: where its stand-ins listen, its clock. */
function localEndpoints(localDir: string) {
  const parsed = endpointsSchema.safeParse(
    JSON.parse(readFileSync(join(localDir, 'endpoints.json'), 'utf8')),
  );
  if (!parsed.success)
    throw new Error(`${localDir}/endpoints.json không đúng định dạng: hãy chạy lại npm start`);
  return parsed.data;
}

/** Local mode's OAuth stand-in and its Desktop client, for `baocao login --local`. */
export function localOAuth(localDir: string) {
  const { oauth } = localEndpoints(localDir);
  if (!oauth)
    throw new Error(`${localDir}/endpoints.json chưa có máy chủ đăng nhập: hãy chạy lại npm start`);
  return oauth;
}

/**
 * The environment a command sees. With `--local DIR`, everything comes from the folder that
 * `npm start` keeps (its endpoints, its token secret), so coordinators can try every command
 * on the rehearsal without a Google account.
 */
export function commandEnv(
  env: NodeJS.ProcessEnv,
  localDir: string | undefined,
): Record<string, string | undefined> {
  if (!localDir) return env;
  const e = localEndpoints(localDir);
  return {
    BAOCAO_CAMPAIGN: env.BAOCAO_CAMPAIGN ?? 'q7-htsd-2021',
    BAOCAO_TOKEN_SECRET: readFileSync(join(localDir, 'token-secret'), 'utf8').trim(),
    SHEETS_ROOT_URL: e.sheetsRootUrl,
    FORMS_ROOT_URL: e.formsRootUrl,
    DRIVE_ROOT_URL: e.driveRootUrl,
    GOOGLE_ACCESS_TOKEN: 'local-coordinator',
    SMTP_HOST: e.smtp.host,
    SMTP_PORT: String(e.smtp.port),
    SMTP_INSECURE: 'true',
    MAIL_FROM: 'Báo cáo <baocao@pgd7.example>',
    WATCH_TOPIC: 'projects/baocao-local/topics/forms-responses',
    // What local mode's stand-ins describe as deployed (local/localmode.ts), for `baocao doctor`.
    FUNCTIONS_SERVICE_ACCOUNT: 'baocao-functions@baocao-local.iam.gserviceaccount.com',
    BAOCAO_REGION: 'asia-southeast1',
    CLOUD_ROOT_URL: e.cloudRootUrl,
    SHEET_URL: e.sheetUrl,
    SYNC_REFILL_MS: '0',
  };
}

/**
 * The clock a command runs on: with `--local`, local mode's, so a command sees the same moment
 * as the functions there (the slot due, the digest's date, the export's file name). Local mode
 * keeps its rehearsal offset in `clock-offset`, but that file outlives a switch to
 * `--clock real`; endpoints.json says which clock the last start actually ran on.
 */
export function commandClock(localDir: string | undefined): () => Date {
  const offsetMs = localDir ? (localEndpoints(localDir).clock?.offsetMs ?? 0) : 0;
  return () => new Date(Date.now() + offsetMs);
}

/**
 * Where setup keeps a campaign's form and sheet ids. Local mode's folder keeps the first
 * campaign's (`home`, the one its functions are configured with) as setup.json, as before, and
 * each campaign served beside it as setup-<id>.json.
 */
export function stateFileFor(
  campaignId: string,
  explicit: string | undefined,
  localDir: string | undefined,
  home: string = campaignId,
): string {
  if (explicit) return explicit;
  if (!localDir) return `.baocao/${campaignId}.json`;
  return join(localDir, campaignId === home ? 'setup.json' : `setup-${campaignId}.json`);
}

/** The campaign a command works on: `--campaign` as a file, or an id under campaigns/. */
export function loadCommandCampaign(campaignArg: string, registryFile: string | undefined) {
  if (isCampaignFile(campaignArg)) return loadCampaignFile(campaignArg, registryFile);
  const base = loadKnownCampaign(campaignArg);
  return registryFile
    ? withUnits(base, parseRegistryCsv(readFileSync(registryFile, 'utf8'), base.groups))
    : base;
}

/** The functions' configuration for commands that sync or mail from the coordinator's machine. */
export function functionConfigFor(
  env: Record<string, string | undefined>,
  stateFile: string,
): { config: FunctionConfig; state: SetupState } {
  const campaignId = env.BAOCAO_CAMPAIGN ?? '';
  const state = readSetupState(stateFile);
  if (!state) throw new NotSetUpError(campaignId, stateFile);
  const config = loadConfig({
    SPREADSHEET_ID: state.spreadsheetId,
    FORM_ID: state.formId,
    SHEET_URL: state.spreadsheetUrl.startsWith('http') ? state.spreadsheetUrl : undefined,
    ...env,
  });
  return { config, state };
}
