// Local mode for a file's end-to-end tests, and what they read of it: a unit's personal link, a tab of the master sheet.
import { afterAll, beforeAll } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet, TAB } from '../functions/sheet/layout.ts';
import {
  type LocalMode,
  type LocalModeOptions,
  startLocalMode,
  WATCH_TOPIC,
} from '../local/localmode.ts';
import { clientFor } from '../local/sheets/testing.ts';

/**
 * Starts local mode (sync unthrottled, logs kept in memory) before the tests of the enclosing
 * describe and closes it after them; the function returned hands it to a test.
 */
export function localModeAround(options: Pick<LocalModeOptions, 'clock'> = {}): () => LocalMode {
  let local: LocalMode | undefined;
  beforeAll(async () => {
    local = await startLocalMode({
      sync: { burst: 100, refillMs: 0 },
      log: memoryLogger(),
      ...options,
    });
  }, 60_000);
  afterAll(() => local?.close());
  return () => {
    if (!local) throw new Error('local mode did not start');
    return local;
  };
}

export const linkOf = (local: LocalMode, unitId: string) =>
  local.endpoints.links.find((l) => l.unitId === unitId)?.link ?? '';

/** Every row of a tab: values as stored, or formulas as typed ("FORMULA"). */
export async function readTab(
  local: LocalMode,
  name: string,
  render: 'UNFORMATTED_VALUE' | 'FORMULA' = 'UNFORMATTED_VALUE',
) {
  const res = await clientFor(local.standIns.sheets.url).spreadsheets.values.get({
    spreadsheetId: local.state.spreadsheetId,
    range: quoteSheet(name),
    valueRenderOption: render,
  });
  return (res.data.values ?? []) as (string | number)[][];
}

/** Versions in "Nhật ký", found by the heading wherever it is. */
export async function loggedVersions(local: LocalMode): Promise<string[]> {
  const rows = await readTab(local, TAB.log);
  const at = rows[0]?.indexOf('Phiên bản') ?? -1;
  return rows
    .slice(1)
    .map((r) => String(r[at] ?? ''))
    .filter(Boolean);
}

/** Local mode driven by hand (no push from the Forms stand-in): each test decides when sync runs. */
export async function withQuietLocal<T>(
  options: LocalModeOptions,
  body: (local: LocalMode, log: ReturnType<typeof memoryLogger>) => Promise<T>,
): Promise<T> {
  const log = memoryLogger();
  const local = await startLocalMode({ sync: { burst: 100, refillMs: 0 }, log, ...options });
  local.standIns.forms.setPushEndpoint(WATCH_TOPIC, undefined);
  try {
    return await body(local, log);
  } finally {
    await local.close();
  }
}

/** A unit's row of a tab, found by its id wherever the id column and the row are now. */
export async function unitRowOf(local: LocalMode, name: string, unitId: string) {
  const rows = await readTab(local, name);
  const header = rows.find((r) => r.includes('Mã đơn vị')) ?? [];
  const idColumn = header.indexOf('Mã đơn vị');
  const cells = rows.find((r) => r[idColumn] === unitId) ?? [];
  /** The cell under a heading (the first column so headed). */
  const under = (heading: string) =>
    cells[rows.find((r) => r.includes(heading))?.indexOf(heading) ?? -1];
  return { cells, under };
}

/** Rows below a tab's header that carry something but no unit id: a figure sent astray. */
export async function strayRows(local: LocalMode, name: string) {
  const rows = await readTab(local, name);
  const header = rows.findIndex((r) => r.includes('Mã đơn vị'));
  const idColumn = rows[header]?.indexOf('Mã đơn vị') ?? 0;
  return rows
    .slice(header + 2)
    .filter((r) => !r[idColumn] && r.some((c) => c !== '' && c !== null && c !== undefined));
}
