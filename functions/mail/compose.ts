// Which mail a decided version owes, to whom: receipt, rejection, or an alert to the coordinators.
import type { Campaign } from '../../forms/campaign.ts';
import { recipients } from '../../forms/email.ts';
import { prefilledLink } from '../core/answers.ts';
import { correctionLink } from '../core/correction.ts';
import { type Decision, versionKey } from '../core/outcome.ts';
import type { UnitReport } from '../core/parse.ts';
import { receiptModel } from '../core/receipt.ts';
import { renderVerificationAlert, type VerificationAttempt } from './alert.ts';
import type { Addressed } from './blocks.ts';
import { renderReceipt } from './receipt.ts';
import { renderRejection } from './rejection.ts';

export interface UnitContact {
  emails: readonly string[];
  link: string;
}

export interface ComposeContext {
  campaign: Campaign;
  /** The unit's registered emails and personal link as the sheet holds them now. */
  unit: (unitId: string) => UnitContact | undefined;
  /** The unit's accepted report before this version, for the receipt's list of changes. */
  previous: (unitId: string) => UnitReport | null;
  hadAccepted: (unitId: string) => boolean;
  sheetUrl?: string;
}

/**
 * The mail owed for a version, or null when there is nobody to send it to. A verification
 * alert also lists `earlier` attempts for the same unit that were grouped into it.
 */
export function composeMail(
  ctx: ComposeContext,
  d: Decision,
  earlier: readonly VerificationAttempt[] = [],
): Addressed | null {
  const { campaign } = ctx;
  const { outcome, version } = d;
  // One mail per version: a retry after a crash between send and mark reuses the Message-ID,
  // so a mail client shows the duplicate as the same message.
  const messageKey = `version:${versionKey(version)}`;
  const receivedAt = new Date(version.lastSubmittedTime);
  if (outcome.kind === 'awaiting' || outcome.kind === 'locked') {
    const to = recipients(campaign.coordinator.emails);
    const mail = renderVerificationAlert({
      campaign,
      unitTyped: d.reading.unitName ?? '(không chọn đơn vị)',
      reason: outcome.kind === 'locked' ? 'locked' : outcome.reason,
      responseId: version.responseId,
      receivedAt,
      ...(ctx.sheetUrl ? { sheetUrl: ctx.sheetUrl } : {}),
      ...(earlier.length ? { earlier } : {}),
    });
    return to.length ? { ...mail, to, messageKey } : null;
  }
  const contact = ctx.unit(outcome.unit.id);
  const to = recipients(contact?.emails ?? [], [
    outcome.checked.report.contact.email,
    version.respondentEmail,
  ]);
  if (to.length === 0) return null;
  const link = contact?.link ?? '';
  if (outcome.kind === 'rejected') {
    return {
      ...renderRejection({
        campaign,
        unitName: outcome.unit.name,
        receivedAt,
        errors: outcome.checked.errors,
        personalLink: link ? prefilledLink(campaign, link, d.reading.raw) : '',
        hadAccepted: ctx.hadAccepted(outcome.unit.id),
      }),
      to,
      messageKey,
    };
  }
  return {
    ...renderReceipt({
      campaign,
      unitName: outcome.unit.name,
      receivedAt,
      late: outcome.late,
      model: receiptModel(
        campaign,
        outcome.checked.report,
        outcome.checked.warnings,
        ctx.previous(outcome.unit.id),
        outcome.unit.id,
      ),
      // Right after acceptance, what is counted is this very report.
      link: correctionLink(campaign, link, outcome.checked.report),
    }),
    to,
    messageKey,
  };
}
