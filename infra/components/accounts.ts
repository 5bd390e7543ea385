// The deployment's service accounts, each with only the roles its job needs.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export interface AccountsArgs {
  project: string;
  prefix: string;
}

/**
 * Three identities instead of the default compute account (which holds Editor on the project):
 * - functions: what the code runs as. Reads the two secrets (granted on each secret in
 *   secrets.ts), edits the form and sheet it is shared with (Drive sharing by `baocao setup`,
 *   not IAM), owns the form's watch. No project-wide role: Cloud Run sends what the code
 *   writes to stdout to Cloud Logging itself, and the code calls no Cloud API beyond those.
 * - scheduler: whose OIDC tokens Cloud Scheduler sends; may only invoke the HTTP functions
 *   (granted on each service in functions.ts).
 * - events: the Eventarc push identity for the watch topic; may only invoke the sync function.
 * - build: what Cloud Build builds the functions as, so builds do not need the default
 *   compute account (which new projects no longer give Cloud Build by default).
 */
export class ServiceAccounts extends pulumi.ComponentResource {
  readonly functions: gcp.serviceaccount.Account;
  readonly scheduler: gcp.serviceaccount.Account;
  readonly events: gcp.serviceaccount.Account;
  readonly build: gcp.serviceaccount.Account;
  /** The build account's roles: a function built before they exist fails its first build. */
  readonly buildRoles: gcp.projects.IAMMember[];

  constructor(name: string, args: AccountsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:ServiceAccounts', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    const account = (id: string, displayName: string, description: string) =>
      new gcp.serviceaccount.Account(
        `${name}-${id}`,
        { project: args.project, accountId: `${args.prefix}-${id}`, displayName, description },
        child,
      );
    this.functions = account(
      'functions',
      'baocao functions',
      'Runs the sync, sweep, remind and renew-watch functions; the form and sheet are shared with it',
    );
    this.scheduler = account(
      'scheduler',
      'baocao scheduler',
      'Cloud Scheduler calls the HTTP functions with OIDC tokens for this account',
    );
    this.events = account(
      'events',
      'baocao watch events',
      'Eventarc pushes the Forms watch topic to the sync function as this account',
    );
    this.build = account(
      'build',
      'baocao build',
      'Cloud Build builds the functions as this account',
    );

    const projectRole = (id: string, member: gcp.serviceaccount.Account, role: string) =>
      new gcp.projects.IAMMember(
        `${name}-${id}`,
        { project: args.project, role, member: member.member },
        child,
      );
    // Google's documented roles for a custom Cloud Functions build account (the parts of
    // roles/run.builder these builds use): write the build's logs, push the image to the
    // gcf-artifacts repository the platform creates, and read and write the staged source and
    // build cache in the platform's buckets (not ours, so they cannot be granted on one bucket
    // before they exist).
    this.buildRoles = [
      projectRole('build-logs', this.build, 'roles/logging.logWriter'),
      projectRole('build-images', this.build, 'roles/artifactregistry.writer'),
      projectRole('build-sources', this.build, 'roles/storage.objectAdmin'),
    ];

    this.registerOutputs({
      functions: this.functions.email,
      scheduler: this.scheduler.email,
      events: this.events.email,
      build: this.build.email,
    });
  }
}
