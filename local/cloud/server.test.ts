// The Cloud control-plane stand-in answers Google's REST shapes, with the faults doctor's tests inject.
import { auth } from '@googleapis/drive';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudApi } from '../../cli/doctor/cloud.ts';
import { type CloudStandIn, startCloudStandIn } from './server.ts';

const running: CloudStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

const DEPLOYMENT = {
  project: 'p',
  region: 'asia-southeast1',
  prefix: 'baocao',
  watchTopic: 'projects/p/topics/baocao-forms-watch',
};

async function start() {
  const cloud = await startCloudStandIn(DEPLOYMENT);
  running.push(cloud);
  const token = new auth.OAuth2();
  token.setCredentials({ access_token: 'operator' });
  return { cloud, api: cloudApi(token, `${cloud.url}/`) };
}

describe('Cloud control-plane stand-in', () => {
  it('describes the deployment the Pulumi program leaves', async () => {
    const { cloud, api } = await start();
    cloud.deploy({ SMTP_HOST: 'smtp.example.com' }, { SMTP_PASSWORD: 'pw' });
    expect((await api.enabledServices('p')).has('forms.googleapis.com')).toBe(true);
    const fn = await api.getFunction('p', 'asia-southeast1', 'baocao-sync');
    expect(fn?.state).toBe('ACTIVE');
    expect(fn?.serviceConfig?.environmentVariables).toEqual({ SMTP_HOST: 'smtp.example.com' });
    expect(await api.invokers(fn?.serviceConfig?.service ?? '')).toEqual([
      'serviceAccount:baocao-events@p.iam.gserviceaccount.com',
    ]);
    expect(await api.enabledSecretVersions('p', 'baocao-smtp-password')).toBe(1);
    expect(await api.latestSecretValue('p', 'baocao-smtp-password')).toBe('pw');
    expect(await api.topicMembers(DEPLOYMENT.watchTopic, 'roles/pubsub.publisher')).toEqual([
      'serviceAccount:forms-notifications@system.gserviceaccount.com',
    ]);
  });

  it('answers what Google answers for what is not there', async () => {
    const { api } = await start();
    expect(await api.getFunction('p', 'asia-southeast1', 'baocao-nothing')).toBeUndefined();
    expect(await api.enabledSecretVersions('p', 'baocao-nothing')).toBeUndefined();
    await expect(api.enabledServices('other-project')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a call without a bearer token', async () => {
    const { cloud } = await start();
    const answer = await fetch(`${cloud.url}/v1/projects/p/services`);
    expect(answer.status).toBe(401);
  });

  it('takes faults over HTTP, refuses unknown ones, and is restored by reset', async () => {
    const { cloud, api } = await start();
    const post = (body: unknown) =>
      fetch(`${cloud.url}/__control/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ type: 'remove-publisher-grant' })).status).toBe(200);
    expect(await api.topicMembers(DEPLOYMENT.watchTopic, 'roles/pubsub.publisher')).toEqual([]);
    expect((await post({ type: 'unplug-everything' })).status).toBe(400);
    cloud.reset();
    expect(await api.topicMembers(DEPLOYMENT.watchTopic, 'roles/pubsub.publisher')).toHaveLength(1);
  });
});
