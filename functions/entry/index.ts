// The deployed entry point: functions registered around a runtime built from the environment.

import type { Runtime } from '../app/runtime.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/log.ts';
import { registerFunctions } from './register.ts';

const log = createLogger();
// Fails at start, listing every missing setting, rather than on the first event.
const config = loadConfig(process.env);
let runtime: Promise<Runtime> | undefined;

/**
 * The Google clients, the rules engine and the mailer load with the first invocation, not at
 * import: an instance starts serving sooner, and `npm run bench` reports both halves (import
 * and first invocation) so the cost is not hidden.
 */
registerFunctions(() => {
  runtime ??= import('../app/runtime.ts').then(({ createRuntime }) =>
    createRuntime(config, { log }),
  );
  return runtime;
}, log);
