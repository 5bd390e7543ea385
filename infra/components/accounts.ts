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
 *   not IAM), writes logs.
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
    // Functions: structured logs from the running code (Cloud Run collects stdout on its own;
    // this covers the logging client and keeps working if the platform's defaults change).
    projectRole('functions-logs', this.functions, 'roles/logging.logWriter');
    // Build: the build's own logs.
    projectRole('build-logs', this.build, 'roles/logging.logWriter');
    // Build: pushes the built image to the gcf-artifacts repository the platform creates.
    projectRole('build-images', this.build, 'roles/artifactregistry.writer');
    // Build: reads the source the platform stages in its gcf-v2-sources bucket (not ours, so it
    // cannot be granted on one bucket before it exists).
    projectRole('build-sources', this.build, 'roles/storage.objectViewer');

    this.registerOutputs({
      functions: this.functions.email,
      scheduler: this.scheduler.email,
      events: this.events.email,
      build: this.build.email,
    });
  }
}
