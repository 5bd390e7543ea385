// The Google APIs the deployment uses, enabled on the project before anything that needs them.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { REQUIRED_APIS } from '../catalog.ts';

export class ProjectApis extends pulumi.ComponentResource {
  /** Depend on these so nothing is created before its API answers. */
  readonly services: gcp.projects.Service[];

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
    this.registerOutputs({});
  }
}
