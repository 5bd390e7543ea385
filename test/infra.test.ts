// The Pulumi program under Pulumi's mocks (no CLI, no cloud): the deployment's security and reliability policy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYED_FUNCTIONS } from '../infra/catalog.ts';

// biome-ignore lint/suspicious/noExplicitAny: mock inputs are untyped provider payloads, read by shape.
type Inputs = Record<string, any>;
interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
}
interface Recorded {
  type: string;
  name: string;
  inputs: Inputs;
}

const PROJECT = 'baocao-test-project';
const REGION = 'asia-southeast1';
const recorded: Recorded[] = [];
/** Each resource's dependencies as the engine gets them (explicit dependsOn and inputs'), by name. */
const dependencies = new Map<string, string[]>();
/** The data lookups (invokes) the program made. */
const invokes: { token: string; inputs: Inputs }[] = [];

// Computed outputs the real provider would fill in, shaped like Google's.
function computed(type: string, name: string, inputs: Inputs): { id: string; state: Inputs } {
  switch (type) {
    case 'gcp:serviceaccount/account:Account': {
      const email = `${inputs.accountId}@${PROJECT}.iam.gserviceaccount.com`;
      const id = `projects/${PROJECT}/serviceAccounts/${email}`;
      return { id, state: { ...inputs, email, member: `serviceAccount:${email}`, name: id } };
    }
    case 'gcp:pubsub/topic:Topic':
      return { id: `projects/${PROJECT}/topics/${inputs.name}`, state: inputs };
    case 'gcp:cloudfunctionsv2/function:Function':
      return {
        id: `projects/${PROJECT}/locations/${REGION}/functions/${inputs.name}`,
        state: {
          ...inputs,
          url: `https://${REGION}-${PROJECT}.cloudfunctions.net/${inputs.name}`,
          serviceConfig: {
            ...inputs.serviceConfig,
            uri: `https://${inputs.name}-abc123-as.a.run.app`,
            service: `projects/${PROJECT}/locations/${REGION}/services/${inputs.name}`,
          },
        },
      };
    default:
      return { id: `${name}-id`, state: inputs };
  }
}

const baseConfig: Record<string, string> = {
  'gcp:project': PROJECT,
  'gcp:region': REGION,
  'baocao:campaign': 'q7-htsd-2021',
  'baocao:spreadsheetId': 'test-spreadsheet-id',
  'baocao:formId': 'test-form-id',
  'baocao:smtpHost': 'smtp.example.test',
  'baocao:smtpPort': '587',
  'baocao:smtpUser': 'mailer@example.test',
  'baocao:mailFrom': 'Báo cáo <mailer@example.test>',
  'baocao:coordinatorEmail': 'coordinator@example.test',
};

/** Resolves once no resource has been registered for a few turns: the program has settled. */
async function settled(): Promise<void> {
  let last = -1;
  while (last !== recorded.length) {
    last = recorded.length;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const byType = (type: string) => recorded.filter((r) => r.type === type);
const functions = () => byType('gcp:cloudfunctionsv2/function:Function');
const email = (id: string) => `baocao-${id}@${PROJECT}.iam.gserviceaccount.com`;

let outputs: Record<string, unknown>;

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'baocao-infra-'));
  for (const f of DEPLOYED_FUNCTIONS) writeFileSync(join(dist, `${f.key}.zip`), `fake ${f.key}`);
  // @pulumi/pulumi 3.248 reads config from its store, which it seeds from PULUMI_CONFIG on
  // first use; setAllConfig writes that store, so it works whatever ran first.
  pulumi.runtime.setAllConfig({ ...baseConfig, 'baocao:archiveDir': dist });
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const result = computed(args.type, args.name, args.inputs);
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return result;
      },
      call: (args) => {
        invokes.push({ token: args.token, inputs: args.inputs });
        return args.token === 'gcp:secretmanager/getSecretVersion:getSecretVersion'
          ? { ...args.inputs, version: '1', name: `${args.inputs.secret}/versions/1` }
          : args.inputs;
      },
    },
    'baocao',
    'test',
    false,
  );
  // The mocks' newResource does not see dependencies; the monitor's request does.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: unknown): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    dependencies.set(
      req.getName(),
      req.getDependenciesList().map((urn) => urn.split('::').at(-1) ?? urn),
    );
    register(req, cb);
  };
  // The program itself, exactly as `pulumi up` runs it, imported after the mocks are set.
  const program = await import('../infra/index.ts');
  await settled();
  outputs = {};
  for (const [key, value] of Object.entries(program)) {
    outputs[key] = await new Promise((r) => pulumi.output(value).apply(r));
  }
}, 60_000);

describe('IAM: nothing is public', () => {
  it('grants nothing to allUsers or allAuthenticatedUsers, anywhere', () => {
    const all = JSON.stringify(recorded.map((r) => r.inputs));
    expect(all).not.toMatch(/allUsers|allAuthenticatedUsers/);
    // And no whole-policy or binding resources that could replace grants made elsewhere.
    expect(
      recorded.filter((r) => /IamPolicy|IAMPolicy|IamBinding|IAMBinding/.test(r.type)),
    ).toEqual([]);
  });

  it('lets only the scheduler (and the coordinator, on the sweep and the watch renewal) invoke the HTTP functions, and only the push identity the sync', () => {
    const invokers = byType('gcp:cloudrunv2/serviceIamMember:ServiceIamMember');
    const members = (fn: string) =>
      invokers
        .filter((i) => i.inputs.name.endsWith(`/services/baocao-${fn}`))
        .map((i) => {
          expect(i.inputs.role).toBe('roles/run.invoker');
          return i.inputs.member;
        })
        .sort();
    expect(members('sync')).toEqual([`serviceAccount:${email('events')}`]);
    expect(members('sync-sweep')).toEqual(
      [`serviceAccount:${email('scheduler')}`, 'user:coordinator@example.test'].sort(),
    );
    expect(members('remind')).toEqual([`serviceAccount:${email('scheduler')}`]);
    expect(members('renew-watch')).toEqual(
      [`serviceAccount:${email('scheduler')}`, 'user:coordinator@example.test'].sort(),
    );
    expect(invokers).toHaveLength(6);
  });

  it("gives project-wide roles only to the build account, Google's documented set, and none to the functions", () => {
    const grants = byType('gcp:projects/iAMMember:IAMMember').map(
      (g) => `${g.inputs.member} ${g.inputs.role}`,
    );
    expect(grants.sort()).toEqual(
      [
        `serviceAccount:${email('build')} roles/logging.logWriter`,
        `serviceAccount:${email('build')} roles/artifactregistry.writer`,
        `serviceAccount:${email('build')} roles/storage.objectAdmin`,
      ].sort(),
    );
  });
});

describe('secrets', () => {
  it('creates the two secrets without values, readable by the functions account alone', () => {
    expect(byType('gcp:secretmanager/secret:Secret').map((s) => s.inputs.secretId)).toEqual([
      'baocao-token-secret',
      'baocao-smtp-password',
    ]);
    expect(recorded.filter((r) => r.type.includes('secretVersion'))).toEqual([]);
    const readers = byType('gcp:secretmanager/secretIamMember:SecretIamMember');
    expect(readers).toHaveLength(2);
    for (const r of readers) {
      expect(r.inputs.role).toBe('roles/secretmanager.secretAccessor');
      expect(r.inputs.member).toBe(`serviceAccount:${email('functions')}`);
    }
  });

  it('passes secrets to every function only as Secret Manager references', () => {
    for (const fn of functions()) {
      const { environmentVariables: env, secretEnvironmentVariables: refs } =
        fn.inputs.serviceConfig;
      expect(Object.keys(env).filter((k) => /PASSWORD|SECRET|KEY/.test(k))).toEqual([]);
      expect(refs).toEqual([
        {
          key: 'BAOCAO_TOKEN_SECRET',
          projectId: PROJECT,
          secret: 'baocao-token-secret',
          version: 'latest',
        },
        {
          key: 'SMTP_PASSWORD',
          projectId: PROJECT,
          secret: 'baocao-smtp-password',
          version: 'latest',
        },
      ]);
      expect(env).toMatchObject({
        BAOCAO_FUNCTION: fn.inputs.buildConfig.entryPoint,
        BAOCAO_CAMPAIGN: 'q7-htsd-2021',
        SPREADSHEET_ID: 'test-spreadsheet-id',
        FORM_ID: 'test-form-id',
        SHEET_URL: 'https://docs.google.com/spreadsheets/d/test-spreadsheet-id/edit',
        SMTP_HOST: 'smtp.example.test',
        SMTP_PORT: '587',
        SMTP_SECURE: 'false',
        SMTP_USER: 'mailer@example.test',
        MAIL_FROM: 'Báo cáo <mailer@example.test>',
      });
    }
  });

  it('gives each function exactly the settings it declares: the watch topic to the renewal alone', () => {
    const envOf = (name: string) =>
      functions().find((f) => f.inputs.name === name)?.inputs.serviceConfig.environmentVariables;
    expect(envOf('baocao-renew-watch').WATCH_TOPIC).toBe(
      `projects/${PROJECT}/topics/baocao-forms-watch`,
    );
    for (const name of ['baocao-sync', 'baocao-sync-sweep', 'baocao-remind']) {
      expect(envOf(name)).not.toHaveProperty('WATCH_TOPIC');
    }
  });

  it('runs the two syncs with one V8 worker thread and a collector they can call, as the benchmark measured them', () => {
    const envOf = (name: string) =>
      functions().find((f) => f.inputs.name === name)?.inputs.serviceConfig.environmentVariables;
    for (const name of ['baocao-sync', 'baocao-sync-sweep']) {
      expect(envOf(name)?.NODE_OPTIONS).toBe('--v8-pool-size=1 --expose-gc');
    }
    for (const name of ['baocao-remind', 'baocao-renew-watch']) {
      expect(envOf(name)).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('looks up a version of each secret before deploying functions, without reading its value', () => {
    const lookups = invokes.filter(
      (i) => i.token === 'gcp:secretmanager/getSecretVersion:getSecretVersion',
    );
    expect(lookups.map((l) => [l.inputs.secret, l.inputs.fetchSecretData]).sort()).toEqual(
      expect.arrayContaining([
        ['baocao-smtp-password', false],
        ['baocao-token-secret', false],
      ]),
    );
  });

  it('refuses a password put in the stack config', async () => {
    const { readSettings, SettingsError } = await import('../infra/settings.ts');
    const before = pulumi.runtime.allConfig();
    pulumi.runtime.setAllConfig({ ...before, 'baocao:smtpPassword': 'do-not-store-me' });
    try {
      expect(() => readSettings()).toThrow(SettingsError);
    } finally {
      pulumi.runtime.setAllConfig(before);
    }
  });
});

describe('functions', () => {
  it('deploys the four entry points on nodejs22, each as the dedicated account', () => {
    expect(
      functions()
        .map((f) => f.inputs.buildConfig.entryPoint)
        .sort(),
    ).toEqual(['remind', 'renewWatch', 'syncOnFormsEvent', 'syncSweep'].sort());
    for (const fn of functions()) {
      expect(fn.inputs.buildConfig.runtime).toBe('nodejs22');
      expect(fn.inputs.serviceConfig.serviceAccountEmail).toBe(email('functions'));
      expect(fn.inputs.serviceConfig.serviceAccountEmail).not.toMatch(/compute@developer/);
      expect(fn.inputs.buildConfig.serviceAccount).toBe(
        `projects/${PROJECT}/serviceAccounts/${email('build')}`,
      );
      expect(fn.inputs.location).toBe(REGION);
    }
  });

  it('sizes each function for its benchmarked load: 512 MiB for the syncs, the sweep allowed 15 minutes', () => {
    const size = Object.fromEntries(
      functions().map((f) => [
        f.inputs.name,
        `${f.inputs.serviceConfig.availableMemory} ${f.inputs.serviceConfig.timeoutSeconds}s`,
      ]),
    );
    expect(size).toEqual({
      'baocao-sync': '512Mi 540s',
      'baocao-sync-sweep': '512Mi 900s',
      'baocao-remind': '256Mi 540s',
      'baocao-renew-watch': '256Mi 60s',
    });
    const deadlines = Object.fromEntries(
      byType('gcp:cloudscheduler/job:Job').map((j) => [j.inputs.name, j.inputs.attemptDeadline]),
    );
    expect(deadlines['baocao-sweep']).toBe('900s');
    expect(deadlines['baocao-renew-watch']).toBe('60s');
  });

  it('waits for the APIs, the secret grants, the build roles and the push grants before any function', () => {
    for (const fn of functions()) {
      expect(dependencies.get(fn.name)).toEqual(
        expect.arrayContaining([
          'apis-cloudfunctions',
          'apis-cloudbuild',
          'secrets-token-secret-reader',
          'secrets-smtp-password-reader',
          'accounts-build-logs',
          'accounts-build-images',
          'accounts-build-sources',
          'watch-push-token-creator',
        ]),
      );
    }
  });

  it('triggers the sync from the watch topic with retries, one instance, one request at a time', () => {
    const [sync, ...others] = functions().filter((f) => f.inputs.eventTrigger);
    expect(others).toEqual([]);
    expect(sync?.inputs.name).toBe('baocao-sync');
    expect(sync?.inputs.eventTrigger).toMatchObject({
      eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
      pubsubTopic: `projects/${PROJECT}/topics/baocao-forms-watch`,
      retryPolicy: 'RETRY_POLICY_RETRY',
      serviceAccountEmail: email('events'),
    });
    expect(sync?.inputs.serviceConfig).toMatchObject({
      maxInstanceCount: 1,
      maxInstanceRequestConcurrency: 1,
    });
  });
});

describe('first run on a fresh project', () => {
  it("creates Pub/Sub's service agent and grants it only after it exists", () => {
    const [agent, ...others] = byType('gcp:projects/serviceIdentity:ServiceIdentity');
    expect(others).toEqual([]);
    expect(agent?.inputs).toMatchObject({ project: PROJECT, service: 'pubsub.googleapis.com' });
    for (const grant of ['watch-dead-letter-publisher', 'watch-push-token-creator']) {
      expect(dependencies.get(grant)).toContain(agent?.name);
    }
  });

  it('enables Cloud Resource Manager, which project-level IAM grants go through', () => {
    const apis = byType('gcp:projects/service:Service').map((a) => a.inputs.service);
    expect(apis).toContain('cloudresourcemanager.googleapis.com');
    expect(dependencies.get('accounts-build-logs')).toContain('apis-cloudresourcemanager');
  });
});

describe('watch topic', () => {
  it('lets only the Forms notifications account publish to the watch topic', () => {
    const grants = byType('gcp:pubsub/topicIAMMember:TopicIAMMember').filter(
      (g) => g.inputs.topic === 'baocao-forms-watch',
    );
    expect(grants.map((g) => [g.inputs.role, g.inputs.member])).toEqual([
      ['roles/pubsub.publisher', 'serviceAccount:forms-notifications@system.gserviceaccount.com'],
    ]);
    expect(
      byType('gcp:pubsub/topic:Topic')
        .map((t) => t.inputs.name)
        .sort(),
    ).toEqual(['baocao-forms-watch', 'baocao-forms-watch-dead-letter']);
  });
});

describe('scheduler', () => {
  it('calls every job with an OIDC token of the scheduler account, in the campaign time zone', () => {
    const jobs = byType('gcp:cloudscheduler/job:Job');
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job.inputs.timeZone).toBe('Asia/Ho_Chi_Minh');
      expect(job.inputs.httpTarget.oauthToken).toBeUndefined();
      expect(job.inputs.httpTarget.oidcToken).toEqual({
        serviceAccountEmail: email('scheduler'),
        audience: job.inputs.httpTarget.uri,
      });
      expect(job.inputs.httpTarget.uri).toMatch(
        /^https:\/\/baocao-[a-z-]+-abc123-as\.a\.run\.app$/,
      );
    }
  });

  it("runs the sweep every 15 minutes, each reminder of the campaign on its days, the added campaigns' reminders every 15 minutes, and the renewal daily", () => {
    const schedules = Object.fromEntries(
      byType('gcp:cloudscheduler/job:Job').map((j) => [
        j.inputs.name,
        `${j.inputs.schedule} → ${j.inputs.httpTarget.uri.split('-abc123')[0].slice(8)}`,
      ]),
    );
    expect(schedules).toEqual({
      'baocao-sweep': '*/15 * * * * → baocao-sync-sweep',
      'baocao-remind-truoc-han-2-ngay': '0 8 6 10 * → baocao-remind',
      'baocao-remind-sang-ngay-het-han': '30 7 8 10 * → baocao-remind',
      'baocao-remind-qua-han': '0 8 9-15 10 * → baocao-remind',
      'baocao-remind-added': '*/15 * * * * → baocao-remind',
      'baocao-renew-watch': '0 3 * * * → baocao-renew-watch',
    });
  });
});

describe('outputs', () => {
  it('exports what baocao setup and the operator need', () => {
    expect(outputs).toMatchObject({
      watchTopic: `projects/${PROJECT}/topics/baocao-forms-watch`,
      functionsServiceAccount: email('functions'),
      schedulerServiceAccount: email('scheduler'),
      functionUrls: {
        sync: `https://${REGION}-${PROJECT}.cloudfunctions.net/baocao-sync`,
        'sync-sweep': `https://${REGION}-${PROJECT}.cloudfunctions.net/baocao-sync-sweep`,
        remind: `https://${REGION}-${PROJECT}.cloudfunctions.net/baocao-remind`,
        'renew-watch': `https://${REGION}-${PROJECT}.cloudfunctions.net/baocao-renew-watch`,
      },
    });
  });

  it('deploys no function or job before baocao setup has given the sheet and form ids', async () => {
    const { buildProgram } = await import('../infra/program.ts');
    const { readSettings } = await import('../infra/settings.ts');
    const settings = {
      ...readSettings(),
      prefix: 'first',
      spreadsheetId: undefined,
      formId: undefined,
    };
    const from = recorded.length;
    const out = buildProgram(settings);
    await settled();
    const types = recorded.slice(from).map((r) => r.type);
    expect(types).toContain('gcp:pubsub/topic:Topic');
    expect(types).toContain('gcp:secretmanager/secret:Secret');
    expect(types.filter((t) => /cloudfunctions|cloudscheduler|cloudrunv2/.test(t))).toEqual([]);
    expect(out.functionUrls).toEqual({});
  });
});
