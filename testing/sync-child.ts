// A deployed sync run in a process of its own, for a test to kill -9 mid-run: reads the functions' environment and a clock offset from argv.
import { createRuntime } from '../functions/app/runtime.ts';
import { loadConfig } from '../functions/platform/config.ts';

const [envJson = '{}', offset = '0'] = process.argv.slice(2);
const runtime = createRuntime(loadConfig(JSON.parse(envJson) as Record<string, string>), {
  // Each killed run comes after the one before's lease lapsed, as it would in production.
  now: () => new Date(Date.now() + Number(offset)),
  gate: { burst: 100, refillMs: 0 },
});
process.stdout.write('started\n');
runtime
  .sync('manual')
  .then(() => process.stdout.write('done\n'))
  .catch((error: unknown) => process.stdout.write(`failed ${String(error)}\n`))
  .finally(() => runtime.close());
