// Send-backs: mails the units a coordinator marked "Yêu cầu sửa", once each, and returns the cells recording it.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { correctionLink } from '../core/correction.ts';
import { renderSendBack } from '../mail/sendback.ts';
import type { Mailer } from '../platform/mailer.ts';
import type { Request } from '../sheet/cells.ts';
import type { UnitWrites } from '../sheet/landing.ts';
import { pendingSendBacks, sendBackMarks } from '../sheet/progress.ts';
import { countedFor, type SheetState } from '../sheet/state.ts';

/**
 * Mails every send-back owed and returns the cells that record them. A unit without an email
 * stays owed (the digest lists units without email); a refused mail is tried again next run.
 */
export async function sendOwedSendBacks(
  campaign: Campaign,
  state: SheetState,
  mailer: Mailer,
  now: () => Date,
  writes: UnitWrites,
): Promise<{ requests: Request[]; sent: number; failed: number }> {
  const requests: Request[] = [];
  let sent = 0;
  let failed = 0;
  for (const row of pendingSendBacks(state)) {
    const to = recipients(row.unit.emails);
    if (to.length === 0) continue;
    const mail = renderSendBack({
      campaign,
      unitName: row.unit.name,
      comment: row.comment,
      link: correctionLink(campaign, row.link, countedFor(state, row.unit.id)),
    });
    // The same request (unit and comment) keeps its Message-ID if a crash makes it go twice.
    const result = await mailer.send({
      ...mail,
      to,
      messageKey: `sendback:${row.unit.id}:${row.comment}`,
    });
    if (result.ok) {
      sent++;
      requests.push(...sendBackMarks(campaign, state, row, now(), writes));
    } else failed++;
  }
  return { requests, sent, failed };
}
