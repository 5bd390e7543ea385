// Validation of form items and their ids, and update-mask merging, shared by the batchUpdate requests.
import type { z } from 'zod';
import { badRequest } from '../api-error.ts';
import { entryId, HEX_ID, hexId } from './ids.ts';
import { type Item, itemSchema, type Question } from './schemas.ts';

const ITEM_KINDS = ['questionItem', 'pageBreakItem', 'textItem'] as const;
const QUESTION_KINDS = ['choiceQuestion', 'textQuestion'] as const;

/** The questions an item poses: one for a question item, none for page breaks and text. */
export function questionsOf(item: Item): Question[] {
  return item.questionItem?.question ? [item.questionItem.question] : [];
}

/** Ids already used in a form: item ids and question ids share one namespace, as on Google. */
export function usedIds(items: Item[]): Set<string> {
  const used = new Set<string>();
  for (const item of items) {
    if (item.itemId) used.add(entryId(item.itemId));
    for (const q of questionsOf(item)) if (q.questionId) used.add(entryId(q.questionId));
  }
  return used;
}

function claimId(given: string | undefined, used: Set<string>, what: string): string {
  if (given) {
    if (!HEX_ID.test(given)) throw badRequest(`Invalid ${what} "${given}": must be hexadecimal.`);
    if (used.has(entryId(given))) throw badRequest(`The ${what} "${given}" is already in use.`);
    used.add(entryId(given));
    return given.toLowerCase();
  }
  for (;;) {
    const id = hexId();
    if (!used.has(entryId(id))) {
      used.add(entryId(id));
      return id;
    }
  }
}

/** Gives an item and its questions ids: the ones provided (checked) or new ones. */
export function assignIds(item: Item, used: Set<string>): void {
  item.itemId = claimId(item.itemId, used, 'item ID');
  for (const q of questionsOf(item)) q.questionId = claimId(q.questionId, used, 'question ID');
}

function exactlyOne(object: object, kinds: readonly string[], where: string): string {
  const present = kinds.filter((k) => (object as Record<string, unknown>)[k] !== undefined);
  const first = present[0];
  if (present.length !== 1 || !first) {
    throw badRequest(`${where}: exactly one of ${kinds.join(', ')} must be set.`);
  }
  return first;
}

function validateQuestion(q: Question, where: string): void {
  exactlyOne(q, QUESTION_KINDS, where);
  const choice = q.choiceQuestion;
  if (!choice) return;
  if (!choice.type) throw badRequest(`${where}.choiceQuestion.type is required.`);
  const options = choice.options ?? [];
  if (options.length === 0) throw badRequest(`${where}.choiceQuestion.options must not be empty.`);
  const seen = new Set<string>();
  for (const [i, option] of options.entries()) {
    const at = `${where}.choiceQuestion.options[${i}]`;
    if (!option.value) throw badRequest(`${at}.value is required.`);
    if (seen.has(option.value)) throw badRequest(`${at}: duplicate option "${option.value}".`);
    seen.add(option.value);
    if (option.goToAction !== undefined && option.goToSectionId !== undefined) {
      throw badRequest(`${at}: set goToAction or goToSectionId, not both.`);
    }
  }
}

/** Checks an item the way Google does before it lands in a form. */
export function validateItem(item: Item, where: string): void {
  if (exactlyOne(item, ITEM_KINDS, where) !== 'questionItem') return;
  const q = item.questionItem?.question;
  if (!q) throw badRequest(`${where}.questionItem.question is required.`);
  validateQuestion(q, `${where}.questionItem.question`);
}

/** Checks what only the whole form can tell: branching targets must be page breaks of this form. */
export function validateForm(items: Item[]): void {
  const sections = new Set(items.filter((i) => i.pageBreakItem).map((i) => i.itemId));
  for (const [index, item] of items.entries()) {
    for (const option of item.questionItem?.question?.choiceQuestion?.options ?? []) {
      if (option.goToSectionId !== undefined && !sections.has(option.goToSectionId)) {
        throw badRequest(
          `items[${index}]: goToSectionId "${option.goToSectionId}" is not a page break item of this form.`,
        );
      }
    }
  }
}

const camel = (segment: string) => segment.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Splits a field mask ('title,questionItem.question.required' or snake_case) into paths. */
export function maskPaths(mask: string | undefined, where: string): string[][] {
  const paths = (mask ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) throw badRequest(`${where}: updateMask must name at least one field.`);
  return paths.map((p) => (p === '*' ? ['*'] : p.split('.').map(camel)));
}

function unwrapShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: unknown = schema;
  for (let i = 0; i < 3; i++) {
    const s = current as { shape?: Record<string, z.ZodType>; unwrap?: () => unknown };
    if (s.shape) return s.shape;
    if (typeof s.unwrap !== 'function') return undefined;
    current = s.unwrap();
  }
  return undefined;
}

/** Rejects a mask path that names no field of the schema, like Google's "invalid field mask". */
export function checkPath(schema: z.ZodType, path: string[], where: string): void {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    const shape: Record<string, z.ZodType> | undefined = current ? unwrapShape(current) : undefined;
    current = shape?.[segment];
    if (!current) throw badRequest(`${where}: invalid field mask path "${path.join('.')}".`);
  }
}

type Json = Record<string, unknown>;

/** Copies the value at `path` from `source` into `target` (deleting it when the source lacks it). */
export function copyPath(target: Json, source: Json | undefined, path: string[]): void {
  const [head, ...rest] = path;
  if (!head) return;
  const value = source?.[head];
  if (rest.length === 0) {
    if (value === undefined) delete target[head];
    else target[head] = structuredClone(value);
    return;
  }
  const child = (target[head] ?? {}) as Json;
  target[head] = child;
  copyPath(child, value as Json | undefined, rest);
}

/** Applies an updateItem: the masked fields of `update` over `existing`, ids re-derived as Google says. */
export function mergeItem(existing: Item, update: Item, paths: string[][], where: string): Item {
  if (paths.some((p) => p[0] === '*')) return structuredClone(update);
  const merged = structuredClone(existing) as Json;
  for (const path of paths) {
    checkPath(itemSchema, path, where);
    copyPath(merged, update as Json, path);
  }
  return merged as Item;
}
