// One deployment, many campaigns: finds each campaign from the home sheet's registry and serves it with its own runtime (events by form id; sweep, reminders, digest and watches over the active ones).
import { loadCampaignDefinition } from '../../campaigns/index.ts';
import { type Campaign, loadCampaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { resolveSlot, validSlotIds } from '../core/time.ts';
import type { FunctionConfig } from '../platform/config.ts';
import { QuotaBucket } from '../platform/gate.ts';
import { FUNCTION_SCOPES, googleClients } from '../platform/google.ts';
import { createLogger } from '../platform/log.ts';
import { smtpMailer } from '../platform/smtp.ts';
import {
  lockMinute,
  parseStoredDefinition,
  type RegisteredCampaign,
  readHome,
  readStoredDefinition,
} from '../sheet/campaigns.ts';
import { combineRemind, combineSync } from './combine.ts';
import type { RenewResult } from './renew.ts';
import { createRuntime, type EventResult, type Runtime, type RuntimeOverrides } from './runtime.ts';

/**
 * How long an instance trusts the registry it read: a campaign set up, locked or archived is
 * seen within this, at one Sheets read a minute at most. A form id it does not know makes it
 * look again sooner (MISS_RETRY_MS), so a new campaign's first notification is not lost.
 */
export const REGISTRY_TTL_MS = 60_000;
const MISS_RETRY_MS = 5_000;

export interface DeploymentOverrides extends Omit<RuntimeOverrides, 'campaign'> {
  /** Definitions to use for a sheet without a stored definition (local mode's rehearsal units). */
  campaigns?: ReadonlyMap<string, Campaign>;
  registryTtlMs?: number;
}

/** A registered campaign whose sheet holds no definition: setup did not finish for it. */
export class DefinitionMissingError extends PermanentError {
  constructor(campaignId: string, spreadsheetId: string) {
    super(
      `campaign ${campaignId} has no stored definition in spreadsheet ${spreadsheetId}; re-run baocao setup for it`,
    );
  }
}

export interface DeploymentRuntime extends Runtime {
  /** The campaigns this instance serves now (the registry, or the home campaign alone). */
  campaigns(): Promise<RegisteredCampaign[]>;
  /** Reads the registry and every active campaign's definition, as an instance's first run does. */
  warm(): Promise<void>;
}

interface Served {
  entry: RegisteredCampaign;
  campaign: Campaign;
  runtime: Runtime;
}

/** The campaign as the functions apply it: a coordinator's lock is a lock date of a minute ago. */
function applyState(campaign: Campaign, entry: RegisteredCampaign): Campaign {
  if (entry.state === 'open' || !entry.lockedAt) return campaign;
  const lockAt = lockMinute(entry.lockedAt, campaign.timezone);
  if (!lockAt || (campaign.lockAt !== undefined && campaign.lockAt < lockAt)) return campaign;
  return { ...campaign, lockAt };
}

/** Each campaign's runs, one after the other; every campaign is tried before a failure is raised. */
async function forEach<T>(
  served: readonly Served[],
  run: (s: Served) => Promise<T>,
): Promise<{ id: string; value: T }[]> {
  const done: { id: string; value: T }[] = [];
  let failure: unknown;
  for (const s of served) {
    try {
      done.push({ id: s.entry.id, value: await run(s) });
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  return done;
}

export function createDeploymentRuntime(
  config: FunctionConfig,
  overrides: DeploymentOverrides = {},
): DeploymentRuntime {
  const log = overrides.log ?? createLogger();
  const now = overrides.now ?? (() => new Date());
  const clients = overrides.clients ?? googleClients(config, { scopes: FUNCTION_SCOPES });
  const mailer = overrides.mailer ?? smtpMailer(config);
  const backoff = {
    sleep: overrides.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: overrides.random ?? Math.random,
    log,
  };
  const ttl = overrides.registryTtlMs ?? REGISTRY_TTL_MS;
  /** The configured campaign, open, when the home sheet has no registry yet: today's deployments. */
  const home: RegisteredCampaign = {
    id: config.BAOCAO_CAMPAIGN,
    title: '',
    formId: config.FORM_ID,
    spreadsheetId: config.SPREADSHEET_ID,
    sheetUrl: config.SHEET_URL ?? '',
    state: 'open',
    updatedAt: '',
  };
  /** The registry as last read, with the home sheet's definition read in the same request. */
  let listed:
    | { at: number; entries: RegisteredCampaign[]; homeDefinition: unknown[][] | undefined }
    | undefined;
  const served = new Map<string, Served>();
  // Every campaign's runs spend the same account's Sheets quota: one bucket for them all, so
  // campaigns syncing at once share the gate's budget instead of each spending a whole one.
  const bucket = new QuotaBucket({
    burst: overrides.gate?.burst ?? config.SYNC_BURST,
    refillMs: overrides.gate?.refillMs ?? config.SYNC_REFILL_MS,
    now: () => now().getTime(),
    sleep: backoff.sleep,
  });

  async function directory(maxAgeMs = ttl): Promise<RegisteredCampaign[]> {
    const t = now().getTime();
    if (listed && t - listed.at < maxAgeMs && t >= listed.at) return listed.entries;
    const { registry: registered, definitionRows } = await readHome(
      clients,
      config.SPREADSHEET_ID,
      backoff,
    );
    // The home campaign is served even if the registry forgot it: its settings name it.
    const entries = registered.some((r) => r.spreadsheetId === home.spreadsheetId)
      ? registered
      : [home, ...registered];
    listed = { at: t, entries, homeDefinition: definitionRows };
    return entries;
  }

  async function serve(entry: RegisteredCampaign): Promise<Served> {
    const key = [
      entry.spreadsheetId,
      entry.formId,
      entry.state,
      entry.lockedAt,
      entry.updatedAt,
    ].join('|');
    const known = served.get(key);
    if (known) return known;
    // The home sheet's definition came with the registry this entry was read from.
    const stored =
      entry.spreadsheetId === home.spreadsheetId && listed
        ? parseStoredDefinition(listed.homeDefinition)
        : await readStoredDefinition(clients, entry.spreadsheetId, backoff);
    let base: Campaign;
    if (stored !== undefined) {
      base = loadCampaign({ ...(stored as object), units: [] });
    } else if (entry.spreadsheetId === home.spreadsheetId) {
      // A sheet set up before definitions were stored: the bundle's copy, as before.
      base = overrides.campaigns?.get(entry.id) ?? loadCampaignDefinition(entry.id);
    } else throw new DefinitionMissingError(entry.id, entry.spreadsheetId);
    const campaign = applyState(overrides.campaigns?.get(base.id) ?? base, entry);
    const runtime = createRuntime(
      {
        ...config,
        BAOCAO_CAMPAIGN: entry.id,
        SPREADSHEET_ID: entry.spreadsheetId,
        FORM_ID: entry.formId,
        SHEET_URL: entry.sheetUrl || undefined,
      },
      { ...overrides, clients, mailer, campaign, log, now, bucket },
    );
    for (const [k, s] of served)
      if (s.entry.spreadsheetId === entry.spreadsheetId) served.delete(k);
    const result = { entry, campaign, runtime };
    served.set(key, result);
    return result;
  }

  /** The campaigns not archived (`locked` too: its late versions are recorded as refused). */
  async function active(states: readonly RegisteredCampaign['state'][] = ['open', 'locked']) {
    const entries = (await directory()).filter((e) => states.includes(e.state));
    return Promise.all(entries.map(serve));
  }

  async function byForm(formId: string): Promise<RegisteredCampaign | undefined> {
    const find = (entries: RegisteredCampaign[]) => entries.find((e) => e.formId === formId);
    return find(await directory()) ?? find(await directory(MISS_RETRY_MS));
  }

  /** Only what picks the campaign; the campaign's runtime checks the whole message. */
  const addressOf = (data: unknown) => {
    const message = (
      data as { message?: { attributes?: { formId?: unknown }; messageId?: unknown } } | undefined
    )?.message;
    const formId = message?.attributes?.formId;
    return {
      formId: typeof formId === 'string' && formId !== '' ? formId : undefined,
      messageId: typeof message?.messageId === 'string' ? message.messageId : undefined,
    };
  };
  const homeEntry = async () =>
    (await directory()).find((e) => e.spreadsheetId === home.spreadsheetId) ?? home;

  return {
    campaigns: () => directory(),
    async warm() {
      await active();
    },
    async onFormsEvent(data): Promise<EventResult> {
      // Acknowledged, not retried: redelivering a malformed or foreign event cannot help.
      const { formId, messageId } = addressOf(data);
      if (!formId) {
        log.log('WARNING', 'malformed Forms event ignored', { messageId });
        return { kind: 'ignored', reason: 'malformed' };
      }
      const entry = await byForm(formId);
      if (!entry) {
        log.log('WARNING', 'event for another form ignored', { formId, messageId });
        return { kind: 'ignored', reason: 'other-form' };
      }
      if (entry.state === 'archived') {
        log.log('INFO', 'event for an archived campaign ignored', {
          campaign: entry.id,
          messageId,
        });
        return { kind: 'ignored', reason: 'archived' };
      }
      return (await serve(entry)).runtime.onFormsEvent(data);
    },
    async sync(trigger) {
      return combineSync(await forEach(await active(), (s) => s.runtime.sync(trigger)));
    },
    async remind(options) {
      // A locked campaign takes no more reports: nobody is reminded to send one.
      const open = (await active(['open'])).filter(
        (s) => !options.addedOnly || s.entry.spreadsheetId !== home.spreadsheetId,
      );
      const wanted = options.slotId
        ? open.filter((s) => resolveSlot(s.campaign, options.slotId ?? '', now()))
        : open;
      if (options.slotId && wanted.length === 0) {
        return {
          ...combineRemind([]),
          dryRun: options.dryRun,
          unknownSlot: {
            given: options.slotId,
            validSlotIds: open.flatMap((s) => validSlotIds(s.campaign)),
          },
        };
      }
      return combineRemind(await forEach(wanted, (s) => s.runtime.remind(options)));
    },
    async digest() {
      const sent = await forEach(await active(['open']), (s) => s.runtime.digest());
      return sent.every((s) => s.value);
    },
    async renewWatch(trigger, formId) {
      const targets = formId
        ? await byForm(formId).then((e) => (e && e.state !== 'archived' ? [serve(e)] : []))
        : (await active()).map((s) => Promise.resolve(s));
      if (targets.length === 0) {
        return { ok: false, reason: `no active campaign has form ${formId}`, alerted: false };
      }
      const results = await forEach(await Promise.all(targets), (s) =>
        s.runtime.renewWatch(trigger),
      );
      const failed = results.find((r) => !r.value.ok);
      const chosen: RenewResult = (failed ?? results[0])?.value ?? {
        ok: false,
        reason: 'no campaign',
        alerted: false,
      };
      return results.length > 1
        ? { ...chosen, campaigns: Object.fromEntries(results.map((r) => [r.id, r.value])) }
        : chosen;
    },
    async inspectWatch(formId) {
      const entry = formId ? await byForm(formId) : await homeEntry();
      return (await serve(entry ?? (await homeEntry()))).runtime.inspectWatch();
    },
    close: () => mailer.close(),
  };
}
