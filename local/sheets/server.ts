// The Sheets v4 stand-in's HTTP server: routing, faults and quota, error bodies, view and control pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.ts';
import {
  type FaultConfig,
  FaultInjector,
  faultConfigSchema,
  faultMessage,
  googleErrorBody,
} from '../faults.ts';
import { BodyTooLargeError, listenLoopback, readBody, sendJson, sleep } from '../http.ts';
import { routeApi } from './api.ts';
import { projectFields } from './fieldmask.ts';
import type { Json, SpreadsheetState } from './model.ts';
import { SheetsStore } from './store.ts';
import { handleView } from './view.ts';

export interface SheetsStandInOptions {
  /** Port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Folder for the `sheets.json` snapshot; without it the stand-in keeps everything in memory. */
  dataDir?: string;
  /** Faults and quota; no quota unless configured, so tests opt in. */
  faults?: FaultConfig;
  now?: () => number;
}

export interface SheetsStandIn {
  url: string;
  port: number;
  faults: FaultInjector;
  getSpreadsheet(id: string): SpreadsheetState | undefined;
  listSpreadsheets(): SpreadsheetState[];
  close(): Promise<void>;
}

const SERVICE = 'sheets.googleapis.com';

function userOf(req: IncomingMessage, query: URLSearchParams): string {
  const auth = req.headers.authorization;
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1];
  return bearer ?? query.get('key') ?? 'anonymous';
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received. Unexpected token.');
  }
}

export async function startSheetsStandIn(
  options: SheetsStandInOptions = {},
): Promise<SheetsStandIn> {
  const now = options.now ?? Date.now;
  const store = new SheetsStore(options.dataDir, now);
  const faults = new FaultInjector(options.faults ?? {}, now);
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__control/')) return control(req, res, url.pathname);
    if (url.pathname === '/view' || url.pathname.startsWith('/view/')) {
      return handleView(store, req, res, url);
    }
    const route = routeApi(store, baseUrl, method, url.pathname);
    if (!route) {
      sendJson(res, 404, googleErrorBody(404, `Method not found: ${method} ${url.pathname}`));
      return;
    }
    const decision = faults.decide(route.kind, userOf(req, url.searchParams));
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.type === 'error') {
      sendJson(
        res,
        decision.status,
        googleErrorBody(decision.status, faultMessage(decision, SERVICE)),
      );
      return;
    }
    let body: Json;
    try {
      const result = route.run({ query: url.searchParams, body: await readJson(req) });
      const fields = url.searchParams.get('fields');
      body = fields ? (projectFields(result, fields) ?? {}) : result;
    } catch (error) {
      if (error instanceof ApiError) return sendJson(res, error.code, error.body);
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, googleErrorBody(413, error.message));
      throw error;
    }
    if (decision.type === 'ambiguous') {
      // The write is committed; the caller never learns it, as after a timeout in production.
      req.socket.destroy();
      return;
    }
    sendJson(res, 200, body);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__control/faults' && req.method === 'POST') {
      const parsed = faultConfigSchema.safeParse(await readJson(req).catch(() => undefined));
      if (!parsed.success) return sendJson(res, 400, googleErrorBody(400, parsed.error.message));
      faults.configure(parsed.data);
      return sendJson(res, 200, { faults: faults.current });
    }
    if (path === '/__control/stats' && req.method === 'GET') {
      return sendJson(res, 200, {
        stats: faults.stats,
        faults: faults.current,
        spreadsheets: store.list().length,
      });
    }
    if (path === '/__control/stats/reset' && req.method === 'POST') {
      faults.resetStats();
      return sendJson(res, 200, { stats: faults.stats });
    }
    sendJson(res, 404, googleErrorBody(404, `Unknown control endpoint: ${path}`));
  }

  const running = await listenLoopback((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('sheets stand-in: unexpected error', error);
      if (!res.headersSent) sendJson(res, 500, googleErrorBody(500, 'Internal error encountered.'));
      else res.destroy();
    });
  }, options.port ?? 0);
  baseUrl = running.url;

  return {
    url: running.url,
    port: running.port,
    faults,
    getSpreadsheet: (id) => store.get(id),
    listSpreadsheets: () => store.list(),
    close: async () => {
      await running.close();
      store.flush();
    },
  };
}
