// Renew-watch: keeps the form's RESPONSES watch alive (7 days at a time) and tells the coordinator when it cannot.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { renderWatchAlert } from '../mail/watch-alert.ts';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import { ensureResponsesWatch, type WatchResult } from '../platform/forms-watch.ts';
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

export type RenewResult =
  | ({ ok: true } & WatchResult)
  | { ok: false; reason: string; alerted: boolean };

export async function renewWatch(deps: RenewDeps): Promise<RenewResult> {
  try {
    const result = await callGoogle(
      'forms.watches',
      () => ensureResponsesWatch(deps.clients.forms, deps.formId, deps.topic, deps.now()),
      deps.backoff,
    );
    deps.log.log('INFO', 'watch ensured', { action: result.action, expireTime: result.expireTime });
    return { ok: true, ...result };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.log.log('ERROR', 'watch renewal failed', { error: reason });
    const to = recipients(deps.campaign.coordinator.emails);
    const alert = renderWatchAlert({
      campaign: deps.campaign,
      formId: deps.formId,
      at: deps.now(),
      reason,
    });
    const alerted = to.length > 0 && (await deps.mailer.send({ ...alert, to })).ok;
    return { ok: false, reason, alerted };
  }
}
