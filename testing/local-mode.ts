// Local mode for a file's end-to-end tests, and what they read of it: a unit's personal link, a tab of the master sheet.
import { afterAll, beforeAll } from 'vitest';
import { memoryLogger } from '../functions/platform/log.ts';
import { quoteSheet } from '../functions/sheet/layout.ts';
import { type LocalMode, type LocalModeOptions, startLocalMode } from '../local/localmode.ts';
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
