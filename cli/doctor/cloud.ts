// The few Cloud REST reads `baocao doctor` makes (Service Usage, Cloud Functions, Cloud Run, Secret Manager, Pub/Sub), over the sign-in's own client.
import { z } from 'zod';

/** An authorized GET answering parsed JSON: google-auth-library's `request` on Google or local mode. */
export interface Requester {
  request(options: { url: string }): Promise<{ data: unknown }>;
}

/** A Cloud API answered an error (the HTTP status, 0 when nothing answered). */
export class CloudCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CloudCallError';
  }
}

/** The HTTP status of a failed Google call (googleapis, google-auth-library or ours), 0 if none. */
export function statusOf(error: unknown): number {
  const e = error as { status?: unknown; response?: { status?: unknown }; code?: unknown };
  for (const v of [e.response?.status, e.status, e.code]) if (typeof v === 'number') return v;
  return 0;
}

const bindings = z.object({
  bindings: z.array(z.object({ role: z.string(), members: z.array(z.string()) })).optional(),
});

const servicesPage = z.object({
  services: z.array(z.object({ config: z.object({ name: z.string() }).optional() })).optional(),
  nextPageToken: z.string().optional(),
});

const fn = z.object({
  state: z.string().optional(),
  /** Where an HTTP function answers (https://…run.app). */
  url: z.string().optional(),
  serviceConfig: z
    .object({
      service: z.string().optional(),
      environmentVariables: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

const versions = z.object({
  versions: z.array(z.object({ state: z.string().optional() })).optional(),
});

const access = z.object({ payload: z.object({ data: z.string() }).optional() });

export type CloudFunction = z.infer<typeof fn>;

export interface CloudApi {
  enabledServices(project: string): Promise<Set<string>>;
  /** undefined when there is no such function. */
  getFunction(project: string, region: string, name: string): Promise<CloudFunction | undefined>;
  /** Members holding roles/run.invoker on a Cloud Run service (projects/P/locations/R/services/S). */
  invokers(service: string): Promise<string[]>;
  /** Enabled versions of a secret; undefined when the secret does not exist. */
  enabledSecretVersions(project: string, secret: string): Promise<number | undefined>;
  latestSecretValue(project: string, secret: string): Promise<string>;
  /** Members holding `role` on a topic (projects/P/topics/T). */
  topicMembers(topic: string, role: string): Promise<string[]>;
}

/**
 * `root` replaces every API's own host (local mode's stand-in answers all five); on Google each
 * call goes to its API's host.
 */
export function cloudApi(client: Requester, root?: string): CloudApi {
  const url = (host: string, path: string) => `${root ?? `https://${host}.googleapis.com/`}${path}`;
  async function get<T>(schema: z.ZodType<T>, address: string): Promise<T> {
    let data: unknown;
    try {
      data = (await client.request({ url: address })).data;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new CloudCallError(statusOf(error), message, { cause: error });
    }
    const parsed = schema.safeParse(data ?? {});
    if (!parsed.success) throw new CloudCallError(0, `unexpected answer from ${address}`);
    return parsed.data;
  }
  const orUndefined = async <T>(call: Promise<T>): Promise<T | undefined> => {
    try {
      return await call;
    } catch (error) {
      if (error instanceof CloudCallError && error.status === 404) return undefined;
      throw error;
    }
  };
  return {
    async enabledServices(project) {
      const names = new Set<string>();
      let token: string | undefined;
      do {
        const page = await get(
          servicesPage,
          url(
            'serviceusage',
            `v1/projects/${project}/services?filter=state:ENABLED&pageSize=200${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
          ),
        );
        for (const s of page.services ?? []) if (s.config?.name) names.add(s.config.name);
        token = page.nextPageToken || undefined;
      } while (token);
      return names;
    },
    getFunction: (project, region, name) =>
      orUndefined(
        get(
          fn,
          url('cloudfunctions', `v2/projects/${project}/locations/${region}/functions/${name}`),
        ),
      ),
    async invokers(service) {
      const policy = await get(bindings, url('run', `v2/${service}:getIamPolicy`));
      return (policy.bindings ?? [])
        .filter((b) => b.role === 'roles/run.invoker')
        .flatMap((b) => b.members);
    },
    async enabledSecretVersions(project, secret) {
      const list = await orUndefined(
        get(
          versions,
          url(
            'secretmanager',
            `v1/projects/${project}/secrets/${secret}/versions?filter=state:ENABLED`,
          ),
        ),
      );
      if (!list) return undefined;
      return (list.versions ?? []).filter((v) => v.state === 'ENABLED').length;
    },
    async latestSecretValue(project, secret) {
      const answer = await get(
        access,
        url('secretmanager', `v1/projects/${project}/secrets/${secret}/versions/latest:access`),
      );
      return Buffer.from(answer.payload?.data ?? '', 'base64').toString('utf8');
    },
    async topicMembers(topic, role) {
      const policy = await get(bindings, url('pubsub', `v1/${topic}:getIamPolicy`));
      return (policy.bindings ?? []).filter((b) => b.role === role).flatMap((b) => b.members);
    },
  };
}
