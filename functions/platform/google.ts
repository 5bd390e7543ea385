// The Google API clients (per-API packages), pointed at Google or at the local stand-ins by configuration.
import { forms, type forms_v1 } from '@googleapis/forms';
import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import type { GoogleConfig } from './config.ts';

/** What the deployed functions talk to; Drive is setup's alone (cli/drive.ts) and stays out of the bundle. */
export interface GoogleClients {
  sheets: sheets_v4.Sheets;
  forms: forms_v1.Forms;
}

/**
 * What the deployed functions call and no more: Sheets (read and write the master sheet), and
 * the form's responses and RESPONSES watch (forms.responses.readonly is among the scopes
 * Google lists for responses.list/get and watches.list/create/renew/delete). They never change
 * the form nor touch Drive.
 */
export const FUNCTION_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/forms.responses.readonly',
];

/** The coordinator's commands (setup builds the form and shares files through Drive). */
const COORDINATOR_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/forms.body',
  'https://www.googleapis.com/auth/forms.responses.readonly',
  'https://www.googleapis.com/auth/drive.file',
];

/**
 * Application Default Credentials on Google (the coordinator's for setup, the service
 * account's in the functions); a fixed token in local mode. Retries are ours, not gaxios':
 * a 429 is retried with our backoff and anything ambiguous must fail the invocation.
 */
export function googleClients(config: GoogleConfig, use: ClientUse = {}): GoogleClients {
  const { common } = clientOptions(config, use);
  return {
    sheets: sheets({
      version: 'v4',
      ...common,
      ...(config.SHEETS_ROOT_URL ? { rootUrl: config.SHEETS_ROOT_URL } : {}),
    }),
    forms: forms({
      version: 'v1',
      ...common,
      ...(config.FORMS_ROOT_URL ? { rootUrl: config.FORMS_ROOT_URL } : {}),
    }),
  };
}

/** What a client authenticates with: an OAuth2 user client or Application Default Credentials. */
export type Credentials = InstanceType<typeof auth.OAuth2> | InstanceType<typeof auth.GoogleAuth>;

/**
 * Who calls: the coordinator's own sign-in (`baocao login`, the CLI only), else Application
 * Default Credentials asked for `scopes` (the functions ask for FUNCTION_SCOPES).
 */
export interface ClientUse {
  credentials?: Credentials | undefined;
  scopes?: readonly string[];
}

/** Credentials and the options every per-API client takes. */
export function clientOptions(config: GoogleConfig, use: ClientUse = {}) {
  const scopes = use.scopes ?? COORDINATOR_SCOPES;
  let credentials: Credentials;
  if (use.credentials) {
    credentials = use.credentials;
  } else if (config.GOOGLE_ACCESS_TOKEN) {
    const oauth = new auth.OAuth2();
    oauth.setCredentials({ access_token: config.GOOGLE_ACCESS_TOKEN });
    credentials = oauth;
  } else {
    credentials = new auth.GoogleAuth({ scopes: [...scopes] });
  }
  return { common: { auth: credentials, retry: false } as const };
}
