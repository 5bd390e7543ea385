// The respondent side of a form: sections, entry fields to answers, branching and required checks.
import { entryId } from './ids.ts';
import { questionsOf } from './items.ts';
import type { Item, Question } from './schemas.ts';
import type { StoredForm } from './state.ts';

export type Answers = Record<string, string[]>;

export interface Section {
  index: number;
  /** The page break that opens the section; none for the first one. */
  header?: Item;
  items: Item[];
}

export const MESSAGES = {
  required: 'Đây là một câu hỏi bắt buộc',
  invalidChoice: 'Lựa chọn không hợp lệ',
  invalidValue: 'Giá trị không hợp lệ',
};

export function sectionsOf(form: StoredForm): Section[] {
  const sections: Section[] = [{ index: 0, items: [] }];
  for (const item of form.items) {
    if (item.pageBreakItem) sections.push({ index: sections.length, header: item, items: [] });
    else sections.at(-1)?.items.push(item);
  }
  return sections;
}

/** One submitted value as Google's TextAnswer; undefined when it is not one of the options. */
function normalize(q: Question, raw: string): string | undefined {
  if (q.choiceQuestion)
    return q.choiceQuestion.options?.some((o) => o.value === raw) ? raw : undefined;
  return raw.replaceAll('\r\n', '\n').trim();
}

export interface ParsedFields {
  answers: Answers;
  /** Question ids whose submitted value was not acceptable (e.g. not one of the options). */
  invalid: Set<string>;
}

/** Reads `entry.<decimal>` fields (query string or urlencoded body) into answers keyed by question id. */
export function answersFromFields(form: StoredForm, fields: URLSearchParams): ParsedFields {
  const answers: Answers = {};
  const invalid = new Set<string>();
  for (const item of form.items) {
    for (const q of questionsOf(item)) {
      if (!q.questionId) continue;
      const raws = fields.getAll(`entry.${entryId(q.questionId)}`).filter((v) => v.trim() !== '');
      const values: string[] = [];
      for (const raw of raws) {
        const value = normalize(q, raw);
        if (value === undefined) invalid.add(q.questionId);
        else if (value !== '' && !values.includes(value)) values.push(value);
      }
      // Every question takes one answer; two different ones cannot both be meant.
      if (values.length > 1) invalid.add(q.questionId);
      if (values.length > 0) answers[q.questionId] = values.slice(-1);
    }
  }
  return { answers, invalid };
}

/**
 * Where a respondent goes after a section: the navigation of the last option chosen on the page
 * that has one (Google: "only the last navigation option has any effect"), else the next section.
 */
export function nextSection(
  sections: Section[],
  current: number,
  answers: Answers,
): number | 'submit' {
  let target: number | 'submit' = current + 1;
  for (const item of sections[current]?.items ?? []) {
    const q = item.questionItem?.question;
    if (!q?.questionId || !q.choiceQuestion) continue;
    const chosen = answers[q.questionId]?.[0];
    const option = q.choiceQuestion.options?.find((o) => o.value === chosen);
    if (option?.goToSectionId !== undefined) {
      const index = sections.findIndex((s) => s.header?.itemId === option.goToSectionId);
      if (index >= 0) target = index;
    } else if (option?.goToAction === 'SUBMIT_FORM') target = 'submit';
    else if (option?.goToAction === 'RESTART_FORM') target = 0;
    else if (option?.goToAction === 'NEXT_SECTION') target = current + 1;
  }
  return target === 'submit' || target >= sections.length ? 'submit' : target;
}

/** The sections a respondent with these answers passes through, from the first to submission. */
export function pathOf(sections: Section[], answers: Answers): number[] {
  const path: number[] = [];
  let at: number | 'submit' = 0;
  // A RESTART_FORM loop would never end; a revisited section means the respondent submits.
  while (at !== 'submit' && !path.includes(at)) {
    path.push(at);
    at = nextSection(sections, at, answers);
  }
  return path;
}

/** Errors of one section, keyed by question id: missing required answers and unacceptable values. */
export function sectionErrors(
  section: Section,
  answers: Answers,
  invalid: Set<string>,
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const item of section.items) {
    for (const q of questionsOf(item)) {
      if (!q.questionId) continue;
      if (invalid.has(q.questionId)) {
        errors.set(q.questionId, q.choiceQuestion ? MESSAGES.invalidChoice : MESSAGES.invalidValue);
      } else if (q.required && !answers[q.questionId]?.length) {
        errors.set(q.questionId, MESSAGES.required);
      }
    }
  }
  return errors;
}

/** Keeps only the answers of sections on the path: Google drops what branching skipped. */
export function keepVisited(sections: Section[], path: number[], answers: Answers): Answers {
  const kept: Answers = {};
  for (const index of path) {
    for (const item of sections[index]?.items ?? []) {
      for (const q of questionsOf(item)) {
        const values = q.questionId ? answers[q.questionId] : undefined;
        if (q.questionId && values) kept[q.questionId] = values;
      }
    }
  }
  return kept;
}
