// Forms API operations the product repeats: keeping the RESPONSES watch alive, listing responses.
import type { forms_v1 } from '@googleapis/forms';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** A healthy watch has more than this left: renewed daily, it always has nearly seven days. */
export const HEALTHY_MS = 6 * DAY_MS;

/** What the caller's RESPONSES watch was before this call touched it. */
export type WatchFound = 'active' | 'missing' | 'suspended' | 'expired' | 'other-topic';

export interface WatchResult {
  action: 'created' | 'renewed';
  found: WatchFound;
  watchId: string | undefined;
  expireTime: string | undefined;
  reads: number;
  writes: number;
}

/**
 * Google keeps at most one RESPONSES watch per form and project, for 7 days: renew the one
 * there is (if it still points at our topic), otherwise replace it.
 */
export async function ensureResponsesWatch(
  api: forms_v1.Forms,
  formId: string,
  topicName: string,
  now: Date,
): Promise<WatchResult> {
  const listed = await api.forms.watches.list({ formId });
  const existing = (listed.data.watches ?? []).find((w) => w.eventType === 'RESPONSES');
  let writes = 0;
  let found: WatchFound = 'missing';
  if (existing?.id) {
    const usable =
      existing.target?.topic?.topicName === topicName && existing.state !== 'SUSPENDED';
    const expired = existing.expireTime ? Date.parse(existing.expireTime) <= now.getTime() : false;
    if (usable && !expired) {
      const renewed = await api.forms.watches.renew({ formId, watchId: existing.id });
      return {
        action: 'renewed',
        found: 'active',
        watchId: renewed.data.id ?? existing.id,
        expireTime: renewed.data.expireTime ?? undefined,
        reads: 1,
        writes: 1,
      };
    }
    found = existing.state === 'SUSPENDED' ? 'suspended' : expired ? 'expired' : 'other-topic';
    await api.forms.watches.delete({ formId, watchId: existing.id });
    writes++;
  }
  const created = await api.forms.watches.create({
    formId,
    requestBody: { watch: { target: { topic: { topicName } }, eventType: 'RESPONSES' } },
  });
  return {
    action: 'created',
    found,
    watchId: created.data.id ?? undefined,
    expireTime: created.data.expireTime ?? new Date(now.getTime() + WEEK_MS).toISOString(),
    reads: 1,
    writes: writes + 1,
  };
}

export interface WatchCheck {
  healthy: boolean;
  watchId: string | undefined;
  state: string | undefined;
  /** Where it publishes: a watch left on another topic notifies nobody we listen to. */
  topicName?: string;
  /** Google's reason for a SUSPENDED watch (PROJECT_NOT_AUTHORIZED: the publisher grant). */
  errorType?: string;
  expireTime: string | undefined;
  /** Why it is not healthy, for logs and the coordinator's alert. */
  problem?: 'missing' | 'not-active' | 'expiring' | 'other-topic';
}

/**
 * The caller's RESPONSES watch as Google lists it: healthy when it exists on `topicName`, is
 * ACTIVE and has more than six days left. Google lists only the invoker's own watches, so
 * this is asked as the account that owns the watch.
 */
export async function checkResponsesWatch(
  api: forms_v1.Forms,
  formId: string,
  topicName: string,
  now: Date,
): Promise<WatchCheck> {
  const listed = await api.forms.watches.list({ formId });
  const w = (listed.data.watches ?? []).find((x) => x.eventType === 'RESPONSES');
  const base = {
    watchId: w?.id ?? undefined,
    state: w?.state ?? undefined,
    expireTime: w?.expireTime ?? undefined,
    ...(w?.target?.topic?.topicName ? { topicName: w.target.topic.topicName } : {}),
    ...(w?.errorType ? { errorType: w.errorType } : {}),
  };
  const problem: WatchCheck['problem'] = !w
    ? 'missing'
    : w.target?.topic?.topicName !== topicName
      ? 'other-topic'
      : w.state !== 'ACTIVE'
        ? 'not-active'
        : Date.parse(w.expireTime ?? '') - now.getTime() <= HEALTHY_MS ||
            Number.isNaN(Date.parse(w.expireTime ?? ''))
          ? 'expiring'
          : undefined;
  return problem ? { ...base, healthy: false, problem } : { ...base, healthy: true };
}
