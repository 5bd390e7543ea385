// The coordinator's sign-in as the CLI keeps it: the scopes it asks for, the OAuth client, the stored refresh token.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { auth } from '@googleapis/sheets';
import { z } from 'zod';
import { PermanentError } from '../forms/errors.ts';
import { readIfPresent } from './state.ts';

/**
 * Every Google scope the CLI's clients use, and no more (the consent screen lists exactly
 * these; infra/DEPLOY.md must list the same):
 * - spreadsheets: setup creates and formats the master sheet; status, export, sync read and write it;
 * - forms.body: setup creates, builds and publishes the form, and creates or renews its watch;
 * - forms.responses.readonly: sync lists responses, and a RESPONSES watch needs it;
 * - drive.file: setup shares the form and the sheet it created with the functions' account.
 */
export const CLI_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/forms.body',
  'https://www.googleapis.com/auth/forms.responses.readonly',
  'https://www.googleapis.com/auth/drive.file',
] as const;

/** Google's endpoints for an installed app; local mode's stand-in has its own. */
export interface OAuthEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
}

export const GOOGLE_OAUTH: OAuthEndpoints = {
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
};

/** A Desktop OAuth client: its "secret" ships with every installed copy, so it only names the client. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

const storedSchema = z.object({
  type: z.literal('authorized_user'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
  scopes: z.array(z.string()),
  token_uri: z.url(),
  revoke_uri: z.url(),
  auth_uri: z.url(),
  created_at: z.string(),
});
export type StoredCredentials = z.infer<typeof storedSchema>;

export class LoginError extends PermanentError {}

/** Missing OAuth client settings: what the operator hands over, and where it comes from. */
export class OAuthClientMissingError extends LoginError {
  constructor() {
    super(
      'chưa có mã ứng dụng OAuth. Hãy đặt hai biến môi trường người quản trị đưa cho: BAOCAO_OAUTH_CLIENT_ID và BAOCAO_OAUTH_CLIENT_SECRET (ứng dụng OAuth loại "Ứng dụng dành cho máy tính" trong dự án Google Cloud của hệ thống), rồi chạy lại baocao login.',
    );
  }
}

/**
 * Where the sign-in is kept: `$XDG_CONFIG_HOME/baocao/credentials.json` (else
 * `~/.config/baocao/`); a rehearsal's (`--local DIR`) in its own folder, so trying local mode
 * never touches the real one and `npm start -- --fresh` forgets it with the rest.
 */
export function credentialsFile(env: NodeJS.ProcessEnv, localDir: string | undefined): string {
  if (localDir) return join(localDir, 'credentials.json');
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'baocao', 'credentials.json');
}

/** Where `baocao login` finds the Desktop client the operator made (infra/DEPLOY.md step 7). */
export const OAUTH_CLIENT_SETTINGS = [
  'BAOCAO_OAUTH_CLIENT_ID',
  'BAOCAO_OAUTH_CLIENT_SECRET',
] as const;

/** The Desktop OAuth client from the environment (BAOCAO_OAUTH_CLIENT_ID/_SECRET). */
export function oauthClientFromEnv(env: Record<string, string | undefined>): OAuthClient {
  const [idSetting, secretSetting] = OAUTH_CLIENT_SETTINGS;
  const clientId = env[idSetting]?.trim();
  const clientSecret = env[secretSetting]?.trim();
  if (!clientId || !clientSecret) throw new OAuthClientMissingError();
  return { clientId, clientSecret };
}

export function readCredentials(file: string): StoredCredentials | undefined {
  const text = readIfPresent(file);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) {
    throw new LoginError(
      `tệp đăng nhập ${file} bị hỏng: hãy chạy baocao logout rồi baocao login để đăng nhập lại.`,
    );
  }
  return parsed.data;
}

/**
 * Writes the refresh token readable by its owner only (0600, folder 0700): it grants access to
 * the coordinator's Drive files. Written aside and renamed, so a crash never leaves half a file.
 */
export function writeCredentials(file: string, credentials: StoredCredentials): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function deleteCredentials(file: string): void {
  rmSync(file, { force: true });
}

export type OAuth2 = InstanceType<typeof auth.OAuth2>;

/** An OAuth2 client of the given Desktop client, talking to the given endpoints. */
export function oauth2Client(
  client: OAuthClient,
  endpoints: OAuthEndpoints,
  redirectUri?: string,
): OAuth2 {
  return new auth.OAuth2({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: {
      oauth2AuthBaseUrl: endpoints.authorizeUrl,
      oauth2TokenUrl: endpoints.tokenUrl,
      oauth2RevokeUrl: endpoints.revokeUrl,
    },
  });
}

/** The stored sign-in as a client that refreshes its access token when it needs one. */
export function storedAuth(stored: StoredCredentials): OAuth2 {
  const client = oauth2Client(
    { clientId: stored.client_id, clientSecret: stored.client_secret },
    { authorizeUrl: stored.auth_uri, tokenUrl: stored.token_uri, revokeUrl: stored.revoke_uri },
  );
  client.setCredentials({ refresh_token: stored.refresh_token });
  return client;
}

/**
 * The credentials the CLI's Google clients use: the coordinator's `baocao login` when stored;
 * else local mode's fixed token (undefined: googleClients uses it); else Application Default
 * Credentials asking for exactly CLI_SCOPES.
 */
export function coordinatorAuth(
  file: string,
  localToken: string | undefined,
): OAuth2 | InstanceType<typeof auth.GoogleAuth> | undefined {
  const stored = readCredentials(file);
  if (stored) return storedAuth(stored);
  if (localToken) return undefined;
  return new auth.GoogleAuth({ scopes: [...CLI_SCOPES] });
}
