// Composes and encodes a pass's receipts while its write is in flight, so that CPU work overlaps the wait.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Campaign } from '../../forms/campaign.ts';
import { composeMail } from '../mail/compose.ts';
import type { PlannedLog } from '../sheet/plan.ts';
import type { SheetState } from '../sheet/state.ts';
import type { SyncDeps } from './sync-deps.ts';
import { mailContext, type PreparedLog } from './sync-mail.ts';

/**
 * Mails composed per turn of the event loop: small enough that the write's request and its
 * answer are never held up for long behind them.
 */
const PER_TURN = 20;

/**
 * The pass's logged versions, each with its mail composed from the same read the mail step
 * would use, and encoded by the mailer (Mailer.prepare). A 500-version pass's receipts took
 * about as long to compose and encode as the write took to answer (issue 17's sweep); done
 * meanwhile, the mail step only transmits. Verification alerts are left to the mail step: they
 * are grouped per unit and dated when sent. Nothing is sent here: mails go only after the write
 * succeeded, and a pass whose write is refused drops what this made.
 */
export async function prepareReceipts(
  deps: SyncDeps,
  campaign: Campaign,
  state: SheetState,
  logs: readonly PlannedLog[],
  dropped: AbortSignal,
): Promise<PreparedLog[]> {
  if (logs.length === 0 || deps.mailer.held?.()) return [...logs];
  const ctx = mailContext(campaign, state);
  const out: PreparedLog[] = [];
  for (let i = 0; i < logs.length; i += PER_TURN) {
    // First a turn of the event loop: the write's request goes out before any of this.
    await nextTurn();
    if (dropped.aborted) return [...logs];
    const chunk = logs
      .slice(i, i + PER_TURN)
      .map((log) =>
        log.decision.outcome.kind === 'awaiting'
          ? log
          : { ...log, mail: composeMail(ctx, log.decision) },
      );
    const mails = chunk.flatMap((p) => ('mail' in p && p.mail ? [p.mail] : []));
    const ready = (await deps.mailer.prepare?.(mails)) ?? mails;
    // Each composed mail replaced by its encoded stand-in, in order.
    let k = 0;
    out.push(
      ...chunk.map((p) => ('mail' in p && p.mail ? { ...p, mail: ready[k++] ?? p.mail } : p)),
    );
  }
  return out;
}
