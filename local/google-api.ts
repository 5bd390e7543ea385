// The request pipeline the Google REST stand-ins share: caller, injected faults and quota, JSON in and out.
import type { Context, Handler, Hono } from 'hono';
import { ApiError } from './api-error.ts';
import { type FaultInjector, faultMessage, googleErrorBody, type RequestKind } from './faults.ts';
import { json, limitBody, type NodeEnv } from './http.ts';

export interface GoogleApiOptions {
  faults: FaultInjector;
  /** Who the request counts against for quota; throws an ApiError to refuse the request. */
  caller(c: Context<NodeEnv>): string;
  /** The service named in quota messages, e.g. 'sheets.googleapis.com'. */
  service(c: Context<NodeEnv>): string;
}

/**
 * Runs a method on the parsed JSON body (undefined when empty) and answers its result; a write
 * may return a promise that settles once the change is durable, and is answered only then.
 */
export type GoogleMethod = (c: Context<NodeEnv>, body: unknown) => unknown;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received. Unexpected token.');
  }
}

/**
 * Wraps a method in what every Google call goes through: the caller, then the fault decision
 * (delay, quota or injected error, or an ambiguous failure that applies the call and then drops
 * the connection, as a timeout does in production), then the method on the JSON body.
 */
export function googleMethod(options: GoogleApiOptions, kind: RequestKind, run: GoogleMethod) {
  const handler: Handler<NodeEnv> = async (c) => {
    const decision = options.faults.decide(kind, options.caller(c));
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.type === 'error') {
      const message = faultMessage(decision, options.service(c));
      return json(c, decision.status, googleErrorBody(decision.status, message));
    }
    const result = await run(c, await readJson(c));
    if (decision.type === 'ambiguous') {
      c.env.incoming.socket.destroy();
      return c.body(null);
    }
    const text = JSON.stringify(result);
    if (kind === 'read') options.faults.stats.readBytes += Buffer.byteLength(text);
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8' });
  };
  return handler;
}

/**
 * Google's answers to what no method handles: 413 for a body over 20 MB, its error body for a
 * thrown ApiError, else a 500. Call it before adding routes, so the body limit runs first.
 */
export function answerGoogleErrors(app: Hono<NodeEnv>, name: string): void {
  app.use(limitBody(20 * 1024 * 1024, (c, message) => json(c, 413, googleErrorBody(413, message))));
  app.onError((error, c) => {
    if (error instanceof ApiError) return json(c, error.code, error.body);
    console.error(`${name}: unexpected error`, error);
    return json(c, 500, googleErrorBody(500, 'Internal error encountered.'));
  });
}

/**
 * The route segment of a Google custom method, `{id}:verb`. Hono cannot follow a parameter with
 * literal text, so the parameter takes the verb along and `withoutVerb` drops it again.
 */
export const customMethod = (param: string, verb: string) => `:${param}{[^/:]+:${verb}}`;

export const withoutVerb = (value: string) => value.slice(0, value.lastIndexOf(':'));
