// The settings each deployed function needs: the one list the functions check at start and the Pulumi program fills.

/** The entry points registered in functions/entry/register.ts, one Cloud Function each. */
export const FUNCTION_TARGETS = ['syncOnFormsEvent', 'syncSweep', 'remind', 'renewWatch'] as const;
export type FunctionTarget = (typeof FUNCTION_TARGETS)[number];

/** Given from Secret Manager (secretEnvironmentVariables), never as plain environment. */
export const SECRET_SETTINGS = ['BAOCAO_TOKEN_SECRET', 'SMTP_PASSWORD'] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/**
 * What every function needs: which function it is (the bundle is one for all four), the
 * campaign and its sheet and form, the link secret, and the mail settings — without those the
 * coordinator could not even be told that something else is missing. SHEET_URL is linked from
 * every coordinator alert and the digest.
 */
const COMMON = [
  'BAOCAO_FUNCTION',
  'BAOCAO_CAMPAIGN',
  'BAOCAO_TOKEN_SECRET',
  'SPREADSHEET_ID',
  'FORM_ID',
  'SHEET_URL',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'MAIL_FROM',
] as const;

/** SMTP_USER and SMTP_PASSWORD come together (an SMTP server without authentication takes neither). */
const SMTP_AUTH = ['SMTP_USER', 'SMTP_PASSWORD'] as const;
/** Sync tuning, only when the stack sets it; the functions' defaults apply otherwise. */
const SYNC_TUNING = ['SYNC_OVERLAP_SECONDS', 'SYNC_BURST', 'SYNC_REFILL_MS'] as const;

export type DeployedSetting =
  | (typeof COMMON)[number]
  | (typeof SMTP_AUTH)[number]
  | (typeof SYNC_TUNING)[number]
  | 'WATCH_TOPIC';

export interface FunctionSettings {
  /** Each must be set; a function missing one fails every invocation and alerts the coordinator. */
  required: readonly DeployedSetting[];
  /** Taken when set. */
  optional: readonly DeployedSetting[];
}

export const FUNCTION_SETTINGS: Readonly<Record<FunctionTarget, FunctionSettings>> = {
  syncOnFormsEvent: { required: COMMON, optional: [...SMTP_AUTH, ...SYNC_TUNING] },
  syncSweep: { required: COMMON, optional: [...SMTP_AUTH, ...SYNC_TUNING] },
  remind: { required: COMMON, optional: SMTP_AUTH },
  // Recreates the watch on the topic it names.
  renewWatch: { required: [...COMMON, 'WATCH_TOPIC'], optional: SMTP_AUTH },
};

export const isFunctionTarget = (name: string | undefined): name is FunctionTarget =>
  (FUNCTION_TARGETS as readonly (string | undefined)[]).includes(name);
