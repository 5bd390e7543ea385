// HTTP plumbing shared by the local stand-ins on Hono: loopback-only listening, JSON and HTML answers.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Loopback only: the stand-ins hold test data and must never be reachable from the network. */
export const LOOPBACK = '127.0.0.1';

/** A stand-in app: node-server hands every handler the raw Node request as `c.env.incoming`. */
export type NodeEnv = { Bindings: HttpBindings };

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listenLoopback<E extends Env>(
  app: Hono<E>,
  port = 0,
): Promise<RunningServer> {
  const server = createAdaptorServer({
    fetch: app.fetch,
    // The stand-ins share their process with the product and its tests: leave fetch's globals alone.
    overrideGlobalObjects: false,
  }) as Server;
  // Idle keep-alive connections stay open a minute, as Google's front ends keep them, not Node's
  // 5 s: a client busy for longer between two calls (a sync deciding 5000 responses) would
  // otherwise reuse a socket the server has just closed and fail with ECONNRESET.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${LOOPBACK}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Refuses a body over `maxSize` bytes, answered by `tooLarge`: by its declared length, or once
 * read when it has none (chunked). Hono's own bodyLimit rebuilds the Request for that case, which
 * needs node-server's replacement of the global Request, left alone here (see listenLoopback).
 */
export function limitBody(
  maxSize: number,
  tooLarge: (c: Context, message: string) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    const size = declared !== undefined ? Number(declared) : (await c.req.arrayBuffer()).byteLength;
    if (size > maxSize) return tooLarge(c, `Request body exceeds ${maxSize} bytes`);
    return next();
  };
}

export function json(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'content-type': 'application/json; charset=utf-8',
  });
}

export function page(c: Context, status: number, html: string): Response {
  return c.body(html, status as ContentfulStatusCode, {
    'content-type': 'text/html; charset=utf-8',
    // Pages show user text; a strict policy keeps any injected markup inert.
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  });
}

/** The text of a page built with Hono's `html`, which only turns async when given a promise. */
export function htmlText(fragment: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  if (fragment instanceof Promise) throw new Error('stand-in pages are rendered synchronously');
  return fragment.toString();
}
