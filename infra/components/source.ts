// The private bucket holding the function archives, one object per function named by its content hash.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { PermanentError } from '../../forms/errors.ts';
import type { FunctionKey } from '../catalog.ts';

export interface SourceArgs {
  project: string;
  region: string;
  prefix: string;
  /** Each function's archive on disk (dist/<key>.zip from `npm run build`). */
  archives: Record<FunctionKey, string>;
}

export class MissingArchiveError extends PermanentError {
  constructor(path: string) {
    super(`${path} not found: run "npm run build" in the repository root before "pulumi up"`);
  }
}

export class FunctionSources extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly objects: Record<FunctionKey, gcp.storage.BucketObject>;

  constructor(name: string, args: SourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('baocao:infra:FunctionSources', name, {}, opts);
    // Children wait for what the component waits for (the APIs): a component's dependsOn is not inherited.
    const child = { parent: this, dependsOn: opts?.dependsOn };
    this.bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        project: args.project,
        // Bucket names are global: the project id keeps ours unique.
        name: `${args.project}-${args.prefix}-sources`,
        location: args.region,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        // Old archives are only needed until the build that used them is done.
        lifecycleRules: [{ action: { type: 'Delete' }, condition: { age: 30 } }],
        forceDestroy: true,
        labels: { app: 'baocao' },
      },
      child,
    );
    const objects = {} as Record<FunctionKey, gcp.storage.BucketObject>;
    for (const [key, path] of Object.entries(args.archives) as [FunctionKey, string][]) {
      if (!existsSync(path)) throw new MissingArchiveError(path);
      // A new object name when the bytes change is what makes Cloud Functions rebuild; the
      // build writes reproducible zips, so an unchanged bundle redeploys nothing.
      const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
      objects[key] = new gcp.storage.BucketObject(
        `${name}-${key}`,
        {
          bucket: this.bucket.name,
          name: `${key}-${hash}.zip`,
          source: new pulumi.asset.FileAsset(path),
        },
        child,
      );
    }
    this.objects = objects;
    this.registerOutputs({ bucket: this.bucket.name });
  }
}
