// The deployment, component by component: APIs, identities, secrets, the watch topic, sources, functions, schedules.
import { resolve } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import {
  COORDINATOR_INVOKES,
  DEPLOYED_FUNCTIONS,
  type FunctionKey,
  runtimeEnvironment,
} from './catalog.ts';
import { ServiceAccounts } from './components/accounts.ts';
import { ProjectApis } from './components/apis.ts';
import { Functions } from './components/functions.ts';
import { Schedules } from './components/scheduler.ts';
import { latestVersion, Secrets } from './components/secrets.ts';
import { FunctionSources } from './components/source.ts';
import { WatchTopic } from './components/topic.ts';
import { functionEnvironment, functionSecrets } from './environment.ts';
import { reminderJobs } from './schedule.ts';
import type { Settings } from './settings.ts';

/**
 * How often the reminders of campaigns set up after the deploy are asked for: as often as the
 * sweep, so a slot goes out at most 15 minutes after its time, at one Sheets read per added
 * campaign a run.
 */
const ADDED_REMINDERS_SCHEDULE = '*/15 * * * *';

export interface ProgramOutputs {
  /** WATCH_TOPIC for `baocao setup`: projects/P/topics/T. */
  watchTopic: pulumi.Output<string>;
  deadLetterTopic: pulumi.Output<string>;
  /** FUNCTIONS_SERVICE_ACCOUNT for `baocao setup`: the form and sheet are shared with it. */
  functionsServiceAccount: pulumi.Output<string>;
  schedulerServiceAccount: pulumi.Output<string>;
  eventsServiceAccount: pulumi.Output<string>;
  secretIds: pulumi.Output<string>[];
  sourceBucket: pulumi.Output<string>;
  /** Each function's URL, once deployed (after `baocao setup`). */
  functionUrls: Partial<Record<FunctionKey, pulumi.Output<string>>>;
  schedulerJobs: pulumi.Output<string>[];
  /** The sync's Eventarc trigger: its Pub/Sub subscription gets the dead-letter topic (DEPLOY.md). */
  syncTrigger: pulumi.Output<string> | undefined;
  nextStep: string;
}

/** The archives `npm run build` writes: <archiveDir>/<key>.zip, archiveDir relative to infra/. */
export function archivePaths(archiveDir: string): Record<FunctionKey, string> {
  const dir = resolve(import.meta.dirname, archiveDir);
  return Object.fromEntries(
    DEPLOYED_FUNCTIONS.map((f) => [f.key, resolve(dir, `${f.key}.zip`)]),
  ) as Record<FunctionKey, string>;
}

export function buildProgram(s: Settings): ProgramOutputs {
  const base = { project: s.project, prefix: s.prefix };
  const apis = new ProjectApis('apis', { project: s.project });
  const afterApis = { dependsOn: apis.services };

  const accounts = new ServiceAccounts('accounts', base, afterApis);
  const secrets = new Secrets('secrets', { ...base, reader: accounts.functions.member }, afterApis);
  const topic = new WatchTopic(
    'watch',
    { ...base, pubsubAgent: apis.pubsubAgent.member, pushIdentity: accounts.events },
    { dependsOn: [...apis.services, apis.pubsubAgent] },
  );
  const sources = new FunctionSources(
    'sources',
    { ...base, region: s.region, archives: archivePaths(s.archiveDir) },
    afterApis,
  );

  const outputs: ProgramOutputs = {
    watchTopic: topic.topic.id,
    deadLetterTopic: topic.deadLetter.id,
    functionsServiceAccount: accounts.functions.email,
    schedulerServiceAccount: accounts.scheduler.email,
    eventsServiceAccount: accounts.events.email,
    secretIds: secrets.secrets.map((x) => x.secret.secretId),
    sourceBucket: sources.bucket.name,
    functionUrls: {},
    schedulerJobs: [],
    syncTrigger: undefined,
    nextStep:
      'Add the secret values (gcloud secrets versions add), run `baocao setup` with WATCH_TOPIC and FUNCTIONS_SERVICE_ACCOUNT from these outputs, then set baocao:spreadsheetId and baocao:formId and run `pulumi up` again.',
  };
  // The functions read the sheet and form ids at start and fail without them, and the secrets
  // need values first: the first `pulumi up` stops here and `baocao setup` comes next.
  if (s.spreadsheetId === undefined || s.formId === undefined) return outputs;

  const deployed = {
    spreadsheetId: s.spreadsheetId,
    formId: s.formId,
    watchTopic: topic.topic.id,
  };
  const versions = new Map(secrets.secrets.map((x) => [x.env, latestVersion(s.project, x)]));
  const fns = new Functions(
    'functions',
    {
      ...base,
      region: s.region,
      environment: (fn) => ({
        ...functionEnvironment(s, fn.entryPoint, deployed),
        ...runtimeEnvironment(fn),
      }),
      secrets: (fn) =>
        functionSecrets(s, fn.entryPoint).map((env) => {
          const x = secrets.secrets.find((y) => y.env === env);
          if (!x) throw new Error(`no Secret Manager secret for ${env}`);
          return { env, secretId: x.secret.secretId, version: versions.get(env) ?? 'latest' };
        }),
      ready: [...secrets.secrets.map((x) => x.reader), ...accounts.buildRoles, ...topic.grants],
      runtimeAccount: accounts.functions.email,
      buildAccount: accounts.build.id,
      eventsAccount: accounts.events,
      httpInvokers: (fn) => [
        accounts.scheduler.member,
        ...(COORDINATOR_INVOKES.includes(fn.key) && s.coordinatorEmail
          ? [`user:${s.coordinatorEmail}`]
          : []),
      ],
      watchTopic: topic.topic.id,
      bucket: sources.bucket.name,
      objects: sources.objects,
    },
    afterApis,
  );
  const uri = (key: FunctionKey) => fns.functions[key].serviceConfig.apply((c) => c?.uri ?? '');
  // The scheduler waits as long as the function may run: a shorter deadline would retry a run
  // still in progress, and the retry would queue behind it on the single instance.
  const deadline = (key: FunctionKey) =>
    `${DEPLOYED_FUNCTIONS.find((f) => f.key === key)?.timeoutSeconds ?? 600}s`;
  const schedules = new Schedules(
    'schedules',
    {
      ...base,
      region: s.region,
      timeZone: s.campaign.timezone,
      invoker: accounts.scheduler.email,
      sweep: {
        uri: uri('sync-sweep'),
        schedule: s.sweepSchedule,
        deadline: deadline('sync-sweep'),
      },
      remind: {
        uri: uri('remind'),
        jobs: reminderJobs(s.campaign),
        addedSchedule: ADDED_REMINDERS_SCHEDULE,
        deadline: deadline('remind'),
      },
      renew: {
        uri: uri('renew-watch'),
        schedule: s.renewSchedule,
        deadline: deadline('renew-watch'),
      },
    },
    afterApis,
  );
  return {
    ...outputs,
    functionUrls: Object.fromEntries(
      DEPLOYED_FUNCTIONS.map((f) => [f.key, fns.functions[f.key].url]),
    ) as Record<FunctionKey, pulumi.Output<string>>,
    schedulerJobs: schedules.jobs.map((j) => j.name),
    syncTrigger: fns.functions.sync.eventTrigger.apply((t) => t?.trigger ?? ''),
    nextStep:
      "Deployed. Run `baocao setup` again with RENEW_WATCH_URL set to functionUrls['renew-watch']: the functions' account creates the form's watch and setup checks it; then check with a test submission (infra/DEPLOY.md).",
  };
}
