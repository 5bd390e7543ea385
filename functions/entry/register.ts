// Registers the functions with the Functions Framework around a runtime (from the environment, or local mode's).
import * as ff from '@google-cloud/functions-framework';
import { describeError, isRetryable } from '../../forms/errors.ts';
import type { Runtime } from '../app/runtime.ts';
import type { Logger } from '../platform/log.ts';

/**
 * One wrapper for every HTTP function: a retryable failure answers 503 so Cloud Scheduler tries
 * again, a permanent one 500; both are logged with the error's class, never its data.
 */
function http<T>(
  name: string,
  log: Logger,
  work: (req: ff.Request) => Promise<{ status: number; body: T }>,
): void {
  ff.http(name, async (req, res) => {
    try {
      const { status, body } = await work(req);
      res.status(status).json(body);
    } catch (error) {
      const retryable = isRetryable(error);
      log.log('ERROR', `${name} failed`, { error: describeError(error), retryable });
      res
        .status(retryable ? 503 : 500)
        .json({ error: error instanceof Error ? error.name : 'Error' });
    }
  });
}

export function registerFunctions(runtime: () => Promise<Runtime>, log: Logger): void {
  ff.cloudEvent('syncOnFormsEvent', async (event: ff.CloudEvent<unknown>) => {
    try {
      await (await runtime()).onFormsEvent(event.data);
    } catch (error) {
      // Retryable errors fail the invocation so Pub/Sub redelivers; the rest are acknowledged.
      const retryable = isRetryable(error);
      log.log(retryable ? 'WARNING' : 'ERROR', 'syncOnFormsEvent failed', {
        error: describeError(error),
        retryable,
      });
      if (retryable) throw error;
    }
  });

  // The safety-net sweep (Cloud Scheduler) and manual runs. Only authenticated callers reach
  // it in production (no allUsers invoker); local mode serves it on loopback only.
  http('syncSweep', log, async () => ({
    status: 200,
    body: await (await runtime()).sync('sweep'),
  }));

  // Cloud Scheduler calls it at each reminder slot; `?dryRun=1` lists who would get what, and
  // `?slot=` names a slot ("qua-han@2021-10-10") or a reminder ("qua-han": its latest due).
  // An id the campaign does not have is the caller's mistake: 400 with the ids it takes.
  // No `notBefore` here, unlike local mode's timer: each job fires only at its own slot's time
  // (infra/schedule.ts) and Cloud Scheduler does not replay times missed before a deploy, so
  // the slot due when a job runs is the one it was made for; its retries come minutes later.
  // A floor from the deploy time would only make a redeploy between a slot and its retry drop
  // that slot.
  http<object>('remind', log, async (req) => {
    const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
    const slot = typeof req.query.slot === 'string' ? req.query.slot : undefined;
    // The 15-minute job for campaigns set up after the deploy (infra/components/scheduler.ts).
    const addedOnly = (req.body as { campaigns?: unknown } | undefined)?.campaigns === 'added';
    const report = await (await runtime()).remind({ slotId: slot, dryRun, addedOnly });
    return report.unknownSlot
      ? { status: 400, body: { error: 'UnknownSlot', ...report.unknownSlot } }
      : { status: 200, body: report };
  });

  // Daily: Google expires a watch after 7 days. `baocao setup` calls it too ({"trigger":
  // "setup"}), so the watch is created by the account that renews it; `baocao doctor` asks
  // ({"trigger":"check"}) how that account sees it, changing nothing and mailing nobody.
  http<object>('renewWatch', log, async (req) => {
    // `formId` names one campaign's form (setup of a campaign added later); absent, every one.
    const body = req.body as { trigger?: unknown; formId?: unknown } | undefined;
    const formId = typeof body?.formId === 'string' ? body.formId : undefined;
    if (body?.trigger === 'check') {
      const check = await (await runtime()).inspectWatch(formId);
      return { status: 200, body: { ok: check.healthy, check } };
    }
    const result = await (await runtime()).renewWatch(
      body?.trigger === 'setup' ? 'setup' : 'schedule',
      formId,
    );
    return { status: result.ok ? 200 : 502, body: result };
  });
}
