// What `baocao doctor` checks: the deployment's names, worked out once from the settings the coordinator already has.
import { z } from 'zod';
import { PermanentError } from '../../forms/errors.ts';

/** Settings doctor reads besides the ones every command reads (test/deploy-docs.test.ts lists them). */
const doctorSchema = z.object({
  WATCH_TOPIC: z
    .string()
    .regex(/^projects\/[^/]+\/topics\/[^/]+$/, 'phải có dạng projects/P/topics/T'),
  FUNCTIONS_SERVICE_ACCOUNT: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]*-functions@[^@.]+\.iam\.gserviceaccount\.com$/,
      'phải là tài khoản <tiền tố>-functions@<dự án>.iam.gserviceaccount.com mà pulumi in ra',
    ),
  /** The region the functions run in (gcp:region of the stack). */
  BAOCAO_REGION: z.string().min(1).default('asia-southeast1'),
  /** Local mode only: the Cloud control-plane stand-in, instead of Google's APIs. */
  CLOUD_ROOT_URL: z.url().optional(),
});

export const DOCTOR_SETTINGS = Object.keys(doctorSchema.shape);

export class DoctorConfigError extends PermanentError {}

export interface DoctorTarget {
  project: string;
  region: string;
  /** The Pulumi program's `baocao:prefix`: every resource is named `<prefix>-…`. */
  prefix: string;
  watchTopic: string;
  functionsAccount: string;
  cloudRoot: string | undefined;
}

export function doctorTarget(env: Readonly<Record<string, string | undefined>>): DoctorTarget {
  const parsed = doctorSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    throw new DoctorConfigError(
      `thiếu hoặc sai cấu hình cho baocao doctor:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const c = parsed.data;
  const [, prefix = '', project = ''] =
    /^(.+)-functions@([^.]+)\.iam\.gserviceaccount\.com$/.exec(c.FUNCTIONS_SERVICE_ACCOUNT) ?? [];
  return {
    project,
    region: c.BAOCAO_REGION,
    prefix,
    watchTopic: c.WATCH_TOPIC,
    functionsAccount: c.FUNCTIONS_SERVICE_ACCOUNT,
    cloudRoot: c.CLOUD_ROOT_URL,
  };
}

/** A service account of the deployment, as an IAM member. */
export const accountMember = (t: DoctorTarget, id: string) =>
  `serviceAccount:${t.prefix}-${id}@${t.project}.iam.gserviceaccount.com`;
