// Campaign definition problems in Vietnamese, for the coordinator who writes the campaign file.
import type * as z from 'zod/mini';
import { formatPath } from './issues.ts';

/** One problem, at a field of the definition (`parts`, for finding it in a file) and in words. */
export interface DefinitionIssue {
  /** The path as a reader finds the field: sections[0].rows[2].label; "(root)" for the whole. */
  path: string;
  parts: readonly (string | number)[];
  /** A key the format does not have, when that is the problem: the file shows it at the key. */
  key?: string;
  message: string;
}

const TYPES: Record<string, string> = {
  string: 'một chuỗi chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'true hoặc false',
  array: 'một danh sách',
  object: 'một nhóm trường (khóa: giá trị)',
};

const quote = (v: unknown) => (typeof v === 'string' ? `«${v}»` : String(v));

type Issue = z.core.$ZodIssue;

/** Zod's own texts are English; ours (refinements, formats) are written in Vietnamese in schema.ts. */
function message(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const want = TYPES[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `thiếu trường bắt buộc (cần ${want})`;
      if (issue.expected === 'string' && typeof issue.input === 'number')
        return `cần một chuỗi chữ, không phải số: hãy đặt trong dấu nháy, ví dụ '${issue.input}'`;
      return `cần ${want}`;
    }
    case 'invalid_value':
      return `chỉ nhận một trong các giá trị ${issue.values.map(quote).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `cần ít nhất ${issue.minimum} mục`
        : issue.origin === 'string'
          ? 'không được để trống'
          : `phải từ ${issue.minimum} trở lên`;
    case 'too_big':
      return issue.origin === 'array'
        ? `nhiều nhất ${issue.maximum} mục`
        : `phải không quá ${issue.maximum}`;
    case 'invalid_union':
      return issue.message.startsWith('không')
        ? issue.message
        : 'không đúng dạng nào được chấp nhận ở đây';
    default:
      return issue.message;
  }
}

/**
 * A union (a rule's condition or expression) reports every branch's failure; the coordinator
 * meant the branch whose keys they wrote, so the problem shown is that branch's.
 */
function flatten(issue: Issue, prefix: readonly PropertyKey[]): Issue[] {
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const meant = issue.errors.filter(
      (branch) => !branch.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0),
    );
    if (meant.length === 1 && meant[0]) return meant[0].flatMap((i) => flatten(i, at));
    const forms = issue.errors
      .map((branch) =>
        branch
          .filter((i) => i.code === 'invalid_type' && i.input === undefined && i.path.length === 1)
          .map((i) => String(i.path[0])),
      )
      .filter((keys) => keys.length > 0)
      .map((keys) => `{ ${keys.join(', ')} }`);
    if (forms.length > 0) {
      const message = `không đúng dạng nào được chấp nhận ở đây; các dạng có: ${forms.join(' hoặc ')}`;
      return [{ code: 'custom', path: at, message, input: issue.input } as Issue];
    }
  }
  return [{ ...issue, path: at } as Issue];
}

export function definitionIssues(error: z.core.$ZodError): DefinitionIssue[] {
  return error.issues
    .flatMap((i) => flatten(i, []))
    .flatMap((issue) => {
      const parts = issue.path.filter(
        (p): p is string | number => typeof p === 'string' || typeof p === 'number',
      );
      const path = formatPath(parts) || '(root)';
      const text = message(issue);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          path,
          parts,
          key,
          message: `định dạng không có trường «${key}» (gõ nhầm tên trường?)`,
        }));
      }
      return [{ path, parts, message: text }];
    });
}
