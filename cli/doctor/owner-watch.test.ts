// On Google, doctor asks the deployed renew-watch how the functions' account sees the watch, at the address it is given or the one Cloud Functions reports.
import { describe, expect, it } from 'vitest';
import type { CloudApi } from './cloud.ts';
import { deployedOwnerWatch } from './run.ts';
import { doctorTarget } from './target.ts';

const target = doctorTarget({
  WATCH_TOPIC: 'projects/pgd7-baocao/topics/q7-forms-watch',
  FUNCTIONS_SERVICE_ACCOUNT: 'q7-functions@pgd7-baocao.iam.gserviceaccount.com',
});

const DEPLOYED = 'https://q7-renew-watch-abc123-as.a.run.app';

/** Cloud Functions as doctor reads it: the renew-watch function at DEPLOYED, or none. */
function cloudWith(deployed: boolean): CloudApi & { asked: string[] } {
  const asked: string[] = [];
  const no = () => Promise.reject(new Error('not asked in this test'));
  return {
    asked,
    async getFunction(project, region, name) {
      asked.push(`${project}/${region}/${name}`);
      return deployed ? { state: 'ACTIVE', url: DEPLOYED } : undefined;
    },
    enabledServices: no,
    invokers: no,
    enabledSecretVersions: no,
    latestSecretValue: no,
    topicMembers: no,
  };
}

/** renew-watch answering a check, recording where and what it was asked. */
function renewWatch() {
  const calls: { url: string; body: unknown }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    return Response.json({
      ok: true,
      check: { healthy: true, watchId: 'w-1', state: 'ACTIVE', expireTime: '2021-10-14T02:00:00Z' },
    });
  };
  return { calls, fetch, idToken: async (audience: string) => `id-token-for:${audience}` };
}

describe("doctor's view of the functions' watch on Google", () => {
  it('asks renew-watch for a check at the address Cloud Functions reports', async () => {
    const cloud = cloudWith(true);
    const fn = renewWatch();
    const check = await deployedOwnerWatch(undefined, target, cloud, fn)('form-1');
    expect(check).toMatchObject({ healthy: true, state: 'ACTIVE' });
    expect(cloud.asked).toEqual(['pgd7-baocao/asia-southeast1/q7-renew-watch']);
    expect(fn.calls).toEqual([{ url: DEPLOYED, body: { trigger: 'check', formId: 'form-1' } }]);
  });

  it('takes RENEW_WATCH_URL as it is when set', async () => {
    const cloud = cloudWith(true);
    const fn = renewWatch();
    await deployedOwnerWatch('https://renew.example/', target, cloud, fn)('form-1');
    expect(cloud.asked).toEqual([]);
    expect(fn.calls.map((c) => c.url)).toEqual(['https://renew.example/']);
  });

  it('says in Vietnamese to deploy the functions when renew-watch is not there', async () => {
    await expect(
      deployedOwnerWatch(undefined, target, cloudWith(false), renewWatch())('form-1'),
    ).rejects.toThrow(/Chưa có hàm q7-renew-watch .*lần «pulumi up» thứ hai/);
  });

  it('refuses an answer that carries no report of the watch', async () => {
    const old: typeof globalThis.fetch = async () => Response.json({ ok: true, action: 'renewed' });
    await expect(
      deployedOwnerWatch(DEPLOYED, target, cloudWith(true), {
        fetch: old,
        idToken: async () => 't',
      })('form-1'),
    ).rejects.toThrow(/triển khai lại các hàm bằng «pulumi up»/);
  });
});
