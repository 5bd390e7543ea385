// Stops sending at the mail server's first limit answer and holds every mail until the limit lifts, then tells the coordinator once.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { formatDate } from '../../forms/format.ts';
import { renderLimitAlert } from '../mail/limit-alert.ts';
import type { Logger } from '../platform/log.ts';
import type { Mailer, OutgoingMail, SendLimit, SendResult } from '../platform/mailer.ts';

/**
 * How long a limit holds the mail before one mail probes it again. Google counts its daily
 * limit over a rolling 24 hours (support.google.com/a/answer/166852), so the quota returns as
 * the sends of a day earlier age out, at a moment nothing tells us: one probe an hour costs at
 * most 24 refused transactions a day and resumes within the hour of the quota's return. A rate
 * limit ("try again later") lifts in minutes.
 */
export const HOLD_MS: Record<SendLimit, number> = { daily: 60 * 60_000, rate: 5 * 60_000 };

export interface LimitHold {
  limit: SendLimit;
  /** The first limit answer of this episode. */
  since: Date;
  /** Until then no mail is tried; the first one after probes the server. */
  until: Date;
}

/** A mailer that knows whether it is holding mail back, and since when. */
export interface LimitAwareMailer extends Mailer {
  held(): LimitHold | undefined;
  /** The daily-limit episode of the last 48 hours, even once lifted: the digest that goes when it lifts tells it. */
  lastDailyLimit(): Date | undefined;
}

interface Deps {
  campaign: Pick<Campaign, 'title' | 'timezone' | 'deadline' | 'coordinator'>;
  now: () => Date;
  log: Logger;
}

/**
 * Wraps the instance's mailer: after a limit answer, every mail of this and later runs is
 * answered "held" without reaching the server (it stays owed in the sheet, as any unsent mail
 * does), so a run does not hammer a server that said stop. The hold lives in the instance's
 * memory: a new instance learns the limit from its first refused mail, one transaction.
 *
 * When a daily limit lifts, the first mail to go is the coordinator's alert, once per episode
 * (its Message-ID is the episode's day, so a second instance's copy shows as one): while the
 * limit holds no mail can tell them, as the alert would leave through the same mailbox.
 */
export function limitAwareMailer(mailer: Mailer, deps: Deps): LimitAwareMailer {
  let hold: LimitHold | undefined;
  let alertOwed: Date | undefined;
  let lastDaily: Date | undefined;
  /** The one send probing a lifted hold; the others (sendAll sends in parallel) wait for it. */
  let probing: Promise<void> | undefined;

  const heldResult = (h: LimitHold): SendResult => ({
    ok: false,
    permanent: false,
    reason: `held: ${h.limit} limit`,
    limit: h.limit,
  });

  /**
   * Records a result. A success lifts the hold only if the hold was there when that mail set
   * out (the probe): a mail of the same parallel batch accepted just before the server began
   * refusing says nothing about the limit.
   */
  const note = (result: SendResult, startedUnder: LimitHold | undefined): void => {
    if (result.ok) {
      if (hold && hold === startedUnder) {
        deps.log.log('INFO', 'mail server limit lifted; sending owed mails', {
          limit: hold.limit,
          since: hold.since.toISOString(),
        });
        hold = undefined;
      }
      return;
    }
    if (!result.limit) return;
    const at = deps.now();
    const fresh = !hold;
    hold = {
      limit: result.limit,
      since: hold?.since ?? at,
      until: new Date(at.getTime() + HOLD_MS[result.limit]),
    };
    if (result.limit === 'daily' && fresh) {
      lastDaily = hold.since;
      alertOwed ??= hold.since;
    }
    if (fresh) {
      deps.log.log(
        result.limit === 'daily' ? 'ERROR' : 'WARNING',
        'mail server limit reached; owed mails stay queued in the sheet',
        { limit: result.limit, reason: result.reason, retryAt: hold.until.toISOString() },
      );
    }
  };

  /** The episode's alert, sent as the probe; answers whether a limit still holds. */
  const sendAlert = async (since: Date): Promise<boolean> => {
    const to = recipients(deps.campaign.coordinator.emails);
    if (to.length > 0) {
      const startedUnder = hold;
      const result = await mailer.send({
        ...renderLimitAlert({ campaign: deps.campaign, since, at: deps.now() }),
        to,
        messageKey: `mail-limit:${formatDate(since, deps.campaign.timezone)}`,
      });
      note(result, startedUnder);
      if (!result.ok && result.limit) return true;
    }
    alertOwed = undefined;
    return false;
  };

  const probe = async (mail: OutgoingMail): Promise<SendResult> => {
    let release = () => {};
    probing = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      if (alertOwed && (await sendAlert(alertOwed)) && hold) return heldResult(hold);
      const startedUnder = hold;
      const result = await mailer.send(mail);
      note(result, startedUnder);
      return result;
    } finally {
      probing = undefined;
      release();
    }
  };

  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      while (probing) await probing;
      if (hold && deps.now() < hold.until) return heldResult(hold);
      if (hold || alertOwed) return probe(mail);
      const result = await mailer.send(mail);
      note(result, undefined);
      return result;
    },
    held: () => (hold && deps.now() < hold.until ? hold : undefined),
    lastDailyLimit: () =>
      lastDaily && deps.now().getTime() - lastDaily.getTime() < 48 * 60 * 60_000
        ? lastDaily
        : undefined,
    close: () => mailer.close(),
  };
}
