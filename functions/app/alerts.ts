// Tells the coordinator, at most once an hour per cause, when a run stops on a failure retrying cannot fix
// or when rows of the unit registry are skipped.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { describeError, PermanentError } from '../../forms/errors.ts';
import type { RenderedMail } from '../mail/blocks.ts';
import { renderFailureAlert } from '../mail/failure-alert.ts';
import { renderRegistryAlert } from '../mail/registry-alert.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { SkippedRow } from '../sheet/state.ts';

export const ALERT_EVERY_MS = 60 * 60_000;

/** A permanent error that knows what the coordinator should do, in Vietnamese. */
const adviceOf = (error: PermanentError): string =>
  'advice' in error && typeof error.advice === 'string'
    ? error.advice
    : 'Xin báo người quản trị hệ thống xem nhật ký của hàm (Cloud Logging) với mã lỗi dưới đây.';

type AlertDeps = {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  mailer: Mailer;
  now: () => Date;
};

/**
 * Mails the coordinator at most once an hour per key, throttled in the instance's memory: the
 * functions run one instance each, so an hour's worth of runs meeting the same cause sends one
 * mail. A cold instance may send one more; it reuses the hour's Message-ID, so the mailbox
 * shows one. Answers whether a mail went, or undefined when the hour had one already.
 */
function hourlyCoordinatorMail(deps: AlertDeps) {
  const lastSent = new Map<string, number>();
  return async (key: string, render: (at: Date) => RenderedMail): Promise<boolean | undefined> => {
    const at = deps.now();
    const previous = lastSent.get(key);
    if (previous !== undefined && at.getTime() - previous < ALERT_EVERY_MS) return undefined;
    const to = recipients(deps.campaign.coordinator.emails);
    const messageKey = `${key}:${Math.floor(at.getTime() / ALERT_EVERY_MS)}`;
    const sent = to.length > 0 && (await deps.mailer.send({ ...render(at), to, messageKey })).ok;
    if (sent) lastSent.set(key, at.getTime());
    return sent;
  };
}

export interface FailureAlerts {
  /** Runs `work`; a permanent failure is mailed to the coordinator (throttled), then rethrown. */
  guard<T>(job: string, work: () => Promise<T>): Promise<T>;
}

/** An hour's worth of failed sweeps and redelivered events sends one mail, not one per attempt. */
export function failureAlerts(deps: AlertDeps & { log: Logger }): FailureAlerts {
  const mail = hourlyCoordinatorMail(deps);
  return {
    async guard(job, work) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof PermanentError)) throw error;
        const sent = await mail(`failure:${job}/${error.name}`, (at) =>
          renderFailureAlert({
            campaign: deps.campaign,
            job,
            at,
            advice: adviceOf(error),
            errorName: error.name,
          }),
        );
        if (sent !== undefined) {
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

/** Called by each sync with the registry rows it skipped (none: nothing is sent). */
export type RegistryAlerts = (
  skipped: readonly SkippedRow[],
  unmailable: readonly SkippedRow[],
  unparented?: readonly SkippedRow[],
) => Promise<void>;

/**
 * Keyed by the exact set of problems: every sync reads the same bad rows until someone fixes
 * them, so one mail an hour is enough, while a new or changed problem is told at once. Keeping
 * the time in the sheet instead would cost a write on every run and a layout change.
 */
export function registryAlerts(
  deps: AlertDeps & { log: Logger; sheetUrl?: string | undefined },
): RegistryAlerts {
  const mail = hourlyCoordinatorMail(deps);
  return async (skipped, unmailable, unparented = []) => {
    if (skipped.length === 0 && unmailable.length === 0 && unparented.length === 0) return;
    const problems = skipped.map((s) => s.problem);
    const emailProblems = unmailable.map((s) => s.problem);
    const parentProblems = unparented.map((s) => s.problem);
    const all = [...problems, ...emailProblems, ...parentProblems];
    const sent = await mail(`registry:${all.join('\n')}`, () =>
      renderRegistryAlert({
        campaign: deps.campaign,
        problems,
        emailProblems,
        parentProblems,
        sheetUrl: deps.sheetUrl,
      }),
    );
    if (sent === undefined) return;
    deps.log.log('WARNING', 'registry rows skipped; coordinator alerted', {
      rows: skipped.map((s) => s.row),
      unmailable: unmailable.map((s) => s.row),
      alerted: sent,
    });
  };
}
