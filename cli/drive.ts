// The Drive client setup uses to publish the form and share files; the deployed functions never need it.
import { drive, type drive_v3 } from '@googleapis/drive';
import type { GoogleConfig } from '../functions/platform/config.ts';
import { type Credentials, clientOptions } from '../functions/platform/google.ts';

export function driveClient(config: GoogleConfig, credentials?: Credentials): drive_v3.Drive {
  const { common } = clientOptions(config, { credentials });
  return drive({
    version: 'v3',
    ...common,
    ...(config.DRIVE_ROOT_URL ? { rootUrl: config.DRIVE_ROOT_URL } : {}),
  });
}
