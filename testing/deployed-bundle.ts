// Runs one entry of the built bundle (dist/bundle from `npm run build`) in a fresh node, as Cloud Functions would, and calls it once over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'index.js');
const MARK = 'DEPLOYED_RESULT ';

/** `npm run build`, exactly as an operator runs it before `pulumi up`. */
export function buildBundle(): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stderr}`);
}

export interface Invocation {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface DeployedRun {
  status: number;
  body: string;
  /** The function's structured log lines (stdout), parsed. */
  logs: { severity?: string; message?: string; problems?: string[] }[];
}

/**
 * The Functions Framework loads first, then our entry, then serves `target` on loopback; the
 * process sees `env` and nothing else (PATH aside), as a deployed instance sees only its
 * configured variables and secrets.
 */
const script = (target: string, call: Invocation) => `
  await import('@google-cloud/functions-framework');
  await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
  const { getTestServer } = await import('@google-cloud/functions-framework/testing');
  const server = getTestServer(${JSON.stringify(target)});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const res = await fetch('http://127.0.0.1:' + server.address().port + '/', ${JSON.stringify(call)});
  const body = await res.text();
  process.stdout.write('\\n${MARK}' + JSON.stringify({ status: res.status, body }) + '\\n', () => process.exit(0));`;

export function runDeployed(
  target: string,
  env: Readonly<Record<string, string>>,
  call: Invocation,
): Promise<DeployedRun> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script(target, call)], {
      cwd: join(ROOT, 'dist', 'bundle'),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      const lines = stdout.split('\n');
      const result = lines.find((l) => l.startsWith(MARK));
      if (!result) {
        fail(new Error(`${target} ended (${signal ?? code}) without answering:\n${stderr}`));
        return;
      }
      const logs = lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as DeployedRun['logs'][number]);
      ok({ ...(JSON.parse(result.slice(MARK.length)) as Omit<DeployedRun, 'logs'>), logs });
    });
  });
}

/** What Cloud Scheduler sends (a POST with a JSON body; the OIDC token is checked before us). */
export const schedulerCall = (body: object): Invocation => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** What Eventarc pushes for a Forms watch notification: a binary-mode CloudEvent. */
export const formsEventCall = (formId: string, topic: string): Invocation => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'ce-id': `test-${Date.now()}`,
    'ce-specversion': '1.0',
    'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
    'ce-source': `//pubsub.googleapis.com/${topic}`,
  },
  body: JSON.stringify({
    message: {
      attributes: { formId, watchId: 'w', eventType: 'RESPONSES' },
      messageId: `m-${Date.now()}`,
      publishTime: new Date().toISOString(),
    },
    subscription: 'projects/p/subscriptions/s',
  }),
});
