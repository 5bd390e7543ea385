// Drive shares through the real client (list, delete) and watches broken the way Google breaks them.
import { afterEach, describe, expect, it } from 'vitest';
import { createForm, type Harness, startHarness } from './test-support.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}) {
  const h: Harness = await startHarness(options);
  cleanup.push(() => h.standIn.close());
  const { formId } = await createForm(h, 'f', []);
  return { h, formId };
}

const ACCOUNT = 'baocao-functions@p.iam.gserviceaccount.com';

describe('Drive permissions', () => {
  it('lists a share and forgets it once deleted, as the Share dialog does', async () => {
    const { h, formId } = await harness();
    const created = await h.drive.permissions.create({
      fileId: formId,
      requestBody: { type: 'user', role: 'writer', emailAddress: ACCOUNT },
    });
    const listed = await h.drive.permissions.list({ fileId: formId });
    expect(listed.data.permissions).toContainEqual(
      expect.objectContaining({ emailAddress: ACCOUNT, role: 'writer', type: 'user' }),
    );
    await h.drive.permissions.delete({ fileId: formId, permissionId: created.data.id ?? '' });
    const after = await h.drive.permissions.list({ fileId: formId });
    expect(after.data.permissions?.map((p) => p.emailAddress)).not.toContain(ACCOUNT);
  });

  it('answers 404 for a share that is not there', async () => {
    const { h, formId } = await harness();
    await expect(
      h.drive.permissions.delete({ fileId: formId, permissionId: '12345' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('shares a file another stand-in holds (local mode’s spreadsheets)', async () => {
    const { h } = await harness({ otherDriveFiles: (id) => id === 'sheet-1' });
    await h.drive.permissions.create({
      fileId: 'sheet-1',
      requestBody: { type: 'user', role: 'writer', emailAddress: ACCOUNT },
    });
    expect((await h.drive.permissions.list({ fileId: 'sheet-1' })).data.permissions).toHaveLength(
      1,
    );
    await expect(h.drive.permissions.list({ fileId: 'sheet-2' })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('a watch Google breaks', () => {
  const TOPIC = 'projects/p/topics/t';
  const watch = (h: Harness, formId: string) =>
    h.forms.forms.watches.create({
      formId,
      requestBody: { watch: { target: { topic: { topicName: TOPIC } }, eventType: 'RESPONSES' } },
    });

  it('shows SUSPENDED once suspended, through the control endpoint too', async () => {
    const { h, formId } = await harness();
    await watch(h, formId);
    const answer = await fetch(`${h.standIn.url}/__control/watches/${formId}`, {
      method: 'POST',
      body: JSON.stringify({ state: 'SUSPENDED' }),
    });
    expect(answer.status).toBe(200);
    const listed = await h.forms.forms.watches.list({ formId });
    expect(listed.data.watches?.[0]?.state).toBe('SUSPENDED');
  });

  it('moves the expiry, and a watch run out leaves the list', async () => {
    const t = { now: Date.parse('2021-10-07T02:00:00Z') };
    const { h, formId } = await harness({ now: () => t.now });
    await watch(h, formId);
    h.standIn.breakWatch(formId, { expiresInMs: 3_600_000 });
    const listed = await h.forms.forms.watches.list({ formId });
    expect(listed.data.watches?.[0]?.expireTime).toBe('2021-10-07T03:00:00.000Z');
    h.standIn.breakWatch(formId, { expiresInMs: 0 });
    expect((await h.forms.forms.watches.list({ formId })).data.watches).toBeUndefined();
  });

  it('refuses a change it does not know', async () => {
    const { h, formId } = await harness();
    const answer = await fetch(`${h.standIn.url}/__control/watches/${formId}`, {
      method: 'POST',
      body: JSON.stringify({ state: 'EXPIRED' }),
    });
    expect(answer.status).toBe(400);
  });
});
