// The link that invites a correction: the personal link prefilled with what is counted, within Google's length.
import type { Campaign } from '../../forms/campaign.ts';
import { NO, YES } from '../../forms/form-builder.ts';
import { formatNumber } from '../../forms/format.ts';
import { noteId } from '../../forms/schema.ts';
import { linkWith, prefillParam } from './answers.ts';

/**
 * The longest link a mail hands a unit. A Google Forms page answers a prefill query longer
 * than 8,192 characters with an error (observed and written up at
 * https://cofus.blog/posts/regarding-the-query-string-limit-of-8192-characters-in-google-forms;
 * Google documents no figure for Forms, and 8,192 is the URL limit its Maps web services
 * documented). The whole link, responder URL included, stays below 8,000 to keep a margin.
 * Not the 2,083 of the retired Internet Explorer: the 2021 figures with short notes need 4,100.
 */
export const MAX_LINK_LENGTH = 8_000;

/**
 * What is counted for a unit now: its row of "Số liệu" (a coordinator may have corrected it by
 * hand, so the sheet is the truth), or, in the receipt right after acceptance, the report itself.
 */
export interface Counted {
  /** Asked numeric measure id → value; null is a blank cell. */
  values: Readonly<Record<string, number | null>>;
  /** Text measure ids and section notes ("1.note") → text. */
  texts: Readonly<Record<string, string>>;
  contact: {
    name?: string | undefined;
    position?: string | undefined;
    phone?: string | undefined;
    email?: string | null | undefined;
  };
  albumUrl?: string | null | undefined;
}

export type CorrectionLink =
  /** Nothing is counted: the bare personal link starts the first report, nothing can be lost. */
  | { kind: 'bare'; link: string }
  /** Every figure prefilled; `retype` names the texts (longest first) left out to fit. */
  | { kind: 'prefilled'; link: string; retype: string[] }
  /**
   * Even the figures alone pass the bound: the bare link, and the mail must tell the unit to
   * answer every section again, since a section left at "Không" would count as zeros.
   */
  | { kind: 'unfilled'; link: string };

/**
 * The personal link prefilled with the counted figures, each section's Có/Không, the notes and
 * the contact, so a unit that changes one cell and sends keeps every other. Numbers are written
 * the Vietnamese way (1.500.000), which the form's parser reads back to the same value.
 */
export function correctionLink(
  campaign: Campaign,
  baseLink: string,
  counted: Counted | null,
  maxLength: number = MAX_LINK_LENGTH,
): CorrectionLink {
  if (!counted || !baseLink) return { kind: 'bare', link: baseLink };
  const fixed: string[] = [];
  const texts: { key: string; param: string }[] = [];
  for (const section of campaign.sections) {
    const measures = campaign.askedMeasures.filter((m) => m.section.id === section.id);
    const keys = [...measures.map((m) => m.id), ...(section.note ? [noteId(section.id)] : [])];
    const text = (key: string) => counted.texts[key]?.trim() ?? '';
    const did = keys.some((k) => (counted.values[k] ?? 0) !== 0 || text(k) !== '');
    fixed.push(prefillParam(campaign, `activity:${section.id}`, did ? YES : NO));
    // A section answered "Không" counts zeros; its cells are skipped by the form anyway.
    if (!did) continue;
    for (const key of keys) {
      const value = counted.values[key];
      if (typeof value === 'number') fixed.push(prefillParam(campaign, key, formatNumber(value)));
      else if (text(key)) texts.push({ key, param: prefillParam(campaign, key, text(key)) });
    }
  }
  const { contact } = counted;
  for (const field of ['name', 'position', 'phone', 'email'] as const) {
    const value = contact[field]?.trim();
    if (value) fixed.push(prefillParam(campaign, `contact.${field}`, value));
  }
  if (counted.albumUrl) fixed.push(prefillParam(campaign, 'album', counted.albumUrl));

  if (linkWith(baseLink, fixed).length > maxLength) return { kind: 'unfilled', link: baseLink };
  // Longest first: each one left out saves the most, so the fewest notes are typed again.
  const byLength = [...texts].sort((a, b) => b.param.length - a.param.length);
  const retype: string[] = [];
  const kept = () => texts.filter((t) => !retype.includes(t.key)).map((t) => t.param);
  let link = linkWith(baseLink, [...fixed, ...kept()]);
  for (const t of byLength) {
    if (link.length <= maxLength) break;
    retype.push(t.key);
    link = linkWith(baseLink, [...fixed, ...kept()]);
  }
  return { kind: 'prefilled', link, retype };
}
