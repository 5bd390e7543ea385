// The respondent page standing in for Google's: GET …/viewform (prefill, edit link) and POST …/formResponse.
import { type Context, Hono } from 'hono';
import { googleErrorBody } from '../faults.ts';
import { json, limitBody, type NodeEnv, page } from '../http.ts';
import { formTitle, renderConfirmation, renderNotice, renderSection } from './page-html.ts';
import { findByEditToken, recordResponse } from './responses.ts';
import {
  type Answers,
  answersFromFields,
  keepVisited,
  nextSection,
  pathOf,
  type Section,
  sectionErrors,
  sectionsOf,
} from './sections.ts';
import type { FormsState, StoredForm } from './state.ts';

interface Flow {
  form: StoredForm;
  sections: Section[];
  answers: Answers;
  invalid: Set<string>;
  editToken?: string;
  baseUrl: string;
}

function viewUrl(flow: Flow, suffix: 'viewform' | 'formResponse') {
  return `${flow.baseUrl}/forms/d/e/${flow.form.responderId}/${suffix}`;
}

function show(
  c: Context,
  status: number,
  flow: Flow,
  history: number[],
  errors = new Map<string, string>(),
) {
  const current = history.at(-1) ?? 0;
  return page(
    c,
    status,
    renderSection({
      form: flow.form,
      sections: flow.sections,
      current,
      history,
      answers: flow.answers,
      errors,
      ...(flow.editToken ? { editToken: flow.editToken } : {}),
      actionUrl: viewUrl(flow, 'formResponse'),
    }),
  );
}

/** Records the response once every visited section is complete; otherwise shows the first gap. */
function finish(c: Context, state: FormsState, flow: Flow) {
  const path = pathOf(flow.sections, flow.answers);
  for (const [i, index] of path.entries()) {
    const section = flow.sections[index];
    const errors = section ? sectionErrors(section, flow.answers, flow.invalid) : new Map();
    if (errors.size > 0) return show(c, 400, flow, path.slice(0, i + 1), errors);
  }
  const answers = keepVisited(flow.sections, path, flow.answers);
  const response = recordResponse(state, flow.form, answers, flow.editToken);
  const editUrl = `${viewUrl(flow, 'viewform')}?edit2=${encodeURIComponent(response.editToken)}`;
  c.header('x-standin-response-id', response.responseId);
  c.header('x-standin-edit-url', editUrl);
  return page(c, 200, renderConfirmation(flow.form, editUrl, viewUrl(flow, 'viewform')));
}

function parseHistory(text: string | null, sections: Section[]): number[] | undefined {
  if (!text) return undefined;
  const history = text.split(',').map(Number);
  const valid = history.every((n) => Number.isInteger(n) && n >= 0 && n < sections.length);
  return valid && history.length > 0 ? history : undefined;
}

/** The notice of a form that takes no answers now (unpublished or closed), as Google words it. */
function closedNotice(form: StoredForm): string | undefined {
  if (!form.isPublished) {
    return renderNotice(formTitle(form), 'Biểu mẫu này chưa được xuất bản nên chưa thể trả lời.');
  }
  if (!form.isAcceptingResponses) {
    return renderNotice(
      formTitle(form),
      `Biểu mẫu "${formTitle(form)}" không còn nhận câu trả lời nữa. Hãy liên hệ với người tạo biểu mẫu nếu bạn cho rằng đây là lỗi.`,
    );
  }
  return undefined;
}

const badEditLink = (c: Context, form: StoredForm) =>
  page(c, 404, renderNotice(formTitle(form), 'Liên kết chỉnh sửa câu trả lời không hợp lệ.'));

async function handlePage(c: Context, state: FormsState, baseUrl: string): Promise<Response> {
  const action = c.req.param('action');
  const form = state.formByResponder(c.req.param('responder') ?? '');
  // Google answers unknown, unpublished and closed forms with a page, never with an error body.
  if (!form) {
    return page(
      c,
      404,
      renderNotice('Không tìm thấy biểu mẫu', 'Biểu mẫu này không tồn tại hoặc đã bị xóa.'),
    );
  }
  const closed = closedNotice(form);
  if (closed) return page(c, 403, closed);
  const sections = sectionsOf(form);

  if (action === 'viewform' && c.req.method === 'GET') {
    const query = new URL(c.req.url).searchParams;
    const token = query.get('edit2') ?? undefined;
    const stored = token ? findByEditToken(state, form.formId, token) : undefined;
    if (token && !stored) return badEditLink(c, form);
    // Prefill is lenient like Google's: a value that fits no option is simply not shown.
    const prefill = answersFromFields(form, query);
    const flow: Flow = {
      form,
      sections,
      answers: stored ? structuredClone(stored.answers) : prefill.answers,
      invalid: new Set(),
      ...(token ? { editToken: token } : {}),
      baseUrl,
    };
    return show(c, 200, flow, [0]);
  }
  if (action !== 'formResponse' || c.req.method !== 'POST') {
    return c.body(null, 405, { allow: action === 'viewform' ? 'GET' : 'POST' });
  }

  const fields = new URLSearchParams(await c.req.text());
  const token = fields.get('edit2') || undefined;
  if (token && !findByEditToken(state, form.formId, token)) return badEditLink(c, form);
  const { answers, invalid } = answersFromFields(form, fields);
  const flow: Flow = {
    form,
    sections,
    answers,
    invalid,
    ...(token ? { editToken: token } : {}),
    baseUrl,
  };
  const history = parseHistory(fields.get('pageHistory'), sections);
  const step = fields.get('action');
  // Without a page history it is a direct POST of every entry at once: submit it whole.
  if (!history || (step !== 'next' && step !== 'back')) return finish(c, state, flow);
  if (step === 'back')
    return show(c, 200, flow, history.length > 1 ? history.slice(0, -1) : history);

  const current = history.at(-1) ?? 0;
  const section = sections[current];
  const errors = section ? sectionErrors(section, answers, invalid) : new Map<string, string>();
  if (errors.size > 0) return show(c, 400, flow, history, errors);
  const next = nextSection(sections, current, answers);
  if (next === 'submit') return finish(c, state, flow);
  return show(c, 200, flow, [...history, next]);
}

/** `/forms/d/e/{responderId}/viewform` and `…/formResponse`, for any method, as Google routes them. */
export function respondentPages(state: FormsState, baseUrl: () => string) {
  return new Hono<NodeEnv>().all(
    '/:responder/:action{viewform|formResponse}',
    limitBody(1024 * 1024, (c, message) => json(c, 413, googleErrorBody(413, message))),
    (c) => handlePage(c, state, baseUrl()),
  );
}
