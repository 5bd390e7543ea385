// The Google APIs the deployment uses, enabled on the project before anything that needs them.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

/** Each API and why it is on. */
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

export class ProjectApis extends pulumi.ComponentResource {
  /** Depend on these so nothing is created before its API answers. */
  readonly services: gcp.projects.Service[];
  /**
   * Pub/Sub's service agent, created now rather than whenever Pub/Sub first needs it: right
   * after the API is enabled it may not exist yet, and granting it anything would fail.
   */
  readonly pubsubAgent: gcp.projects.ServiceIdentity;

  constructor(name: string, args: { project: string }, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:ProjectApis', name, {}, opts);
    this.services = Object.keys(REQUIRED_APIS).map(
      (api) =>
        new gcp.projects.Service(
          `${name}-${api.split('.')[0]}`,
          {
            project: args.project,
            service: api,
            // Other workloads in the project may use these APIs: destroying baocao leaves them on.
            disableOnDestroy: false,
            disableDependentServices: false,
          },
          { parent: this },
        ),
    );
    this.pubsubAgent = new gcp.projects.ServiceIdentity(
      `${name}-pubsub-agent`,
      { project: args.project, service: 'pubsub.googleapis.com' },
      { parent: this, dependsOn: this.services },
    );
    this.registerOutputs({});
  }
}
