// Synthetic units and their submissions: a registry CSV, personal links, and a one-POST submit.
import type { Campaign } from '../forms/campaign.ts';
import type { LocalMode } from '../local/localmode.ts';
import { type Answers, fieldsFor, submit } from '../testing/respondent.ts';

/** A unit registry of `count` schools, ids u-0001…; local mode gives each a demo address. */
export function registryCsv(count: number): string {
  const lines = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return `u-${n},Trường thử số ${i + 1},co-so-giao-duc,`;
  });
  return `id,name,group,emails\n${lines.join('\n')}\n`;
}

export const emailOf = (unitId: string) => `${unitId}@donvi.example`;

export function linksOf(local: LocalMode): Map<string, string> {
  return new Map(local.endpoints.links.map((l) => [l.unitId, l.link]));
}

/** "Không" for every section but one number (section 2 has a count and no people). */
export const oneNumber = (n: number): Answers => ({ answers: { '2.count': String(n) } });

/** Through the personal link, page by page, as a person's browser posts it. */
export async function submitAsPerson(campaign: Campaign, link: string, n: number) {
  return submit(campaign, link, oneNumber(n));
}

/** All fields in a single POST without a page history: the respondent page records it whole. */
export async function submitInOnePost(
  campaign: Campaign,
  link: string,
  n: number,
): Promise<string> {
  const url = link.replace(/\/viewform.*$/, '/formResponse');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fieldsFor(campaign, link, oneNumber(n))).toString(),
  });
  await res.arrayBuffer();
  const id = res.headers.get('x-standin-response-id');
  if (res.status !== 200 || !id) throw new Error(`direct submit answered ${res.status}`);
  return id;
}
