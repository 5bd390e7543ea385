// Google clients whose first sync data write a test can hold, still over HTTP to the stand-ins.
import { loadConfig } from '../functions/platform/config.ts';
import { FUNCTION_SCOPES, googleClients } from '../functions/platform/google.ts';
import type { LocalMode } from '../local/localmode.ts';

type BatchUpdate = ReturnType<typeof googleClients>['sheets']['spreadsheets']['batchUpdate'];

type Body = { requests?: Record<string, unknown>[] };

/** The requests of a batchUpdate's body, which the jobs send already encoded (checked-write.ts). */
const requestsOf = (body: unknown): Record<string, unknown>[] =>
  (body instanceof ArrayBuffer
    ? (JSON.parse(Buffer.from(body).toString('utf8')) as Body)
    : (body as Body | undefined)
  )?.requests ?? [];

/** A sync's data write (it appends the log's rows), as opposed to its mail marks or lease. */
const isDataWrite = (requests: readonly object[]) => requests.some((r) => 'appendDimension' in r);

/**
 * Clients whose first data write waits for `before`, as a run would meet another one between its
 * read and its write; `met()` says whether one came.
 */
export function pausingFirstDataWrite(local: LocalMode, before: () => Promise<void>) {
  let met = false;
  const clients = googleClients(loadConfig(local.functionEnv), { scopes: FUNCTION_SCOPES });
  const api = clients.sheets.spreadsheets;
  const original = api.batchUpdate.bind(api) as (...args: unknown[]) => Promise<unknown>;
  api.batchUpdate = (async (...args: unknown[]) => {
    const params = args[0] as { requestBody?: unknown };
    if (!met && isDataWrite(requestsOf(params.requestBody))) {
      met = true;
      await before();
    }
    return original(...args);
  }) as unknown as BatchUpdate;
  return { clients, met: () => met };
}

/** A promise a test opens by hand. */
export const deferred = () => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};
