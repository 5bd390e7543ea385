// Control endpoints of the Forms stand-in (/__control/…): faults and stats.
import { Hono } from 'hono';
import { z } from 'zod';
import { type FaultInjector, faultConfigSchema } from '../faults.ts';
import { json, limitBody, type NodeEnv } from '../http.ts';
import type { PushDelivery } from './delivery.ts';
import type { FormsState } from './state.ts';
import { changeWatch, liveWatches, watchChangeSchema } from './watches.ts';

export interface ControlDeps {
  state: FormsState;
  faults: FaultInjector;
  delivery: PushDelivery;
}

export function stats({ state, faults, delivery }: ControlDeps) {
  return {
    faults: { ...faults.stats },
    delivery: { ...delivery.stats, inFlight: delivery.inFlight },
    forms: state.forms.size,
    responses: state.responses.size,
    liveWatches: liveWatches(state).length,
  };
}

const notJson = { error: 'body must be JSON' };

/**
 * For tests and the local runner; never faulted. POST /watches/:formId does to a watch what
 * Google does by itself (suspends it, lets it run out), for `baocao doctor`'s tests.
 */
export function controls(deps: ControlDeps) {
  return new Hono<NodeEnv>()
    .use(limitBody(64 * 1024, (c) => json(c, 400, notJson)))
    .get('/stats', (c) => json(c, 200, stats(deps)))
    .post('/faults', async (c) => {
      const text = await c.req.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return json(c, 400, notJson);
      }
      const parsed = faultConfigSchema.safeParse(body);
      if (!parsed.success) return json(c, 400, { error: z.prettifyError(parsed.error) });
      deps.faults.configure(parsed.data);
      return json(c, 200, deps.faults.current);
    })
    .post('/watches/:formId', async (c) => {
      const parsed = watchChangeSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return json(c, 400, { error: z.prettifyError(parsed.error) });
      changeWatch(deps.state, c.req.param('formId'), parsed.data);
      return json(c, 200, {});
    })
    .all('*', (c) => json(c, 404, { error: `no control endpoint ${c.req.method} ${c.req.path}` }));
}
