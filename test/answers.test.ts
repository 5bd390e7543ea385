// Responses made on the respondent page through a personal link map back to the unit and measures by question id.
import type { forms_v1 } from '@googleapis/forms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFormRequests, entryIdOf, formIds, personalLink } from '../forms/form-builder.ts';
import { MalformedResponseError, rawFromResponse } from '../functions/core/answers.ts';
import { parseSubmission } from '../functions/core/parse.ts';
import { unitToken } from '../functions/core/token.ts';
import type { FormsStandIn } from '../local/forms/server.ts';
import { startHarness } from '../local/forms/test-support.ts';
import { submitByPages } from '../testing/respondent.ts';
import { q7 } from '../testing/submissions.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('rawFromResponse', () => {
  const campaign = q7();
  const q = (key: string) => formIds(campaign.id, key).questionId;
  const answer = (key: string, value: string) => ({
    questionId: q(key),
    textAnswers: { answers: [{ value }] },
  });

  it('files each answer under its meaning by question id, whatever the question’s title', () => {
    const read = rawFromResponse(campaign, {
      responseId: 'ACYDBN1',
      createTime: '2021-10-05T01:00:00.000Z',
      lastSubmittedTime: '2021-10-05T01:00:00.000123Z',
      answers: Object.fromEntries(
        [
          answer('unit', 'UBND Phường Tân Phong'),
          answer('token', 'ABC'),
          answer('contact.name', 'Nguyễn Văn A'),
          answer('contact.phone', '0909 123 456'),
          answer('activity:1', 'Có'),
          answer('1.2.count', '3'),
          answer('1.note', 'Ghi chú'),
          answer('11.text', 'Nội dung khác'),
          answer('album', 'https://photos.app.goo.gl/x'),
          { questionId: '0badf00d', textAnswers: { answers: [{ value: 'thêm tay' }] } },
        ].map((a) => [a.questionId, a]),
      ),
    });
    expect(read).toEqual({
      unitName: 'UBND Phường Tân Phong',
      token: 'ABC',
      raw: {
        activities: { '1': 'Có' },
        answers: { '1.2.count': '3', '1.note': 'Ghi chú', '11.text': 'Nội dung khác' },
        contact: { name: 'Nguyễn Văn A', phone: '0909 123 456' },
        albumUrl: 'https://photos.app.goo.gl/x',
      },
      unknownQuestionIds: ['0badf00d'],
    });
  });

  it('reads a response without answers as an empty submission', () => {
    expect(rawFromResponse(campaign, { responseId: 'ACYDBN2' })).toEqual({
      unitName: undefined,
      token: undefined,
      raw: { activities: {}, answers: {}, contact: {} },
      unknownQuestionIds: [],
    });
  });

  it.each([
    ['not an object', 'oops'],
    ['no responseId', { answers: {} }],
    ['answers of the wrong shape', { responseId: 'x', answers: { a: { textAnswers: 'x' } } }],
  ])('refuses %s with a non-retryable named error', (_, response) => {
    try {
      rawFromResponse(campaign, response);
      expect.fail('expected a MalformedResponseError');
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as MalformedResponseError).name).toBe('MalformedResponseError');
      expect((error as MalformedResponseError).retryable).toBe(false);
    }
  });
});

describe('a response through the respondent page of the built form', () => {
  let standIn: FormsStandIn;
  let client: forms_v1.Forms;
  beforeEach(async () => {
    ({ standIn, forms: client } = await startHarness());
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('maps back to the right unit, code, activities and numbers; a skipped section’s answers are gone', async () => {
    const campaign = q7();
    const created = await client.forms.create({ requestBody: { info: { title: campaign.title } } });
    const formId = created.data.formId ?? '';
    const built = buildFormRequests(campaign);
    await client.forms.batchUpdate({
      formId,
      requestBody: { requests: [built.info, ...built.requests] },
    });
    await client.forms.setPublishSettings({
      formId,
      requestBody: {
        publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
      },
    });
    const responderUri = (await client.forms.get({ formId })).data.responderUri ?? '';

    const unit = campaign.units[1];
    if (!unit) throw new Error('registry too small');
    const token = unitToken(SECRET, campaign.id, unit.id);
    const entry = (key: string) => `entry.${entryIdOf(formIds(campaign.id, key).questionId)}`;

    // The unit and code come from the personal link's page, as a browser would send them back.
    const html = await (await fetch(personalLink(responderUri, campaign, unit, token))).text();
    const selected = new RegExp(
      `<select name="${entry('unit')}"[^>]*>[\\s\\S]*?<option value="([^"]+)" selected>`,
    ).exec(html)?.[1];
    const code = new RegExp(`name="${entry('token')}" value="([^"]*)"`).exec(html)?.[1];
    expect(selected).toBe(unit.name);
    expect(code).toBe(token);

    const fields: [string, string][] = [
      [entry('unit'), selected ?? ''],
      [entry('token'), code ?? ''],
      [entry('contact.name'), 'Trần Thị Bình'],
      [entry('contact.position'), 'Phó Chủ tịch'],
      [entry('contact.phone'), '0909 123 456'],
      [entry('contact.email'), 'binh@example.vn'],
      [entry('activity:1'), 'Có'],
      [entry('1.1.count'), '2'],
      [entry('1.1.people'), '45'],
      [entry('1.3.people'), '1.500'],
      [entry('1.note'), 'Tổ chức tại hội trường'],
      // Typed in section 2 before its "Không": the page must drop it with the skipped page.
      [entry('activity:2'), 'Không'],
      [entry('2.count'), '7'],
      [entry('2.note'), 'nhập nhầm'],
      ...campaign.sections
        .filter((s) => s.id !== '1' && s.id !== '2')
        .map((s): [string, string] => [entry(`activity:${s.id}`), 'Không']),
      [entry('album'), 'https://photos.app.goo.gl/abc'],
    ];
    const { responseId, visited } = await submitByPages(responderUri, fields);
    // Pages: 0 the unit, then per section its Có/Không page and its numbers page, then the album.
    const path = (visited.at(-1) ?? '').split(',').map(Number);
    expect(path.slice(0, 5)).toEqual([0, 1, 2, 3, 5]);
    expect(path).not.toContain(4);
    expect(path.at(-1)).toBe(1 + 2 * campaign.sections.length);

    const listed = (await client.forms.responses.list({ formId })).data.responses ?? [];
    expect(listed.map((r) => r.responseId)).toEqual([responseId]);
    const read = rawFromResponse(campaign, listed[0]);
    expect(read.unitName).toBe(unit.name);
    expect(read.token).toBe(token);
    expect(read.unknownQuestionIds).toEqual([]);
    expect(read.raw.activities).toEqual(
      Object.fromEntries(campaign.sections.map((s) => [s.id, s.id === '1' ? 'Có' : 'Không'])),
    );
    expect(read.raw.answers).toEqual({
      '1.1.count': '2',
      '1.1.people': '45',
      '1.3.people': '1.500',
      '1.note': 'Tổ chức tại hội trường',
    });
    expect(read.raw.contact).toEqual({
      name: 'Trần Thị Bình',
      position: 'Phó Chủ tịch',
      phone: '0909 123 456',
      email: 'binh@example.vn',
    });
    expect(read.raw.albumUrl).toBe('https://photos.app.goo.gl/abc');

    // And the report core reads it as the unit meant it: section 2 is zeros, without a warning.
    const parsed = parseSubmission(campaign, read.raw);
    expect(parsed.report.values['1.3.people']).toBe(1500);
    expect(parsed.report.values['2.count']).toBe(0);
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parsed.findings.map((f) => f.code)).not.toContain('answers-in-skipped-section');
  });
});
