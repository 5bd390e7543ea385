// Cloud Scheduler jobs in the campaign's time zone, calling the HTTP functions with OIDC tokens.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { ReminderJob } from '../schedule.ts';

export interface SchedulerArgs {
  project: string;
  region: string;
  prefix: string;
  timeZone: string;
  /** The account whose OIDC tokens the jobs send (run.invoker on the HTTP functions). */
  invoker: pulumi.Input<string>;
  /** `deadline`: the attempt deadline, the function's own timeout ("900s"). */
  sweep: { uri: pulumi.Input<string>; schedule: string; deadline: string };
  /** `addedSchedule`: the job for campaigns set up after the deploy, whose times have no job. */
  remind: {
    uri: pulumi.Input<string>;
    jobs: ReminderJob[];
    addedSchedule: string;
    deadline: string;
  };
  renew: { uri: pulumi.Input<string>; schedule: string; deadline: string };
}

export class Schedules extends pulumi.ComponentResource {
  readonly jobs: gcp.cloudscheduler.Job[] = [];

  constructor(name: string, args: SchedulerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:Schedules', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    const job = (
      id: string,
      description: string,
      schedule: string,
      uri: pulumi.Input<string>,
      body: object,
      attemptDeadline: string,
    ) =>
      new gcp.cloudscheduler.Job(
        `${name}-${id}`,
        {
          project: args.project,
          region: args.region,
          name: `${args.prefix}-${id}`,
          description,
          schedule,
          timeZone: args.timeZone,
          // A run that fails is retried a little; the next run covers the rest, since every
          // function reconciles from the sheet's state.
          retryConfig: { retryCount: 2, minBackoffDuration: '30s', maxBackoffDuration: '300s' },
          attemptDeadline,
          httpTarget: {
            uri,
            httpMethod: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify(body)).toString('base64'),
            // Cloud Run accepts its own URL as the audience.
            oidcToken: { serviceAccountEmail: args.invoker, audience: uri },
          },
        },
        child,
      );

    this.jobs.push(
      job(
        'sweep',
        'Safety-net sync: anything a notification missed',
        args.sweep.schedule,
        args.sweep.uri,
        { trigger: 'sweep' },
        args.sweep.deadline,
      ),
    );
    for (const r of args.remind.jobs) {
      // The function works out which slot is due from the clock; the body only says why it runs.
      this.jobs.push(
        job(
          `remind-${r.id}`,
          `Reminder "${r.reminderId}" (${r.kind}) on ${r.dates.join(', ')}`,
          r.schedule,
          args.remind.uri,
          { trigger: 'schedule', reminderId: r.reminderId, kind: r.kind },
          args.remind.deadline,
        ),
      );
    }
    // `baocao setup --campaign` adds campaigns without a deploy: their reminders go out from
    // this job, each slot at most one period after its time, once (the sheet marks it sent).
    this.jobs.push(
      job(
        'remind-added',
        'Reminders of the campaigns set up after the deploy (each slot once due)',
        args.remind.addedSchedule,
        args.remind.uri,
        { trigger: 'schedule', campaigns: 'added' },
        args.remind.deadline,
      ),
    );
    this.jobs.push(
      job(
        'renew-watch',
        'Renews the Forms watch (expires after 7 days)',
        args.renew.schedule,
        args.renew.uri,
        { trigger: 'schedule' },
        args.renew.deadline,
      ),
    );
    this.registerOutputs({});
  }
}
