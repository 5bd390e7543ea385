// HTML of the respondent page (Vietnamese, phone-friendly, no script): a section, the confirmation, notices.
import { html, raw } from 'hono/html';
import { htmlText } from '../http.ts';
import { entryId } from './ids.ts';
import { questionsOf } from './items.ts';
import type { Item, Question } from './schemas.ts';
import type { Answers, Section } from './sections.ts';
import type { StoredForm } from './state.ts';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f0ebf8;font:16px/1.5 Roboto,Arial,sans-serif;color:#202124}
main{max-width:640px;margin:0 auto;padding:12px}
.card{background:#fff;border:1px solid #dadce0;border-radius:8px;padding:20px 16px;margin-bottom:12px}
.head{border-top:10px solid #673ab7}
h1{font-size:26px;line-height:1.3;margin:0 0 8px;font-weight:400;overflow-wrap:anywhere}
h2{font-size:20px;margin:0 0 4px;font-weight:400}
.q-title{font-weight:500;margin:0 0 4px;overflow-wrap:anywhere}
.req{color:#d93025}
.help,.note{color:#5f6368;font-size:14px;margin:0 0 8px;white-space:pre-line;overflow-wrap:anywhere}
.err{border-color:#d93025}
.err-msg{color:#d93025;font-size:14px;margin-top:8px}
input[type=text],input[type=email],input[type=date],input[type=time],input[type=datetime-local],textarea,select{width:100%;font:inherit;padding:8px;border:1px solid #dadce0;border-radius:4px}
textarea{min-height:96px;resize:vertical}
label.opt{display:flex;gap:10px;align-items:center;padding:8px 0;min-height:44px}
label.opt input{width:20px;height:20px;flex:none}
.nav{display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
button{font:inherit;border:0;border-radius:4px;padding:10px 24px;min-height:44px;cursor:pointer}
button.primary{background:#673ab7;color:#fff}
button.secondary{background:#fff;color:#673ab7;border:1px solid #dadce0}
.progress{color:#5f6368;font-size:14px}
footer{color:#5f6368;font-size:12px;text-align:center;padding:16px}
a{color:#673ab7}
`;

type Fragment = ReturnType<typeof html>;

function page(title: string, body: Fragment): string {
  // STYLE is this module's own constant; escaping it would break the CSS.
  return htmlText(html`<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${raw(STYLE)}</style></head>
<body><main>${body}<footer>Bản mô phỏng Google Biểu mẫu chạy trên máy cục bộ (baocao). Không bao giờ gửi mật khẩu qua biểu mẫu.</footer></main></body></html>`);
}

export const formTitle = (form: StoredForm) =>
  form.info.title || form.info.documentTitle || 'Biểu mẫu không có tiêu đề';

function help(text: string | undefined): Fragment | '' {
  return text ? html`<p class="help">${text}</p>` : '';
}

export interface SectionView {
  form: StoredForm;
  sections: Section[];
  current: number;
  history: number[];
  answers: Answers;
  errors: Map<string, string>;
  editToken?: string;
  actionUrl: string;
}

const hidden = (name: string, value: string) =>
  html`<input type="hidden" name="${name}" value="${value}">`;

/** Answers of the other sections ride along as hidden fields, as on Google's multi-page forms. */
function carried(view: SectionView, shown: Set<string>): Fragment[] {
  const out: Fragment[] = [];
  for (const item of view.form.items) {
    for (const q of questionsOf(item)) {
      if (!q.questionId || shown.has(q.questionId)) continue;
      const name = `entry.${entryId(q.questionId)}`;
      for (const value of view.answers[q.questionId] ?? []) out.push(hidden(name, value));
    }
  }
  return out;
}

function choiceInput(q: Question, name: string, values: string[]): Fragment {
  const options = q.choiceQuestion?.options ?? [];
  const required = q.required ? ' required' : '';
  if (q.choiceQuestion?.type === 'DROP_DOWN') {
    const opts = options.map((o) => {
      const v = o.value ?? '';
      return html`<option value="${v}"${values.includes(v) ? ' selected' : ''}>${v}</option>`;
    });
    return html`<select name="${name}"${required}><option value="">Chọn</option>${opts}</select>`;
  }
  return html`${options.map((o) => {
    const v = o.value ?? '';
    return html`<label class="opt"><input type="radio" name="${name}" value="${v}"${values.includes(v) ? ' checked' : ''}${required}>${v}</label>`;
  })}`;
}

function questionInput(q: Question, values: string[]): Fragment {
  const name = `entry.${entryId(q.questionId ?? '0')}`;
  const value = values[0] ?? '';
  const required = q.required ? ' required' : '';
  if (q.choiceQuestion) return choiceInput(q, name, values);
  if (q.textQuestion?.paragraph)
    return html`<textarea name="${name}"${required}>${value}</textarea>`;
  return html`<input type="text" name="${name}" value="${value}"${required}>`;
}

function itemCard(item: Item, view: SectionView, shown: Set<string>): Fragment | '' {
  const questions = questionsOf(item);
  if (questions.length === 0) {
    if (!item.textItem && !item.title && !item.description) return '';
    return html`<div class="card"><h2>${item.title ?? ''}</h2>${help(item.description)}</div>`;
  }
  const inputs: Fragment[] = [];
  let error = '';
  for (const q of questions) {
    if (!q.questionId) continue;
    shown.add(q.questionId);
    error = view.errors.get(q.questionId) ?? error;
    inputs.push(questionInput(q, view.answers[q.questionId] ?? []));
  }
  const required = questions.some((q) => q.required) ? html` <span class="req">*</span>` : '';
  return html`<div class="card${error ? ' err' : ''}"><p class="q-title">${item.title ?? ''}${required}</p>${help(item.description)}${inputs}${error ? html`<p class="err-msg" role="alert">${error}</p>` : ''}</div>`;
}

function headerCard(view: SectionView): Fragment {
  const { form, sections, current } = view;
  const anyRequired = form.items.some((i) => questionsOf(i).some((q) => q.required));
  const formHead = html`<div class="card head"><h1>${formTitle(form)}</h1>${help(form.info.description)}${anyRequired ? html`<p class="note"><span class="req">*</span> Biểu thị câu hỏi bắt buộc</p>` : ''}</div>`;
  const header = sections[current]?.header;
  if (current === 0 || !header) return formHead;
  return html`${formHead}<div class="card"><h2>${header.title ?? ''}</h2>${help(header.description)}</div>`;
}

export function renderSection(view: SectionView): string {
  const shown = new Set<string>();
  // The cards first: they record which answers are shown, so the rest are carried hidden.
  const cards = (view.sections[view.current]?.items ?? []).map((i) => itemCard(i, view, shown));
  const last = view.current >= view.sections.length - 1;
  const state = [
    hidden('pageHistory', view.history.join(',')),
    view.editToken ? hidden('edit2', view.editToken) : '',
    carried(view, shown),
  ];
  const back =
    view.history.length > 1
      ? html`<button class="secondary" type="submit" name="action" value="back" formnovalidate>Quay lại</button>`
      : '';
  const forward = last
    ? html`<button class="primary" type="submit" name="action" value="submit">Gửi</button>`
    : html`<button class="primary" type="submit" name="action" value="next">Tiếp</button>`;
  const progress =
    view.sections.length > 1
      ? html`<span class="progress">Trang ${view.current + 1}/${view.sections.length}</span>`
      : '';
  return page(
    formTitle(view.form),
    html`${headerCard(view)}<form method="post" action="${view.actionUrl}" accept-charset="utf-8">${cards}${state}<div class="nav"><span>${back} ${forward}</span>${progress}</div></form>`,
  );
}

export function renderConfirmation(form: StoredForm, editUrl: string, againUrl: string): string {
  const message = form.confirmationMessage || 'Câu trả lời của bạn đã được ghi lại.';
  return page(
    formTitle(form),
    html`<div class="card head"><h1>${formTitle(form)}</h1><p class="help">${message}</p>
<p><a href="${editUrl}" id="edit-link">Chỉnh sửa câu trả lời của bạn</a></p>
<p><a href="${againUrl}">Gửi câu trả lời khác</a></p></div>`,
  );
}

export function renderNotice(title: string, message: string): string {
  return page(
    title,
    html`<div class="card head"><h1>${title}</h1><p class="help">${message}</p></div>`,
  );
}

/** The stand-in's front page: every form, linked to its respondent page. */
export function renderFormList(forms: { title: string; url: string }[]): string {
  const rows = forms.map((f) => html`<li><a href="${f.url}">${f.title}</a></li>`);
  return htmlText(
    html`<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Biểu mẫu cục bộ</title><h1>Biểu mẫu cục bộ</h1><ul>${rows.length > 0 ? rows : html`<li>Chưa có biểu mẫu nào.</li>`}</ul></html>`,
  );
}
