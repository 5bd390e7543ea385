// The Google Form of a campaign, as Forms API batchUpdate requests, and the question ids that map answers back.

import { createHash } from 'node:crypto';
import type { Campaign, Measure } from './campaign.ts';
import { PermanentError } from './errors.ts';
import type {
  ContactField,
  FormItem,
  FormQuestion,
  FormRequest,
  QuestionRef,
} from './form-types.ts';
import { deadlineText, formatLocalDate } from './format.ts';
import { noteId, type Section, type Unit } from './schema.ts';

export type * from './form-types.ts';

/** Two keys of one form hash to the same id: the form cannot be built with chosen ids. */
export class FormIdCollisionError extends PermanentError {
  constructor(
    readonly id: string,
    readonly keys: readonly [string, string],
  ) {
    super(`Form id ${id} is derived from both "${keys[0]}" and "${keys[1]}"`);
  }
}

/** The campaign cannot become a form (e.g. no unit to choose, two units with one name). */
export class FormBuildError extends PermanentError {
  constructor(message: string) {
    super(message);
  }
}

/*
 * Why ids are chosen rather than stored: Google lets createItem provide itemId and questionId
 * (8 hex digits, unused in the form). Deriving them from the campaign id and a stable key means
 * re-running setup finds its own items again, answers map to measures by id even after a
 * coordinator retitles a question in the Forms editor, and there is no mapping file to lose or
 * keep in sync between the CLI and the deployed functions.
 */
function hexId(campaignId: string, kind: 'item' | 'question', key: string): string {
  const hex = createHash('sha256').update(`${campaignId}/${kind}/${key}`).digest('hex');
  // First digit 1–7: always 8 digits when written as a number, and below 2^31 as Google's are.
  const first = 1 + (Number.parseInt(hex.charAt(0), 16) % 7);
  return `${first}${hex.slice(1, 8)}`;
}

/** The ids of the item (and its question) for a key, e.g. 'unit', '1.3.people', 'page:2'. */
export function formIds(campaignId: string, key: string): { itemId: string; questionId: string } {
  return {
    itemId: hexId(campaignId, 'item', key),
    questionId: hexId(campaignId, 'question', key),
  };
}

/** The prefill entry id of a question: the decimal of its hex id, as Google's page uses. */
export function entryIdOf(questionId: string): string {
  return String(Number.parseInt(questionId, 16));
}

const CONTACT: { field: ContactField; title: string; required: boolean; description?: string }[] = [
  { field: 'name', title: 'Họ và tên người báo cáo', required: true },
  { field: 'position', title: 'Chức vụ', required: false },
  { field: 'phone', title: 'Số điện thoại liên hệ', required: true },
  {
    field: 'email',
    title: 'Email nhận biên nhận',
    required: false,
    description:
      'Biên nhận kèm số liệu đơn vị đã gửi sẽ được gửi tới địa chỉ này, ngoài email đã đăng ký của đơn vị. Để trống nếu không cần.',
  },
];

export const YES = 'Có';
export const NO = 'Không';
export const UNIT_TITLE = 'Đơn vị báo cáo';
export const TOKEN_TITLE = 'Mã xác minh';
export const TOKEN_HELP =
  'Mã xác minh của đơn vị, đã điền sẵn trong đường link riêng. Xin đừng sửa mã này.';
export const FINAL_TITLE = 'Hình ảnh và hoàn tất';

/** One item of the form with the key its ids come from and what its question means. */
export interface Planned {
  key: string;
  item: FormItem;
  ref?: QuestionRef;
}

const sectionTitle = (s: Section) => `Mục ${s.id}. ${s.title}`;
const detailsKey = (sectionId: string) => `page:${sectionId}:details`;

/**
 * One form serves every unit, so a question cannot show one unit's previous figure: it says
 * where the unit finds it (its receipt, beside this year's) when the campaign carries them.
 */
function previousHelp(campaign: Campaign, m: Measure): string {
  return campaign.previous && m.kind !== 'text'
    ? ` Sau khi nộp, biên nhận gửi qua email in số liệu ${campaign.previous.title} của đơn vị bên cạnh số này để đối chiếu.`
    : '';
}

function measureHelp(m: Measure): string {
  const unit = m.row.unit.trim() ? `Đơn vị tính: ${m.row.unit.trim()}. ` : '';
  switch (m.kind) {
    case 'amount':
      return `${unit}Số tiền (đồng), ví dụ 1.500.000 hoặc 1,5 triệu. Để trống nếu không có.`;
    case 'people':
      return `${unit}Ghi số người, ví dụ 1.500. Để trống nếu không có.`;
    case 'count':
      return `${unit}Ghi số, ví dụ 12 hoặc 1.500. Để trống nếu không có.`;
    case 'text':
      return 'Ghi ngắn gọn nội dung. Để trống nếu không có.';
  }
}

/** Every item of the form in order, each with its key and meaning. */
export function plan(campaign: Campaign): Planned[] {
  const names = campaign.units.map((u) => u.name);
  if (names.length === 0) {
    throw new FormBuildError('Danh sách đơn vị trống: biểu mẫu cần ít nhất một đơn vị để chọn.');
  }
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new FormBuildError(
      `Hai đơn vị cùng tên "${twice}": câu trả lời được nhận diện theo tên nên tên phải khác nhau.`,
    );
  }

  const out: Planned[] = [];
  const question = (
    key: string,
    ref: QuestionRef,
    title: string,
    q: Omit<FormQuestion, 'questionId'>,
    description?: string,
  ) => {
    const ids = formIds(campaign.id, key);
    out.push({
      key,
      ref,
      item: {
        itemId: ids.itemId,
        title,
        ...(description ? { description } : {}),
        questionItem: { question: { questionId: ids.questionId, ...q } },
      },
    });
  };
  const page = (key: string, title: string, description?: string) =>
    out.push({
      key,
      item: {
        itemId: formIds(campaign.id, key).itemId,
        title,
        ...(description ? { description } : {}),
        pageBreakItem: {},
      },
    });

  // The first section is the form's start: no page break before it.
  question(
    'unit',
    { kind: 'unit', key: 'unit' },
    UNIT_TITLE,
    {
      required: true,
      choiceQuestion: { type: 'DROP_DOWN', options: names.map((value) => ({ value })) },
    },
    'Đã chọn sẵn theo đường link riêng của đơn vị.',
  );
  question(
    'token',
    { kind: 'token', key: 'token' },
    TOKEN_TITLE,
    { required: true, textQuestion: {} },
    TOKEN_HELP,
  );
  for (const c of CONTACT) {
    const key = `contact.${c.field}` as const;
    question(
      key,
      { kind: 'contact', key, field: c.field },
      c.title,
      { required: c.required, textQuestion: {} },
      c.description,
    );
  }

  const finalId = formIds(campaign.id, 'page:final').itemId;
  campaign.sections.forEach((section, i) => {
    const next = campaign.sections[i + 1];
    const skipTo = next ? formIds(campaign.id, `page:${next.id}`).itemId : finalId;
    page(`page:${section.id}`, sectionTitle(section));
    question(
      `activity:${section.id}`,
      { kind: 'activity', key: `activity:${section.id}`, sectionId: section.id },
      section.question,
      {
        required: true,
        choiceQuestion: {
          type: 'RADIO',
          options: [{ value: YES }, { value: NO, goToSectionId: skipTo }],
        },
      },
      `Chọn «${NO}» nếu đơn vị không thực hiện: các số liệu của mục này được tính là 0.`,
    );
    // Google branches only at the end of a section, so the numbers sit on their own page:
    // "Không" jumps over it, and whatever was typed there is dropped with the skipped page.
    page(
      detailsKey(section.id),
      `${sectionTitle(section)} – số liệu`,
      // The campaign's own period: not every plan is a "Tuần lễ".
      `Ghi số liệu của đơn vị từ ${formatLocalDate(campaign.period.start)} đến ${formatLocalDate(campaign.period.end)}.`,
    );
    for (const row of section.rows) {
      if (row.measures.length === 0) {
        const key = `heading:${row.id}`;
        out.push({
          key,
          item: {
            itemId: formIds(campaign.id, key).itemId,
            title: row.stt ? `${row.stt}. ${row.label}` : row.label,
            textItem: {},
          },
        });
        continue;
      }
      for (const m of campaign.askedMeasures) {
        if (m.row !== row) continue;
        question(
          m.id,
          { kind: 'measure', key: m.id, measureId: m.id },
          `${row.label} – ${m.label}`,
          { textQuestion: m.kind === 'text' ? { paragraph: true } : {} },
          measureHelp(m) + previousHelp(campaign, m),
        );
      }
    }
    if (section.note) {
      const key = noteId(section.id);
      question(
        key,
        { kind: 'note', key, sectionId: section.id },
        `Ghi chú cho mục ${section.id} (nếu có)`,
        { textQuestion: { paragraph: true } },
      );
    }
  });

  page('page:final', FINAL_TITLE);
  question(
    'album',
    { kind: 'album', key: 'album' },
    'Đường link album hình ảnh các hoạt động',
    { required: false, textQuestion: {} },
    'Biểu mẫu không nhận tải ảnh lên trực tiếp. Xin đưa hình ảnh các hoạt động vào một album Google Drive hoặc Google Photos, chia sẻ ở chế độ «Bất kỳ ai có đường liên kết» đều xem được, rồi dán đường link (bắt đầu bằng https://) vào đây.',
  );

  checkUnique(out);
  return out;
}

function checkUnique(items: Planned[]): void {
  const seen = new Map<string, string>();
  const claim = (id: string, key: string) => {
    const other = seen.get(id);
    if (other !== undefined) throw new FormIdCollisionError(id, [other, key]);
    seen.set(id, key);
  };
  for (const p of items) {
    // Item ids and question ids share one namespace in a form.
    claim(p.item.itemId, `item/${p.key}`);
    const q = p.item.questionItem?.question;
    if (q) claim(q.questionId, `question/${p.key}`);
  }
}

/** The form's description: the plan, the period, the deadline, whom to ask, what "Không" means. */
export function formDescription(campaign: Campaign): string {
  const { plan: p, period, coordinator } = campaign;
  return [
    `Báo cáo kết quả tổ chức ${campaign.title} theo Kế hoạch số ${p.number} ngày ${formatLocalDate(p.date)} của ${p.issuer}.`,
    `Thời gian tổ chức: ${formatLocalDate(period.start)} – ${formatLocalDate(period.end)}.`,
    `Hạn nộp: ${deadlineText(campaign)}.`,
    'Mỗi đơn vị dùng đường link riêng đã được gửi: tên đơn vị và mã xác minh đã điền sẵn.',
    `Ở mỗi mục, chọn «${YES}» để ghi số liệu; chọn «${NO}» nghĩa là đơn vị không thực hiện hoạt động đó (số liệu tính là 0).`,
    `Đầu mối liên hệ: ${coordinator.name} (${coordinator.emails.join(', ')}).`,
  ].join('\n');
}

/**
 * The text shown after submitting; the API cannot set it, setup prints it for the coordinator.
 * It sends a correction to the receipt's link: that one carries the counted figures, while the
 * first personal link is blank and a partial answer through it would count zeros elsewhere.
 */
export function confirmationMessage(campaign: Campaign): string {
  return [
    `Cảm ơn đơn vị đã gửi báo cáo ${campaign.title}. Biên nhận kèm số liệu sẽ được gửi qua email.`,
    'Nếu cần sửa, hãy dùng đường link «Để sửa» trong biên nhận: số liệu đơn vị đã nộp được điền sẵn ở đó, chỉ cần sửa ô cần sửa.',
    `Đường link riêng ban đầu không điền sẵn số liệu: gửi lại qua đường link đó thì mục nào chọn «${NO}» sẽ được tính là 0.`,
  ].join(' ');
}

/** Everything that builds the whole form on a new, empty form, in order. */
export function buildFormRequests(campaign: Campaign): {
  info: FormRequest;
  requests: FormRequest[];
} {
  return {
    info: {
      updateFormInfo: {
        info: { title: campaign.title, description: formDescription(campaign) },
        updateMask: 'title,description',
      },
    },
    requests: plan(campaign).map((p, index) => ({
      createItem: { item: p.item, location: { index } },
    })),
  };
}

const mapCache = new WeakMap<Campaign, ReadonlyMap<string, QuestionRef>>();

/** Question id → what its answer means, for every question of the campaign's form. */
export function questionMap(campaign: Campaign): ReadonlyMap<string, QuestionRef> {
  const cached = mapCache.get(campaign);
  if (cached) return cached;
  const map = new Map<string, QuestionRef>();
  for (const p of plan(campaign)) {
    const q = p.item.questionItem?.question;
    if (q && p.ref) map.set(q.questionId, p.ref);
  }
  mapCache.set(campaign, map);
  return map;
}

/** A unit's personal link: the form with its unit and verification code filled in. */
export function personalLink(
  responderUri: string,
  campaign: Campaign,
  unit: Pick<Unit, 'name'>,
  token: string,
): string {
  const unitEntry = entryIdOf(formIds(campaign.id, 'unit').questionId);
  const tokenEntry = entryIdOf(formIds(campaign.id, 'token').questionId);
  const separator = responderUri.includes('?') ? '&' : '?';
  return `${responderUri}${separator}usp=pp_url&entry.${unitEntry}=${encodeURIComponent(unit.name)}&entry.${tokenEntry}=${encodeURIComponent(token)}`;
}
