// The deployed entry point: functions registered around a runtime built from the environment.
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { registerFunctions } from './register.ts';
import { createRuntime, type Runtime } from './runtime.ts';

const log = createLogger();
// Fails at start, listing every missing setting, rather than on the first event.
const config = loadConfig(process.env);
let runtime: Runtime | undefined;

registerFunctions(() => {
  runtime ??= createRuntime(config, { log });
  return runtime;
}, log);
