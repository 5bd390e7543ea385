// A stand-in OAuth 2.0 authorization server on loopback, as Google's is for a Desktop client: consent, code + PKCE, refresh, revoke.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { json, listenLoopback, type NodeEnv, page } from '../http.ts';
import { SnapshotStore } from '../persist.ts';
import { consentPage, errorPage } from './consent-page.ts';

export interface OAuthClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page, as the consent screen's app name is. */
  name: string;
}

export interface OAuthStandInOptions {
  port?: number;
  clients: OAuthClientRegistration[];
  /** Keeps refresh tokens across restarts; memory only without it. */
  dataDir?: string;
  now?: () => number;
}

export interface OAuthStandIn {
  url: string;
  endpoints: { authorizeUrl: string; tokenUrl: string; revokeUrl: string };
  /** Grants answered so far, by type: what a test checks to see a command used the sign-in. */
  grants: { authorizationCode: number; refreshToken: number };
  /** Live refresh tokens (not revoked). */
  refreshTokens(): string[];
  close(): Promise<void>;
}

/** Google's authorization codes live minutes; ours 5. */
const CODE_TTL_MS = 5 * 60_000;
const ACCESS_TTL_S = 3599;

interface Pending {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  challenge: string;
  scopes: string[];
}

interface Code extends Pending {
  expiresAt: number;
  used: boolean;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
}

const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** RFC 8252 §7.3: a Desktop client may redirect to any port on the loopback address. */
function loopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) must equal the challenge sent to /authorize. */
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

const tokenError = (c: Context, status: number, error: string, description: string) =>
  json(c, status, { error, error_description: description });

export async function startOAuthStandIn(options: OAuthStandInOptions): Promise<OAuthStandIn> {
  const now = options.now ?? Date.now;
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  const pending = new Map<string, Pending>();
  const codes = new Map<string, Code>();
  const access = new Map<string, string>();
  const store = new SnapshotStore<Record<string, RefreshGrant>>(options.dataDir, 'refresh-tokens');
  const refresh = new Map(Object.entries(store.load() ?? {}));
  const saveRefresh = () => store.save(Object.fromEntries(refresh));
  const grants = { authorizationCode: 0, refreshToken: 0 };

  /** client_secret_post or client_secret_basic, as Google accepts both. */
  function authenticate(c: Context, form: Record<string, string>) {
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':')
      : [form.client_id, form.client_secret];
    const client = id ? clients.get(id) : undefined;
    return client && secret !== undefined && sameText(secret, client.clientSecret)
      ? client
      : undefined;
  }

  const app = new Hono<NodeEnv>();
  app.get('/authorize', (c) => {
    const q = c.req.query();
    const client = q.client_id ? clients.get(q.client_id) : undefined;
    if (!client)
      return page(c, 401, errorPage('invalid_client', 'The OAuth client was not found.'));
    if (!q.redirect_uri || !loopbackRedirect(q.redirect_uri))
      return page(c, 400, errorPage('redirect_uri_mismatch', `redirect_uri=${q.redirect_uri}`));
    const refuse = (error: string, description: string) =>
      c.redirect(
        withParams(q.redirect_uri ?? '', {
          error,
          error_description: description,
          state: q.state,
        }),
      );
    if (q.response_type !== 'code') return refuse('unsupported_response_type', 'code only');
    // Ours requires PKCE: a stand-in that let a client skip it could not catch one that forgot.
    if (!q.code_challenge || q.code_challenge_method !== 'S256')
      return refuse('invalid_request', 'code_challenge with code_challenge_method=S256 required');
    const scopes = (q.scope ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return refuse('invalid_scope', 'Missing required parameter: scope');
    const id = token(16);
    pending.set(id, {
      clientId: client.clientId,
      redirectUri: q.redirect_uri,
      state: q.state,
      challenge: q.code_challenge,
      scopes,
    });
    return page(c, 200, consentPage({ id, clientName: client.name, scopes }));
  });

  app.post('/authorize/decision', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as Record<string, string>;
    const ticked = ([] as unknown[]).concat(form.scope ?? []);
    const request = form.request ? pending.get(form.request) : undefined;
    if (!request) return page(c, 400, errorPage('invalid_request', 'Yêu cầu đã hết hạn.'));
    pending.delete(form.request ?? '');
    if (form.decision !== 'allow') {
      return c.redirect(
        withParams(request.redirectUri, { error: 'access_denied', state: request.state }),
      );
    }
    // Google's granular consent: the person may untick scopes; the grant is what stayed ticked.
    const scopes = request.scopes.filter((s) => ticked.includes(s));
    const code = token();
    codes.set(code, { ...request, scopes, expiresAt: now() + CODE_TTL_MS, used: false });
    return c.redirect(
      withParams(request.redirectUri, {
        code,
        scope: scopes.join(' '),
        state: request.state,
      }),
    );
  });

  app.post('/token', async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string>;
    const client = authenticate(c, form);
    if (!client) return tokenError(c, 401, 'invalid_client', 'Unauthorized');
    const issue = (scopes: string[]) => {
      const accessToken = token();
      access.set(accessToken, client.clientId);
      return {
        access_token: accessToken,
        expires_in: ACCESS_TTL_S,
        scope: scopes.join(' '),
        token_type: 'Bearer',
      };
    };
    if (form.grant_type === 'authorization_code') {
      const code = form.code ? codes.get(form.code) : undefined;
      if (!code || code.clientId !== client.clientId)
        return tokenError(c, 400, 'invalid_grant', 'Malformed auth code.');
      if (code.used) return tokenError(c, 400, 'invalid_grant', 'Code was already redeemed.');
      code.used = true;
      if (now() > code.expiresAt) return tokenError(c, 400, 'invalid_grant', 'Code has expired.');
      if (form.redirect_uri !== code.redirectUri)
        return tokenError(c, 400, 'redirect_uri_mismatch', 'Bad Request');
      if (!form.code_verifier || !sameText(s256(form.code_verifier), code.challenge))
        return tokenError(c, 400, 'invalid_grant', 'Invalid code verifier.');
      const refreshToken = token();
      refresh.set(refreshToken, { clientId: client.clientId, scopes: code.scopes });
      saveRefresh();
      grants.authorizationCode++;
      return json(c, 200, { ...issue(code.scopes), refresh_token: refreshToken });
    }
    if (form.grant_type === 'refresh_token') {
      const grant = form.refresh_token ? refresh.get(form.refresh_token) : undefined;
      if (!grant || grant.clientId !== client.clientId)
        return tokenError(c, 400, 'invalid_grant', 'Token has been expired or revoked.');
      grants.refreshToken++;
      return json(c, 200, issue(grant.scopes));
    }
    return tokenError(c, 400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type}`);
  });

  app.post('/revoke', async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string>;
    const given = form.token ?? c.req.query('token') ?? '';
    if (refresh.delete(given)) {
      saveRefresh();
      return json(c, 200, {});
    }
    if (access.delete(given)) return json(c, 200, {});
    return tokenError(c, 400, 'invalid_token', 'Token expired or revoked');
  });

  const running = await listenLoopback(app, options.port ?? 0);
  return {
    url: running.url,
    endpoints: {
      authorizeUrl: `${running.url}/authorize`,
      tokenUrl: `${running.url}/token`,
      revokeUrl: `${running.url}/revoke`,
    },
    grants,
    refreshTokens: () => [...refresh.keys()],
    close: () => running.close(),
  };
}
