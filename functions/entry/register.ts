// Registers the functions with the Functions Framework around a runtime (from the environment, or local mode's).
import * as ff from '@google-cloud/functions-framework';
import type { Runtime } from '../app/runtime.ts';
import type { Logger } from '../platform/log.ts';

const isRetryable = (error: unknown) => (error as { retryable?: unknown }).retryable === true;
const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export function registerFunctions(runtime: () => Promise<Runtime>, log: Logger): void {
  ff.cloudEvent('syncOnFormsEvent', async (event: ff.CloudEvent<unknown>) => {
    try {
      await (await runtime()).onFormsEvent(event.data);
    } catch (error) {
      // Retryable errors fail the invocation so Pub/Sub redelivers; the rest are acknowledged.
      const retryable = isRetryable(error);
      log.log(retryable ? 'WARNING' : 'ERROR', 'sync failed', {
        error: describe(error),
        retryable,
      });
      if (retryable) throw error;
    }
  });

  // The safety-net sweep (Cloud Scheduler) and manual runs. Only authenticated callers reach
  // it in production (no allUsers invoker); local mode serves it on loopback only.
  ff.http('syncSweep', async (_req, res) => {
    try {
      res.status(200).json(await (await runtime()).sync('sweep'));
    } catch (error) {
      log.log('ERROR', 'sweep failed', { error: describe(error) });
      res
        .status(isRetryable(error) ? 503 : 500)
        .json({ error: error instanceof Error ? error.name : 'Error' });
    }
  });

  // Cloud Scheduler calls it at each reminder slot; `?dryRun=1` lists who would get what.
  ff.http('remind', async (req, res) => {
    try {
      const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
      const slot = typeof req.query.slot === 'string' ? req.query.slot : undefined;
      res.status(200).json(await (await runtime()).remind({ slotId: slot, dryRun }));
    } catch (error) {
      log.log('ERROR', 'remind failed', { error: describe(error) });
      res
        .status(isRetryable(error) ? 503 : 500)
        .json({ error: error instanceof Error ? error.name : 'Error' });
    }
  });

  // Daily: Google expires a watch after 7 days.
  ff.http('renewWatch', async (_req, res) => {
    try {
      const result = await (await runtime()).renewWatch();
      res.status(result.ok ? 200 : 502).json(result);
    } catch (error) {
      log.log('ERROR', 'renew-watch failed', { error: describe(error) });
      res.status(500).json({ error: error instanceof Error ? error.name : 'Error' });
    }
  });
}
