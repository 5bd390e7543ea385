// `baocao compare --previous FILE`: the live sheet's figures beside the previous campaign's export, merged units mapped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Campaign } from '../../forms/campaign.ts';
import type { CallPolicy } from '../../functions/platform/call-google.ts';
import type { GoogleClients } from '../../functions/platform/google.ts';
import { csvText } from '../csv.ts';
import { readForExport } from '../export/read.ts';
import {
  compareWithPrevious,
  comparisonRows,
  formatComparison,
  PreviousFiguresError,
  parseExportCsv,
} from './figures.ts';

export interface CompareDeps {
  clients: GoogleClients;
  spreadsheetId: string;
  /** With the registry file's units: their history maps last year's units to today's. */
  campaign: Campaign;
  backoff: CallPolicy;
}

/** Prints the comparison; with `out`, also writes each unit's pair of columns as CSV there. */
export async function runCompare(
  deps: CompareDeps,
  options: { previous: string; out?: string | undefined },
  write: (text: string) => void,
): Promise<void> {
  if (!existsSync(options.previous)) {
    throw new PreviousFiguresError(
      `không có tệp «${options.previous}»: --previous nhận tệp CSV do «baocao export» ghi cho đợt trước`,
    );
  }
  const previous = parseExportCsv(readFileSync(options.previous, 'utf8'), options.previous);
  const data = await readForExport(deps.clients, deps.spreadsheetId, deps.campaign, deps.backoff);
  const comparison = compareWithPrevious(deps.campaign, data.units, previous);
  write(formatComparison(deps.campaign, comparison));
  if (options.out) {
    writeFileSync(options.out, csvText(comparisonRows(comparison)));
    write(`Đã ghi bảng so sánh từng đơn vị vào ${options.out}\n`);
  }
}
