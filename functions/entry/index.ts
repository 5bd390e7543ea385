// The deployed entry point: functions registered around a runtime built from the environment.

import type { Runtime } from '../app/runtime.ts';
import { ConfigError, type FunctionConfig, loadDeployedConfig } from '../platform/config.ts';
import { createLogger } from '../platform/log.ts';
import { registerFunctions } from './register.ts';

const log = createLogger();
// Checked at start against the settings this function needs (functions/platform/settings.ts).
// A missing or wrong one does not crash the instance: a crash would be retried silently by
// the platform, while a refused invocation logs ERROR and mails the coordinator.
let config: FunctionConfig | undefined;
let invalid: ConfigError | undefined;
try {
  config = loadDeployedConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  invalid = error;
  log.log('ERROR', 'configuration invalid; every invocation will fail until it is fixed', {
    problems: error.problems,
  });
}
let runtime: Promise<Runtime> | undefined;

/**
 * The Google clients, the rules engine and the mailer load with the first invocation, not at
 * import: an instance starts serving sooner, and `npm run bench` reports both halves (import
 * and first invocation) so the cost is not hidden.
 */
registerFunctions(() => {
  runtime ??= config
    ? import('../app/deployment.ts').then(({ createDeploymentRuntime }) =>
        createDeploymentRuntime(config as FunctionConfig, { log }),
      )
    : import('../app/misconfigured.ts').then(({ misconfiguredRuntime }) =>
        misconfiguredRuntime(process.env, invalid as ConfigError, log),
      );
  return runtime;
}, log);
