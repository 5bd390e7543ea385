// What setup remembers between runs: the form and sheet it made for a campaign, in a small JSON file.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PermanentError } from '../forms/errors.ts';

export const setupStateSchema = z.object({
  campaign: z.string(),
  formId: z.string(),
  responderUri: z.url(),
  spreadsheetId: z.string(),
  spreadsheetUrl: z.string(),
  watchId: z.string().optional(),
  updatedAt: z.string(),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export class SetupStateError extends PermanentError {
  constructor(file: string, options?: { cause?: unknown }) {
    super(
      `Tệp trạng thái ${file} bị hỏng hoặc không đúng định dạng; hãy kiểm tra hoặc xóa nó rồi chạy lại.`,
      options,
    );
  }
}

/** A small file the CLI keeps, as text; undefined when it was never written. */
export function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function readSetupState(file: string): SetupState | undefined {
  const text = readIfPresent(file);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SetupStateError(file, { cause });
  }
  const parsed = setupStateSchema.safeParse(json);
  if (!parsed.success) throw new SetupStateError(file, { cause: parsed.error });
  return parsed.data;
}

export function writeSetupState(file: string, state: SetupState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
