// Secret Manager secrets (containers only: the operator adds the values), readable by the functions alone.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { SECRET_ENV } from '../catalog.ts';

export interface SecretsArgs {
  project: string;
  prefix: string;
  /** The only member granted secretAccessor, on these two secrets only. */
  reader: pulumi.Input<string>;
}

export class Secrets extends pulumi.ComponentResource {
  readonly secrets: { env: string; secret: gcp.secretmanager.Secret }[];

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:Secrets', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    this.secrets = Object.entries(SECRET_ENV).map(([id, env]) => {
      // No SecretVersion here: a value in the program would sit in the Pulumi state and the
      // stack config. The operator adds it with `gcloud secrets versions add` (DEPLOY.md).
      const secret = new gcp.secretmanager.Secret(
        `${name}-${id}`,
        {
          project: args.project,
          secretId: `${args.prefix}-${id}`,
          replication: { auto: {} },
          labels: { app: 'baocao' },
        },
        child,
      );
      new gcp.secretmanager.SecretIamMember(
        `${name}-${id}-reader`,
        {
          project: args.project,
          secretId: secret.secretId,
          // Read at each function's cold start (secretEnvironmentVariables, version "latest").
          role: 'roles/secretmanager.secretAccessor',
          member: args.reader,
        },
        child,
      );
      return { env, secret };
    });
    this.registerOutputs({ secretIds: this.secrets.map((s) => s.secret.secretId) });
  }
}
