// The deployed functions, named once for the bundle build (scripts/build.ts) and the Pulumi program.

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
