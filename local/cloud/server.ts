// The Cloud control-plane stand-in: what `baocao doctor` reads of a deployment (enabled APIs, functions and their invokers, secret versions, the topic's IAM), with faults to inject.
import { Hono } from 'hono';
import { z } from 'zod';
import {
  DEPLOYED_FUNCTIONS,
  FORMS_PUBLISHER,
  REQUIRED_APIS,
  SECRET_ENV,
} from '../../infra/catalog.ts';
import { ApiError, notFound } from '../api-error.ts';
import { FaultInjector, googleErrorBody } from '../faults.ts';
import {
  answerGoogleErrors,
  customMethod,
  type GoogleApiOptions,
  googleMethod,
  withoutVerb,
} from '../google-api.ts';
import { json, limitBody, listenLoopback, type NodeEnv } from '../http.ts';

export interface CloudDeployment {
  project: string;
  region: string;
  /** Resource name prefix, as the Pulumi program's `baocao:prefix`. */
  prefix: string;
  /** projects/P/topics/T, the Forms watch topic. */
  watchTopic: string;
}

interface Binding {
  role: string;
  members: string[];
}

/** A deployment as the Pulumi program leaves it: every API on, every function up, every grant made. */
class CloudState {
  readonly enabled = new Set<string>();
  readonly functions = new Map<string, { state: string; invokers: string[] }>();
  readonly secretVersions = new Map<string, number>();
  readonly topicPolicies = new Map<string, Binding[]>();
  /** The functions' plain environment and the secrets' values, once local mode knows them. */
  environment: Record<string, string> = {};
  readonly secretValues = new Map<string, string>();

  constructor(readonly d: CloudDeployment) {
    this.restore();
  }

  /** Every API on, every function up, every grant made; the environment and values stay. */
  restore(): void {
    const d = this.d;
    const account = (id: string) =>
      `serviceAccount:${d.prefix}-${id}@${d.project}.iam.gserviceaccount.com`;
    this.enabled.clear();
    for (const api of Object.keys(REQUIRED_APIS)) this.enabled.add(api);
    this.functions.clear();
    for (const f of DEPLOYED_FUNCTIONS) {
      this.functions.set(`${d.prefix}-${f.key}`, {
        state: 'ACTIVE',
        invokers: [f.trigger === 'watch-topic' ? account('events') : account('scheduler')],
      });
    }
    this.secretVersions.clear();
    for (const id of Object.keys(SECRET_ENV)) this.secretVersions.set(`${d.prefix}-${id}`, 1);
    this.topicPolicies.clear();
    this.topicPolicies.set(d.watchTopic, [
      { role: 'roles/pubsub.publisher', members: [FORMS_PUBLISHER] },
    ]);
  }

  servicePath(name: string): string {
    return `projects/${this.d.project}/locations/${this.d.region}/services/${name}`;
  }
}

/** The faults a test (or POST /__control/faults) injects into the deployment. */
export const cloudFaultSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('disable-api'), api: z.string() }),
  z.strictObject({ type: z.literal('remove-publisher-grant') }),
  z.strictObject({ type: z.literal('add-invoker'), function: z.string(), member: z.string() }),
  z.strictObject({ type: z.literal('delete-function'), function: z.string() }),
  z.strictObject({ type: z.literal('destroy-secret-versions'), secret: z.string() }),
]);
export type CloudFault = z.infer<typeof cloudFaultSchema>;

function inject(state: CloudState, fault: CloudFault): void {
  switch (fault.type) {
    case 'disable-api':
      state.enabled.delete(fault.api);
      return;
    case 'remove-publisher-grant':
      state.topicPolicies.set(state.d.watchTopic, []);
      return;
    case 'add-invoker':
      state.functions.get(fault.function)?.invokers.push(fault.member);
      return;
    case 'delete-function':
      state.functions.delete(fault.function);
      return;
    case 'destroy-secret-versions':
      state.secretVersions.set(fault.secret, 0);
  }
}

function requireProject(state: CloudState, project: string | undefined): void {
  if (project !== state.d.project) {
    throw new ApiError(403, `Permission denied on resource project ${project ?? ''}.`);
  }
}

function cloudApi(state: CloudState, faults: FaultInjector) {
  const google: GoogleApiOptions = {
    faults,
    caller: (c) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!bearer)
        throw new ApiError(401, 'Request is missing required authentication credential.');
      return bearer;
    },
    service: () => 'cloud control plane (stand-in)',
  };
  const policy = (bindings: Binding[]) => ({ version: 1, etag: 'BwYlocal=', bindings });
  return (
    new Hono<NodeEnv>()
      // serviceusage.services.list (filter=state:ENABLED is the only filter answered)
      .get(
        '/v1/projects/:project/services',
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          return {
            services: [...state.enabled].map((api) => ({
              name: `projects/${state.d.project}/services/${api}`,
              config: { name: api },
              state: 'ENABLED',
            })),
          };
        }),
      )
      // cloudfunctions.projects.locations.functions.get (v2)
      .get(
        '/v2/projects/:project/locations/:region/functions/:name',
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          const name = c.req.param('name') ?? '';
          const fn = state.functions.get(name);
          if (!fn || c.req.param('region') !== state.d.region)
            throw notFound(`Resource '${name}' was not found`);
          return {
            name: `projects/${state.d.project}/locations/${state.d.region}/functions/${name}`,
            state: fn.state,
            environment: 'GEN_2',
            serviceConfig: {
              service: state.servicePath(name),
              environmentVariables: state.environment,
            },
          };
        }),
      )
      // run.projects.locations.services.getIamPolicy (v2)
      .get(
        `/v2/projects/:project/locations/:region/services/${customMethod('name', 'getIamPolicy')}`,
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          const name = withoutVerb(c.req.param('name') ?? '');
          const fn = state.functions.get(name);
          if (!fn) throw notFound(`Resource '${name}' of kind 'SERVICE' was not found.`);
          return policy([{ role: 'roles/run.invoker', members: fn.invokers }]);
        }),
      )
      // secretmanager.projects.secrets.versions.list
      .get(
        '/v1/projects/:project/secrets/:secret/versions',
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          const secret = c.req.param('secret') ?? '';
          const count = state.secretVersions.get(secret);
          if (count === undefined) throw notFound(`Secret [${secret}] not found.`);
          const versions = Array.from({ length: count }, (_, i) => ({
            name: `projects/${state.d.project}/secrets/${secret}/versions/${i + 1}`,
            state: 'ENABLED',
          }));
          return versions.length ? { versions, totalSize: versions.length } : {};
        }),
      )
      // secretmanager.projects.secrets.versions.access (the latest version only)
      .get(
        `/v1/projects/:project/secrets/:secret/versions/${customMethod('version', 'access')}`,
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          const secret = c.req.param('secret') ?? '';
          const value = state.secretValues.get(secret);
          if (!state.secretVersions.get(secret) || value === undefined)
            throw notFound(`Secret Version [${secret}/latest] not found or has no versions.`);
          return {
            name: `projects/${state.d.project}/secrets/${secret}/versions/1`,
            payload: { data: Buffer.from(value).toString('base64') },
          };
        }),
      )
      // pubsub.projects.topics.getIamPolicy
      .get(
        `/v1/projects/:project/topics/${customMethod('topic', 'getIamPolicy')}`,
        googleMethod(google, 'read', (c) => {
          requireProject(state, c.req.param('project'));
          const topic = `projects/${state.d.project}/topics/${withoutVerb(c.req.param('topic') ?? '')}`;
          const bindings = state.topicPolicies.get(topic);
          if (!bindings) throw notFound(`Resource not found (resource=${topic}).`);
          return policy(bindings);
        }),
      )
  );
}

export interface CloudStandIn {
  url: string;
  /** Breaks the deployment the way an operator or an org policy would. */
  inject(fault: CloudFault): void;
  /** Back to the deployment as the program leaves it (faults undone). */
  reset(): void;
  /** What the program deploys: each function's plain environment, and each secret's value by env name. */
  deploy(environment: Record<string, string>, secrets: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startCloudStandIn(
  deployment: CloudDeployment,
  options: { port?: number } = {},
): Promise<CloudStandIn> {
  const state = new CloudState(deployment);
  const faults = new FaultInjector({});
  const app = new Hono<NodeEnv>();
  answerGoogleErrors(app, 'cloud stand-in');
  app
    .route('/', cloudApi(state, faults))
    .route(
      '/__control',
      new Hono<NodeEnv>()
        .use(limitBody(64 * 1024, (c) => json(c, 400, { error: 'body too large' })))
        .post('/faults', async (c) => {
          const parsed = cloudFaultSchema.safeParse(await c.req.json().catch(() => undefined));
          if (!parsed.success) return json(c, 400, { error: z.prettifyError(parsed.error) });
          inject(state, parsed.data);
          return json(c, 200, {});
        }),
    )
    .notFound((c) =>
      json(c, 404, googleErrorBody(404, `No such method: ${c.req.method} ${c.req.path}`)),
    );
  const running = await listenLoopback(app, options.port ?? 0);
  return {
    url: running.url,
    inject: (fault) => inject(state, fault),
    reset: () => state.restore(),
    deploy(environment, secrets) {
      state.environment = environment;
      for (const [id, env] of Object.entries(SECRET_ENV)) {
        const value = secrets[env];
        if (value !== undefined) state.secretValues.set(`${deployment.prefix}-${id}`, value);
      }
    },
    close: () => running.close(),
  };
}
