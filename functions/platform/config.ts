// Configuration parsed once from the environment, with a named error listing everything missing.
// zod/mini: the entry loads this at import, before the first request, so its weight is the
// cold start's; classic's whole method surface would be most of it.
import * as z from 'zod/mini';
import { PermanentError } from '../../forms/errors.ts';
import { formatPath } from '../../forms/issues.ts';
import '../../forms/zod-english.ts';
import { FUNCTION_SETTINGS, FUNCTION_TARGETS, isFunctionTarget } from './settings.ts';

export class ConfigError extends PermanentError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const url = z.url({ protocol: /^https?$/ });
const optionalUrl = z.optional(url);
const port = z.coerce.number().check(z.int(), z.gte(1), z.lte(65535));
const nonEmpty = () => z.string().check(z.minLength(1));

/** What every part needs to reach Google (or the local stand-ins). */
const googleSchema = z.object({
  BAOCAO_CAMPAIGN: nonEmpty(),
  /** Local mode: the stand-ins' API roots (must end in "/"); unset on Google. */
  SHEETS_ROOT_URL: optionalUrl,
  FORMS_ROOT_URL: optionalUrl,
  DRIVE_ROOT_URL: optionalUrl,
  /** Local mode only: a fixed OAuth access token instead of Application Default Credentials. */
  GOOGLE_ACCESS_TOKEN: z.optional(nonEmpty()),
});

const secretSchema = z.object({
  /** Signs the personal links' verification codes; from Secret Manager in production. */
  BAOCAO_TOKEN_SECRET: z.string().check(z.minLength(32, 'must be at least 32 characters')),
});

const smtpSchema = z.object({
  SMTP_HOST: nonEmpty(),
  SMTP_PORT: z._default(port, 587),
  /** "true" for implicit TLS (port 465); otherwise STARTTLS is required unless SMTP_INSECURE. */
  SMTP_SECURE: z._default(z.enum(['true', 'false']), 'false'),
  /** Local mode's SMTP sink speaks plain SMTP on loopback. */
  SMTP_INSECURE: z._default(z.enum(['true', 'false']), 'false'),
  SMTP_USER: z.optional(z.string()),
  SMTP_PASSWORD: z.optional(z.string()),
  MAIL_FROM: z.string().check(z.minLength(3)),
});

/**
 * The sync gate's bucket of Sheets requests (functions/platform/gate.ts): 10 back to back, then
 * one more every 3 s. Runs pay what they spent, so in any minute a campaign's sync spends at
 * most 10 + 20 = 30 reads and 30 writes of Google's 60 per user: the rest is left to remind,
 * the sweep's look, renew-watch and a second campaign bursting at the same time, which all
 * share the functions' account. A lone response after a quiet spell (2 writes) syncs at once,
 * as do the next four; in a burst a run takes everything new every 6 s or so, so 300 responses
 * in a minute cost about 15 runs (the bench's burst row).
 */
export const DEFAULT_SYNC_BURST = 10;
export const DEFAULT_SYNC_REFILL_MS = 3000;

/** A whole number from a setting's text, within [min, max], `fallback` when unset. */
const count = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

const topic = z
  .string()
  .check(z.regex(/^projects\/[^/]+\/topics\/[^/]+$/, 'must be projects/PROJECT/topics/TOPIC'));

const functionSchema = z.extend(googleSchema, {
  /** Which entry point this deployment serves (functions/platform/settings.ts lists what each needs). */
  BAOCAO_FUNCTION: z.optional(z.enum(FUNCTION_TARGETS)),
  ...secretSchema.shape,
  ...smtpSchema.shape,
  SPREADSHEET_ID: nonEmpty(),
  FORM_ID: nonEmpty(),
  /** Responses are listed from the checkpoint minus this, to tolerate clock and precision skew. */
  SYNC_OVERLAP_SECONDS: count(0, 86_400, 300),
  /** Sheets requests sync may spend back to back, then one per SYNC_REFILL_MS (the gate's bucket). */
  SYNC_BURST: count(1, 100, DEFAULT_SYNC_BURST),
  SYNC_REFILL_MS: count(0, 600_000, DEFAULT_SYNC_REFILL_MS),
  /** Where the watch publishes (renew-watch recreates it there): projects/P/topics/T. */
  WATCH_TOPIC: z.optional(topic),
  /** The master sheet's address, linked from the coordinators' digest and alerts. */
  SHEET_URL: optionalUrl,
});

const setupSchema = z.extend(googleSchema, {
  ...secretSchema.shape,
  /** The Pub/Sub topic the Forms watch publishes to: projects/P/topics/T. */
  WATCH_TOPIC: topic,
  /** The functions' service account, given editor access to the form and the sheet. */
  FUNCTIONS_SERVICE_ACCOUNT: z.optional(z.email()),
  /** The deployed renew-watch function (Pulumi output functionUrls): setup has it create the watch. */
  RENEW_WATCH_URL: optionalUrl,
});

export type GoogleConfig = z.infer<typeof googleSchema>;
export type FunctionConfig = z.infer<typeof functionSchema>;
export type SetupConfig = z.infer<typeof setupSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;

function parse<T extends z.ZodMiniType>(
  schema: T,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<T> {
  // Empty strings are how shells and .env files say "unset".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => {
      const key = formatPath(i.path);
      return cleaned[key] === undefined ? `${key}: missing` : `${key}: ${i.message}`;
    }),
  );
}

/** For the deployed functions (sync, remind, renew-watch). */
export const loadConfig = (env: Readonly<Record<string, string | undefined>>): FunctionConfig =>
  parse(functionSchema, env);

/**
 * For a deployed function: everything loadConfig checks, and every setting its entry needs
 * (functions/platform/settings.ts) present, so a deployment missing one is refused as a whole
 * rather than failing later on the path that reads it.
 */
export function loadDeployedConfig(
  env: Readonly<Record<string, string | undefined>>,
): FunctionConfig {
  const problems: string[] = [];
  const target = env.BAOCAO_FUNCTION;
  if (isFunctionTarget(target)) {
    for (const key of FUNCTION_SETTINGS[target].required) {
      if (!env[key]) problems.push(`${key}: missing`);
    }
  } else {
    problems.push(
      target
        ? `BAOCAO_FUNCTION: must be one of ${FUNCTION_TARGETS.join(', ')}`
        : 'BAOCAO_FUNCTION: missing',
    );
  }
  if (env.SMTP_USER && !env.SMTP_PASSWORD)
    problems.push('SMTP_PASSWORD: missing (SMTP_USER is set)');
  try {
    const config = loadConfig(env);
    if (problems.length === 0) return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per setting: ours already say what is wrong with the ones they name.
    const named = new Set(problems.map((p) => p.split(':')[0]));
    problems.push(...error.problems.filter((p) => !named.has(p.split(':')[0])));
  }
  throw new ConfigError(problems);
}

/**
 * For sending mail alone: what a misconfigured function still needs to tell the coordinator,
 * and what `baocao doctor` needs to reach the mail server.
 */
export const loadSmtpConfig = (env: Readonly<Record<string, string | undefined>>): SmtpConfig =>
  parse(smtpSchema, env);

/** For the coordinator's `baocao setup` and `links`. */
export const loadSetupConfig = (env: Readonly<Record<string, string | undefined>>): SetupConfig =>
  parse(setupSchema, env);

/** For read-only commands (`baocao status`, `export`): only how to reach Google. */
export const loadGoogleConfig = (env: Readonly<Record<string, string | undefined>>): GoogleConfig =>
  parse(googleSchema, env);

/** For `baocao links`: only the secret that signs the personal links. */
export const loadTokenSecret = (env: Readonly<Record<string, string | undefined>>): string =>
  parse(secretSchema, env).BAOCAO_TOKEN_SECRET;

/**
 * Every setting the coordinator's commands read (setup, links, status, sync, watch renew…),
 * local mode's included; the deployed functions' own are FUNCTION_SETTINGS (settings.ts).
 * infra/DEPLOY.md lists both (test/deploy-docs.test.ts).
 */
export const COMMAND_SETTINGS: readonly string[] = [
  ...new Set([...Object.keys(setupSchema.shape), ...Object.keys(smtpSchema.shape)]),
];
