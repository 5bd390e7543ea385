// Renew-watch: the functions' account creates and renews the form's RESPONSES watch (7 days at a time), checks it, and tells the coordinator when it is not healthy.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { renderWatchAlert, type WatchSituation } from '../mail/watch-alert.ts';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import {
  checkResponsesWatch,
  ensureResponsesWatch,
  type WatchCheck,
  type WatchResult,
} from '../platform/forms-watch.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';

export interface RenewDeps {
  clients: GoogleClients;
  campaign: Campaign;
  formId: string;
  topic: string;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
  backoff: CallPolicy;
}

/**
 * Who asks: Cloud Scheduler's daily job, or `baocao setup` having the functions' account
 * create the watch it will renew (Google keeps a watch per invoker: creator and renewer must
 * be one). Finding no watch is expected on setup's first call, and news on the daily one.
 */
export type RenewTrigger = 'schedule' | 'setup';

export type RenewResult = (
  | ({ ok: true; check: WatchCheck; alerted: boolean } & WatchResult)
  | { ok: false; reason: string; alerted: boolean; check?: WatchCheck }
) & {
  /** A deployment's renewal over several campaigns: each one's own result. */
  campaigns?: Record<string, RenewResult>;
};

/**
 * The watch as its owner sees it, left untouched and with nobody mailed: what `baocao doctor`
 * asks, since Google lists a watch to the invoker that created it and to nobody else.
 */
export function inspectWatch(
  deps: Pick<RenewDeps, 'clients' | 'formId' | 'topic' | 'now' | 'backoff'>,
): Promise<WatchCheck> {
  return callGoogle(
    'forms.watches.list',
    () => checkResponsesWatch(deps.clients.forms, deps.formId, deps.topic, deps.now()),
    deps.backoff,
    { idempotent: true },
  );
}

export async function renewWatch(
  deps: RenewDeps,
  trigger: RenewTrigger = 'schedule',
): Promise<RenewResult> {
  const alert = async (situation: WatchSituation, reason?: string) => {
    const to = recipients(deps.campaign.coordinator.emails);
    const mail = renderWatchAlert({
      campaign: deps.campaign,
      formId: deps.formId,
      at: deps.now(),
      situation,
      ...(reason ? { reason } : {}),
    });
    return to.length > 0 && (await deps.mailer.send({ ...mail, to })).ok;
  };
  let result: WatchResult;
  try {
    result = await callGoogle(
      'forms.watches',
      () => ensureResponsesWatch(deps.clients.forms, deps.formId, deps.topic, deps.now()),
      deps.backoff,
    );
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.log.log('ERROR', 'watch renewal failed', { error: reason });
    return { ok: false, reason, alerted: await alert('failed', reason) };
  }
  deps.log.log('INFO', 'watch ensured', {
    action: result.action,
    found: result.found,
    expireTime: result.expireTime,
  });
  // What Google holds after the call, asked as the owner: a renewal that "succeeded" on a
  // watch Google still keeps SUSPENDED, or one expiring within six days, is not healthy.
  let check: WatchCheck;
  try {
    check = await callGoogle(
      'forms.watches.list',
      () => checkResponsesWatch(deps.clients.forms, deps.formId, deps.topic, deps.now()),
      deps.backoff,
      { idempotent: true },
    );
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.log.log('ERROR', 'watch check failed', { error: reason });
    return { ok: false, reason, alerted: await alert('unhealthy', reason) };
  }
  if (!check.healthy) {
    const reason = `watch ${check.problem}: state ${check.state ?? '-'}${check.errorType ? ` (${check.errorType})` : ''}, expires ${check.expireTime ?? '-'}`;
    deps.log.log('ERROR', 'watch not healthy after renewal', { reason });
    return { ok: false, reason, alerted: await alert('unhealthy', reason), check };
  }
  // Recreated a watch that had lapsed: the notifications in between were lost (the sweep
  // caught the responses), and whatever suspended or dropped it may happen again.
  const { found } = result;
  let alerted = false;
  if (trigger === 'schedule' && found !== 'active') {
    deps.log.log('WARNING', 'watch had lapsed; recreated', { found });
    alerted = await alert(found);
  }
  return { ok: true, ...result, check, alerted };
}
