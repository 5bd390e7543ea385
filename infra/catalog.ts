// What a deployment is made of (functions, APIs, secrets), named once for the build, the Pulumi program and `baocao doctor`.

export type Trigger = 'watch-topic' | 'http';

export interface DeployedFunction {
  /** Suffix of the Cloud Function's name and the archive's file name: dist/<key>.zip. */
  key: string;
  /** The name registered with the Functions Framework in functions/register.ts. */
  entryPoint: string;
  trigger: Trigger;
  /** What the function does, for the Cloud Functions console. */
  description: string;
}

export const DEPLOYED_FUNCTIONS = [
  {
    key: 'sync',
    entryPoint: 'syncOnFormsEvent',
    trigger: 'watch-topic',
    description: 'Reconciles form responses into the master sheet on each Forms watch notification',
  },
  {
    key: 'sync-sweep',
    entryPoint: 'syncSweep',
    trigger: 'http',
    description: 'The scheduled safety-net sync (Cloud Scheduler)',
  },
  {
    key: 'remind',
    entryPoint: 'remind',
    trigger: 'http',
    description: 'Emails reminders to units that have not reported (Cloud Scheduler)',
  },
  {
    key: 'renew-watch',
    entryPoint: 'renewWatch',
    trigger: 'http',
    description: 'Renews the Forms responses watch before its 7 days run out (Cloud Scheduler)',
  },
] as const satisfies readonly DeployedFunction[];

export type FunctionKey = (typeof DEPLOYED_FUNCTIONS)[number]['key'];

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
} as const;

/** The secrets and the environment variable each becomes in the functions. */
export const SECRET_ENV = {
  'token-secret': 'BAOCAO_TOKEN_SECRET',
  'smtp-password': 'SMTP_PASSWORD',
} as const;

/** Google Forms publishes watch notifications as this account (Forms API watches guide). */
export const FORMS_PUBLISHER = 'serviceAccount:forms-notifications@system.gserviceaccount.com';
