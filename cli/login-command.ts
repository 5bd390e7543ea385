// The `login` and `logout` commands: which OAuth client and endpoints (Google's or local mode's), and the browser to open.
import { spawn } from 'node:child_process';
import { localOAuth } from './context.ts';
import { credentialsFile, GOOGLE_OAUTH, oauthClientFromEnv } from './credentials.ts';
import { login, logout } from './login.ts';

/** `baocao login` and `baocao logout`, on Google or (`--local DIR`) on local mode's stand-in. */
export async function signInCommand(
  command: 'login' | 'logout',
  options: { env: NodeJS.ProcessEnv; localDir: string | undefined; openBrowser: boolean },
  say: (line: string) => void,
): Promise<number> {
  const file = credentialsFile(options.env, options.localDir);
  if (command === 'logout') {
    const outcome = await logout(file);
    say(
      outcome === 'none'
        ? 'Chưa đăng nhập: không có gì để đăng xuất.'
        : outcome === 'revoked'
          ? `✓ Đã thu hồi quyền truy cập và xóa ${file}.`
          : `✓ Đã xóa ${file} (không liên lạc được máy chủ đăng nhập để thu hồi; có thể gỡ quyền tại https://myaccount.google.com/permissions).`,
    );
    return 0;
  }
  const local = options.localDir ? localOAuth(options.localDir) : undefined;
  await login({
    client: local ?? oauthClientFromEnv(options.env),
    endpoints: local ?? GOOGLE_OAUTH,
    file,
    say,
    open: options.openBrowser ? openBrowser : () => {},
    timeoutMs: LOGIN_TIMEOUT_MS,
  });
  say(`✓ Đã đăng nhập. Thông tin đăng nhập được lưu tại ${file} (chỉ bạn đọc được).`);
  return 0;
}

/** Long enough to find the account and read the consent screen; short enough not to hang a script. */
const LOGIN_TIMEOUT_MS = 5 * 60_000;

/** Opens the consent page in the desktop's browser; the printed URL is the fallback. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener on this machine: the URL is printed.
  }
}
