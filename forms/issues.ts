// Validation issues as readers see them, named by path; no schema here, so importing it costs nothing.
import type * as z from 'zod/mini';

/** Renders a zod path the way a reader finds the field: sections[0].rows[2].label. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export function issuesOf(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: i.message }));
}
