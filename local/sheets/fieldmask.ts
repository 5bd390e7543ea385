// Google field masks: which fields an update touches, and which fields a response keeps (`fields=`).
import { badRequest } from '../api-error.ts';
import type { Json, JsonObject } from './model.ts';

/** Expands `a.b(c,d),e` into paths [['a','b','c'], ['a','b','d'], ['e']]. */
export function parseFieldMask(mask: string): string[][] {
  let pos = 0;
  const text = mask.replace(/\s+/g, '');
  const parseList = (prefix: string[]): string[][] => {
    const out: string[][] = [];
    for (;;) {
      const start = pos;
      while (pos < text.length && !',()'.includes(text[pos] as string)) pos++;
      const path = [...prefix, ...text.slice(start, pos).split('.').filter(Boolean)];
      if (text[pos] === '(') {
        pos++;
        out.push(...parseList(path));
        if (text[pos] !== ')') throw badRequest(`Invalid field mask: ${mask}`);
        pos++;
      } else if (path.length > prefix.length) {
        out.push(path);
      }
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      return out;
    }
  };
  const paths = parseList([]);
  if (pos !== text.length) throw badRequest(`Invalid field mask: ${mask}`);
  return paths;
}

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Copies the masked fields from `source` onto `target`; a field absent in the source is
 * cleared, as Google does. `*` copies every top-level field.
 */
export function applyFieldMask(target: JsonObject, source: JsonObject, paths: string[][]): void {
  // The same walk as withFieldMask; the result copied whole, so target shares nothing with source.
  const next = structuredClone(withFieldMask(target, source, paths));
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, next);
}

/**
 * `target` with the masked fields of `source` applied, as `applyFieldMask` would leave a copy of
 * it, without copying what the mask does not reach: the result is a new object, and so is every
 * object on a mask path, but other values are shared with `target` and `source`. For a caller
 * that copies the result anyway (a cell is parsed into fresh objects before it is stored).
 */
export function withFieldMask(
  target: JsonObject | undefined,
  source: JsonObject,
  paths: string[][],
): JsonObject {
  const out: JsonObject = { ...target };
  // Objects made here, which may be edited; any other object is copied before an edit.
  const own = new Set<JsonObject>([out]);
  for (const path of paths) {
    if (path.length === 1 && path[0] === '*') {
      for (const key of Object.keys(out)) delete out[key];
      for (const [key, value] of Object.entries(source)) out[key] = value;
      continue;
    }
    let from: Json | undefined = source;
    let to: JsonObject = out;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] as string;
      from = isObject(from) ? from[key] : undefined;
      if (i === path.length - 1) {
        if (from === undefined) delete to[key];
        else to[key] = from;
      } else {
        const next = to[key];
        if (!isObject(next) && from === undefined) break;
        const mine: JsonObject = isObject(next) ? (own.has(next) ? next : { ...next }) : {};
        own.add(mine);
        to[key] = mine;
        to = mine;
      }
    }
  }
  return out;
}

interface MaskTree {
  [key: string]: MaskTree;
}

function toTree(paths: string[][]): MaskTree {
  const root: MaskTree = {};
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      node[key] ??= {};
      node = node[key];
    }
  }
  return root;
}

/** Keeps only the fields a `fields=` parameter asks for; arrays are projected element-wise. */
export function projectFields(value: Json | undefined, mask: string): Json | undefined {
  const tree = toTree(parseFieldMask(mask));
  const walk = (v: Json | undefined, node: MaskTree): Json | undefined => {
    if (Object.keys(node).length === 0 || node['*']) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, node) ?? {});
    if (!isObject(v)) return v;
    const out: JsonObject = {};
    for (const [key, sub] of Object.entries(node)) {
      const picked = walk(v[key], sub);
      if (picked !== undefined) out[key] = picked;
    }
    return out;
  };
  return walk(value, tree);
}

/** True when a `fields=` mask asks for anything under `key` at any depth (e.g. grid data). */
export function maskMentions(mask: string | undefined, key: string): boolean {
  if (!mask) return false;
  return parseFieldMask(mask).some((path) => path.includes(key));
}
