// Tells the coordinator, at most once an hour per cause, when a run stops on a failure retrying cannot fix.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { describeError, PermanentError } from '../../forms/errors.ts';
import { renderFailureAlert } from '../mail/failure-alert.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';

export const ALERT_EVERY_MS = 60 * 60_000;

/** A permanent error that knows what the coordinator should do, in Vietnamese. */
const adviceOf = (error: PermanentError): string =>
  'advice' in error && typeof error.advice === 'string'
    ? error.advice
    : 'Xin báo người quản trị hệ thống xem nhật ký của hàm (Cloud Logging) với mã lỗi dưới đây.';

export interface FailureAlerts {
  /** Runs `work`; a permanent failure is mailed to the coordinator (throttled), then rethrown. */
  guard<T>(job: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Throttled in the instance's memory: the functions run one instance each, so an hour's worth
 * of failed sweeps and redelivered events sends one mail, not one per attempt.
 */
export function failureAlerts(deps: {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  mailer: Mailer;
  now: () => Date;
  log: Logger;
}): FailureAlerts {
  const lastSent = new Map<string, number>();
  return {
    async guard(job, work) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof PermanentError)) throw error;
        const key = `${job}/${error.name}`;
        const at = deps.now();
        const previous = lastSent.get(key);
        if (previous === undefined || at.getTime() - previous >= ALERT_EVERY_MS) {
          const to = recipients(deps.campaign.coordinator.emails);
          const mail = renderFailureAlert({
            campaign: deps.campaign,
            job,
            at,
            advice: adviceOf(error),
            errorName: error.name,
          });
          const sent = to.length > 0 && (await deps.mailer.send({ ...mail, to })).ok;
          if (sent) lastSent.set(key, at.getTime());
          deps.log.log('ERROR', 'run stopped; coordinator alerted', {
            job,
            error: describeError(error),
            alerted: sent,
          });
        }
        throw error;
      }
    },
  };
}
