// Fills a form as a person does on the respondent page: posts each page with its fields, as Google's page does.
import type { Campaign } from '../forms/campaign.ts';
import { entryIdOf, formIds } from '../forms/form-builder.ts';

export interface Answers {
  /** Section id → "Có" / "Không"; sections not named answer "Không" unless they have answers. */
  activities?: Record<string, string>;
  /** Measure id or "<section>.note" → text typed. */
  answers?: Record<string, string>;
  contact?: { name?: string; position?: string; phone?: string; email?: string };
  albumUrl?: string;
  /** Overrides the verification code the link prefilled (a forged or mistyped code). */
  token?: string;
}

const entry = (campaign: Campaign, key: string) =>
  `entry.${entryIdOf(formIds(campaign.id, key).questionId)}`;

/** The fields a person's browser would post: the link's prefill plus what they typed. */
export function fieldsFor(campaign: Campaign, link: string, a: Answers): [string, string][] {
  const prefill = [...new URL(link).searchParams.entries()].filter(([k]) => k.startsWith('entry.'));
  const tokenKey = entry(campaign, 'token');
  const fields: [string, string][] = prefill.map(([k, v]) => [
    k,
    k === tokenKey && a.token !== undefined ? a.token : v,
  ]);
  const contact = { name: 'Nguyễn Văn An', phone: '0909 123 456', ...a.contact };
  for (const [field, value] of Object.entries(contact))
    fields.push([entry(campaign, `contact.${field}`), value]);
  const answered = new Set(Object.keys(a.answers ?? {}).map((k) => k.split('.')[0]));
  for (const s of campaign.sections) {
    const choice = a.activities?.[s.id] ?? (answered.has(s.id) ? 'Có' : 'Không');
    fields.push([entry(campaign, `activity:${s.id}`), choice]);
  }
  for (const [key, value] of Object.entries(a.answers ?? {}))
    fields.push([entry(campaign, key), value]);
  if (a.albumUrl) fields.push([entry(campaign, 'album'), a.albumUrl]);
  return fields;
}

export interface Submitted {
  responseId: string;
  editUrl: string;
  /** The page history after each step, as the page carries it ("0,1,2,4"). */
  visited: string[];
}

/** Walks the pages like a browser: each "Tiếp" posts the fields and the page history. */
export async function submitByPages(
  formUrl: string,
  fields: [string, string][],
  edit2?: string,
): Promise<Submitted> {
  const url = formUrl.replace(/\/viewform.*$/, '/formResponse');
  let history = '0';
  const visited: string[] = [];
  for (let step = 0; step < 100; step++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ...fields,
        ...(edit2 ? [['edit2', edit2] as [string, string]] : []),
        ['pageHistory', history],
        ['action', 'next'],
      ]).toString(),
    });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`page answered ${res.status}: ${html.slice(0, 300)}`);
    const responseId = res.headers.get('x-standin-response-id');
    if (responseId)
      return { responseId, editUrl: res.headers.get('x-standin-edit-url') ?? '', visited };
    history = /name="pageHistory" value="([\d,]+)"/.exec(html)?.[1] ?? '';
    visited.push(history);
  }
  throw new Error('the form never submitted');
}

/** Submits a unit's report through its personal link. */
export function submit(campaign: Campaign, link: string, a: Answers): Promise<Submitted> {
  return submitByPages(link, fieldsFor(campaign, link, a));
}

/** Edits a submitted response through its edit link (same responseId, new lastSubmittedTime). */
export function edit(
  campaign: Campaign,
  link: string,
  submitted: Submitted,
  a: Answers,
): Promise<Submitted> {
  const edit2 = new URL(submitted.editUrl).searchParams.get('edit2') ?? '';
  return submitByPages(link, fieldsFor(campaign, link, a), edit2);
}
