// Each function's environment, filled from the stack's settings for exactly the settings that function declares.
import { PermanentError } from '../forms/errors.ts';
import {
  type DeployedSetting,
  FUNCTION_SETTINGS,
  type FunctionTarget,
  SECRET_SETTINGS,
  type SecretSetting,
} from '../functions/platform/settings.ts';
import type { Settings } from './settings.ts';

type PlainSetting = Exclude<DeployedSetting, SecretSetting>;

/** What the program knows only once resources exist (the topic's id), or what a test gives. */
export interface Deployed<T> {
  spreadsheetId: string;
  formId: string;
  watchTopic: T;
}

export class UnfilledSettingError extends PermanentError {
  constructor(target: string, setting: string) {
    super(`${target} needs ${setting}, which the stack configuration does not give`);
  }
}

const isSecret = (s: DeployedSetting): s is SecretSetting =>
  (SECRET_SETTINGS as readonly string[]).includes(s);

/**
 * A value for every plain setting any function may declare: a Record over all of them, so a
 * setting added to functions/platform/settings.ts does not compile here until it is filled.
 */
function settingValues<T>(
  s: Settings,
  target: FunctionTarget,
  d: Deployed<T>,
): Record<PlainSetting, T | string | undefined> {
  const opt = (v: number | undefined) => (v === undefined ? undefined : String(v));
  return {
    BAOCAO_FUNCTION: target,
    BAOCAO_CAMPAIGN: s.campaign.id,
    SPREADSHEET_ID: d.spreadsheetId,
    FORM_ID: d.formId,
    SHEET_URL: `https://docs.google.com/spreadsheets/d/${d.spreadsheetId}/edit`,
    WATCH_TOPIC: d.watchTopic,
    SMTP_HOST: s.smtp.host,
    SMTP_PORT: String(s.smtp.port),
    SMTP_SECURE: String(s.smtp.secure),
    SMTP_USER: s.smtp.user,
    MAIL_FROM: s.mailFrom,
    SYNC_OVERLAP_SECONDS: opt(s.sync.overlapSeconds),
    SYNC_BURST: opt(s.sync.burst),
    SYNC_REFILL_MS: opt(s.sync.refillMs),
  };
}

/** The plain environment of one function: its required settings, and its optional ones that are set. */
export function functionEnvironment<T>(
  s: Settings,
  target: FunctionTarget,
  d: Deployed<T>,
): Record<string, T | string> {
  const values = settingValues(s, target, d);
  const { required, optional } = FUNCTION_SETTINGS[target];
  const env: Record<string, T | string> = {};
  for (const key of required) {
    if (isSecret(key)) continue;
    const value = values[key];
    if (value === undefined) throw new UnfilledSettingError(target, key);
    env[key] = value;
  }
  for (const key of optional) {
    if (isSecret(key)) continue;
    const value = values[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** The secrets one function reads: its required ones, and the SMTP password when there is an SMTP user. */
export function functionSecrets(s: Settings, target: FunctionTarget): SecretSetting[] {
  const { required, optional } = FUNCTION_SETTINGS[target];
  return [
    ...required.filter(isSecret),
    ...optional.filter(isSecret).filter((k) => k !== 'SMTP_PASSWORD' || s.smtp.user !== undefined),
  ];
}
