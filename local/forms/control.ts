// Control endpoints of the Forms stand-in (/__control/…): faults and stats.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type FaultInjector, faultConfigSchema } from '../faults.ts';
import { readBody, sendJson } from '../http.ts';
import type { PushDelivery } from './delivery.ts';
import type { FormsState } from './state.ts';
import { liveWatches } from './watches.ts';

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

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 64 * 1024);
  return text ? JSON.parse(text) : {};
}

/** Answers a /__control request; these are for tests and the local runner, never faulted. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: ControlDeps,
): Promise<void> {
  const route = `${req.method} ${path}`;
  if (route === 'GET /__control/stats') return sendJson(res, 200, stats(deps));
  let body: unknown;
  try {
    body = await jsonBody(req);
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON' });
  }
  if (route === 'POST /__control/faults') {
    const parsed = faultConfigSchema.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    deps.faults.configure(parsed.data);
    return sendJson(res, 200, deps.faults.current);
  }
  sendJson(res, 404, { error: `no control endpoint ${route}` });
}
