// forms.watches of responses: create, list, renew, delete, with Google's 7-day expiry, one per form.
import { z } from 'zod';
import {
  ApiError,
  badRequest,
  failedPrecondition,
  invalidPayload,
  notFound,
} from '../api-error.ts';
import { hexId, isoMillis } from './ids.ts';
import { createWatchSchema } from './schemas.ts';
import type { FormsState, StoredWatch } from './state.ts';

export const WATCH_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const TOPIC_NAME = /^projects\/[^/]+\/topics\/[^/]+$/;
const WATCH_ID = /^[a-z0-9-]{4,63}$/;

export function toApiWatch(watch: StoredWatch) {
  return {
    id: watch.id,
    target: { topic: { topicName: watch.topicName } },
    eventType: watch.eventType,
    createTime: watch.createTime,
    expireTime: isoMillis(watch.expireTimeMs),
    state: watch.state,
  };
}

/** Live watches; an expired watch is gone, as on Google (renew then answers NOT_FOUND). */
export function liveWatches(state: FormsState, formId?: string): StoredWatch[] {
  const now = state.now();
  return state.watches.filter(
    (w) => w.expireTimeMs > now && (formId === undefined || w.formId === formId),
  );
}

function findLive(state: FormsState, formId: string, watchId: string): StoredWatch {
  const watch = liveWatches(state, formId).find((w) => w.id === watchId);
  if (!watch) throw notFound(`Watch ${watchId} not found.`);
  return watch;
}

/** Drops expired watches from the snapshot so it does not grow forever. */
function purgeExpired(state: FormsState): void {
  const live = liveWatches(state);
  if (live.length !== state.watches.length) state.watches = live;
}

export function createWatch(state: FormsState, formId: string, rawBody: unknown) {
  const parsed = createWatchSchema.safeParse(rawBody ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error);
  const { watch, watchId } = parsed.data;
  if (!watch) throw badRequest('watch is required.');
  if (watch.id) throw badRequest('watch.id must not be set; use watchId instead.');
  const topicName = watch.target?.topic?.topicName;
  if (!topicName || !TOPIC_NAME.test(topicName)) {
    throw badRequest(
      `watch.target.topic.topicName must be "projects/{project}/topics/{topic}", got "${topicName ?? ''}".`,
    );
  }
  const eventType = watch.eventType;
  if (eventType !== 'RESPONSES') throw badRequest('watch.eventType must be RESPONSES.');
  if (watchId !== undefined && !WATCH_ID.test(watchId)) {
    throw badRequest(`watchId "${watchId}" must be 4-63 characters of a-z, 0-9 and "-".`);
  }
  purgeExpired(state);
  const live = liveWatches(state, formId);
  if (live.some((w) => w.eventType === eventType)) {
    throw failedPrecondition(
      `A watch with event type ${eventType} already exists for this form; at most one is allowed per event type.`,
    );
  }
  if (watchId !== undefined && live.some((w) => w.id === watchId)) {
    throw new ApiError(409, `Watch ${watchId} already exists.`);
  }
  const now = state.now();
  const stored: StoredWatch = {
    formId,
    id: watchId ?? `${hexId()}-${hexId()}`,
    topicName,
    eventType,
    createTime: isoMillis(now),
    expireTimeMs: now + WATCH_LIFETIME_MS,
    state: 'ACTIVE',
  };
  state.watches.push(stored);
  state.save();
  return toApiWatch(stored);
}

export function listWatches(state: FormsState, formId: string) {
  const watches = liveWatches(state, formId).map(toApiWatch);
  return watches.length > 0 ? { watches } : {};
}

/** Renew: seven days from now. */
export function renewWatch(state: FormsState, formId: string, watchId: string) {
  const watch = findLive(state, formId, watchId);
  watch.expireTimeMs = state.now() + WATCH_LIFETIME_MS;
  state.save();
  return toApiWatch(watch);
}

export function deleteWatch(state: FormsState, formId: string, watchId: string) {
  const watch = findLive(state, formId, watchId);
  state.watches = state.watches.filter((w) => w !== watch);
  state.save();
  return {};
}

/** A watch going wrong on Google's side: SUSPENDED after failed deliveries, or near its end. */
export const watchChangeSchema = z.strictObject({
  state: z.enum(['ACTIVE', 'SUSPENDED']).optional(),
  /** Moves the expiry to this long from now; 0 or less lets it run out (it leaves the list). */
  expiresInMs: z.number().optional(),
});
export type WatchChange = z.infer<typeof watchChangeSchema>;

export function changeWatch(state: FormsState, formId: string, change: WatchChange): void {
  for (const watch of liveWatches(state, formId)) {
    if (change.state) watch.state = change.state;
    if (change.expiresInMs !== undefined) watch.expireTimeMs = state.now() + change.expiresInMs;
  }
  state.save();
}
