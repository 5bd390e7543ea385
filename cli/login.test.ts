import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthStandIn, startOAuthStandIn } from '../local/oauth/server.ts';
import { consent } from '../local/oauth/testing.ts';
import { CLI_SCOPES, credentialsFile, readCredentials, storedAuth } from './credentials.ts';
import { type LoginDeps, login, logout } from './login.ts';
import { explain, main } from './main.ts';

const CLIENT = { clientId: 'desktop.apps.example', clientSecret: 's3cret' };

let oauth: OAuthStandIn;
beforeAll(async () => {
  oauth = await startOAuthStandIn({ clients: [{ ...CLIENT, name: 'baocao' }] });
});
afterAll(() => oauth.close());

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configHome() {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-login-'));
  dirs.push(dir);
  return credentialsFile({ XDG_CONFIG_HOME: dir }, undefined);
}

/**
 * Runs `baocao login` with `browser` playing the person: it gets the URL the CLI opens and
 * answers where its browser lands afterwards (undefined: the person never comes back).
 */
function signIn(
  browser: (url: string) => Promise<URL | undefined>,
  change: Partial<LoginDeps> = {},
) {
  const file = configHome();
  const said: string[] = [];
  const opened: string[] = [];
  /** What the browser shows once it is back on the CLI's loopback page. */
  const landed: Promise<string>[] = [];
  const done = login({
    client: CLIENT,
    endpoints: oauth.endpoints,
    file,
    say: (line) => said.push(line),
    open: (url) => {
      opened.push(url);
      landed.push(
        browser(url).then(async (back) => (back ? (await fetch(back)).text() : 'never came back')),
      );
    },
    timeoutMs: 5000,
    ...change,
  });
  return { done, file, said, opened, landed };
}

describe('baocao login', () => {
  it('signs in with PKCE S256 and a state, asking exactly the CLI scopes, and keeps the refresh token readable by its owner only', async () => {
    const run = signIn((url) => consent(url, 'allow'));
    const stored = await run.done;
    expect(await run.landed[0]).toContain('<h1>Đã đăng nhập</h1>');
    const asked = new URL(run.opened[0] ?? '');
    expect(asked.searchParams.get('scope')?.split(' ')).toEqual([...CLI_SCOPES]);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(asked.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(run.said.join('\n')).toContain(run.opened[0]);
    expect(readCredentials(run.file)).toEqual(stored);
    expect(oauth.refreshTokens()).toContain(stored.refresh_token);
    expect(statSync(run.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(run.file, '..')).mode & 0o777).toBe(0o700);
    // The stored sign-in works: it gets an access token from the token endpoint.
    expect((await storedAuth(stored).getAccessToken()).token).toBeTruthy();
  });

  it('waits on past a stray visit to its loopback page, then signs in', async () => {
    const run = signIn(async (url) => {
      const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
      expect((await fetch(redirect)).status).toBe(400);
      return consent(url, 'allow');
    });
    expect((await run.done).refresh_token).toBeTruthy();
  });

  it.each([
    [
      'a redirect whose state is not the one it sent',
      async (url: string) => {
        const back = await consent(url, 'allow');
        back.searchParams.set('state', 'forged');
        return back;
      },
      /state/,
    ],
    [
      'a person who presses "Từ chối"',
      (url: string) => consent(url, 'deny'),
      /bạn đã bấm "Từ chối".*chạy lại baocao login/,
    ],
    [
      'a browser that never comes back',
      async () => undefined,
      /đã chờ 1 giây mà trình duyệt chưa quay lại.*baocao login/,
    ],
  ])('stores nothing and says what to do after %s', async (_, browser, message) => {
    const run = signIn(browser, { timeoutMs: 1000 });
    await expect(run.done).rejects.toThrow(message);
    expect(readCredentials(run.file)).toBeUndefined();
  });

  it('keeps nothing, and asks for every box, when the person unticked a scope on the consent page', async () => {
    const driveFile = 'https://www.googleapis.com/auth/drive.file';
    const before = oauth.refreshTokens().length;
    const run = signIn((url) => consent(url, 'allow', [driveFile]));
    await expect(run.done).rejects.toThrow(
      `chưa cấp đủ quyền (thiếu: ${driveFile}). Hãy chạy lại baocao login và đánh dấu mọi ô quyền`,
    );
    expect(readCredentials(run.file)).toBeUndefined();
    // The partial grant is revoked, not left behind.
    expect(oauth.refreshTokens().length).toBe(before);
  });

  it('names the OAuth client when the token endpoint does not know it', async () => {
    const run = signIn((url) => consent(url, 'allow'), {
      client: { ...CLIENT, clientSecret: 'wrong' },
    });
    await expect(run.done).rejects.toThrow(
      /BAOCAO_OAUTH_CLIENT_ID hoặc BAOCAO_OAUTH_CLIENT_SECRET sai/,
    );
    // The browser is told it did not work, not "Đã đăng nhập".
    expect(await run.landed[0]).toContain('<h1>Chưa đăng nhập</h1>');
    expect(readCredentials(run.file)).toBeUndefined();
  });

  it("explains a revoked or expired sign-in (invalid_grant), the Testing consent screen's 7 days included", async () => {
    const stored = await signIn((url) => consent(url, 'allow')).done;
    await fetch(`${oauth.endpoints.revokeUrl}?token=${stored.refresh_token}`, { method: 'POST' });
    const error = await storedAuth(stored)
      .getAccessToken()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const text = explain(error);
    expect(text).toMatch(/hết hạn hoặc đã bị thu hồi\. Hãy chạy baocao login/);
    expect(text).toMatch(/"Testing".*7 ngày.*"Publish app"/);
  });
});

describe('where the sign-in comes from and goes', () => {
  it.each([
    [{ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/an' }, undefined, '/x/cfg/baocao/credentials.json'],
    [{ HOME: '/home/an' }, undefined, '/home/an/.config/baocao/credentials.json'],
    [
      { XDG_CONFIG_HOME: '', HOME: '/home/an' },
      undefined,
      '/home/an/.config/baocao/credentials.json',
    ],
    [{ XDG_CONFIG_HOME: '/x/cfg' }, '.local-data', '.local-data/credentials.json'],
  ])('keeps it, with %o and --local %s, in %s', (env, localDir, file) => {
    expect(credentialsFile(env, localDir)).toBe(file);
  });

  it('asks for the OAuth client the operator hands over when it is not set', async () => {
    const out = { write: () => true } as unknown as NodeJS.WritableStream;
    await expect(
      main(['login', '--no-browser'], { XDG_CONFIG_HOME: tmpdir() }, out),
    ).rejects.toThrow(
      /đặt hai biến môi trường .*BAOCAO_OAUTH_CLIENT_ID và BAOCAO_OAUTH_CLIENT_SECRET/,
    );
  });
});

describe('baocao logout', () => {
  it('revokes the refresh token at the endpoint and deletes the file', async () => {
    const run = signIn((url) => consent(url, 'allow'));
    const stored = await run.done;
    expect(await logout(run.file)).toBe('revoked');
    expect(oauth.refreshTokens()).not.toContain(stored.refresh_token);
    expect(readCredentials(run.file)).toBeUndefined();
    expect(await logout(run.file)).toBe('none');
  });

  it('still deletes the file when the revocation endpoint cannot be reached', async () => {
    const spare = await startOAuthStandIn({ clients: [{ ...CLIENT, name: 'baocao' }] });
    const run = signIn((url) => consent(url, 'allow'), { endpoints: spare.endpoints });
    await run.done;
    await spare.close();
    expect(await logout(run.file)).toBe('deleted');
    expect(readCredentials(run.file)).toBeUndefined();
  });
});
