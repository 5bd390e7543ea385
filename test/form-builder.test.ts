// The form built from the 2021 campaign: its questions, stable ids, personal links, and updates, on the Forms stand-in.
import type { forms_v1 } from '@googleapis/forms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignDefinition } from '../campaigns/index.ts';
import { type Campaign, loadCampaign, withUnits } from '../forms/campaign.ts';
import {
  buildFormRequests,
  confirmationMessage,
  entryIdOf,
  FormIdCollisionError,
  type FormItem,
  type FormRequest,
  formIds,
  personalLink,
  questionMap,
} from '../forms/form-builder.ts';
import { planFormUpdate } from '../forms/form-update.ts';
import type { FormsStandIn } from '../local/forms/server.ts';
import { startHarness } from '../local/forms/test-support.ts';
import { q7 } from '../testing/submissions.ts';

const HEX8 = /^[1-7][0-9a-f]{7}$/;

const createdItems = (requests: FormRequest[]): FormItem[] =>
  requests.flatMap((r) => ('createItem' in r ? [r.createItem.item] : []));

function allIds(items: FormItem[]): string[] {
  return items.flatMap((i) => [
    i.itemId,
    ...(i.questionItem ? [i.questionItem.question.questionId] : []),
  ]);
}

describe('buildFormRequests on the 2021 campaign', () => {
  const campaign = q7();
  const built = buildFormRequests(campaign);
  const items = createdItems(built.requests);
  const map = questionMap(campaign);

  it('names the plan, the period, the deadline and what "Không" means', () => {
    expect('updateFormInfo' in built.info && built.info.updateFormInfo.info).toMatchObject({
      title: campaign.title,
    });
    const description =
      'updateFormInfo' in built.info ? built.info.updateFormInfo.info.description : '';
    expect(description).toContain(
      'Kế hoạch số 4595/KH-UBND ngày 01/10/2021 của Ủy ban nhân dân Quận 7',
    );
    expect(description).toContain('01/10/2021 – 07/10/2021');
    expect(description).toContain('Hạn nộp: hết ngày 08/10/2021');
    expect(description).toContain('pgd7@moet.edu.vn');
    expect(description).toContain('«Không»');
    expect(description).toBe(description.normalize('NFC'));
  });

  it('creates items at locations 0..n', () => {
    expect(
      built.requests.map((r) => ('createItem' in r ? r.createItem.location.index : -1)),
    ).toEqual(built.requests.map((_, i) => i));
  });

  it('asks every asked measure exactly once and no computed one', () => {
    const measureIds = [...map.values()].flatMap((r) =>
      r.kind === 'measure' ? [r.measureId] : [],
    );
    expect(measureIds.sort()).toEqual(campaign.askedMeasures.map((m) => m.id).sort());
    for (const m of campaign.computedMeasures) expect(measureIds).not.toContain(m.id);
    expect(new Set(measureIds).size).toBe(measureIds.length);
    const row11 = items.find(
      (i) => i.questionItem?.question.questionId === formIds(campaign.id, '11.text').questionId,
    );
    expect(row11?.questionItem?.question.textQuestion).toEqual({ paragraph: true });
  });

  it('explains the unit of measure and the number format in each measure’s help', () => {
    const byKey = (key: string) =>
      items.find(
        (i) => i.questionItem?.question.questionId === formIds(campaign.id, key).questionId,
      );
    expect(byKey('1.3.count')?.title).toBe(
      'Bồi dưỡng nâng cao trình độ tin học cho cán bộ, công chức, viên chức (các cấp) – Số lớp',
    );
    expect(byKey('1.3.count')?.description).toMatch(/^Đơn vị tính: lớp\/người\. Ghi số/);
    expect(byKey('10.1.amount')?.description).toContain('1,5 triệu');
    expect(byKey('1.note')?.title).toBe('Ghi chú cho mục 1 (nếu có)');
    expect(byKey('11.note')).toBeUndefined();
  });

  it('starts with the unit information, no page break before it', () => {
    const first = items.slice(0, 6);
    expect(first.every((i) => i.questionItem)).toBe(true);
    const unit = first[0]?.questionItem?.question;
    expect(unit?.required).toBe(true);
    expect(unit?.choiceQuestion?.type).toBe('DROP_DOWN');
    expect(unit?.choiceQuestion?.options.map((o) => o.value)).toEqual(
      campaign.units.map((u) => u.name),
    );
    expect(first[1]?.description).toBe(
      'Mã xác minh của đơn vị, đã điền sẵn trong đường link riêng. Xin đừng sửa mã này.',
    );
    expect(first.map((i) => i.questionItem?.question.required)).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('opens each section with a required Có/Không that skips to the next section', () => {
    const pages = items.filter((i) => i.pageBreakItem);
    for (const [i, section] of campaign.sections.entries()) {
      const pageId = formIds(campaign.id, `page:${section.id}`).itemId;
      const at = items.findIndex((x) => x.itemId === pageId);
      expect(items[at]?.title).toBe(`Mục ${section.id}. ${section.title}`);
      const gate = items[at + 1]?.questionItem?.question;
      expect(items[at + 1]?.title).toBe(section.question);
      expect(gate?.required).toBe(true);
      const next = campaign.sections[i + 1];
      const target = formIds(campaign.id, next ? `page:${next.id}` : 'page:final').itemId;
      expect(gate?.choiceQuestion).toEqual({
        type: 'RADIO',
        options: [{ value: 'Có' }, { value: 'Không', goToSectionId: target }],
      });
      expect(pages.some((p) => p.itemId === target)).toBe(true);
    }
    expect(pages.at(-1)?.title).toBe('Hình ảnh và hoàn tất');
    const album = items.at(-1);
    expect(album?.questionItem?.question.required).toBe(false);
    expect(album?.description).toContain('Google Drive');
  });

  it('shows heading rows as text items', () => {
    const heading = items.find((i) => i.itemId === formIds(campaign.id, 'heading:9').itemId);
    expect(heading).toEqual(
      expect.objectContaining({ title: '9. Khen thưởng về tổ chức Tuần lễ' }),
    );
    expect(heading?.textItem).toEqual({});
  });

  it('chooses 8-hex-digit ids, unique across the form and the same on every build', () => {
    const ids = allIds(items);
    for (const id of ids) expect(id).toMatch(HEX8);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(Number.parseInt(id, 16)).toBeLessThan(2 ** 31);
    expect(buildFormRequests(q7())).toEqual(built);
    expect(entryIdOf('1000000a')).toBe('268435466');
  });

  it('keeps ids when a coordinator retitles a row or a section', () => {
    const def = structuredClone(campaignDefinition(campaign.id));
    const section = def.sections[0];
    const row = section?.rows[3];
    if (!section || !row) throw new Error('definition changed');
    section.title = 'Bồi dưỡng (tên mới)';
    row.label = 'Tin học (tên mới)';
    const retitled = loadCampaign({ ...def, units: campaign.units });
    const again = createdItems(buildFormRequests(retitled).requests);
    expect(allIds(again)).toEqual(allIds(items));
    expect(again.map((i) => i.title)).not.toEqual(items.map((i) => i.title));
    expect(questionMap(retitled)).toEqual(map);
  });

  it('builds personal links with encoded values', () => {
    const link = personalLink(
      'https://docs.google.com/forms/d/e/X/viewform',
      campaign,
      { name: 'Trường A & B + C' },
      'ABC 123',
    );
    const url = new URL(link);
    expect(url.searchParams.get('usp')).toBe('pp_url');
    expect(
      url.searchParams.get(`entry.${entryIdOf(formIds(campaign.id, 'unit').questionId)}`),
    ).toBe('Trường A & B + C');
    expect(
      url.searchParams.get(`entry.${entryIdOf(formIds(campaign.id, 'token').questionId)}`),
    ).toBe('ABC 123');
  });
});

describe('the confirmation shown once a report is sent', () => {
  const message = confirmationMessage(q7());

  it('sends a unit that must correct to the link in its receipt, which carries its figures', () => {
    expect(message).toContain(
      'Nếu cần sửa, hãy dùng đường link «Để sửa» trong biên nhận: số liệu đơn vị đã nộp được điền sẵn ở đó, chỉ cần sửa ô cần sửa.',
    );
    expect(message).not.toContain('mở lại đường link riêng của đơn vị');
  });

  it('warns that the first link is blank and would count unanswered sections as zeros', () => {
    expect(message).toContain('mục nào chọn «Không» sẽ được tính là 0');
    expect(message).toBe(message.normalize('NFC'));
  });
});

describe('planFormUpdate', () => {
  const campaign = q7();
  const items = createdItems(buildFormRequests(campaign).requests);

  it('returns nothing for an up-to-date form, even with questions retitled', () => {
    expect(planFormUpdate(campaign, items)).toEqual([]);
    const retitled = items.map((i) => ({ ...i, title: `${i.title} (sửa)` }));
    expect(planFormUpdate(campaign, retitled)).toEqual([]);
  });

  it('adds a new unit as one updateItem of the unit list', () => {
    const more = withUnits(campaign, [
      ...campaign.units,
      { id: 'truong-moi', name: 'Trường Tiểu học Mới', group: 'co-so-giao-duc', emails: [] },
    ]);
    const requests = planFormUpdate(more, items);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      updateItem: {
        item: {
          questionItem: {
            question: {
              choiceQuestion: {
                type: 'DROP_DOWN',
                options: [
                  ...campaign.units.map((u) => ({ value: u.name })),
                  { value: 'Trường Tiểu học Mới' },
                ],
              },
            },
          },
        },
        location: { index: 0 },
        updateMask: 'questionItem.question.choiceQuestion.options',
      },
    });
  });

  it('creates a missing question after its predecessor, deleting nothing', () => {
    const noteId = formIds(campaign.id, '2.note').itemId;
    const at = items.findIndex((i) => i.itemId === noteId);
    const without = items.filter((i) => i.itemId !== noteId);
    const requests = planFormUpdate(campaign, without);
    expect(requests).toEqual([{ createItem: { item: items[at], location: { index: at } } }]);
  });
  it('throws a named error when an item of the form already holds an id it needs', () => {
    const ids = formIds(campaign.id, '2.note');
    const without = items.filter((i) => i.itemId !== ids.itemId);
    const foreign = { itemId: ids.questionId, title: 'Thêm tay', textItem: {} };
    expect(() => planFormUpdate(campaign, [...without, foreign])).toThrow(FormIdCollisionError);
  });
});

describe('the built form on the Forms stand-in', () => {
  let standIn: FormsStandIn;
  let client: forms_v1.Forms;
  beforeEach(async () => {
    ({ standIn, forms: client } = await startHarness());
  });
  afterEach(async () => {
    await standIn.close();
  });

  async function buildOn(campaign: Campaign) {
    const created = await client.forms.create({ requestBody: { info: { title: campaign.title } } });
    const formId = created.data.formId ?? '';
    const built = buildFormRequests(campaign);
    const res = await client.forms.batchUpdate({
      formId,
      requestBody: { requests: [built.info, ...built.requests] },
    });
    await client.forms.setPublishSettings({
      formId,
      requestBody: {
        publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
      },
    });
    const form = (await client.forms.get({ formId })).data;
    return { formId, form, replies: res.data.replies ?? [], built };
  }

  it('creates the form with the chosen ids and prefills unit and code from the personal link', async () => {
    const campaign = q7();
    const { form, replies, built } = await buildOn(campaign);
    const planned = createdItems(built.requests);
    expect(replies.slice(1).map((r) => r.createItem?.itemId)).toEqual(planned.map((i) => i.itemId));
    expect(form.items?.map((i) => i.itemId)).toEqual(planned.map((i) => i.itemId));
    expect(form.info?.title).toBe(campaign.title);
    const unit = campaign.units[2];
    if (!unit) throw new Error('registry too small');
    const link = personalLink(form.responderUri ?? '', campaign, unit, 'MA0XACMINH123456');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    const unitEntry = entryIdOf(formIds(campaign.id, 'unit').questionId);
    const tokenEntry = entryIdOf(formIds(campaign.id, 'token').questionId);
    expect(html).toContain(`name="entry.${unitEntry}"`);
    expect(html).toMatch(new RegExp(`<option value="${unit.name}" selected>`));
    expect(html).toContain(`name="entry.${tokenEntry}" value="MA0XACMINH123456"`);
  });

  it('re-running on an up-to-date form plans nothing; a new unit lands as a choice', async () => {
    const campaign = q7();
    const { formId, form } = await buildOn(campaign);
    expect(planFormUpdate(campaign, form.items ?? [])).toEqual([]);
    const more = withUnits(campaign, [
      ...campaign.units,
      { id: 'truong-moi', name: 'Trường Tiểu học Mới', group: 'co-so-giao-duc', emails: [] },
    ]);
    const requests = planFormUpdate(more, form.items ?? []);
    expect(requests).toHaveLength(1);
    await client.forms.batchUpdate({ formId, requestBody: { requests } });
    const after = (await client.forms.get({ formId })).data;
    const options = after.items?.[0]?.questionItem?.question?.choiceQuestion?.options ?? [];
    expect(options.at(-1)?.value).toBe('Trường Tiểu học Mới');
    expect(after.items?.[0]?.questionItem?.question?.questionId).toBe(
      formIds(campaign.id, 'unit').questionId,
    );
    expect(planFormUpdate(more, after.items ?? [])).toEqual([]);
  });
});

describe('a campaign that carries its previous campaign’s figures', () => {
  const SENTENCE =
    'Sau khi nộp, biên nhận gửi qua email in số liệu năm 2020 của đơn vị bên cạnh số này để đối chiếu.';
  const withPrevious = loadCampaign({
    ...campaignDefinition('q7-htsd-2021'),
    units: q7().units,
    previous: { title: 'năm 2020', figures: { 'p-tan-phong': { '1.3.count': 4 } } },
  });
  const help = (c: Campaign, key: string) =>
    createdItems(buildFormRequests(c).requests).find(
      (i) => i.questionItem?.question.questionId === formIds(c.id, key).questionId,
    )?.description;

  it.each([
    ['a count', '1.3.count'],
    ['an amount', '10.1.amount'],
  ])('says under %s that the receipt shows the unit’s previous figure beside it', (_, key) => {
    expect(help(withPrevious, key)).toContain(SENTENCE);
    expect(help(q7(), key)).not.toContain('biên nhận');
  });

  it('says nothing of it under a free-text question, which has no previous figure', () => {
    expect(help(withPrevious, '11.text')).not.toContain('biên nhận');
  });
});
