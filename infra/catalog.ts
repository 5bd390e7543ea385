// What a deployment is made of (functions and their sizes, APIs, secrets), named once for the build, the Pulumi program and `baocao doctor`.
import type { FunctionTarget } from '../functions/platform/settings.ts';

export type Trigger = 'watch-topic' | 'http';

export interface DeployedFunction {
  /** Suffix of the Cloud Function's name and the archive's file name: dist/<key>.zip. */
  key: string;
  /** The name registered with the Functions Framework in functions/register.ts. */
  entryPoint: FunctionTarget;
  trigger: Trigger;
  /** What the function does, for the Cloud Functions console. */
  description: string;
  /** Cloud Run memory; the comment on each says which benchmark figure it rests on. */
  memory: '256Mi' | '512Mi';
  timeoutSeconds: number;
  /** NODE_OPTIONS for the runtime, where the benchmark showed a better setting than Node's own. */
  nodeOptions?: string;
}

/**
 * The syncs' runtime options, which `npm run bench` runs its sync child with:
 * - Node gives V8 four worker threads whatever the CPU (a 512 MiB instance has a third of one
 *   vCPU), each with its own compiler and GC memory; one is what that CPU can use. The
 *   5,000-response sweep's peak fell from 171 to 155 MiB with it, at the same speed.
 * - --expose-gc lets a sync collect between its passes (functions/platform/gc.ts), about 20 ms
 *   each, instead of carrying a pass's garbage into the next one's read.
 */
const SYNC_NODE_OPTIONS = '--v8-pool-size=1 --expose-gc';

export const DEPLOYED_FUNCTIONS = [
  {
    key: 'sync',
    entryPoint: 'syncOnFormsEvent',
    trigger: 'watch-topic',
    description: 'Reconciles form responses into the master sheet on each Forms watch notification',
    // `npm run bench`: a sync of 5,000 responses peaks at 122 MiB (V8 sized as on this instance)
    // and takes 27 s on loopback. 512 MiB keeps four times that for a campaign of more columns;
    // 540 s is the ceiling Google sets for event-triggered functions.
    memory: '512Mi',
    timeoutSeconds: 540,
    nodeOptions: SYNC_NODE_OPTIONS,
  },
  {
    key: 'sync-sweep',
    entryPoint: 'syncSweep',
    trigger: 'http',
    description: 'The scheduled safety-net sync (Cloud Scheduler)',
    // The same 5,000-response backlog (122 MiB, 27 s on loopback) is what a sweep meets after
    // a lost watch; against Google each of its passes also waits on real latency and on 429
    // backoff (up to 20 s a call), so it gets about four times the loopback time. An HTTP
    // function may run 3,600 s; the scheduler's attempt deadline follows (components/scheduler.ts).
    memory: '512Mi',
    timeoutSeconds: 900,
    nodeOptions: SYNC_NODE_OPTIONS,
  },
  {
    key: 'remind',
    entryPoint: 'remind',
    trigger: 'http',
    description: 'Emails reminders to units that have not reported (Cloud Scheduler)',
    // `npm run bench`: reminding 3,000 units peaked at 106 MiB, at 287 mails/s on loopback
    // (reminders rendered 100 at a time); a real SMTP relay is far slower, so a round stops
    // starting batches after 6 minutes and later sync runs send the rest.
    memory: '256Mi',
    timeoutSeconds: 540,
  },
  {
    key: 'renew-watch',
    entryPoint: 'renewWatch',
    trigger: 'http',
    description: 'Renews the Forms responses watch before its 7 days run out (Cloud Scheduler)',
    // At most four Forms calls and one mail; `npm run bench` puts any entry's start at 13 ms of
    // import and 76 ms for the first invocation, so the smallest size and a minute are plenty.
    memory: '256Mi',
    timeoutSeconds: 60,
  },
] as const satisfies readonly DeployedFunction[];

export type FunctionKey = (typeof DEPLOYED_FUNCTIONS)[number]['key'];

/**
 * What baocao:coordinatorEmail may invoke besides the scheduler: a sweep started by hand
 * ("sync now"), and renew-watch, which `baocao setup` asks to create the watch as the
 * functions' account. `baocao doctor` accepts the coordinator on these and on nothing else.
 */
export const COORDINATOR_INVOKES: readonly string[] = [
  'sync-sweep',
  'renew-watch',
] satisfies FunctionKey[];

/** Each API and why it is on; `baocao doctor` checks the same list the program enables. */
export const REQUIRED_APIS = {
  'cloudfunctions.googleapis.com': 'the four 2nd gen functions',
  'run.googleapis.com': '2nd gen functions run as Cloud Run services (and their invoker IAM)',
  'cloudbuild.googleapis.com': 'builds each function from its source archive',
  'artifactregistry.googleapis.com': 'stores the built function images',
  'pubsub.googleapis.com': 'the Forms watch topic and the dead-letter topic',
  'eventarc.googleapis.com': 'delivers the watch topic to the sync function with retries',
  'cloudscheduler.googleapis.com': 'the sweep, reminder and watch-renewal jobs',
  'secretmanager.googleapis.com': 'the SMTP password and the link-token secret',
  'sheets.googleapis.com': 'the master sheet, read and written by the functions',
  'forms.googleapis.com': 'the form, its responses and its watch',
  'drive.googleapis.com': 'sharing the form and the sheet (baocao setup)',
  'iam.googleapis.com': 'the dedicated service accounts',
  'iamcredentials.googleapis.com': 'OIDC tokens minted for the scheduler and the push identity',
  'logging.googleapis.com': 'the functions structured logs',
  'cloudresourcemanager.googleapis.com':
    'the project-level IAM grants (the build account roles) read and set the project policy through it',
} as const;

/** The secrets and the environment variable each becomes in the functions. */
export const SECRET_ENV = {
  'token-secret': 'BAOCAO_TOKEN_SECRET',
  'smtp-password': 'SMTP_PASSWORD',
} as const;

/** Google Forms publishes watch notifications as this account (Forms API watches guide). */
export const FORMS_PUBLISHER = 'serviceAccount:forms-notifications@system.gserviceaccount.com';

/** The runtime's own environment (NODE_OPTIONS) beside the function's settings; none if it needs none. */
export function runtimeEnvironment(fn: DeployedFunction): Record<string, string> {
  return fn.nodeOptions ? { NODE_OPTIONS: fn.nodeOptions } : {};
}
