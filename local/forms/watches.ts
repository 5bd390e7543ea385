// forms.watches of responses: create, list, renew, delete, with Google's 7-day expiry, one per form and invoker.
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
    ...(watch.errorType ? { errorType: watch.errorType } : {}),
  };
}

/** Live watches; an expired watch is gone, as on Google (renew then answers NOT_FOUND). */
export function liveWatches(state: FormsState, formId?: string): StoredWatch[] {
  const now = state.now();
  return state.watches.filter(
    (w) => w.expireTimeMs > now && (formId === undefined || w.formId === formId),
  );
}

/** The caller's own live watches: another invoker's are invisible to it, as on Google. */
function ownLiveWatches(state: FormsState, formId: string, caller: string): StoredWatch[] {
  return liveWatches(state, formId).filter((w) => w.owner === undefined || w.owner === caller);
}

function findLive(state: FormsState, formId: string, watchId: string, caller: string): StoredWatch {
  const watch = ownLiveWatches(state, formId, caller).find((w) => w.id === watchId);
  if (!watch) throw notFound(`Watch ${watchId} not found.`);
  return watch;
}

/** Drops expired watches from the snapshot so it does not grow forever. */
function purgeExpired(state: FormsState): void {
  const live = liveWatches(state);
  if (live.length !== state.watches.length) state.watches = live;
}

export function createWatch(state: FormsState, formId: string, rawBody: unknown, caller: string) {
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
  const live = ownLiveWatches(state, formId, caller);
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
    owner: caller,
  };
  if (state.publishingRefused.has(formId)) suspend(stored);
  state.watches.push(stored);
  state.save();
  return toApiWatch(stored);
}

export function listWatches(state: FormsState, formId: string, caller: string) {
  const watches = ownLiveWatches(state, formId, caller).map(toApiWatch);
  return watches.length > 0 ? { watches } : {};
}

/**
 * Renew: seven days from now, ACTIVE again. Google renews a SUSPENDED watch only once its
 * error is gone; here the error stays until the test lifts it (suspendWatches(…, false)).
 */
export function renewWatch(state: FormsState, formId: string, watchId: string, caller: string) {
  const watch = findLive(state, formId, watchId, caller);
  if (watch.state === 'SUSPENDED' && !state.publishingRefused.has(formId)) {
    watch.state = 'ACTIVE';
    delete watch.errorType;
  }
  if (watch.state === 'SUSPENDED') {
    throw failedPrecondition(
      `Watch ${watchId} is suspended: the topic cannot be published to (check the publisher grant).`,
    );
  }
  watch.expireTimeMs = state.now() + WATCH_LIFETIME_MS;
  state.save();
  return toApiWatch(watch);
}

export function deleteWatch(state: FormsState, formId: string, watchId: string, caller: string) {
  const watch = findLive(state, formId, watchId, caller);
  state.watches = state.watches.filter((w) => w !== watch);
  state.save();
  return {};
}

function suspend(watch: StoredWatch): void {
  watch.state = 'SUSPENDED';
  watch.errorType = 'PROJECT_NOT_AUTHORIZED';
}

/**
 * Tests: Google cannot publish for the form's watches (SUSPENDED, PROJECT_NOT_AUTHORIZED).
 * `persist`: the cause stays (a missing publisher grant), so new watches are suspended too and
 * renewal fails, until called again with `refused` false.
 */
export function suspendWatches(
  state: FormsState,
  formId: string,
  { refused = true, persist = false }: { refused?: boolean; persist?: boolean } = {},
): void {
  if (refused && persist) state.publishingRefused.add(formId);
  if (!refused) state.publishingRefused.delete(formId);
  if (refused) for (const w of liveWatches(state, formId)) suspend(w);
  state.save();
}

/** Tests: a watch nobody renewed for seven days is gone. */
export function expireWatches(state: FormsState, formId: string): void {
  for (const w of liveWatches(state, formId)) w.expireTimeMs = state.now();
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
