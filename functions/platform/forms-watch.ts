// Forms API operations the product repeats: keeping the RESPONSES watch alive, listing responses.
import type { forms_v1 } from '@googleapis/forms';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface WatchResult {
  action: 'created' | 'renewed';
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
  if (existing?.id) {
    const usable =
      existing.target?.topic?.topicName === topicName && existing.state !== 'SUSPENDED';
    const expired = existing.expireTime ? Date.parse(existing.expireTime) <= now.getTime() : false;
    if (usable && !expired) {
      const renewed = await api.forms.watches.renew({ formId, watchId: existing.id });
      return {
        action: 'renewed',
        watchId: renewed.data.id ?? existing.id,
        expireTime: renewed.data.expireTime ?? undefined,
        reads: 1,
        writes: 1,
      };
    }
    await api.forms.watches.delete({ formId, watchId: existing.id });
    writes++;
  }
  const created = await api.forms.watches.create({
    formId,
    requestBody: { watch: { target: { topic: { topicName } }, eventType: 'RESPONSES' } },
  });
  return {
    action: 'created',
    watchId: created.data.id ?? undefined,
    expireTime: created.data.expireTime ?? new Date(now.getTime() + WEEK_MS).toISOString(),
    reads: 1,
    writes: writes + 1,
  };
}
