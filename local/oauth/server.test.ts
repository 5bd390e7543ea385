import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthStandIn, startOAuthStandIn } from './server.ts';
import { consent } from './testing.ts';

const CLIENT = { clientId: 'desktop.apps.example', clientSecret: 's3cret', name: 'baocao' };
const REDIRECT = 'http://127.0.0.1:49152/';
const SCOPES = 'https://www.googleapis.com/auth/spreadsheets';

let clock = Date.parse('2026-01-01T00:00:00Z');
let oauth: OAuthStandIn;
beforeAll(async () => {
  oauth = await startOAuthStandIn({ clients: [CLIENT], now: () => clock });
});
afterAll(() => oauth.close());

const pkce = () => {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(params: Record<string, string> = {}) {
  const url = new URL(oauth.endpoints.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPES,
    state: 'st-1',
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return url.toString();
}

async function token(form: Record<string, string>) {
  const res = await fetch(oauth.endpoints.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      ...form,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** A consented code with its verifier. */
async function codeFor() {
  const { verifier, challenge } = pkce();
  const back = await consent(authorizeUrl({ code_challenge: challenge }), 'allow');
  return { code: back.searchParams.get('code') ?? '', verifier, back };
}

describe('the stand-in OAuth authorization server', () => {
  it('sends the browser back with a code and the same state after "Cho phép"', async () => {
    const { back } = await codeFor();
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('code')).toMatch(/^\S{20,}$/);
  });

  it('sends the browser back with error=access_denied after "Từ chối"', async () => {
    const back = await consent(authorizeUrl({ code_challenge: pkce().challenge }), 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('exchanges a code with its verifier for an access and a refresh token', async () => {
    const { code, verifier } = await codeFor();
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: SCOPES });
    expect(res.body.refresh_token).toBeTruthy();
    expect(oauth.refreshTokens()).toContain(res.body.refresh_token);
  });

  it.each([
    ['whose PKCE verifier does not match', { code_verifier: pkce().verifier }, 'invalid_grant'],
    ['with no PKCE verifier', { code_verifier: '' }, 'invalid_grant'],
    ['for another redirect URI', { redirect_uri: 'http://127.0.0.1:1/' }, 'redirect_uri_mismatch'],
    ['with a wrong client secret', { client_secret: 'guess' }, 'invalid_client'],
  ])('refuses a token request %s', async (_, change, error) => {
    const { code, verifier } = await codeFor();
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      ...change,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.error).toBe(error);
    expect(res.body.access_token).toBeUndefined();
  });

  it('refuses a code used twice, and one past its 5 minutes', async () => {
    const first = await codeFor();
    const exchange = (c: { code: string; verifier: string }) =>
      token({
        grant_type: 'authorization_code',
        code: c.code,
        code_verifier: c.verifier,
        redirect_uri: REDIRECT,
      });
    expect((await exchange(first)).status).toBe(200);
    expect((await exchange(first)).body.error).toBe('invalid_grant');
    const late = await codeFor();
    clock += 5 * 60_000 + 1;
    expect((await exchange(late)).body.error).toBe('invalid_grant');
  });

  it('refreshes with the refresh token until it is revoked, then answers invalid_grant', async () => {
    const { code, verifier } = await codeFor();
    const { body } = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    const refresh = () =>
      token({ grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '' });
    expect((await refresh()).body.access_token).toBeTruthy();
    const revoked = await fetch(
      `${oauth.endpoints.revokeUrl}?token=${encodeURIComponent(body.refresh_token ?? '')}`,
      { method: 'POST' },
    );
    expect(revoked.status).toBe(200);
    expect(await refresh()).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it.each([
    ['an unknown client', { client_id: 'nobody' }, 401, 'invalid_client'],
    [
      'a redirect off the loopback address',
      { redirect_uri: 'https://evil.example/' },
      400,
      'redirect_uri_mismatch',
    ],
  ])('shows an error page, and sends nothing back, for %s', async (_, change, status, code) => {
    const res = await fetch(authorizeUrl({ code_challenge: pkce().challenge, ...change }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(code);
  });

  it('refuses an authorization request without a PKCE challenge', async () => {
    const back = await consent(authorizeUrl(), 'allow');
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });
});
