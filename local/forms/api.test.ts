// Forms v1 REST through the real @googleapis/forms and @googleapis/drive clients: forms, items, publishing, faults.
import { forms } from '@googleapis/forms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createForm, type Harness, startHarness } from './test-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.standIn.close();
});

const HEX8 = /^[0-9a-f]{8}$/;

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; message: string; response?: { data?: unknown } };
    return { status: e.status, message: e.message, data: e.response?.data };
  }
  throw new Error('expected the call to fail');
}

describe('forms.create and forms.get', () => {
  it('creates an unpublished form with only a title and reads it back', async () => {
    const created = await h.forms.forms.create({
      requestBody: { info: { title: 'Báo cáo Quận 7' } },
    });
    expect(created.data.info).toEqual({ title: 'Báo cáo Quận 7', documentTitle: 'Báo cáo Quận 7' });
    expect(created.data.publishSettings?.publishState).toEqual({
      isPublished: false,
      isAcceptingResponses: false,
    });
    expect(created.data.responderUri).toMatch(
      new RegExp(`^${h.standIn.url}/forms/d/e/1FAIpQLS[\\w-]+/viewform$`),
    );
    const got = await h.forms.forms.get({ formId: created.data.formId ?? '' });
    expect(got.data).toEqual(created.data);
  });

  it('publishes at creation when started with publishOnCreate, as Google once did', async () => {
    const older = await startHarness({ publishOnCreate: true });
    try {
      const created = await older.forms.forms.create({ requestBody: { info: { title: 'x' } } });
      expect(created.data.publishSettings?.publishState?.isAcceptingResponses).toBe(true);
    } finally {
      await older.standIn.close();
    }
  });

  it.each([
    ['a description', { info: { title: 't', description: 'd' } }],
    ['items', { info: { title: 't' }, items: [{ title: 'q', textItem: {} }] }],
    ['settings', { info: { title: 't' }, settings: { emailCollectionType: 'VERIFIED' } }],
  ])('refuses %s at creation, as Google does', async (_, requestBody) => {
    const error = await errorOf(h.forms.forms.create({ requestBody }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Only info.title and info.document_title/);
  });

  it('answers 404 for an unknown form', async () => {
    expect((await errorOf(h.forms.forms.get({ formId: 'nope' }))).status).toBe(404);
  });
});

describe('forms.batchUpdate', () => {
  it('creates text, choice and page-break items with 8-hex ids and a branching option', async () => {
    const created = await h.forms.forms.create({ requestBody: { info: { title: 'Phiếu' } } });
    const formId = created.data.formId ?? '';
    const res = await h.forms.forms.batchUpdate({
      formId,
      requestBody: {
        includeFormInResponse: true,
        requests: [
          {
            createItem: {
              item: {
                title: 'Tên đơn vị',
                questionItem: { question: { required: true, textQuestion: {} } },
              },
              location: { index: 0 },
            },
          },
          {
            createItem: {
              item: { itemId: '0000abcd', title: 'Phần 2', pageBreakItem: {} },
              location: { index: 1 },
            },
          },
          {
            createItem: {
              item: {
                title: 'Có tổ chức lớp học không?',
                questionItem: {
                  question: {
                    choiceQuestion: {
                      type: 'RADIO',
                      options: [
                        { value: 'Có', goToSectionId: '0000abcd' },
                        { value: 'Không', goToAction: 'SUBMIT_FORM' },
                      ],
                    },
                  },
                },
              },
              location: { index: 1 },
            },
          },
        ],
      },
    });
    const [text, pageBreak, choice] = res.data.replies ?? [];
    expect(text?.createItem?.itemId).toMatch(HEX8);
    expect(text?.createItem?.questionId?.[0]).toMatch(HEX8);
    expect(pageBreak?.createItem).toEqual({ itemId: '0000abcd' });
    expect(choice?.createItem?.questionId?.[0]).toMatch(HEX8);
    expect(res.data.writeControl?.requiredRevisionId).toBe('00000002');
    const items = res.data.form?.items ?? [];
    expect(items.map((i) => i.title)).toEqual([
      'Tên đơn vị',
      'Có tổ chức lớp học không?',
      'Phần 2',
    ]);
    expect(items[1]?.questionItem?.question?.choiceQuestion?.options?.[0]?.goToSectionId).toBe(
      '0000abcd',
    );
  });

  it('updates only the masked fields of an item and the form info', async () => {
    const { formId, itemIds, questionIds } = await createForm(h, 'f', [
      { title: 'A', questionItem: { question: { textQuestion: {} } } },
      { title: 'B', textItem: {} },
      { title: 'C', textItem: {} },
    ]);
    await h.forms.forms.batchUpdate({
      formId,
      requestBody: {
        requests: [
          {
            updateItem: {
              item: { title: 'A mới', questionItem: { question: { required: true } } },
              location: { index: 0 },
              updateMask: 'title,questionItem.question.required',
            },
          },
          { updateFormInfo: { info: { description: 'Mô tả' }, updateMask: 'description' } },
        ],
      },
    });
    const form = (await h.forms.forms.get({ formId })).data;
    expect(form.items?.map((i) => i.title)).toEqual(['A mới', 'B', 'C']);
    expect(form.items?.[0]?.itemId).toBe(itemIds[0]);
    expect(form.items?.[0]?.questionItem?.question).toEqual({
      questionId: questionIds[0],
      required: true,
      textQuestion: {},
    });
    expect(form.info?.description).toBe('Mô tả');
  });

  it.each([
    ['an unknown request kind, named', { addChart: {} }, /Unknown name "addChart"/],
    [
      'an index out of range',
      { updateItem: { item: { title: 'x' }, location: { index: 5 }, updateMask: 'title' } },
      /out of range/,
    ],
    [
      'a branch to a missing section',
      {
        createItem: {
          item: {
            title: 'q',
            questionItem: {
              question: {
                choiceQuestion: { type: 'RADIO', options: [{ value: 'x', goToSectionId: 'abc' }] },
              },
            },
          },
          location: { index: 0 },
        },
      },
      /goToSectionId "abc"/,
    ],
    [
      'a question kind the product never uses',
      {
        createItem: {
          item: { title: 'q', questionItem: { question: { scaleQuestion: { low: 1, high: 5 } } } },
          location: { index: 0 },
        },
      },
      /Unknown name "scaleQuestion"/,
    ],
    [
      'an unknown item field',
      { createItem: { item: { title: 'q', textItem: {}, colour: 1 }, location: { index: 0 } } },
      /Unknown name "colour"/,
    ],
  ])('refuses %s with a 400 and applies nothing of the batch', async (_, bad, message) => {
    const { formId } = await createForm(h, 'f', [{ title: 'keep', textItem: {} }]);
    const before = (await h.forms.forms.get({ formId })).data;
    const error = await errorOf(
      h.forms.forms.batchUpdate({
        formId,
        requestBody: {
          requests: [
            { createItem: { item: { title: 'added', textItem: {} }, location: { index: 0 } } },
            bad as never,
          ],
        },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect((await h.forms.forms.get({ formId })).data).toEqual(before);
  });
});

describe('publish settings and Drive permissions', () => {
  it('round-trips publish state and refuses accepting responses while unpublished', async () => {
    const created = await h.forms.forms.create({ requestBody: { info: { title: 'p' } } });
    const formId = created.data.formId ?? '';
    const set = await h.forms.forms.setPublishSettings({
      formId,
      requestBody: {
        publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
        updateMask: 'publish_state',
      },
    });
    expect(set.data).toEqual({
      formId,
      publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
    });
    expect((await h.forms.forms.get({ formId })).data.publishSettings).toEqual(
      set.data.publishSettings,
    );
    const error = await errorOf(
      h.forms.forms.setPublishSettings({
        formId,
        requestBody: {
          publishSettings: { publishState: { isPublished: false, isAcceptingResponses: true } },
        },
      }),
    );
    expect(error.status).toBe(400);
  });

  it('stores responder and service-account permissions as Drive does', async () => {
    const created = await h.forms.forms.create({ requestBody: { info: { title: 'p' } } });
    const fileId = created.data.formId ?? '';
    const responders = await h.drive.permissions.create({
      fileId,
      requestBody: { view: 'published', type: 'anyone', role: 'reader' },
    });
    expect(responders.data).toMatchObject({
      id: 'anyoneWithLink',
      type: 'anyone',
      role: 'reader',
      view: 'published',
    });
    const sa = await h.drive.permissions.create({
      fileId,
      sendNotificationEmail: false,
      requestBody: {
        type: 'user',
        role: 'writer',
        emailAddress: 'baocao@proj.iam.gserviceaccount.com',
      },
    });
    expect(sa.data).toMatchObject({
      kind: 'drive#permission',
      id: expect.stringMatching(/^\d+$/),
      emailAddress: 'baocao@proj.iam.gserviceaccount.com',
    });
    const again = await h.drive.permissions.create({
      fileId,
      requestBody: {
        type: 'user',
        role: 'reader',
        emailAddress: 'BAOCAO@proj.iam.gserviceaccount.com',
      },
    });
    expect(again.data).toMatchObject({ id: sa.data.id, role: 'reader' });
  });

  it('knows registered non-form files and answers 404 for others', async () => {
    const share = () =>
      h.drive.permissions.create({
        fileId: 'sheet-1',
        requestBody: { type: 'user', role: 'writer', emailAddress: 'sa@x.iam.gserviceaccount.com' },
      });
    expect((await errorOf(share())).status).toBe(404);
    h.standIn.registerDriveFile('sheet-1');
    expect((await share()).data.role).toBe('writer');
  });
});

describe('authentication and faults', () => {
  it.each([
    ['an API key', 'some-api-key', /API keys are not supported/],
    ['no credentials', undefined, /missing required authentication credential/],
  ])('refuses %s with 401', async (_, key, message) => {
    const client = forms({
      version: 'v1',
      rootUrl: `${h.standIn.url}/`,
      ...(key ? { auth: key } : {}),
    });
    const error = await errorOf(client.forms.create({ requestBody: { info: { title: 'x' } } }));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(message);
  });

  it('surfaces an injected 500 as a client error with Google’s body', async () => {
    h.standIn.faults.configure({ rate500: 1 });
    const error = await errorOf(h.forms.forms.create({ requestBody: { info: { title: 'x' } } }));
    expect(error.status).toBe(500);
    expect(error.data).toEqual({
      error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' },
    });
    expect(h.standIn.stats().faults.injected).toBe(1);
  });

  it('applies an ambiguous write and then drops the connection', async () => {
    const { formId } = await createForm(h, 'f', [{ title: 'x', textItem: {} }]);
    const res = await fetch(`${h.standIn.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ rateAmbiguous: 1 }),
    });
    expect(res.status).toBe(200);
    const error = await errorOf(
      h.forms.forms.batchUpdate({
        formId,
        requestBody: {
          requests: [{ updateFormInfo: { info: { title: 'đã đổi' }, updateMask: 'title' } }],
        },
      }),
    );
    expect(error.status).toBeUndefined();
    h.standIn.faults.configure({});
    expect((await h.forms.forms.get({ formId })).data.info?.title).toBe('đã đổi');
  });
});
