// Asks the functions' account to create or renew the form's watch: the deployed renew-watch function, or, in local mode, the same code as the functions' identity.
import { auth } from '@googleapis/sheets';
import { z } from 'zod';
import type { Campaign } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';
import { renewWatch } from '../functions/app/renew.ts';
import {
  type GoogleConfig,
  loadGoogleConfig,
  loadSmtpConfig,
} from '../functions/platform/config.ts';
import { checkResponsesWatch, type WatchCheck } from '../functions/platform/forms-watch.ts';
import { FUNCTION_SCOPES, googleClients } from '../functions/platform/google.ts';
import type { Logger } from '../functions/platform/log.ts';
import type { Mailer } from '../functions/platform/mailer.ts';
import { smtpMailer } from '../functions/platform/smtp.ts';

/** The functions' identity on local mode's stand-ins (the coordinator's is 'local-coordinator'). */
export const LOCAL_FUNCTIONS_TOKEN = 'local-functions';

/**
 * Google keeps a watch per invoker and stops notifying when its creator loses access: the
 * account that renews it daily (the functions') must be the one that creates it, never the
 * coordinator. Answers what that account then sees (renew-watch's JSON).
 */
export type WatchOwner = (formId: string) => Promise<unknown>;

export class WatchOwnerError extends PermanentError {}

const checkSchema = z.object({
  healthy: z.boolean().optional(),
  watchId: z.string().optional(),
  state: z.string().optional(),
  topicName: z.string().optional(),
  errorType: z.string().optional(),
  expireTime: z.string().optional(),
  problem: z.enum(['missing', 'not-active', 'expiring', 'other-topic']).optional(),
});

/** renew-watch's answer, as far as setup, `watch renew` and doctor read it. */
export const ownerAnswerSchema = z.object({
  ok: z.boolean(),
  reason: z.string().optional(),
  check: checkSchema.optional(),
});

/**
 * How the functions' account sees the form's watch, asked without renewing it or mailing
 * anyone (`baocao doctor`): Google lists a watch to the invoker that created it only, so the
 * coordinator's own list is always empty.
 */
export type WatchInspector = (formId: string) => Promise<WatchCheck>;

/** The deployed renew-watch, asked {"trigger":"check"} with the caller's Google identity. */
export function deployedWatchInspector(
  url: string,
  deps: Parameters<typeof deployedWatchOwner>[1] = {},
): WatchInspector {
  const ask = deployedWatchOwner(url, deps, 'check');
  return async (formId) => {
    const answer = ownerAnswerSchema.safeParse(await ask(formId));
    const check = answer.success ? answer.data.check : undefined;
    if (check?.healthy === undefined) {
      throw new WatchOwnerError(
        `Hàm gia hạn (${url}) không trả lời tình trạng đăng ký nhận thông báo: hãy triển khai lại các hàm bằng «pulumi up» với phiên bản phần mềm này.`,
      );
    }
    return {
      ...check,
      healthy: check.healthy,
      watchId: check.watchId,
      state: check.state,
      expireTime: check.expireTime,
    };
  };
}

/** Local mode: the form's watch listed with the functions' token on the stand-ins. */
export function localWatchInspector(deps: {
  /** The stand-ins' roots with the functions' access token. */
  google: GoogleConfig;
  topic: string;
  now: () => Date;
}): WatchInspector {
  const { forms } = googleClients(deps.google, { scopes: FUNCTION_SCOPES });
  return (formId) => checkResponsesWatch(forms, formId, deps.topic, deps.now());
}

/**
 * The deployed function, called with the coordinator's Google identity (an ID token; the
 * coordinator holds run.invoker on renew-watch, infra/program.ts). A service account or an
 * impersonated one mints its token for the function's URL; a signed-in user's credentials
 * carry the ID token Google issued with them.
 */
export function deployedWatchOwner(
  url: string,
  deps: { fetch?: typeof fetch; idToken?: (audience: string) => Promise<string> } = {},
  trigger: 'setup' | 'check' = 'setup',
): WatchOwner {
  const fetcher = deps.fetch ?? fetch;
  const idToken = deps.idToken ?? identityToken;
  return async (formId) => {
    const token = await idToken(url);
    const res = await fetcher(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger, formId }),
    });
    if (res.status === 401 || res.status === 403) {
      throw new WatchOwnerError(
        `Hàm gia hạn (${url}) từ chối tài khoản của bạn (HTTP ${res.status}): tài khoản cần quyền gọi hàm (baocao:coordinatorEmail trong cấu hình Pulumi, rồi chạy lại «pulumi up»).`,
      );
    }
    return res.json();
  };
}

async function identityToken(url: string): Promise<string> {
  const google = new auth.GoogleAuth();
  try {
    const client = await google.getIdTokenClient(url);
    return await client.idTokenProvider.fetchIdToken(url);
  } catch {
    const client = await google.getClient();
    await client.getAccessToken();
    const idToken = (client.credentials as { id_token?: string | null }).id_token;
    if (idToken) return idToken;
    throw new WatchOwnerError(
      'Không lấy được mã định danh (ID token) của tài khoản Google đang đăng nhập để gọi hàm gia hạn.',
    );
  }
}

/** Local mode: the renew function's own code, as the functions' identity on the stand-ins. */
export function inProcessWatchOwner(deps: {
  /** The stand-ins' roots with the functions' access token. */
  google: GoogleConfig;
  campaign: Campaign;
  topic: string;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
}): WatchOwner {
  return (formId) =>
    renewWatch(
      {
        clients: googleClients(deps.google, { scopes: FUNCTION_SCOPES }),
        campaign: deps.campaign,
        formId,
        topic: deps.topic,
        mailer: deps.mailer,
        now: deps.now,
        log: deps.log,
        backoff: {
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
          random: Math.random,
          log: deps.log,
        },
      },
      'setup',
    );
}

/**
 * For a command: the deployed renew-watch when RENEW_WATCH_URL is set, local mode's functions
 * identity with --local, otherwise none (the functions are not deployed yet).
 */
export function commandWatchOwner(
  env: Readonly<Record<string, string | undefined>>,
  local: boolean,
  campaign: Campaign,
  now: () => Date,
  log: Logger,
): { owner: WatchOwner; close(): void } | undefined {
  if (env.RENEW_WATCH_URL) return { owner: deployedWatchOwner(env.RENEW_WATCH_URL), close() {} };
  if (!local) return undefined;
  const mailer = smtpMailer(loadSmtpConfig(env));
  return {
    owner: inProcessWatchOwner({
      google: loadGoogleConfig({ ...env, GOOGLE_ACCESS_TOKEN: LOCAL_FUNCTIONS_TOKEN }),
      campaign,
      topic: env.WATCH_TOPIC ?? '',
      mailer,
      now,
      log,
    }),
    close: () => mailer.close(),
  };
}
