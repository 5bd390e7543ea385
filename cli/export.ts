// `baocao export`: the live sheet's numbers written as the official XLSX (and a CSV) in a folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Campaign } from '../forms/campaign.ts';
import { localParts } from '../forms/format.ts';
import type { CallPolicy } from '../functions/platform/call-google.ts';
import type { GoogleClients } from '../functions/platform/google.ts';
import { toCsv } from './export/csv.ts';
import { type ExportData, readForExport } from './export/read.ts';
import { buildWorkbook } from './export/xlsx.ts';

export interface ExportDeps {
  clients: GoogleClients;
  spreadsheetId: string;
  campaign: Campaign;
  backoff: CallPolicy;
  now: () => Date;
}

export interface ExportOptions {
  perUnit: boolean;
  csv: boolean;
}

export interface ExportResult {
  xlsx: string;
  csv?: string;
  /** One Vietnamese line for the coordinator. */
  summary: string;
  /** Cells that held text where a number belongs (left blank in the files). */
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
  const { campaign } = deps;
  const madeAt = deps.now();
  const data = await readForExport(deps.clients, deps.spreadsheetId, campaign, deps.backoff);
  const base = join(outDir, `${campaign.id}-tong-hop-${fileStamp(madeAt, campaign.timezone)}`);
  await mkdir(outDir, { recursive: true });
  const xlsx = `${base}.xlsx`;
  await buildWorkbook(campaign, data, madeAt, { perUnit: options.perUnit }).xlsx.writeFile(xlsx);
  let csv: string | undefined;
  if (options.csv) {
    csv = `${base}.csv`;
    await writeFile(csv, toCsv(campaign, data), 'utf8');
  }
  const files = csv ? `${xlsx} và ${csv}` : xlsx;
  const warned = data.warnings.length ? ` (${data.warnings.length} ô cần kiểm tra)` : '';
  return {
    xlsx,
    ...(csv ? { csv } : {}),
    summary: `Đã xuất bảng tổng hợp (${data.reported}/${data.total} đơn vị đã báo cáo) ra ${files}${warned}.`,
    warnings: data.warnings,
    data,
  };
}
