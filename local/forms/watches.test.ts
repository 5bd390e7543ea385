// Watches through the real client, and their notifications pushed as Pub/Sub CloudEvents with retries.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createForm,
  entry,
  formResponseUrl,
  type Harness,
  postForm,
  startHarness,
  startPushReceiver,
} from './test-support.ts';
import { WATCH_LIFETIME_MS } from './watches.ts';

const TOPIC = 'projects/baocao-local/topics/form-responses';
const DAY = 24 * 60 * 60 * 1000;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function setup(statuses: number[] = [], clock?: { t: number }) {
  const receiver = await startPushReceiver(statuses);
  const h: Harness = await startHarness({
    pushEndpoints: { [TOPIC]: receiver.url },
    delivery: { baseDelayMs: 5, maxAttempts: 3 },
    ...(clock ? { now: () => clock.t } : {}),
  });
  cleanup.push(
    () => h.standIn.close(),
    () => receiver.close(),
  );
  const f = await createForm(h, 'w', [
    { title: 'q', questionItem: { question: { textQuestion: {} } } },
  ]);
  const responderUri = (await h.forms.forms.get({ formId: f.formId })).data.responderUri ?? '';
  const submit = (value: string) =>
    postForm(formResponseUrl(responderUri), [[entry(f.questionIds[0] ?? ''), value]]);
  const watch = (eventType: 'RESPONSES' | 'SCHEMA', watchId?: string) =>
    h.forms.forms.watches.create({
      formId: f.formId,
      requestBody: {
        watch: { eventType, target: { topic: { topicName: TOPIC } } },
        ...(watchId ? { watchId } : {}),
      },
    });
  return { h, receiver, formId: f.formId, submit, watch };
}

describe('watch delivery', () => {
  it('pushes a binary-mode CloudEvent carrying only formId, watchId and eventType', async () => {
    const { h, receiver, formId, submit, watch } = await setup();
    const created = await watch('RESPONSES');
    await submit('Số liệu riêng tư');
    await h.standIn.flushDeliveries();
    expect(receiver.pushes).toHaveLength(1);
    const [push] = receiver.pushes;
    expect(push?.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': `//pubsub.googleapis.com/${TOPIC}`,
      'content-type': 'application/json',
    });
    expect(push?.headers['ce-id']).toBe(push?.body.message.messageId);
    expect(push?.headers['ce-time']).toBe(push?.body.message.publishTime);
    expect(push?.body.message.attributes).toEqual({
      formId,
      watchId: created.data.id,
      eventType: 'RESPONSES',
    });
    expect(push?.body.message.data).toBeUndefined();
    expect(JSON.stringify(push?.body)).not.toContain('riêng tư');
    expect(push?.body.subscription).toMatch(/^projects\/baocao-local\/subscriptions\//);
  });

  it('retries a push answered 500 with the same message id until it is accepted', async () => {
    const { h, receiver, submit, watch } = await setup([500, 503]);
    await watch('RESPONSES');
    await submit('1');
    await h.standIn.flushDeliveries();
    expect(receiver.pushes.map((p) => p.status)).toEqual([500, 503, 204]);
    expect(new Set(receiver.pushes.map((p) => p.headers['ce-id'])).size).toBe(1);
    expect(h.standIn.stats().delivery).toMatchObject({
      delivered: 1,
      failedAttempts: 2,
      dropped: 0,
    });
  });

  it('drops a push after the configured attempts and counts it', async () => {
    const { h, receiver, submit, watch } = await setup([500, 500, 500]);
    await watch('RESPONSES');
    await submit('1');
    await h.standIn.flushDeliveries();
    expect(receiver.pushes).toHaveLength(3);
    expect(h.standIn.stats().delivery).toMatchObject({ delivered: 0, dropped: 1 });
  });
});

describe('watches API', () => {
  it('refuses a second RESPONSES watch on the same form', async () => {
    const { watch } = await setup();
    await watch('RESPONSES');
    await expect(watch('RESPONSES')).rejects.toMatchObject({
      status: 400,
      response: { data: { error: { status: 'FAILED_PRECONDITION' } } },
    });
  });

  it('expires a watch after 7 days: not listed, not delivered, renew answers NOT_FOUND', async () => {
    const clock = { t: Date.parse('2021-10-01T00:00:00Z') };
    const { h, receiver, formId, submit, watch } = await setup([], clock);
    const created = await watch('RESPONSES', 'baocao-responses');
    expect(created.data).toMatchObject({
      id: 'baocao-responses',
      state: 'ACTIVE',
      createTime: '2021-10-01T00:00:00.000Z',
      expireTime: '2021-10-08T00:00:00.000Z',
    });
    clock.t += 6 * DAY;
    const renewed = await h.forms.forms.watches.renew({ formId, watchId: 'baocao-responses' });
    expect(renewed.data.expireTime).toBe(new Date(clock.t + WATCH_LIFETIME_MS).toISOString());
    clock.t += 7 * DAY;
    expect((await h.forms.forms.watches.list({ formId })).data.watches).toBeUndefined();
    expect(h.standIn.watches(formId)).toMatchObject([{ id: 'baocao-responses', expired: true }]);
    await submit('late');
    await h.standIn.flushDeliveries();
    expect(receiver.pushes).toHaveLength(0);
    await expect(
      h.forms.forms.watches.renew({ formId, watchId: 'baocao-responses' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect((await watch('RESPONSES')).data.state).toBe('ACTIVE');
  });

  it('lists and deletes a watch', async () => {
    const { h, formId, watch } = await setup();
    const created = await watch('RESPONSES');
    const list = await h.forms.forms.watches.list({ formId });
    expect(list.data.watches).toEqual([created.data]);
    await h.forms.forms.watches.delete({ formId, watchId: created.data.id ?? '' });
    expect((await h.forms.forms.watches.list({ formId })).data).toEqual({});
  });

  it.each([
    [
      'a malformed topic',
      { watch: { eventType: 'RESPONSES', target: { topic: { topicName: 'form-responses' } } } },
    ],
    ['no event type', { watch: { target: { topic: { topicName: TOPIC } } } }],
    ['a SCHEMA watch', { watch: { eventType: 'SCHEMA', target: { topic: { topicName: TOPIC } } } }],
    [
      'a bad watch id',
      { watchId: 'X!', watch: { eventType: 'RESPONSES', target: { topic: { topicName: TOPIC } } } },
    ],
  ])('refuses %s with 400', async (_, requestBody) => {
    const { h, formId } = await setup();
    await expect(h.forms.forms.watches.create({ formId, requestBody })).rejects.toMatchObject({
      status: 400,
    });
  });
});
