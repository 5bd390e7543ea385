// Runs one deployed function from the bundle in a fresh node process and reads its peak memory (maxRSS).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundle } from './bundle.ts';

export interface ChildRun<T> {
  status: number;
  body: T;
  /** The invocation alone (the import before it is not counted). */
  ms: number;
  /** process.resourceUsage().maxRSS at the end: the peak resident set of the whole process. */
  maxRssBytes: number;
}

const MARK = 'BENCH_RESULT ';

/** An HTTP function called with Express-like req/res, as the Functions Framework would. */
const script = (bundle: Bundle, entryPoint: string, query: Record<string, string>) => `
  await import(${JSON.stringify(pathToFileURL(bundle.file).href)});
  const { getFunction } = await import('@google-cloud/functions-framework/testing');
  const fn = getFunction(${JSON.stringify(entryPoint)});
  if (typeof fn !== 'function') throw new Error('${entryPoint} is not registered');
  const t = performance.now();
  // BENCH_SAMPLE=1: a line a second (BENCH_SAMPLE_MS=200: five) of the child's memory and CPU, to see where a peak comes from.
  const sample = () => { const m = process.memoryUsage(); const c = process.cpuUsage(); process.stdout.write('MEM ' + Math.round((performance.now() - t) / 1000) + 's rss=' + (m.rss >> 20) + ' heapUsed=' + (m.heapUsed >> 20) + ' heapTotal=' + (m.heapTotal >> 20) + ' external=' + (m.external >> 20) + ' cpu=' + ((c.user + c.system) / 1e6).toFixed(1) + 's\\n'); };
  if (process.env.BENCH_SAMPLE) sample();
  // BENCH_HEAP_AT=s1,s2 (with BENCH_DEBUG=DIR): a heap snapshot at those seconds, to see what a peak holds.
  for (const at of (process.env.BENCH_HEAP_AT ?? '').split(',').filter(Boolean)) {
    setTimeout(async () => { const v8 = await import('node:v8'); v8.writeHeapSnapshot(process.env.BENCH_DEBUG + '/${entryPoint}-' + at + 's.heapsnapshot'); }, Number(at) * 1000).unref();
  }
  const timer = process.env.BENCH_SAMPLE ? setInterval(sample, Number(process.env.BENCH_SAMPLE_MS || 1000)) : undefined;
  const out = await new Promise((resolve, reject) => {
    const res = {
      statusCode: 200,
      status(code) { this.statusCode = code; return this; },
      json(body) { resolve({ status: this.statusCode, body }); return this; },
      send(body) { resolve({ status: this.statusCode, body }); return this; },
    };
    Promise.resolve(fn({ query: ${JSON.stringify(query)}, body: {}, headers: {} }, res)).catch(reject);
  });
  const ms = performance.now() - t;
  if (timer) { sample(); clearInterval(timer); }
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  // Long lists (remind's 1000 planned reminders) are summed up as their length.
  const brief = (key, value) => (Array.isArray(value) && value.length > 20 ? { length: value.length } : value);
  process.stdout.write('\\n${MARK}' + JSON.stringify({ ...out, ms, maxRssBytes }, brief) + '\\n', () => process.exit(0));`;

export function runFunction<T>(
  bundle: Bundle,
  env: Readonly<Record<string, string>>,
  entryPoint: string,
  query: Record<string, string>,
  timeoutMs: number,
  nodeFlags: readonly string[] = [],
): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, '--input-type=module', '-e', script(bundle, entryPoint, query)],
      {
        cwd: bundle.dir,
        env: {
          PATH: process.env.PATH ?? '',
          BENCH_SAMPLE: process.env.BENCH_SAMPLE ?? '',
          BENCH_SAMPLE_MS: process.env.BENCH_SAMPLE_MS ?? '',
          BENCH_HEAP_AT: process.env.BENCH_HEAP_AT ?? '',
          BENCH_DEBUG: process.env.BENCH_DEBUG ?? '',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: timeoutMs,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // BENCH_DEBUG=DIR keeps each child's whole output (its logs, the samples) as DIR/<entry>.out.
      if (process.env.BENCH_DEBUG)
        writeFileSync(join(process.env.BENCH_DEBUG, `${entryPoint}.out`), stdout);
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (!line) {
        reject(
          new Error(`${entryPoint} child ended (${signal ?? code}) without a result:\n${stderr}`),
        );
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as ChildRun<T>);
    });
  });
}
