// PDFs beside the XLSX files, made by headless LibreOffice: the copy a coordinator signs digitally and sends.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PermanentError } from '../../forms/errors.ts';

/** Converts each input XLSX to a PDF of the same base name in `outDir`. */
export type PdfRenderer = (inputs: readonly string[], outDir: string) => Promise<void>;

/** LibreOffice is missing or failed: the XLSX files are written all the same. */
export class PdfRenderError extends PermanentError {}

export interface LibreOfficeOptions {
  command?: string;
  /** The renderer's environment (its locale among it); the CLI's own by default. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * One `soffice --headless --convert-to pdf` for all inputs: its start-up is most of the time. A
 * fresh profile per run lets two exports (or a desktop LibreOffice) run side by side. LibreOffice
 * embeds the fonts it used, Times New Roman or its metric twin Liberation Serif.
 */
export function libreOfficeRenderer(options: LibreOfficeOptions = {}): PdfRenderer {
  const command = options.command ?? 'soffice';
  return async (inputs, outDir) => {
    if (inputs.length === 0) return;
    const profile = await mkdtemp(join(tmpdir(), 'baocao-soffice-'));
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(
          command,
          [
            `-env:UserInstallation=${pathToFileURL(profile).href}`,
            '--headless',
            '--norestore',
            '--convert-to',
            'pdf',
            '--outdir',
            outDir,
            ...inputs,
          ],
          { env: options.env ?? process.env, timeout: options.timeoutMs ?? 180_000 },
          (error, _stdout, stderr) => {
            if (!error) return resolve();
            const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
            reject(
              new PdfRenderError(
                missing
                  ? `chưa cài LibreOffice (không tìm thấy lệnh "${command}")`
                  : `LibreOffice báo lỗi: ${String(stderr).trim() || error.message}`,
                { cause: error },
              ),
            );
          },
        );
      });
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  };
}
