// Reads the master sheet's state in one request and rebuilds the campaign around its live registry.
import { type Campaign, withUnits } from '../../forms/campaign.ts';
import { PermanentError } from '../../forms/errors.ts';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { CellValue } from './cells.ts';
import {
  LAYOUT_VERSION,
  READABLE_LAYOUT_VERSIONS,
  type SheetLayout,
  sheetLayout,
} from './layout.ts';
import type { LogWindow } from './log-window.ts';
import {
  LINKS_RANGE,
  parseState,
  type SheetState,
  STATE_RANGE_COUNT,
  stateRanges,
} from './state.ts';

export interface LiveSheet {
  /** The campaign with the units as "Tiến độ" lists them now (emails edited by hand included). */
  campaign: Campaign;
  layout: SheetLayout;
  state: SheetState;
}

/**
 * The sheet's layout version is not this release's: reading or writing by this release's
 * positions would put numbers under the wrong headers. Permanent until someone acts.
 */
export class SheetLayoutError extends PermanentError {
  constructor(readonly found: string) {
    const n = Number(found);
    super(
      Number.isInteger(n) && n > 0 && n < LAYOUT_VERSION
        ? `The master sheet has layout version ${found}; this release needs ${LAYOUT_VERSION}: run "baocao setup" to upgrade it`
        : `The master sheet has layout version "${found}", which this release (layout ${LAYOUT_VERSION}) does not know: deploy the release that made it`,
    );
  }

  /** What the coordinator is told, in Vietnamese, with the one thing to do. */
  get advice(): string {
    const n = Number(this.found);
    return Number.isInteger(n) && n > 0 && n < LAYOUT_VERSION
      ? `Bảng tổng hợp còn ở bố cục phiên bản ${this.found}, phiên bản phần mềm hiện tại cần bố cục ${LAYOUT_VERSION}. Hãy chạy "baocao setup" để nâng cấp bảng (số liệu và những gì người tổng hợp đã nhập được giữ nguyên).`
      : `Bảng tổng hợp có bố cục phiên bản "${this.found}" mà phần mềm đang chạy (bố cục ${LAYOUT_VERSION}) không nhận ra. Hãy báo người quản trị triển khai đúng phiên bản đã tạo bảng.`;
  }
}

/**
 * The sheet's state in one values.batchGet. With a log window (a warm sync instance's), only the
 * log's rows a sync can still use are read; if the row before them no longer holds the key it
 * held (the log was sorted or cut by hand), the log is read whole again, in a second request.
 * The same for "Liên kết" when the window derives the links: its first row alone, the tab whole
 * again in a second request if that row is not the link derived.
 */
export async function readSheetState(
  clients: GoogleClients,
  spreadsheetId: string,
  base: Campaign,
  backoff: CallPolicy,
  window?: LogWindow,
): Promise<LiveSheet> {
  const layout = sheetLayout(base);
  const links = window?.links;
  const get = async (from: number) => {
    const read = await callGoogle(
      'sheets.values.batchGet',
      () =>
        clients.sheets.spreadsheets.values.batchGet({
          spreadsheetId,
          ranges: stateRanges(layout, from, !links?.known),
          valueRenderOption: 'UNFORMATTED_VALUE',
        }),
      backoff,
      { idempotent: true },
    );
    return (read.data.valueRanges ?? []).map((r) => r.values as CellValue[][] | undefined);
  };
  const start = window?.from;
  let from = start?.row ?? layout.log.firstRow;
  let ranges = await get(from);
  const before = ranges[STATE_RANGE_COUNT]?.[0]?.[0];
  if (start && String(before ?? '').trim() !== start.keyBefore) {
    window?.forget();
    from = layout.log.firstRow;
    ranges = await get(from);
  }
  // Parsed once: parseState takes only the campaign's groups, which the live registry keeps, so
  // a second parse under the rebuilt campaign gave the same state at twice the cost.
  let state = parseState(base, layout, ranges, from);
  if (links?.known) {
    const firstLink = ranges[LINKS_RANGE]?.[0] ?? [];
    if (links.holds(base, state.units, firstLink)) {
      for (const p of state.progress.values()) p.link = links.linkOf(base, p.unit);
    } else {
      // The derivation no longer gives what the tab holds: the tab is read whole again.
      links.forget();
      ranges = await get(from);
      state = parseState(base, layout, ranges, from);
    }
  }
  if (links && !links.known) links.learn(base, state.progress.values());
  const version = state.system.layoutVersion.value;
  if (!READABLE_LAYOUT_VERSIONS.some((v) => version === String(v)))
    throw new SheetLayoutError(version);
  window?.advance(state.log.rows, state.log.nextRow, state.system.checkpoint.value);
  if (state.units.length === 0) return { campaign: base, layout, state };
  return { campaign: withUnits(base, state.units), layout, state };
}
