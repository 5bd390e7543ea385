// Starts the local stand-ins for Google (Sheets, Forms with its respondent page, Drive, OAuth, the Cloud control plane) and the SMTP sink together.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type CloudDeployment, type CloudStandIn, startCloudStandIn } from './cloud/server.ts';
import type { FaultConfig } from './faults.ts';
import { type FormsStandIn, startFormsStandIn } from './forms/server.ts';
import { type SmtpSink, startSmtpSink } from './mail/sink.ts';
import { type OAuthStandIn, startOAuthStandIn } from './oauth/server.ts';
import { type SheetsStandIn, startSheetsStandIn } from './sheets/server.ts';

export interface StandInsOptions {
  /** Persist under this folder (one sub-folder per service); memory only without it. */
  dataDir?: string;
  /** Fixed ports keep links stable across restarts; 0 or absent picks free ones (tests). */
  ports?: {
    sheets?: number;
    forms?: number;
    smtp?: number;
    inbox?: number;
    oauth?: number;
    cloud?: number;
  };
  /** The Desktop OAuth client `baocao login` signs in with; a random secret without it. */
  oauthClientSecret?: string;
  faults?: { sheets?: FaultConfig; forms?: FaultConfig };
  /** The deployment the Cloud control-plane stand-in describes (`baocao doctor` reads it). */
  cloud?: CloudDeployment;
  now?: () => number;
  /** The SMTP sink refuses with Gmail's daily-limit answer past this many mails in 24 hours. */
  mailPerDay?: number;
}

/** Where everything listens: what local mode prints and writes for scripts and tests. */
export interface StandInEndpoints {
  sheetsRootUrl: string;
  sheetsViewUrl: string;
  formsRootUrl: string;
  driveRootUrl: string;
  smtp: { host: string; port: number };
  inboxUrl: string;
  inboxApiUrl: string;
  /** The OAuth stand-in and the one Desktop client it knows, for `baocao login --local`. */
  oauth: {
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    clientId: string;
    clientSecret: string;
  };
  /** Root of the Cloud control-plane stand-in (Service Usage, Functions, Run, Secret Manager, Pub/Sub). */
  cloudRootUrl: string;
}

/** The Desktop OAuth client local mode registers (the consent screen's app is "baocao"). */
export const LOCAL_OAUTH_CLIENT_ID = 'baocao-local.apps.googleusercontent.com';

export interface StandIns {
  sheets: SheetsStandIn;
  forms: FormsStandIn;
  mail: SmtpSink;
  oauth: OAuthStandIn;
  cloud: CloudStandIn;
  endpoints: StandInEndpoints;
  close(): Promise<void>;
}

export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const dir = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
  const clock = options.now ? { now: options.now } : {};
  const sheets = await startSheetsStandIn({
    port: options.ports?.sheets ?? 0,
    ...(dir('sheets') ? { dataDir: dir('sheets') } : {}),
    ...(options.faults?.sheets ? { faults: options.faults.sheets } : {}),
    ...clock,
  });
  const forms = await startFormsStandIn({
    port: options.ports?.forms ?? 0,
    ...(dir('forms') ? { dataDir: dir('forms') } : {}),
    ...(options.faults?.forms ? { faults: options.faults.forms } : {}),
    // Setup shares the master sheet through Drive, which holds the Sheets stand-in's files too.
    otherDriveFiles: (fileId) => sheets.getSpreadsheet(fileId) !== undefined,
    ...clock,
  });
  const mail = await startSmtpSink({
    smtpPort: options.ports?.smtp ?? 0,
    httpPort: options.ports?.inbox ?? 0,
    ...(dir('mail') ? { dataDir: dir('mail') } : {}),
    ...(options.mailPerDay !== undefined ? { dailyLimit: { perDay: options.mailPerDay } } : {}),
    ...clock,
  });
  const clientSecret = options.oauthClientSecret ?? randomBytes(24).toString('base64url');
  const oauth = await startOAuthStandIn({
    port: options.ports?.oauth ?? 0,
    clients: [{ clientId: LOCAL_OAUTH_CLIENT_ID, clientSecret, name: 'baocao' }],
    ...(dir('oauth') ? { dataDir: dir('oauth') } : {}),
    ...clock,
  });
  const cloud = await startCloudStandIn(
    options.cloud ?? {
      project: 'baocao-local',
      region: 'asia-southeast1',
      prefix: 'baocao',
      watchTopic: 'projects/baocao-local/topics/forms-responses',
    },
    { port: options.ports?.cloud ?? 0 },
  );
  return {
    sheets,
    forms,
    mail,
    oauth,
    cloud,
    endpoints: {
      sheetsRootUrl: `${sheets.url}/`,
      sheetsViewUrl: `${sheets.url}/view`,
      formsRootUrl: `${forms.url}/`,
      driveRootUrl: `${forms.url}/`,
      smtp: { host: mail.smtpHost, port: mail.smtpPort },
      inboxUrl: `${mail.url}/`,
      inboxApiUrl: `${mail.url}/api/messages`,
      oauth: { ...oauth.endpoints, clientId: LOCAL_OAUTH_CLIENT_ID, clientSecret },
      cloudRootUrl: `${cloud.url}/`,
    },
    close: async () => {
      await Promise.all([
        sheets.close(),
        forms.close(),
        mail.close(),
        oauth.close(),
        cloud.close(),
      ]);
    },
  };
}
