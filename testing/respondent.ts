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

/** The field name of a question on the form's page: `entry.<decimal id>`. */
export const entry = (campaign: Campaign, key: string) =>
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

const fromHtml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

/** A page of the respondent form as a browser holds it: where it posts and what it would post. */
export interface FormPage {
  action: string;
  /** Every field the page would post as it stands, hidden ones (other pages' answers) included. */
  fields: Map<string, string>;
  /** The fields a person sees and can change on this page. */
  shown: Set<string>;
  /** The forward button: "next" (Tiếp) or "submit" (Gửi). */
  forward: 'next' | 'submit';
}

/** Reads the stand-in's page the way a browser would build its form data. */
export function readPage(html: string): FormPage {
  const fields = new Map<string, string>();
  const shown = new Set<string>();
  for (const m of html.matchAll(
    /<input type="(hidden|text|radio)" name="([^"]*)" value="([^"]*)"([^>]*)>/g,
  )) {
    const [, type, name = '', value = '', rest = ''] = m;
    if (type !== 'hidden') shown.add(fromHtml(name));
    if (type !== 'radio' || rest.includes(' checked')) fields.set(fromHtml(name), fromHtml(value));
  }
  for (const m of html.matchAll(/<textarea name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    shown.add(fromHtml(m[1] ?? ''));
    fields.set(fromHtml(m[1] ?? ''), fromHtml(m[2] ?? ''));
  }
  for (const m of html.matchAll(/<select name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    shown.add(fromHtml(m[1] ?? ''));
    const chosen = /<option value="([^"]*)" selected>/.exec(m[2] ?? '')?.[1];
    fields.set(fromHtml(m[1] ?? ''), fromHtml(chosen ?? ''));
  }
  return {
    action: fromHtml(/<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? ''),
    fields,
    shown,
    forward: html.includes('name="action" value="submit"') ? 'submit' : 'next',
  };
}

/** Opens a link as a browser does: the first page of the form, prefill applied. */
export async function openLink(link: string): Promise<FormPage> {
  const res = await fetch(link);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`page answered ${res.status}: ${html.slice(0, 300)}`);
  return readPage(html);
}

/**
 * A clerk correcting a report: opens the link, and on each page changes the fields named in
 * `changes` that it shows, leaves everything else as the page has it, presses Tiếp, then Gửi.
 */
export async function correctThrough(
  link: string,
  changes: Record<string, string>,
): Promise<Submitted> {
  let page = await openLink(link);
  const changed = new Set<string>();
  const visited: string[] = [];
  for (let step = 0; step < 100; step++) {
    for (const [name, value] of Object.entries(changes)) {
      if (!page.shown.has(name)) continue;
      page.fields.set(name, value);
      changed.add(name);
    }
    const res = await fetch(page.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...page.fields, ['action', page.forward]]).toString(),
    });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`page answered ${res.status}: ${html.slice(0, 300)}`);
    const responseId = res.headers.get('x-standin-response-id');
    if (responseId) {
      const missed = Object.keys(changes).filter((n) => !changed.has(n));
      if (missed.length > 0) throw new Error(`no page showed ${missed.join(', ')}`);
      return { responseId, editUrl: res.headers.get('x-standin-edit-url') ?? '', visited };
    }
    page = readPage(html);
    visited.push(page.fields.get('pageHistory') ?? '');
  }
  throw new Error('the form never submitted');
}
