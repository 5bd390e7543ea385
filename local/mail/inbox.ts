// The sink's HTTP side: the JSON inbox API, the browser pages, and the fault control endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendHtml, sendJson } from '../http.ts';
import { isAddressedTo } from './message.ts';
import { renderInboxPage, renderMessagePage, renderNotFoundPage } from './pages.ts';
import { type RefusalPolicy, refuseOptionsSchema } from './refusal.ts';
import type { MessageStore } from './store.ts';

export interface InboxDeps {
  store: MessageStore;
  refusal: RefusalPolicy;
  onError: (error: unknown) => void;
}

/** What the sink has done so far and the refusal in force; the same for code and for HTTP. */
export function sinkStats(store: MessageStore, refusal: RefusalPolicy) {
  return { ...refusal.stats, stored: store.count, refusing: refusal.describe() ?? null };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function createInboxHandler(deps: InboxDeps): Handler {
  return (req, res) => {
    route(deps, req, res).catch((error: unknown) => {
      deps.onError(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error in the SMTP sink' });
      else res.destroy();
    });
  };
}

async function route(deps: InboxDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { store, refusal } = deps;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path === '/' && method === 'GET') {
    sendHtml(res, 200, renderInboxPage(store.list(), store.revision));
    return;
  }
  const page = /^\/messages\/([^/]+)$/.exec(path);
  if (page && method === 'GET') {
    const message = store.get(safeDecode(page[1]));
    if (message) sendHtml(res, 200, renderMessagePage(message));
    else sendHtml(res, 404, renderNotFoundPage());
    return;
  }

  if (path === '/api/revision' && method === 'GET') {
    sendJson(res, 200, { revision: store.revision, count: store.count });
    return;
  }
  if (path === '/api/messages') {
    if (method === 'GET') {
      const to = url.searchParams.get('to');
      const list = store.list();
      sendJson(res, 200, { messages: to ? list.filter((m) => isAddressedTo(m, to)) : list });
      return;
    }
    if (method === 'DELETE') {
      store.clear();
      res.writeHead(204).end();
      return;
    }
    return methodNotAllowed(res, 'GET, DELETE');
  }
  const api = /^\/api\/messages\/([^/]+)(\/raw)?$/.exec(path);
  if (api) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    const message = store.get(safeDecode(api[1]));
    if (!message) {
      sendJson(res, 404, { error: 'No such message' });
      return;
    }
    if (api[2]) {
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(message.raw),
        'x-content-type-options': 'nosniff',
      });
      res.end(message.raw);
      return;
    }
    sendJson(res, 200, message);
    return;
  }

  if (path === '/__control/stats' && method === 'GET') {
    sendJson(res, 200, sinkStats(store, refusal));
    return;
  }
  if (path === '/__control/refuse') {
    if (method === 'DELETE') {
      refusal.set(null);
      res.writeHead(204).end();
      return;
    }
    if (method !== 'POST') return methodNotAllowed(res, 'POST, DELETE');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, 64 * 1024));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      sendJson(res, tooLarge ? 413 : 400, { error: tooLarge ? error.message : 'Body is not JSON' });
      return;
    }
    const parsed = refuseOptionsSchema.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, { error: 'Invalid refusal options', issues: parsed.error.issues });
      return;
    }
    refusal.set(parsed.data);
    sendJson(res, 200, { refusing: refusal.describe() ?? null });
    return;
  }

  sendJson(res, 404, { error: `No route for ${method} ${path}` });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: 'Method not allowed' });
}

/** A malformed percent-escape is just an id that matches nothing, not a server error. */
function safeDecode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return '';
  }
}
