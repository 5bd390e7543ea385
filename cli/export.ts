// `baocao export`: the live sheet's numbers written as the official XLSX and PDF (and a CSV) in a folder.
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Campaign } from '../forms/campaign.ts';
import { localParts } from '../forms/format.ts';
import type { CallPolicy } from '../functions/platform/call-google.ts';
import type { GoogleClients } from '../functions/platform/google.ts';
import { toCsv } from './export/csv.ts';
import { libreOfficeRenderer, PdfRenderError, type PdfRenderer } from './export/pdf.ts';
import { type ExportData, readForExport } from './export/read.ts';
import { buildUnitWorkbook, buildWorkbook, writeWorkbook } from './export/xlsx.ts';

export interface ExportDeps {
  clients: GoogleClients;
  spreadsheetId: string;
  campaign: Campaign;
  backoff: CallPolicy;
  now: () => Date;
  /** Headless LibreOffice unless given. */
  renderPdf?: PdfRenderer;
}

export interface ExportOptions {
  /** Also every unit's row ("Các đơn vị") and each reporting unit's own signed-copy table. */
  perUnit: boolean;
  csv: boolean;
  /** A PDF beside each XLSX (default): the copy that is signed and sent. */
  pdf?: boolean;
}

export interface UnitFiles {
  unitId: string;
  xlsx: string;
  pdf?: string;
}

export interface ExportResult {
  xlsx: string;
  pdf?: string;
  csv?: string;
  /** `--per-unit`: each reporting unit's own table. */
  units: UnitFiles[];
  /** One Vietnamese line for the coordinator. */
  summary: string;
  /** Cells that held text where a number belongs (left blank in the files), a PDF not made. */
  warnings: string[];
  data: ExportData;
}

/** "20211007-0905" in the campaign's time zone: files sort by when they were made. */
export function fileStamp(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}`;
}

export async function runExport(
  deps: ExportDeps,
  outDir: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const { campaign, spreadsheetId } = deps;
  const madeAt = deps.now();
  const data = await readForExport(deps.clients, spreadsheetId, campaign, deps.backoff);
  const base = join(outDir, `${campaign.id}-tong-hop-${fileStamp(madeAt, campaign.timezone)}`);
  await mkdir(outDir, { recursive: true });
  const xlsx = `${base}.xlsx`;
  const perUnit = options.perUnit;
  await writeWorkbook(buildWorkbook(campaign, data, madeAt, { perUnit, spreadsheetId }), xlsx);

  // Each unit that reported gets its own table to print, sign and file.
  const units: UnitFiles[] = [];
  const reporting = perUnit ? data.units.filter((u) => u.version) : [];
  if (reporting.length) await mkdir(`${base}-don-vi`, { recursive: true });
  for (const unit of reporting) {
    const file = join(`${base}-don-vi`, `${unit.id}.xlsx`);
    await writeWorkbook(buildUnitWorkbook(campaign, unit, madeAt, { spreadsheetId }), file);
    units.push({ unitId: unit.id, xlsx: file });
  }

  const warnings = [...data.warnings];
  let pdf: string | undefined;
  if (options.pdf ?? true) {
    // The PDF is made from a copy holding only the printed table (no audit or per-unit sheet).
    const work = await mkdtemp(join(tmpdir(), 'baocao-export-pdf-'));
    try {
      const jobs: { print: string; target: string; unit?: UnitFiles }[] = [
        { print: join(work, basename(xlsx)), target: `${base}.pdf` },
      ];
      await writeWorkbook(
        buildWorkbook(campaign, data, madeAt, { perUnit, spreadsheetId, printOnly: true }),
        jobs[0]?.print ?? '',
      );
      for (const [i, unit] of reporting.entries()) {
        const files = units[i];
        if (!files) continue;
        const print = join(work, basename(files.xlsx));
        const target = files.xlsx.replace(/\.xlsx$/, '.pdf');
        const book = buildUnitWorkbook(campaign, unit, madeAt, { spreadsheetId, printOnly: true });
        await writeWorkbook(book, print);
        jobs.push({ print, target, unit: files });
      }
      await (deps.renderPdf ?? libreOfficeRenderer())(
        jobs.map((j) => j.print),
        join(work, 'pdf'),
      );
      for (const job of jobs) {
        const made = join(work, 'pdf', basename(job.print).replace(/\.xlsx$/, '.pdf'));
        if (!(await stat(made).catch(() => undefined))) {
          throw new PdfRenderError(`LibreOffice không tạo ra ${basename(made)}`);
        }
        await copyFile(made, job.target);
        if (job.unit) job.unit.pdf = job.target;
        else pdf = job.target;
      }
    } catch (error) {
      if (!(error instanceof PdfRenderError)) throw error;
      warnings.push(`Không tạo được tệp PDF: ${error.message}. Tệp XLSX vẫn đầy đủ.`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  let csv: string | undefined;
  if (options.csv) {
    csv = `${base}.csv`;
    await writeFile(csv, toCsv(campaign, data), 'utf8');
  }
  const files = [xlsx, pdf, csv].filter(Boolean).join(', ');
  const unitNote = units.length
    ? `; bảng riêng của ${units.length} đơn vị trong ${base}-don-vi`
    : '';
  const warned = warnings.length ? ` (${warnings.length} điều cần kiểm tra)` : '';
  return {
    xlsx,
    ...(pdf ? { pdf } : {}),
    ...(csv ? { csv } : {}),
    units,
    summary: `Đã xuất bảng tổng hợp (${data.reported}/${data.total} đơn vị đã báo cáo) ra ${files}${unitNote}${warned}.`,
    warnings,
    data,
  };
}
