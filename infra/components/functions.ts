// The four 2nd gen functions (nodejs22), each running as the functions account, with their invoker grants.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { DEPLOYED_FUNCTIONS, type DeployedFunction, type FunctionKey } from '../catalog.ts';

export interface FunctionsArgs {
  project: string;
  region: string;
  prefix: string;
  /** Each function's plain settings (infra/environment.ts); anything secret comes from `secrets`. */
  environment: (fn: DeployedFunction) => Record<string, pulumi.Input<string>>;
  /** Each function's Secret Manager secrets and the variable each becomes. */
  secrets: (
    fn: DeployedFunction,
  ) => { env: string; secretId: pulumi.Input<string>; version: pulumi.Input<string> }[];
  /**
   * What every function waits for beyond the APIs: the secret accessor grants, the build
   * account's roles, the push identity's grants. Without them the first deploy races its own
   * permissions and fails on a fresh project.
   */
  ready: pulumi.Resource[];
  runtimeAccount: pulumi.Input<string>;
  buildAccount: pulumi.Input<string>;
  /** Eventarc's push identity for the watch topic (invokes the sync function only). */
  eventsAccount: gcp.serviceaccount.Account;
  /** Members allowed to invoke each HTTP function (the scheduler; the coordinator on the sweep). */
  httpInvokers: (fn: DeployedFunction) => pulumi.Input<string>[];
  watchTopic: pulumi.Input<string>;
  bucket: pulumi.Input<string>;
  objects: Record<FunctionKey, gcp.storage.BucketObject>;
}

export const RUNTIME = 'nodejs22';

export class Functions extends pulumi.ComponentResource {
  readonly functions: Record<FunctionKey, gcp.cloudfunctionsv2.Function>;

  constructor(name: string, args: FunctionsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:Functions', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    const after = pulumi
      .output(opts?.dependsOn ?? [])
      .apply((d) => [...(Array.isArray(d) ? d : [d]), ...args.ready]);
    const functions = {} as Record<FunctionKey, gcp.cloudfunctionsv2.Function>;
    for (const spec of DEPLOYED_FUNCTIONS) {
      const fn = this.function(name, spec, args, { parent: this, dependsOn: after });
      functions[spec.key] = fn;
      // 2nd gen functions are Cloud Run services: invoking them is run.invoker on the service
      // (cloudfunctions.invoker does not reach them). Member grants only, never allUsers.
      const invokers: pulumi.Input<string>[] =
        spec.trigger === 'watch-topic' ? [args.eventsAccount.member] : args.httpInvokers(spec);
      invokers.forEach((member, i) => {
        new gcp.cloudrunv2.ServiceIamMember(
          `${name}-${spec.key}-invoker-${i}`,
          {
            project: args.project,
            location: args.region,
            name: fn.serviceConfig.apply((c) => c?.service ?? ''),
            role: 'roles/run.invoker',
            member,
          },
          child,
        );
      });
    }
    this.functions = functions;
    this.registerOutputs({});
  }

  private function(
    name: string,
    spec: DeployedFunction,
    args: FunctionsArgs,
    child: pulumi.CustomResourceOptions,
  ): gcp.cloudfunctionsv2.Function {
    const isSync = spec.trigger === 'watch-topic';
    return new gcp.cloudfunctionsv2.Function(
      `${name}-${spec.key}`,
      {
        project: args.project,
        location: args.region,
        name: `${args.prefix}-${spec.key}`,
        description: spec.description,
        buildConfig: {
          runtime: RUNTIME,
          entryPoint: spec.entryPoint,
          source: {
            storageSource: {
              bucket: args.bucket,
              object: args.objects[spec.key as FunctionKey].name,
            },
          },
          serviceAccount: args.buildAccount,
        },
        serviceConfig: {
          serviceAccountEmail: args.runtimeAccount,
          availableMemory: spec.memory,
          timeoutSeconds: spec.timeoutSeconds,
          // One instance, one request at a time, for every function that writes the sheet: the
          // sync plans its single write from one read, so two runs must never overlap. (The
          // sweep is a separate service; see DEPLOY.md "Known limits".)
          minInstanceCount: 0,
          maxInstanceCount: 1,
          maxInstanceRequestConcurrency: 1,
          // Reachable from Cloud Scheduler and Eventarc (neither is "internal"); IAM keeps
          // everyone else out.
          ingressSettings: 'ALLOW_ALL',
          allTrafficOnLatestRevision: true,
          environmentVariables: args.environment(spec),
          secretEnvironmentVariables: args.secrets(spec).map((s) => ({
            key: s.env,
            projectId: args.project,
            secret: s.secretId,
            // "latest", read at cold start: a rotated secret reaches new instances without a redeploy.
            version: s.version,
          })),
        },
        ...(isSync
          ? {
              eventTrigger: {
                triggerRegion: args.region,
                eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
                pubsubTopic: args.watchTopic,
                // Off by default for 2nd gen: a sync that failed ambiguously must run again.
                retryPolicy: 'RETRY_POLICY_RETRY',
                serviceAccountEmail: args.eventsAccount.email,
              },
            }
          : {}),
        labels: { app: 'baocao' },
      },
      child,
    );
  }
}
