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

export interface DeployedSecret {
  env: (typeof SECRET_ENV)[keyof typeof SECRET_ENV];
  secret: gcp.secretmanager.Secret;
  /** The functions account's accessor grant: a function reading the secret waits for it. */
  reader: gcp.secretmanager.SecretIamMember;
}

export class Secrets extends pulumi.ComponentResource {
  readonly secrets: DeployedSecret[];

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:Secrets', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    this.secrets = (Object.entries(SECRET_ENV) as [string, DeployedSecret['env']][]).map(
      ([id, env]) => {
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
        const reader = new gcp.secretmanager.SecretIamMember(
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
        return { env, secret, reader };
      },
    );
    this.registerOutputs({ secretIds: this.secrets.map((s) => s.secret.secretId) });
  }
}

/**
 * "latest", once the secret has a version: a function whose secret has none fails to deploy
 * after a long build, so `pulumi up` looks the version up first and stops, naming the secret,
 * when the operator has not added it yet (DEPLOY.md). Only the version's metadata is read
 * (fetchSecretData false), and an invoke's result is never written to the Pulumi state.
 * The functions keep reading "latest" so a rotated secret needs no redeploy.
 */
export function latestVersion(project: string, s: DeployedSecret): pulumi.Output<string> {
  return gcp.secretmanager
    .getSecretVersionOutput(
      { project, secret: s.secret.secretId, fetchSecretData: false },
      { dependsOn: [s.reader] },
    )
    .apply(() => 'latest');
}
