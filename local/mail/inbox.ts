// The sink's HTTP side: the JSON inbox API, the browser pages, and the fault control endpoints.
import { type Context, Hono } from 'hono';
import { json, limitBody, type NodeEnv, page } from '../http.ts';
import { dailyLimitSchema } from './daily-limit.ts';
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
  return {
    ...refusal.stats,
    stored: store.count,
    refusing: refusal.describe() ?? null,
    dailyLimit: refusal.daily.describe() ?? null,
  };
}

const methodNotAllowed = (allow: string) => (c: Context) => {
  c.header('allow', allow);
  return json(c, 405, { error: 'Method not allowed' });
};

export function inboxApp({ store, refusal, onError }: InboxDeps) {
  const message = (c: Context) => store.get(c.req.param('id') ?? '');
  const app = new Hono<NodeEnv>();
  app.onError((error, c) => {
    onError(error);
    return json(c, 500, { error: 'Internal error in the SMTP sink' });
  });
  return (
    app
      .get('/', (c) => page(c, 200, renderInboxPage(store.list(), store.revision)))
      .get('/messages/:id', (c) => {
        const found = message(c);
        return found ? page(c, 200, renderMessagePage(found)) : page(c, 404, renderNotFoundPage());
      })
      .get('/api/revision', (c) => json(c, 200, { revision: store.revision, count: store.count }))
      .get('/api/messages', (c) => {
        const to = c.req.query('to');
        const list = store.list();
        return json(c, 200, { messages: to ? list.filter((m) => isAddressedTo(m, to)) : list });
      })
      .delete('/api/messages', (c) => {
        store.clear();
        return c.body(null, 204);
      })
      .all('/api/messages', methodNotAllowed('GET, DELETE'))
      .get('/api/messages/:id', (c) => {
        const found = message(c);
        return found ? json(c, 200, found) : json(c, 404, { error: 'No such message' });
      })
      .get('/api/messages/:id/raw', (c) => {
        const found = message(c);
        if (!found) return json(c, 404, { error: 'No such message' });
        return c.body(found.raw, 200, {
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        });
      })
      .all('/api/messages/:id', methodNotAllowed('GET'))
      .all('/api/messages/:id/raw', methodNotAllowed('GET'))
      .get('/__control/stats', (c) => json(c, 200, sinkStats(store, refusal)))
      .delete('/__control/refuse', (c) => {
        refusal.set(null);
        return c.body(null, 204);
      })
      .post(
        '/__control/refuse',
        limitBody(64 * 1024, (c, error) => json(c, 413, { error })),
        async (c) => {
          const body = await c.req.json().catch(() => undefined);
          if (body === undefined) return json(c, 400, { error: 'Body is not JSON' });
          const parsed = refuseOptionsSchema.safeParse(body);
          if (!parsed.success) {
            return json(c, 400, { error: 'Invalid refusal options', issues: parsed.error.issues });
          }
          refusal.set(parsed.data);
          return json(c, 200, { refusing: refusal.describe() ?? null });
        },
      )
      .all('/__control/refuse', methodNotAllowed('POST, DELETE'))
      // The sending account's daily limit: {"perDay": 500} refuses with Gmail's answer past 500
      // messages in 24 hours; DELETE lifts it.
      .post(
        '/__control/daily-limit',
        limitBody(64 * 1024, (c, error) => json(c, 413, { error })),
        async (c) => {
          const body = await c.req.json().catch(() => undefined);
          const parsed = dailyLimitSchema.safeParse(body);
          if (!parsed.success) return json(c, 400, { error: 'Invalid daily limit' });
          refusal.daily.set(parsed.data);
          return json(c, 200, { dailyLimit: refusal.daily.describe() ?? null });
        },
      )
      .delete('/__control/daily-limit', (c) => {
        refusal.daily.set(null);
        return c.body(null, 204);
      })
      .all('/__control/daily-limit', methodNotAllowed('POST, DELETE'))
      .post('/__control/refuse-auth', (c) => {
        refusal.refusesAuth = true;
        return c.body(null, 204);
      })
      .delete('/__control/refuse-auth', (c) => {
        refusal.refusesAuth = false;
        return c.body(null, 204);
      })
      .notFound((c) => json(c, 404, { error: `No route for ${c.req.method} ${c.req.path}` }))
  );
}
