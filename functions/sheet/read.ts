// Reads the master sheet's state in one request and rebuilds the campaign around its live registry.
import { type Campaign, withUnits } from '../../forms/campaign.ts';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import { type SheetLayout, sheetLayout } from './layout.ts';
import { type CellValue, parseState, type SheetState, stateRanges } from './state.ts';

export interface LiveSheet {
  /** The campaign with the units as "Tiến độ" lists them now (emails edited by hand included). */
  campaign: Campaign;
  layout: SheetLayout;
  state: SheetState;
}

export async function readSheetState(
  clients: GoogleClients,
  spreadsheetId: string,
  base: Campaign,
  backoff: CallPolicy,
): Promise<LiveSheet> {
  const layout = sheetLayout(base);
  const read = await callGoogle(
    'sheets.values.batchGet',
    () =>
      clients.sheets.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: stateRanges(layout),
        valueRenderOption: 'UNFORMATTED_VALUE',
      }),
    backoff,
  );
  const ranges = (read.data.valueRanges ?? []).map((r) => r.values as CellValue[][] | undefined);
  const first = parseState(base, layout, ranges);
  if (first.units.length === 0) return { campaign: base, layout, state: first };
  const campaign = withUnits(base, first.units);
  return { campaign, layout, state: parseState(campaign, layout, ranges) };
}
