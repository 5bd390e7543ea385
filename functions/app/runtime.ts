// Wires configuration to the sync: Google clients, the mailer, the gate, and the Pub/Sub event's boundary.

import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { loadCampaignDefinition } from '../../campaigns/index.ts';
import type { Campaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import type { CallPolicy } from '../platform/call-google.ts';
import type { FunctionConfig } from '../platform/config.ts';
import type { WatchCheck } from '../platform/forms-watch.ts';
import { type QuotaBucket, SyncGate } from '../platform/gate.ts';
import { exposedGc } from '../platform/gc.ts';
import { FUNCTION_SCOPES, type GoogleClients, googleClients } from '../platform/google.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import type { Mailer } from '../platform/mailer.ts';
import { smtpMailer } from '../platform/smtp.ts';
import { DerivedLinks } from '../sheet/links.ts';
import { LogWindow } from '../sheet/log-window.ts';
import { failureAlerts, registryAlerts } from './alerts.ts';
import { limitAwareMailer } from './mail-limit.ts';
import { type RemindOptions, type RemindReport, remind, sendDigest } from './remind.ts';
import { inspectWatch, type RenewResult, type RenewTrigger, renewWatch } from './renew.ts';
import { reconcile } from './sync.ts';
import type { SyncReport } from './sync-deps.ts';

/** The Pub/Sub push message a Forms watch produces: attributes only, never answers. */
const formsEventSchema = z.object({
  message: z.object({
    attributes: z.object({
      formId: z.string().check(z.minLength(1)),
      watchId: z.optional(z.string()),
      eventType: z.string().check(z.minLength(1)),
    }),
    messageId: z.optional(z.string()),
    publishTime: z.optional(z.string()),
  }),
});

export interface RuntimeOverrides {
  clients?: GoogleClients;
  mailer?: Mailer;
  campaign?: Campaign;
  log?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  gate?: { burst: number; refillMs: number };
  /** The quota the gate draws on, shared by a deployment's campaigns (else one of its own). */
  bucket?: QuotaBucket;
  passSize?: number;
  /** Run between a sync's passes (else the runtime's own collector, when NODE_OPTIONS exposes it). */
  collectGarbage?: () => void;
  /** How long a reminder round sends before leaving the rest to sync runs (tests: 0). */
  sendBudgetMs?: number;
}

export type EventResult =
  | { kind: 'synced'; report: SyncReport }
  | { kind: 'covered' }
  | { kind: 'ignored'; reason: 'malformed' | 'other-form' | 'not-responses' | 'archived' };

export interface Runtime {
  onFormsEvent(data: unknown): Promise<EventResult>;
  sync(trigger: 'sweep' | 'manual'): Promise<SyncReport>;
  remind(options: RemindOptions): Promise<RemindReport>;
  digest(): Promise<boolean>;
  /** The watch of `formId`'s campaign (a deployment's every active one when absent). */
  renewWatch(trigger?: RenewTrigger, formId?: string): Promise<RenewResult>;
  /** The watch as this function's account sees it, unchanged (renew-watch's "check"). */
  inspectWatch(formId?: string): Promise<WatchCheck>;
  close(): void;
}

/** A function that needs a setting the others do not (renew-watch needs the topic). */
export class MissingSettingError extends PermanentError {
  constructor(setting: string) {
    super(`${setting} is not configured`);
  }
}

export function createRuntime(config: FunctionConfig, overrides: RuntimeOverrides = {}): Runtime {
  const log = overrides.log ?? createLogger();
  const now = overrides.now ?? (() => new Date());
  const sleep = overrides.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const backoff: CallPolicy = { sleep, random: overrides.random ?? Math.random, log };
  const campaign = overrides.campaign ?? loadCampaignDefinition(config.BAOCAO_CAMPAIGN);
  const collectGarbage = overrides.collectGarbage ?? exposedGc();
  const base = {
    clients: overrides.clients ?? googleClients(config, { scopes: FUNCTION_SCOPES }),
    campaign,
    spreadsheetId: config.SPREADSHEET_ID,
    formId: config.FORM_ID,
    secret: config.BAOCAO_TOKEN_SECRET,
    overlapSeconds: config.SYNC_OVERLAP_SECONDS,
    // One per instance: its runs read only the log's rows a sync can still need.
    logWindow: new LogWindow(
      config.SYNC_OVERLAP_SECONDS,
      new DerivedLinks(config.BAOCAO_TOKEN_SECRET),
    ),
    // One limit-aware mailer for sync, remind and the alerts: a limit any of them meets holds
    // them all back until it lifts.
    mailer: limitAwareMailer(overrides.mailer ?? smtpMailer(config), {
      campaign,
      now,
      log,
    }),
    sheetUrl: config.SHEET_URL,
    now,
    log,
    backoff,
    ...(overrides.passSize ? { passSize: overrides.passSize } : {}),
    ...(collectGarbage ? { collectGarbage } : {}),
  };
  const deps = {
    ...base,
    registryAlerts: registryAlerts({ ...base, sheetUrl: config.SHEET_URL }),
  };
  const gate = new SyncGate(
    {
      burst: overrides.gate?.burst ?? config.SYNC_BURST,
      refillMs: overrides.gate?.refillMs ?? config.SYNC_REFILL_MS,
      now: () => now().getTime(),
      sleep,
    },
    overrides.bucket,
  );
  const batchId = () => randomUUID().slice(0, 8);
  /** A run pays the gate what it spent of the scarcer quota (reads and writes are counted apart). */
  const spentOf = (r: SyncReport) => Math.max(r.sheets.reads, r.sheets.writes);
  const alerts = failureAlerts(deps);
  const SYNC_JOB = 'Đồng bộ câu trả lời vào bảng tổng hợp';

  return {
    async onFormsEvent(data) {
      const parsed = formsEventSchema.safeParse(data);
      // Acknowledged, not retried: redelivering a malformed or foreign event cannot help.
      if (!parsed.success) {
        log.log('WARNING', 'malformed Forms event ignored', { issues: parsed.error.issues.length });
        return { kind: 'ignored', reason: 'malformed' };
      }
      const { attributes, publishTime, messageId } = parsed.data.message;
      if (attributes.formId !== config.FORM_ID) {
        log.log('WARNING', 'event for another form ignored', {
          formId: attributes.formId,
          messageId,
        });
        return { kind: 'ignored', reason: 'other-form' };
      }
      if (attributes.eventType !== 'RESPONSES') {
        log.log('INFO', 'non-RESPONSES event ignored', {
          eventType: attributes.eventType,
          messageId,
        });
        return { kind: 'ignored', reason: 'not-responses' };
      }
      const published = publishTime ? Date.parse(publishTime) : undefined;
      const result = await gate.run(
        Number.isNaN(published) ? undefined : published,
        () => alerts.guard(SYNC_JOB, () => reconcile(deps, batchId())),
        spentOf,
      );
      if (!result.ran) {
        log.log('DEBUG', 'event covered by a later run', { messageId });
        return { kind: 'covered' };
      }
      return { kind: 'synced', report: result.value };
    },
    async sync(trigger) {
      const result = await gate.run(
        undefined,
        () => alerts.guard(SYNC_JOB, () => reconcile(deps, `${trigger}-${batchId()}`, trigger)),
        spentOf,
      );
      if (!result.ran) throw new Error('unreachable: an untimed run is never covered');
      return result.value;
    },
    remind: (options) =>
      alerts.guard('Gửi nhắc nhở', () =>
        remind(
          {
            ...deps,
            ...(config.SHEET_URL ? { sheetUrl: config.SHEET_URL } : {}),
            ...(overrides.sendBudgetMs !== undefined
              ? { sendBudgetMs: overrides.sendBudgetMs }
              : {}),
          },
          options,
        ),
      ),
    digest: () =>
      sendDigest({ ...deps, ...(config.SHEET_URL ? { sheetUrl: config.SHEET_URL } : {}) }),
    async renewWatch(trigger) {
      if (!config.WATCH_TOPIC) throw new MissingSettingError('WATCH_TOPIC');
      return renewWatch({ ...deps, topic: config.WATCH_TOPIC }, trigger);
    },
    async inspectWatch() {
      if (!config.WATCH_TOPIC) throw new MissingSettingError('WATCH_TOPIC');
      return inspectWatch({ ...deps, topic: config.WATCH_TOPIC });
    },
    close: () => deps.mailer.close(),
  };
}
