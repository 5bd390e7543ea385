// Responses posted with entry.<decimal> fields, listed through the real client: ids, filter, paging, edits, branching.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createForm,
  entry,
  formResponseUrl,
  type Harness,
  postForm,
  startHarness,
} from './test-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.standIn.close();
});

/** Unit name (text), a branching choice, section 2 with a number, section 3 with a note. */
async function branchingForm(harness: Harness = h) {
  const created = await createForm(harness, 'Báo cáo', [
    { title: 'Tên đơn vị', questionItem: { question: { required: true, textQuestion: {} } } },
    {
      title: 'Có tổ chức lớp học không?',
      questionItem: {
        question: {
          required: true,
          choiceQuestion: {
            type: 'RADIO',
            options: [
              { value: 'Có', goToSectionId: '00000a01' },
              { value: 'Không', goToSectionId: '00000a02' },
            ],
          },
        },
      },
    },
    { itemId: '00000a01', title: 'Lớp học', pageBreakItem: {} },
    { title: 'Số lớp', questionItem: { question: { required: true, textQuestion: {} } } },
    { itemId: '00000a02', title: 'Ghi chú', pageBreakItem: {} },
    { title: 'Ghi chú', questionItem: { question: { textQuestion: { paragraph: true } } } },
  ]);
  const [name, choice, , classes, , note] = created.questionIds as string[];
  const form = await harness.forms.forms.get({ formId: created.formId });
  return {
    ...created,
    q: { name: name ?? '', choice: choice ?? '', classes: classes ?? '', note: note ?? '' },
    postUrl: formResponseUrl(form.data.responderUri ?? ''),
    responderUri: form.data.responderUri ?? '',
  };
}

describe('submitting with entry.<decimal> fields', () => {
  it('stores a response that responses.list returns keyed by hex question id', async () => {
    const f = await branchingForm();
    const posted = await postForm(f.postUrl, [
      [entry(f.q.name), 'UBND Phường Tân Phong'],
      [entry(f.q.choice), 'Có'],
      [entry(f.q.classes), '12'],
      [entry(f.q.note), 'Đủ số liệu'],
    ]);
    expect(posted.status).toBe(200);
    expect(posted.html).toContain('Câu trả lời của bạn đã được ghi lại.');
    const list = await h.forms.forms.responses.list({ formId: f.formId });
    const [response] = list.data.responses ?? [];
    expect(response?.responseId).toMatch(/^ACYDBN/);
    expect(response?.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(response?.lastSubmittedTime).toMatch(/\.\d{6}Z$/);
    expect(response?.answers).toEqual({
      [f.q.name]: {
        questionId: f.q.name,
        textAnswers: { answers: [{ value: 'UBND Phường Tân Phong' }] },
      },
      [f.q.choice]: { questionId: f.q.choice, textAnswers: { answers: [{ value: 'Có' }] } },
      [f.q.classes]: { questionId: f.q.classes, textAnswers: { answers: [{ value: '12' }] } },
      [f.q.note]: { questionId: f.q.note, textAnswers: { answers: [{ value: 'Đủ số liệu' }] } },
    });
    const one = await h.forms.forms.responses.get({
      formId: f.formId,
      responseId: response?.responseId ?? '',
    });
    expect(one.data.formId).toBe(f.formId);
  });

  it('drops the answers of a section the branching skipped', async () => {
    const f = await branchingForm();
    await postForm(f.postUrl, [
      [entry(f.q.name), 'Trường THCS Nguyễn Hữu Thọ'],
      [entry(f.q.choice), 'Không'],
      [entry(f.q.classes), '99'],
      [entry(f.q.note), 'Không tổ chức'],
    ]);
    const [response] =
      (await h.forms.forms.responses.list({ formId: f.formId })).data.responses ?? [];
    expect(Object.keys(response?.answers ?? {}).sort()).toEqual(
      [f.q.name, f.q.choice, f.q.note].sort(),
    );
  });

  it.each([
    [
      'a missing required answer',
      (q: Record<string, string>) => [[entry(q.choice ?? ''), 'Không']],
      'Đây là một câu hỏi bắt buộc',
    ],
    [
      'a choice that is not an option',
      (q: Record<string, string>) => [
        [entry(q.name ?? ''), 'X'],
        [entry(q.choice ?? ''), 'Có lẽ'],
      ],
      'Lựa chọn không hợp lệ',
    ],
  ])('refuses %s with a Vietnamese message and stores nothing', async (_, fields, message) => {
    const f = await branchingForm();
    const posted = await postForm(f.postUrl, fields(f.q) as [string, string][]);
    expect(posted.status).toBe(400);
    expect(posted.html).toContain(message);
    expect(h.standIn.responses(f.formId)).toEqual([]);
  });

  it('keeps the responseId of an edited response and moves lastSubmittedTime forward', async () => {
    const f = await branchingForm();
    const first = await postForm(f.postUrl, [
      [entry(f.q.name), 'Phường Tân Hưng'],
      [entry(f.q.choice), 'Không'],
    ]);
    const editUrl =
      /href="([^"]*edit2=[^"]*)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(editUrl).toContain('/viewform?edit2=');
    const reopened = await (await fetch(editUrl)).text();
    expect(reopened).toContain('value="Phường Tân Hưng"');
    const token = new URL(editUrl).searchParams.get('edit2') ?? '';
    await postForm(f.postUrl, [
      ['edit2', token],
      [entry(f.q.name), 'Phường Tân Hưng (sửa)'],
      [entry(f.q.choice), 'Không'],
    ]);
    const responses =
      (await h.forms.forms.responses.list({ formId: f.formId })).data.responses ?? [];
    expect(responses).toHaveLength(1);
    const [edited] = responses;
    expect(edited?.responseId).toBe(first.headers.get('x-standin-response-id'));
    expect(edited?.answers?.[f.q.name]?.textAnswers?.answers?.[0]?.value).toBe(
      'Phường Tân Hưng (sửa)',
    );
    expect((edited?.lastSubmittedTime ?? '') > (edited?.createTime ?? '')).toBe(true);
  });
});

describe('responses.list', () => {
  async function submitMany(count: number) {
    const f = await createForm(h, 'n', [
      { title: 'n', questionItem: { question: { textQuestion: {} } } },
    ]);
    const url = formResponseUrl(
      (await h.forms.forms.get({ formId: f.formId })).data.responderUri ?? '',
    );
    for (let i = 0; i < count; i++)
      await postForm(url, [[entry(f.questionIds[0] ?? ''), String(i)]]);
    return f.formId;
  }

  it('filters on lastSubmittedTime with timestamp > and >=', async () => {
    const formId = await submitMany(3);
    const all = (await h.forms.forms.responses.list({ formId })).data.responses ?? [];
    const second = all[1]?.lastSubmittedTime ?? '';
    const after = await h.forms.forms.responses.list({ formId, filter: `timestamp > ${second}` });
    const atOrAfter = await h.forms.forms.responses.list({
      formId,
      filter: `timestamp >= ${second}`,
    });
    expect(after.data.responses?.map((r) => r.responseId)).toEqual([all[2]?.responseId]);
    expect(atOrAfter.data.responses?.map((r) => r.responseId)).toEqual([
      all[1]?.responseId,
      all[2]?.responseId,
    ]);
    const future = await h.forms.forms.responses.list({
      formId,
      filter: 'timestamp > 2999-01-01T00:00:00Z',
    });
    expect(future.data).toEqual({});
  });

  it.each([
    'timestamp < 2021-01-01T00:00:00Z',
    'createTime > 2021-01-01T00:00:00Z',
    'timestamp > 2021-10-08',
  ])('refuses the malformed filter %s with 400', async (filter) => {
    const formId = await submitMany(0);
    await expect(
      h.forms.forms.responses.list({ formId, filter }, { retry: false }),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it('pages with pageSize and nextPageToken without losing or repeating responses', async () => {
    const formId = await submitMany(5);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await h.forms.forms.responses.list({
        formId,
        pageSize: 2,
        ...(pageToken ? { pageToken } : {}),
      });
      seen.push(
        ...(res.data.responses ?? []).map(
          (r) => (r.answers && Object.values(r.answers)[0]?.textAnswers?.answers?.[0]?.value) || '',
        ),
      );
      pageToken = res.data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['0', '1', '2', '3', '4']);
  });
});

describe('the respondent page', () => {
  it('shows a prefilled value from ?entry.<decimal>= and escapes it', async () => {
    const f = await branchingForm();
    const url = h.standIn.prefillUrl(f.formId, { [f.q.name]: 'Phường Tân Phong <b>"7"</b>' });
    expect(url).toContain(`${entry(f.q.name)}=`);
    const res = await fetch(url);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).toContain('value="Phường Tân Phong &lt;b&gt;&quot;7&quot;&lt;/b&gt;"');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('<span class="req">*</span>');
  });

  it('walks sections one at a time with Tiếp and Quay lại, following the branch', async () => {
    const f = await branchingForm();
    const step1 = await postForm(f.postUrl, [
      ['pageHistory', '0'],
      ['action', 'next'],
      [entry(f.q.name), 'Phường Phú Mỹ'],
      [entry(f.q.choice), 'Không'],
    ]);
    expect(step1.status).toBe(200);
    expect(step1.html).toContain('<h2>Ghi chú</h2>');
    expect(step1.html).toContain('name="pageHistory" value="0,2"');
    const back = await postForm(f.postUrl, [
      ['pageHistory', '0,2'],
      ['action', 'back'],
      [entry(f.q.name), 'Phường Phú Mỹ'],
    ]);
    expect(back.html).toContain('value="Phường Phú Mỹ"');
    expect(back.html).toContain('name="pageHistory" value="0"');
    const done = await postForm(f.postUrl, [
      ['pageHistory', '0,2'],
      ['action', 'submit'],
      [entry(f.q.name), 'Phường Phú Mỹ'],
      [entry(f.q.choice), 'Không'],
      [entry(f.q.note), 'Xong'],
    ]);
    expect(done.html).toContain('Câu trả lời của bạn đã được ghi lại.');
  });

  it('asks for a missing required answer on the step with a Vietnamese message', async () => {
    const f = await branchingForm();
    const res = await postForm(f.postUrl, [
      ['pageHistory', '0'],
      ['action', 'next'],
      [entry(f.q.choice), 'Có'],
    ]);
    expect(res.status).toBe(400);
    expect(res.html).toContain('Đây là một câu hỏi bắt buộc');
  });

  it.each([
    ['unpublished', { isPublished: false, isAcceptingResponses: false }, 'chưa được xuất bản'],
    ['closed', { isPublished: true, isAcceptingResponses: false }, 'không còn nhận câu trả lời'],
  ])('shows a Vietnamese notice when the form is %s', async (_, publishState, text) => {
    const f = await branchingForm();
    await h.forms.forms.setPublishSettings({
      formId: f.formId,
      requestBody: { publishSettings: { publishState } },
    });
    const res = await fetch(f.responderUri);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(text);
    expect((await postForm(f.postUrl, [[entry(f.q.name), 'x']])).status).toBe(403);
  });
});

describe('persistence', () => {
  it('keeps forms and responses across a restart with the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forms-standin-'));
    try {
      const first = await startHarness({ dataDir });
      const f = await branchingForm(first);
      await postForm(f.postUrl, [
        [entry(f.q.name), 'A'],
        [entry(f.q.choice), 'Không'],
      ]);
      await first.standIn.close();
      const second = await startHarness({ dataDir });
      try {
        expect(
          (await second.forms.forms.responses.list({ formId: f.formId })).data.responses,
        ).toHaveLength(1);
        expect((await second.forms.forms.get({ formId: f.formId })).data.items).toHaveLength(6);
      } finally {
        await second.standIn.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
