// The stack's configuration (Pulumi.<stack>.yaml), read and checked once into typed settings.

import * as pulumi from '@pulumi/pulumi';
import { campaignIds, loadCampaignDefinition } from '../campaigns/index.ts';
import type { Campaign } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';

export interface Settings {
  project: string;
  region: string;
  /** Prefix of every resource name, so two deployments can share a project. */
  prefix: string;
  campaign: Campaign;
  /** Written by `baocao setup`; until both are set the functions and jobs are not deployed. */
  spreadsheetId: string | undefined;
  formId: string | undefined;
  smtp: { host: string; port: number; secure: boolean; user: string | undefined };
  mailFrom: string;
  /** Optional SYNC_* tuning passed through to the functions (their defaults apply otherwise). */
  sync: { overlapSeconds?: number; burst?: number; refillMs?: number };
  /** May run the sweep by hand (run.invoker on it alone); optional. */
  coordinatorEmail: string | undefined;
  sweepSchedule: string;
  renewSchedule: string;
  /** Where `npm run build` wrote dist/<function>.zip, relative to infra/. */
  archiveDir: string;
}

export class SettingsError extends PermanentError {
  constructor(problems: string[]) {
    super(`Stack configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Keys that must never be in stack config: their values belong in Secret Manager. */
const FORBIDDEN = ['smtpPassword', 'tokenSecret', 'password', 'secret'];
/** Keys from before each function got its own size (infra/catalog.ts). */
const RETIRED = ['functionMemory', 'functionTimeoutSeconds'];

export function readSettings(): Settings {
  const gcp = new pulumi.Config('gcp');
  const cfg = new pulumi.Config('baocao');
  const problems: string[] = [];

  for (const key of FORBIDDEN) {
    if (cfg.get(key) !== undefined) {
      problems.push(
        `baocao:${key} must not be in stack config: set it with "gcloud secrets versions add" (see infra/DEPLOY.md)`,
      );
    }
  }
  for (const key of RETIRED) {
    if (cfg.get(key) !== undefined) {
      problems.push(
        `baocao:${key} is no longer read: each function has its own memory and timeout (infra/catalog.ts); remove it with "pulumi config rm baocao:${key}"`,
      );
    }
  }
  const campaignId = cfg.require('campaign');
  if (!campaignIds.includes(campaignId)) {
    problems.push(`baocao:campaign "${campaignId}" is unknown; known: ${campaignIds.join(', ')}`);
  }
  const prefix = cfg.get('prefix') ?? 'baocao';
  if (!/^[a-z][a-z0-9-]{0,14}$/.test(prefix)) {
    problems.push('baocao:prefix must be lowercase letters, digits and "-", at most 15 characters');
  }
  const spreadsheetId = cfg.get('spreadsheetId');
  const formId = cfg.get('formId');
  if ((spreadsheetId === undefined) !== (formId === undefined)) {
    problems.push(
      'baocao:spreadsheetId and baocao:formId are set together (both from baocao setup)',
    );
  }
  if (problems.length > 0) throw new SettingsError(problems);

  return {
    project: gcp.require('project'),
    region: gcp.require('region'),
    prefix,
    campaign: loadCampaignDefinition(campaignId),
    spreadsheetId,
    formId,
    smtp: {
      host: cfg.require('smtpHost'),
      port: cfg.getNumber('smtpPort') ?? 587,
      secure: cfg.getBoolean('smtpSecure') ?? false,
      user: cfg.get('smtpUser'),
    },
    mailFrom: cfg.require('mailFrom'),
    sync: {
      ...optionalNumber(cfg, 'syncOverlapSeconds', 'overlapSeconds'),
      ...optionalNumber(cfg, 'syncBurst', 'burst'),
      ...optionalNumber(cfg, 'syncRefillMs', 'refillMs'),
    },
    coordinatorEmail: cfg.get('coordinatorEmail'),
    sweepSchedule: cfg.get('sweepSchedule') ?? '*/15 * * * *',
    renewSchedule: cfg.get('renewSchedule') ?? '0 3 * * *',
    archiveDir: cfg.get('archiveDir') ?? '../dist',
  };
}

function optionalNumber<K extends string>(
  cfg: pulumi.Config,
  key: string,
  as: K,
): Partial<Record<K, number>> {
  const value = cfg.getNumber(key);
  return value === undefined ? {} : ({ [as]: value } as Record<K, number>);
}
