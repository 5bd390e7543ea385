// forms.batchUpdate: applies every request to a copy of the form and commits only if all succeed.
import type { z } from 'zod';
import { badRequest, invalidPayload } from '../api-error.ts';
import {
  assignIds,
  checkPath,
  copyPath,
  maskPaths,
  mergeItem,
  questionsOf,
  usedIds,
  validateForm,
  validateItem,
} from './items.ts';
import { batchUpdateSchema, infoSchema, type RequestKind, requestSchemas } from './schemas.ts';
import type { StoredForm } from './state.ts';

export type Reply = { createItem?: { itemId: string; questionId?: string[] } };

export interface BatchOutcome {
  form: StoredForm;
  replies: Reply[];
  /** Whether anything the respondent sees changed (info, items, settings). */
  changed: boolean;
}

export const revisionId = (form: StoredForm) => String(form.revision).padStart(8, '0');

function indexIn(index: number | undefined, length: number, where: string): number {
  if (index === undefined) throw badRequest(`${where}.index is required.`);
  if (index < 0 || index >= length) {
    throw badRequest(`${where}.index ${index} is out of range [0, ${length}).`);
  }
  return index;
}

function parseRequest(raw: Record<string, unknown>, i: number) {
  const kinds = Object.keys(raw);
  const kind = kinds[0];
  if (kinds.length !== 1 || !kind) {
    throw badRequest(`requests[${i}]: exactly one request kind must be set, got ${kinds.length}.`);
  }
  if (!(kind in requestSchemas)) {
    throw badRequest(
      `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
    );
  }
  return { kind: kind as RequestKind, body: raw[kind] };
}

function applyOne(form: StoredForm, raw: Record<string, unknown>, i: number): Reply {
  const { kind, body } = parseRequest(raw, i);
  const where = `requests[${i}].${kind}`;
  const items = form.items;
  switch (kind) {
    case 'createItem': {
      const req = parse(requestSchemas.createItem, body, where);
      if (!req.item) throw badRequest(`${where}.item is required.`);
      const at = indexIn(req.location?.index, items.length + 1, `${where}.location`);
      const item = structuredClone(req.item);
      validateItem(item, `${where}.item`);
      assignIds(item, usedIds(items));
      items.splice(at, 0, item);
      const questionIds = questionsOf(item).map((q) => q.questionId ?? '');
      return {
        createItem: {
          itemId: item.itemId ?? '',
          ...(questionIds.length > 0 ? { questionId: questionIds } : {}),
        },
      };
    }
    case 'updateItem': {
      const req = parse(requestSchemas.updateItem, body, where);
      if (!req.item) throw badRequest(`${where}.item is required.`);
      const at = indexIn(req.location?.index, items.length, `${where}.location`);
      const existing = items[at];
      if (!existing) throw badRequest(`${where}.location is out of range.`);
      const merged = mergeItem(existing, req.item, maskPaths(req.updateMask, where), where);
      validateItem(merged, `${where}.item`);
      assignIds(merged, usedIds(items.filter((_, j) => j !== at)));
      items[at] = merged;
      return {};
    }
    case 'updateFormInfo': {
      const req = parse(requestSchemas.updateFormInfo, body, where);
      for (const path of maskPaths(req.updateMask, where)) {
        const fields = path[0] === '*' ? [['title'], ['description']] : [path];
        for (const field of fields) {
          if (field[0] === 'documentTitle') {
            throw badRequest(`${where}: documentTitle cannot be updated; use the Drive API.`);
          }
          checkPath(infoSchema, field, where);
          copyPath(form.info, req.info, field);
        }
      }
      return {};
    }
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const error = invalidPayload(result.error);
    error.message = error.message.replace('received', `received in ${where}`);
    throw error;
  }
  return result.data;
}

/** Applies a batchUpdate body to a copy of `current`; throws ApiError and changes nothing on failure. */
export function applyBatch(current: StoredForm, rawBody: unknown): BatchOutcome {
  const parsed = batchUpdateSchema.safeParse(rawBody ?? {});
  if (!parsed.success) throw invalidPayload(parsed.error);
  const form = structuredClone(current);
  const replies = (parsed.data.requests ?? []).map((raw, i) => applyOne(form, raw, i));
  validateForm(form.items);
  const changed =
    JSON.stringify([form.info, form.items, form.settings]) !==
    JSON.stringify([current.info, current.items, current.settings]);
  if (changed) form.revision += 1;
  return { form, replies, changed };
}
