// Reads a Google Forms response into the unit it names, its code and its raw answers, by question id.
import * as z from 'zod/mini';
import type { Campaign } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { issuesOf } from '../../forms/issues.ts';
import '../../forms/zod-english.ts';
import { entryIdOf, formIds, questionMap } from '../../forms/form-builder.ts';
import { cleanText, MAX_TEXT_LENGTH, type RawSubmission } from './parse.ts';

/** The parts of a Forms v1 FormResponse this module reads; anything else is ignored. */
const responseSchema = z.looseObject({
  responseId: z.string().check(z.minLength(1)),
  createTime: z.optional(z.string()),
  lastSubmittedTime: z.optional(z.string()),
  respondentEmail: z.optional(z.string()),
  answers: z.optional(
    z.record(
      z.string(),
      z.looseObject({
        questionId: z.optional(z.string()),
        textAnswers: z.optional(
          z.looseObject({ answers: z.optional(z.array(z.looseObject({ value: z.string() }))) }),
        ),
      }),
    ),
  ),
});

export interface ResponseReading {
  unitName: string | undefined;
  token: string | undefined;
  raw: RawSubmission;
  /** Answered questions the campaign's form does not have (e.g. added by hand); logged, not counted. */
  unknownQuestionIds: string[];
}

/** A response that is not a FormResponse at all: retrying cannot fix it. */
export class MalformedResponseError extends PermanentError {
  constructor(
    readonly issues: readonly { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      `Malformed form response:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      options,
    );
  }
}

export function rawFromResponse(campaign: Campaign, response: unknown): ResponseReading {
  const parsed = responseSchema.safeParse(response);
  if (!parsed.success) {
    throw new MalformedResponseError(issuesOf(parsed.error), { cause: parsed.error });
  }
  const map = questionMap(campaign);
  const activities: Record<string, string> = {};
  const answers: Record<string, string> = {};
  const contact: NonNullable<RawSubmission['contact']> = {};
  let unitName: string | undefined;
  let token: string | undefined;
  let albumUrl: string | undefined;
  const unknownQuestionIds: string[] = [];

  for (const [key, answer] of Object.entries(parsed.data.answers ?? {})) {
    // The map key and the questionId field are the same on Google; prefer the field when present.
    const questionId = (answer.questionId ?? key).toLowerCase();
    const values = answer.textAnswers?.answers?.map((a) => a.value) ?? [];
    // Every question this form asks takes one answer; a multi-valued one keeps all its text.
    const text = values.length > 0 ? values.join('\n') : undefined;
    const ref = map.get(questionId);
    if (!ref) {
      unknownQuestionIds.push(questionId);
      continue;
    }
    if (text === undefined) continue;
    switch (ref.kind) {
      case 'unit':
        // Stored in the log and quoted in the coordinator's alert: no control character survives.
        unitName = cleanText(text);
        break;
      case 'token':
        token = text;
        break;
      case 'contact':
        contact[ref.field] = text;
        break;
      case 'album':
        albumUrl = text;
        break;
      case 'activity':
        activities[ref.sectionId] = text;
        break;
      case 'measure':
        answers[ref.measureId] = text;
        break;
      case 'note':
        answers[ref.key] = text;
        break;
    }
  }

  return {
    unitName,
    token,
    raw: { activities, answers, contact, ...(albumUrl !== undefined ? { albumUrl } : {}) },
    unknownQuestionIds,
  };
}

/** One prefill parameter of the form's page: `entry.<decimal id>=<value>`, the value encoded. */
export function prefillParam(campaign: Campaign, key: string, value: string): string {
  return `entry.${entryIdOf(formIds(campaign.id, key).questionId)}=${encodeURIComponent(value)}`;
}

/** A personal link (already carrying the unit and its code) with more prefill parameters. */
export function linkWith(baseLink: string, params: readonly string[]): string {
  if (params.length === 0) return baseLink;
  return `${baseLink}${baseLink.includes('?') ? '&' : '?'}${params.join('&')}`;
}

/**
 * A unit's personal link prefilled with what it sent, so correcting a rejected report means
 * fixing the wrong cells rather than typing everything again.
 */
export function prefilledLink(campaign: Campaign, baseLink: string, raw: RawSubmission): string {
  const params: string[] = [];
  const add = (key: string, value: string | undefined) => {
    // An answer longer than any the report accepts (a pasted megabyte) is the error to fix, not
    // something to type again; carried in the link it would make the link and its mail megabytes.
    if (value && value.length <= MAX_TEXT_LENGTH) params.push(prefillParam(campaign, key, value));
  };
  for (const [sectionId, value] of Object.entries(raw.activities))
    add(`activity:${sectionId}`, value);
  for (const [key, value] of Object.entries(raw.answers)) add(key, value);
  for (const [field, value] of Object.entries(raw.contact ?? {})) add(`contact.${field}`, value);
  add('album', raw.albumUrl);
  return linkWith(baseLink, params);
}
