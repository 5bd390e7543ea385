// The form's RESPONSES watch belongs to the functions' account, which creates and renews it and tells the coordinator when it had lapsed.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import {
  deployedWatchInspector,
  deployedWatchOwner,
  LOCAL_FUNCTIONS_TOKEN,
  ownerAnswerSchema,
} from '../cli/watch-owner.ts';
import { memoryLogger } from '../functions/platform/log.ts';
import { type LocalMode, startLocalMode } from '../local/localmode.ts';

const SIX_DAYS = 6 * 24 * 3600 * 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'baocao-watch-'));
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ dataDir, log: memoryLogger() });
}, 60_000);
afterAll(async () => {
  await local.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const liveWatches = () =>
  local.standIns.forms.watches(local.state.formId).filter((w) => !w.expired);

async function coordinatorSubjects(): Promise<string[]> {
  const to = local.campaign.coordinator.emails[0] ?? '';
  const res = await fetch(`${local.endpoints.inboxApiUrl}?to=${encodeURIComponent(to)}`);
  const body = (await res.json()) as { messages: { subject: string }[] };
  return body.messages.map((m) => m.subject);
}

beforeEach(async () => {
  await fetch(local.endpoints.inboxApiUrl, { method: 'DELETE' });
});

describe("the functions' account owns the watch", () => {
  it('is the creator of the one watch setup leaves: ACTIVE, more than six days from expiry', () => {
    const [watch, ...others] = liveWatches();
    expect(others).toEqual([]);
    expect(watch).toMatchObject({
      eventType: 'RESPONSES',
      state: 'ACTIVE',
      owner: LOCAL_FUNCTIONS_TOKEN,
    });
    expect(Date.parse(watch?.expireTime ?? '') - local.now().getTime()).toBeGreaterThan(SIX_DAYS);
  });

  it('renews a healthy watch daily and mails nobody', async () => {
    const result = await local.runtime.renewWatch();
    expect(result).toMatchObject({ ok: true, action: 'renewed', found: 'active', alerted: false });
    expect(await coordinatorSubjects()).toEqual([]);
  });

  it('has `baocao watch renew` ask the functions account, never renewing as the coordinator', async () => {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const code = await main(['watch', 'renew', '--local', dataDir], {}, out);
    expect(code, text).toBe(0);
    expect(text).toContain('Tài khoản của các hàm đã gia hạn');
    expect(liveWatches().map((w) => w.owner)).toEqual([LOCAL_FUNCTIONS_TOKEN]);
  });
});

describe('the daily renewal tells the coordinator when the watch had lapsed', () => {
  it.each([
    [
      'suspended by Google',
      () => local.standIns.forms.suspendWatches(local.state.formId),
      'suspended',
      'Cần kiểm tra: theo dõi biểu mẫu bị Google tạm dừng',
    ],
    [
      'expired, nobody having renewed it',
      () => local.standIns.forms.expireWatches(local.state.formId),
      'missing',
      'Cần kiểm tra: theo dõi biểu mẫu đã mất và vừa được tạo lại',
    ],
  ])('recreates a watch %s and mails the coordinator', async (_case, lapse, found, subject) => {
    lapse();
    const result = await local.runtime.renewWatch();
    expect(result).toMatchObject({ ok: true, action: 'created', found, alerted: true });
    expect(liveWatches().map((w) => [w.state, w.owner])).toEqual([
      ['ACTIVE', LOCAL_FUNCTIONS_TOKEN],
    ]);
    expect(await coordinatorSubjects()).toEqual([`${subject} – ${local.campaign.title}`]);
  });
});

describe('a watch Google keeps suspending (the publisher grant is missing)', () => {
  it('is reported as not renewed, and the coordinator is told to check the publisher grant', async () => {
    local.standIns.forms.suspendWatches(local.state.formId, { persist: true });
    try {
      const result = await local.runtime.renewWatch();
      expect(result).toMatchObject({
        ok: false,
        alerted: true,
        check: { state: 'SUSPENDED', errorType: 'PROJECT_NOT_AUTHORIZED', problem: 'not-active' },
      });
      expect(await coordinatorSubjects()).toEqual([
        `Cần kiểm tra: theo dõi biểu mẫu không hoạt động – ${local.campaign.title}`,
      ]);
    } finally {
      local.standIns.forms.suspendWatches(local.state.formId, { refused: false });
    }
    // Once the grant is back, the next daily renewal heals it.
    expect(await local.runtime.renewWatch()).toMatchObject({
      ok: true,
      check: { state: 'ACTIVE' },
    });
  });
});

describe('setup asking the deployed renew-watch function', () => {
  /** The renew-watch entry as the Functions Framework serves it (local mode registered it). */
  async function served(): Promise<{ url: string; close(): void }> {
    const server = getTestServer('renewWatch');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
  }

  it("posts with the coordinator's ID token and gets the functions' healthy watch back, without alerting", async () => {
    local.standIns.forms.expireWatches(local.state.formId);
    const fn = await served();
    const sent: { authorization: string | null; body: unknown }[] = [];
    const recording: typeof fetch = async (input, init) => {
      sent.push({
        authorization: new Headers(init?.headers).get('authorization'),
        body: JSON.parse(String(init?.body)),
      });
      return fetch(input, init);
    };
    try {
      const owner = deployedWatchOwner(fn.url, {
        fetch: recording,
        idToken: async (audience) => `id-token-for:${audience}`,
      });
      const answer = ownerAnswerSchema.parse(await owner(local.state.formId));
      expect(answer).toMatchObject({ ok: true, check: { state: 'ACTIVE' } });
      expect(sent).toEqual([
        {
          authorization: `Bearer id-token-for:${fn.url}`,
          body: { trigger: 'setup', formId: local.state.formId },
        },
      ]);
      // Setup's own call creating the first watch is no news for the coordinator.
      expect(await coordinatorSubjects()).toEqual([]);
      expect(liveWatches().map((w) => w.owner)).toEqual([LOCAL_FUNCTIONS_TOKEN]);
    } finally {
      fn.close();
    }
  });

  it("tells doctor how the functions' account sees the watch, renewing nothing and mailing nobody", async () => {
    await local.runtime.renewWatch();
    local.standIns.forms.breakWatch(local.state.formId, { expiresInMs: 5 * 24 * 3600 * 1000 });
    const before = liveWatches().map((w) => w.expireTime);
    const fn = await served();
    const sent: unknown[] = [];
    const recording: typeof fetch = async (input, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    try {
      const inspect = deployedWatchInspector(fn.url, {
        fetch: recording,
        idToken: async () => 'token',
      });
      expect(await inspect(local.state.formId)).toMatchObject({
        healthy: false,
        problem: 'expiring',
        state: 'ACTIVE',
        topicName: 'projects/baocao-local/topics/forms-responses',
      });
      expect(sent).toEqual([{ trigger: 'check', formId: local.state.formId }]);
      expect(liveWatches().map((w) => w.expireTime)).toEqual(before);
      expect(await coordinatorSubjects()).toEqual([]);
    } finally {
      fn.close();
      await local.runtime.renewWatch();
    }
  });

  it('says in Vietnamese what to do when the function refuses the coordinator', async () => {
    const refusing: typeof fetch = async () => new Response('Forbidden', { status: 403 });
    const owner = deployedWatchOwner('https://renew.example/', {
      fetch: refusing,
      idToken: async () => 'token',
    });
    await expect(owner(local.state.formId)).rejects.toThrow(/baocao:coordinatorEmail/);
  });
});
