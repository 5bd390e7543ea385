// `baocao login` / `logout`: the OAuth 2.0 installed-app flow (RFC 8252 loopback redirect, RFC 7636 PKCE S256, state).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLI_SCOPES,
  deleteCredentials,
  LoginError,
  type OAuthClient,
  type OAuthEndpoints,
  oauth2Client,
  readCredentials,
  type StoredCredentials,
  storedAuth,
  writeCredentials,
} from './credentials.ts';
import { explainOAuthError, oauthErrorCode } from './oauth-errors.ts';

export interface LoginDeps {
  client: OAuthClient;
  endpoints: OAuthEndpoints;
  /** Where the refresh token is kept (credentialsFile). */
  file: string;
  say(line: string): void;
  /** Shows the consent page to the coordinator (a browser); best effort, the URL is printed too. */
  open(url: string): void;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
}

/** Only the loopback interface: the code must never be catchable from the network (RFC 8252 §8.3). */
const LOOPBACK = '127.0.0.1';

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function browserPage(title: string, text: string): string {
  const escapeHtml = (s: string) =>
    s.replace(
      /[&<>"]/g,
      (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch,
    );
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

/** The code the browser brought back, and how to tell the person in it how the sign-in ended. */
interface Redirect {
  code: string;
  finish(ok: boolean): void;
}

/**
 * Waits for the one redirect that carries this sign-in's state and settles with its code (the
 * browser is answered once the code is exchanged), or answers the browser in Vietnamese and
 * settles with the reason it cannot go on.
 */
function awaitRedirect(server: Server, state: string, timeoutMs: number): Promise<Redirect> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const minutes = Math.round(timeoutMs / 60_000);
      reject(
        new LoginError(
          `đã chờ ${minutes >= 1 ? `${minutes} phút` : `${Math.round(timeoutMs / 1000)} giây`} mà trình duyệt chưa quay lại, nên chưa đăng nhập. Hãy chạy lại baocao login, mở đường link in ra và bấm "Cho phép".`,
        ),
      );
    }, timeoutMs);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
      if (url.pathname !== '/') {
        res.writeHead(404).end();
        return;
      }
      const answer = (status: number, title: string, text: string) =>
        res
          .writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
          .end(browserPage(title, text));
      const settle = (outcome: Redirect | { error: Error }) => {
        clearTimeout(timer);
        if ('code' in outcome) resolve(outcome);
        else reject(outcome.error);
      };
      const q = url.searchParams;
      // Only an answer to an authorization request settles the sign-in; a stray visit waits on.
      if (!q.has('code') && !q.has('error')) {
        answer(400, 'Đang chờ đăng nhập', 'Trang này chỉ nhận kết quả đăng nhập của baocao.');
        return;
      }
      // A page elsewhere can send this browser to our port: only the state we made is ours.
      if (!sameText(q.get('state') ?? '', state)) {
        answer(400, 'Đăng nhập không thành công', 'Trang trả về không khớp với lần đăng nhập này.');
        settle({
          error: new LoginError(
            'trang trình duyệt trả về không khớp với lần đăng nhập này (tham số state khác): có thể là một lần đăng nhập cũ hoặc một trang khác gửi tới. Không lưu gì cả; hãy chạy lại baocao login và dùng đúng đường link vừa in ra.',
          ),
        });
        return;
      }
      const error = q.get('error');
      if (error) {
        answer(400, 'Chưa đăng nhập', 'Quay lại cửa sổ lệnh để xem hướng dẫn.');
        settle({ error: new LoginError(explainOAuthError(error, 'consent')) });
        return;
      }
      const code = q.get('code');
      if (!code) {
        answer(400, 'Đăng nhập không thành công', 'Trang trả về không có mã đăng nhập.');
        settle({
          error: new LoginError('trang trả về không có mã đăng nhập; hãy chạy lại baocao login.'),
        });
        return;
      }
      settle({
        code,
        finish: (ok) =>
          ok
            ? answer(
                200,
                'Đã đăng nhập',
                'baocao đã nhận quyền truy cập. Bạn có thể đóng cửa sổ này và quay lại cửa sổ lệnh.',
              )
            : answer(400, 'Chưa đăng nhập', 'Quay lại cửa sổ lệnh để xem hướng dẫn.'),
      });
    });
  });
}

/** The consent URL: the scopes the CLI uses, offline access (a refresh token), PKCE and state. */
function authorizeUrl(
  deps: LoginDeps,
  redirectUri: string,
  state: string,
  challenge: string,
): string {
  const url = new URL(deps.endpoints.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: deps.client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: CLI_SCOPES.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    access_type: 'offline',
    // Google gives a refresh token only on consent; asking again makes sure one comes back.
    prompt: 'consent',
  }).toString();
  return url.toString();
}

/** Signs the coordinator in and stores the refresh token; throws a LoginError saying what to do. */
export async function login(deps: LoginDeps): Promise<StoredCredentials> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  try {
    const redirectUri = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}/`;
    const oauth = oauth2Client(deps.client, deps.endpoints, redirectUri);
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    if (!codeChallenge) throw new Error('google-auth-library returned no PKCE challenge');
    const state = randomBytes(32).toString('base64url');
    const url = authorizeUrl(deps, redirectUri, state, codeChallenge);
    const redirect = awaitRedirect(server, state, deps.timeoutMs);
    deps.say('Mở đường link sau trong trình duyệt, đăng nhập bằng tài khoản Google của Phòng');
    deps.say('và bấm "Cho phép" (nếu trình duyệt chưa tự mở):');
    deps.say(`  ${url}`);
    deps.open(url);
    const back = await redirect;
    try {
      const credentials = await exchange(deps, oauth, back.code, codeVerifier, redirectUri);
      back.finish(true);
      return credentials;
    } catch (error) {
      back.finish(false);
      throw error;
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Trades the code (with its PKCE verifier) for a refresh token holding every scope, and keeps it. */
async function exchange(
  deps: LoginDeps,
  oauth: ReturnType<typeof oauth2Client>,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<StoredCredentials> {
  const { tokens } = await oauth
    .getToken({ code, codeVerifier, redirect_uri: redirectUri })
    .catch((error: unknown) => {
      const oauthCode = oauthErrorCode(error);
      throw new LoginError(
        oauthCode
          ? explainOAuthError(oauthCode, 'exchange')
          : `không liên lạc được máy chủ đăng nhập (${deps.endpoints.tokenUrl}): ${error instanceof Error ? error.message : String(error)}. Kiểm tra kết nối mạng rồi chạy lại baocao login.`,
        { cause: error },
      );
    });
  if (!tokens.refresh_token) {
    throw new LoginError(
      'Google không trả về mã làm mới (refresh token); hãy chạy lại baocao login.',
    );
  }
  // Google's consent screen lets a person untick scopes; a partial grant fails later, mid-setup.
  const granted = new Set((tokens.scope ?? '').split(' '));
  const missing = CLI_SCOPES.filter((s) => !granted.has(s));
  if (tokens.scope !== undefined && missing.length > 0) {
    await storedAuth(stored(deps, tokens.refresh_token))
      .revokeToken(tokens.refresh_token)
      .catch(() => {});
    throw new LoginError(
      `chưa cấp đủ quyền (thiếu: ${missing.join(', ')}). Hãy chạy lại baocao login và đánh dấu mọi ô quyền trên trang đồng ý.`,
    );
  }
  const credentials = stored(deps, tokens.refresh_token);
  writeCredentials(deps.file, credentials);
  return credentials;
}

function stored(deps: LoginDeps, refreshToken: string): StoredCredentials {
  return {
    type: 'authorized_user',
    client_id: deps.client.clientId,
    client_secret: deps.client.clientSecret,
    refresh_token: refreshToken,
    scopes: [...CLI_SCOPES],
    auth_uri: deps.endpoints.authorizeUrl,
    token_uri: deps.endpoints.tokenUrl,
    revoke_uri: deps.endpoints.revokeUrl,
    created_at: new Date().toISOString(),
  };
}

/**
 * Revokes the refresh token at the endpoint it came from when it answers, and deletes the file
 * either way: signing out on a machine offline must still leave no token behind.
 */
export async function logout(file: string): Promise<'revoked' | 'deleted' | 'none'> {
  const credentials = readCredentials(file);
  if (!credentials) return 'none';
  let revoked = false;
  try {
    await storedAuth(credentials).revokeToken(credentials.refresh_token);
    revoked = true;
  } catch {
    // Unreachable, or already revoked or expired: nothing left to revoke that we can reach.
  }
  deleteCredentials(file);
  return revoked ? 'revoked' : 'deleted';
}
