// Structured JSON logs for Cloud Logging (one line, a `severity`), never with secrets or answer contents.

export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR';

export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Keys that must never reach a log line, whatever a caller passes. */
const REDACTED = /pass|secret|token|authorization|answers|raw/i;

export function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  base: Record<string, unknown> = {},
): Logger {
  return {
    log(severity, message, fields = {}) {
      const entry: Record<string, unknown> = { severity, message, ...base };
      for (const [k, v] of Object.entries(fields)) entry[k] = REDACTED.test(k) ? '[redacted]' : v;
      write(JSON.stringify(entry));
    },
    child(fields) {
      return createLogger(write, { ...base, ...fields });
    },
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
