// The respondent page standing in for Google's: GET …/viewform (prefill, edit link) and POST …/formResponse.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendHtml } from '../http.ts';
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

export const PAGE_PATH = /^\/forms\/d\/e\/([^/]+)\/(viewform|formResponse)$/;

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
  res: ServerResponse,
  status: number,
  flow: Flow,
  history: number[],
  errors = new Map<string, string>(),
) {
  const current = history.at(-1) ?? 0;
  sendHtml(
    res,
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
function finish(res: ServerResponse, state: FormsState, flow: Flow) {
  const path = pathOf(flow.sections, flow.answers);
  for (const [i, index] of path.entries()) {
    const section = flow.sections[index];
    const errors = section ? sectionErrors(section, flow.answers, flow.invalid) : new Map();
    if (errors.size > 0) return show(res, 400, flow, path.slice(0, i + 1), errors);
  }
  const answers = keepVisited(flow.sections, path, flow.answers);
  const response = recordResponse(state, flow.form, answers, flow.editToken);
  const editUrl = `${viewUrl(flow, 'viewform')}?edit2=${encodeURIComponent(response.editToken)}`;
  res.setHeader('x-standin-response-id', response.responseId);
  res.setHeader('x-standin-edit-url', editUrl);
  sendHtml(res, 200, renderConfirmation(flow.form, editUrl, viewUrl(flow, 'viewform')));
}

function parseHistory(text: string | null, sections: Section[]): number[] | undefined {
  if (!text) return undefined;
  const history = text.split(',').map(Number);
  const valid = history.every((n) => Number.isInteger(n) && n >= 0 && n < sections.length);
  return valid && history.length > 0 ? history : undefined;
}

/** Google answers unknown, unpublished and closed forms with a page, never with an error body. */
function refuse(res: ServerResponse, form: StoredForm | undefined): boolean {
  if (!form) {
    sendHtml(
      res,
      404,
      renderNotice('Không tìm thấy biểu mẫu', 'Biểu mẫu này không tồn tại hoặc đã bị xóa.'),
    );
    return true;
  }
  if (!form.isPublished) {
    sendHtml(
      res,
      403,
      renderNotice(formTitle(form), 'Biểu mẫu này chưa được xuất bản nên chưa thể trả lời.'),
    );
    return true;
  }
  if (!form.isAcceptingResponses) {
    sendHtml(
      res,
      403,
      renderNotice(
        formTitle(form),
        `Biểu mẫu "${formTitle(form)}" không còn nhận câu trả lời nữa. Hãy liên hệ với người tạo biểu mẫu nếu bạn cho rằng đây là lỗi.`,
      ),
    );
    return true;
  }
  return false;
}

export async function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  state: FormsState,
  baseUrl: string,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const [, responder = '', action] = PAGE_PATH.exec(path) ?? [];
  const form = state.formByResponder(responder);
  if (refuse(res, form) || !form) return;
  const sections = sectionsOf(form);

  if (action === 'viewform' && req.method === 'GET') {
    const token = query.get('edit2') ?? undefined;
    const stored = token ? findByEditToken(state, form.formId, token) : undefined;
    if (token && !stored) {
      return sendHtml(
        res,
        404,
        renderNotice(formTitle(form), 'Liên kết chỉnh sửa câu trả lời không hợp lệ.'),
      );
    }
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
    return show(res, 200, flow, [0]);
  }
  if (action !== 'formResponse' || req.method !== 'POST') {
    res.writeHead(405, { allow: action === 'viewform' ? 'GET' : 'POST' }).end();
    return;
  }

  const fields = new URLSearchParams(await readBody(req, 1024 * 1024));
  const token = fields.get('edit2') || undefined;
  if (token && !findByEditToken(state, form.formId, token)) {
    return sendHtml(
      res,
      404,
      renderNotice(formTitle(form), 'Liên kết chỉnh sửa câu trả lời không hợp lệ.'),
    );
  }
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
  if (!history || (step !== 'next' && step !== 'back')) return finish(res, state, flow);
  if (step === 'back')
    return show(res, 200, flow, history.length > 1 ? history.slice(0, -1) : history);

  const current = history.at(-1) ?? 0;
  const section = sections[current];
  const errors = section ? sectionErrors(section, answers, invalid) : new Map<string, string>();
  if (errors.size > 0) return show(res, 400, flow, history, errors);
  const next = nextSection(sections, current, answers);
  if (next === 'submit') return finish(res, state, flow);
  return show(res, 200, flow, [...history, next]);
}
