// The one error family: every error the project raises says whether trying again can help.

/**
 * `retryable` decides what a caller does: a registered function fails its invocation so Pub/Sub
 * or Cloud Scheduler tries again (retryable), or acknowledges and alerts (permanent); the CLI
 * says "thử lại sau" or names what to fix. `name` is the class's own, so logs and `instanceof`
 * agree without each class repeating it.
 */
export abstract class BaocaoError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Trying again cannot help until something is fixed (a setting, a definition, a permission). */
export abstract class PermanentError extends BaocaoError {
  readonly retryable = false;
}

/** Trying again later can succeed (a quota, a network failure, a 5xx). */
export abstract class RetryableError extends BaocaoError {
  readonly retryable = true;
}

/** Whether an error of any origin is worth retrying: only ours say so; anything else is a bug. */
export const isRetryable = (error: unknown): boolean =>
  error instanceof BaocaoError && error.retryable;

/** "ConfigError: …" for a log line, whatever was thrown. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
