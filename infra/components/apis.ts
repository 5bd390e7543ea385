// The Google APIs the deployment uses, enabled on the project before anything that needs them.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { REQUIRED_APIS } from '../catalog.ts';

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
