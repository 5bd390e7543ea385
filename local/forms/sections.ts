// The respondent side of a form: sections, entry fields to answers, branching and required checks.
import { entryId } from './ids.ts';
import { questionsOf } from './items.ts';
import type { ChoiceOption, Item, Question } from './schemas.ts';
import type { StoredForm } from './state.ts';

export type Answers = Record<string, string[]>;

export interface Section {
  index: number;
  /** The page break that opens the section; none for the first one. */
  header?: Item;
  items: Item[];
}

/** Google's page posts `entry.N=__other_option__` plus `entry.N.other_option_response=text`. */
export const OTHER_OPTION = '__other_option__';

export const MESSAGES = {
  required: 'Đây là một câu hỏi bắt buộc',
  invalidChoice: 'Lựa chọn không hợp lệ',
  invalidValue: 'Giá trị không hợp lệ',
  invalidEmail: 'Địa chỉ email không hợp lệ',
};

export function sectionsOf(form: StoredForm): Section[] {
  const sections: Section[] = [{ index: 0, items: [] }];
  for (const item of form.items) {
    if (item.pageBreakItem) sections.push({ index: sections.length, header: item, items: [] });
    else sections.at(-1)?.items.push(item);
  }
  return sections;
}

/** Choice settings of a question; a grid row takes its choices from the grid's columns. */
export function choiceOf(q: Question, item: Item) {
  if (q.choiceQuestion) return q.choiceQuestion;
  if (q.rowQuestion) {
    const columns = item.questionGroupItem?.grid?.columns as
      | { type?: 'RADIO' | 'CHECKBOX'; options?: ChoiceOption[] }
      | undefined;
    return { type: columns?.type ?? 'RADIO', options: columns?.options ?? [] };
  }
  return undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}))?$/;

/** Normalizes one submitted value to Google's TextAnswer format; undefined when not acceptable. */
function normalize(q: Question, item: Item, raw: string, other: string): string | undefined {
  const choice = choiceOf(q, item);
  if (choice) {
    if (raw === OTHER_OPTION) {
      return choice.options?.some((o) => o.isOther) && other.trim() ? other.trim() : undefined;
    }
    return choice.options?.some((o) => !o.isOther && o.value === raw) ? raw : undefined;
  }
  if (q.scaleQuestion || q.ratingQuestion) {
    const n = Number(raw);
    const low = q.scaleQuestion ? (q.scaleQuestion.low ?? 0) : 1;
    const high = q.scaleQuestion
      ? (q.scaleQuestion.high ?? 0)
      : (q.ratingQuestion?.ratingScaleLevel ?? 0);
    return Number.isInteger(n) && n >= low && n <= high ? String(n) : undefined;
  }
  if (q.dateQuestion) {
    const m = DATE.exec(raw);
    if (!m) return /^\d{2}-\d{2}$/.test(raw) ? raw : undefined;
    const date =
      q.dateQuestion.includeYear === false ? `${m[2]}-${m[3]}` : `${m[1]}-${m[2]}-${m[3]}`;
    return q.dateQuestion.includeTime && m[4] ? `${date} ${m[4]}` : date;
  }
  if (q.timeQuestion) return /^\d{2}:\d{2}(:\d{2})?$/.test(raw) ? raw.slice(0, 5) : undefined;
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
      const name = `entry.${entryId(q.questionId)}`;
      const other = fields.get(`${name}.other_option_response`) ?? '';
      const raws = fields.getAll(name).filter((v) => v.trim() !== '');
      const values: string[] = [];
      for (const raw of raws) {
        const value = normalize(q, item, raw, other);
        if (value === undefined) invalid.add(q.questionId);
        else if (value !== '' && !values.includes(value)) values.push(value);
      }
      const single = choiceOf(q, item)?.type !== 'CHECKBOX';
      if (single && values.length > 1) invalid.add(q.questionId);
      if (values.length > 0) answers[q.questionId] = single ? values.slice(-1) : values;
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
    const choice = q?.choiceQuestion;
    if (!q?.questionId || !choice || choice.type === 'CHECKBOX') continue;
    const chosen = answers[q.questionId]?.[0];
    const option = choice.options?.find((o) => !o.isOther && o.value === chosen);
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
        errors.set(
          q.questionId,
          choiceOf(q, item) ? MESSAGES.invalidChoice : MESSAGES.invalidValue,
        );
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
