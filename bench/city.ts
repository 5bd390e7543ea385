// City scale (issue 17): setup of a 3,000-unit campaign, a lone response with 20,000 versions logged, the sheet view and `status` first byte.

import { cliCallPolicy } from '../cli/call-policy.ts';
import { formatStatus, statusSummary } from '../cli/status.ts';
import { versionKey } from '../functions/core/outcome.ts';
import { loadConfig } from '../functions/platform/config.ts';
import { googleClients } from '../functions/platform/google.ts';
import type { CellData, RowData } from '../functions/sheet/cells.ts';
import { SHEET_ID, sheetLayout, TAB } from '../functions/sheet/layout.ts';
import { readSheetState } from '../functions/sheet/read.ts';
import type { LocalMode, LocalModeOptions } from '../local/localmode.ts';
import { startLocalMode } from '../local/localmode.ts';
import { findSheetByTitle } from '../local/sheets/model.ts';
import { type Lone, loneResponse } from './ingest.ts';
import type { LogWatch } from './observe.ts';

/** Google's limit on the cells of one spreadsheet, all tabs together. */
export const GOOGLE_CELL_LIMIT = 10_000_000;

export interface CitySetup {
  units: number;
  ms: number;
  reads: number;
  writes: number;
  cells: number;
  tabs: { title: string; rows: number; columns: number }[];
}

export interface Steady extends Lone {
  logged: number;
  fillMs: number;
  /** What the instance's first lone response read, the whole log with it. */
  coldReadBytes: number;
}

export interface FirstByte {
  viewMs: number;
  viewBytes: number;
  statusMs: number;
  statusLines: number;
}

/** Grid cells of every tab, as Google counts them against its limit (empty ones included). */
function cellsOf(local: LocalMode): CitySetup['tabs'] {
  const ss = local.standIns.sheets.getSpreadsheet(local.state.spreadsheetId);
  return (ss?.sheets ?? []).map((s) => ({
    title: s.properties.title,
    rows: s.properties.gridProperties.rowCount,
    columns: s.properties.gridProperties.columnCount,
  }));
}

/** Starts local mode over `units` synthetic units and measures the setup it runs. */
export async function citySetup(
  options: LocalModeOptions & { units: number },
): Promise<{ local: LocalMode; setup: CitySetup }> {
  const started = performance.now();
  const local = await startLocalMode(options);
  const ms = performance.now() - started;
  const stats = local.standIns.sheets.faults.stats;
  const tabs = cellsOf(local);
  return {
    local,
    setup: {
      units: options.units,
      ms,
      reads: stats.reads,
      writes: stats.writes,
      cells: tabs.reduce((n, t) => n + t.rows * t.columns, 0),
      tabs,
    },
  };
}

const str = (v: string): CellData => ({ userEnteredValue: { stringValue: v } });

/**
 * Earlier versions written into "Nhật ký" through the Sheets API, as past runs would have left
 * them (receipts sent, raw answers kept), in chunks that stay under the 20 MB request limit.
 */
export async function fillLog(local: LocalMode, count: number): Promise<number> {
  const started = performance.now();
  const clients = googleClients(loadConfig(local.functionEnv));
  const layout = sheetLayout(local.campaign);
  const units = local.campaign.units;
  const ss = local.standIns.sheets.getSpreadsheet(local.state.spreadsheetId);
  const log = ss ? findSheetByTitle(ss, TAB.log) : undefined;
  let next = Math.max(log?.rows.length ?? 0, layout.log.firstRow - 1);
  const base = Date.parse('2021-10-01T01:00:00.000Z');
  const CHUNK = 2_500;
  for (let from = 0; from < count; from += CHUNK) {
    const rows: RowData[] = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const unit = units[i % units.length];
      const responseId = `ACYDBNfill${String(i).padStart(6, '0')}`;
      const submittedAt = new Date(base + i * 7_000).toISOString();
      const values: Record<string, string> = {
        loggedAt: '01/10/2021 08:00:05',
        batch: `fill-${Math.floor(i / 50)}`,
        responseId,
        submittedAt: '01/10/2021 08:00:00',
        version: versionKey({ responseId, lastSubmittedTime: submittedAt }),
        unitId: unit?.id ?? '',
        unitTyped: unit?.name ?? '',
        outcome: 'Đã nhận',
        errors: '',
        warnings: '',
        respondentEmail: unit?.emails[0] ?? '',
        mail: 'Đã gửi 01/10/2021 08:00',
        raw: JSON.stringify({ '2.count': String(i % 90), '1.has': 'Không', '3.has': 'Không' }),
      };
      rows.push({ values: layout.log.columns.map((c) => str(values[c.key] ?? '')) });
    }
    await clients.sheets.spreadsheets.batchUpdate({
      spreadsheetId: local.state.spreadsheetId,
      requestBody: {
        requests: [
          { appendDimension: { sheetId: SHEET_ID.log, dimension: 'ROWS', length: rows.length } },
          {
            updateCells: {
              start: { sheetId: SHEET_ID.log, rowIndex: next, columnIndex: 0 },
              rows,
              fields: 'userEnteredValue',
            },
          },
        ],
      },
    });
    next += rows.length;
  }
  return performance.now() - started;
}

/**
 * A lone response once `count` earlier versions are logged, in a warm instance: the instance's
 * first lone responses read the whole log and set its window, then the measured one.
 */
export async function steadySync(
  local: LocalMode,
  watch: LogWatch,
  count: number,
  unitIds: readonly [string, string, string],
): Promise<Steady> {
  const fillMs = await fillLog(local, count);
  // A sheet this size answers slowly on the stand-ins under load: wait longer than for 321 units.
  const cold = await loneResponse(local, watch, unitIds[0], 180_000);
  // The window moves at each read, from the checkpoint that read saw: the first run wrote the
  // first checkpoint, the second run's read sets the window, the third reads through it.
  await loneResponse(local, watch, unitIds[1], 180_000);
  const lone = await loneResponse(local, watch, unitIds[2], 180_000);
  return { ...lone, logged: count + 2, fillMs, coldReadBytes: cold.readBytes };
}

/** Time to the first byte of the live sheet view, and `status` (read, summarise, format) in process. */
export async function firstBytes(local: LocalMode): Promise<FirstByte> {
  const t0 = performance.now();
  const res = await fetch(local.endpoints.sheetUrl);
  const reader = res.body?.getReader();
  const first = await reader?.read();
  const viewMs = performance.now() - t0;
  let viewBytes = first?.value?.byteLength ?? 0;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    viewBytes += chunk.value.byteLength;
  }
  const clients = googleClients(loadConfig(local.functionEnv));
  const t1 = performance.now();
  const live = await readSheetState(
    clients,
    local.state.spreadsheetId,
    local.campaign,
    cliCallPolicy(() => undefined),
  );
  const out = formatStatus(statusSummary(live.campaign, live.state));
  const statusMs = performance.now() - t1;
  return { viewMs, viewBytes, statusMs, statusLines: out.split('\n').length };
}
