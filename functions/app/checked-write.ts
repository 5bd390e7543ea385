// Writes a batch and checks, from the sheet as the write left it, that every unit cell landed beside its unit; puts back any a coordinator's edit misdirected.

import type { sheets_v4 } from '@googleapis/sheets';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import type { GoogleClients } from '../platform/google.ts';
import type { Logger } from '../platform/log.ts';
import type { Request } from '../sheet/cells.ts';
import {
  landingRanges,
  misplaced,
  planPutBack,
  readLanding,
  relocated,
  type UnitCell,
} from '../sheet/landing.ts';
import type { SheetLayout } from '../sheet/layout.ts';
import type { SheetState } from '../sheet/state.ts';

export interface CheckedWriteDeps {
  clients: GoogleClients;
  spreadsheetId: string;
  backoff: CallPolicy;
  log: Logger;
}

/**
 * googleapis hands requestBody to gaxios as its data, which sends bytes as they are and names
 * their type only when it serializes them itself.
 */
const JSON_BODY = { headers: { 'content-type': 'application/json' } } as const;

/**
 * The body's JSON, a request at a time: a pass's batch as one string (4 MB, two bytes a
 * character once any Vietnamese is in it) would stand beside its bytes and its objects. An
 * ArrayBuffer, not a Buffer: gaxios's error redactor takes anything with forEach and set for
 * form data and walks it, a callback a byte, on every failed attempt.
 */
export function encodeBody(body: sheets_v4.Schema$BatchUpdateSpreadsheetRequest): ArrayBuffer {
  const { requests = [], ...rest } = body;
  const parts = [Buffer.from('{"requests":[')];
  for (const [i, request] of requests.entries()) {
    parts.push(Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(request) ?? 'null'}`));
  }
  const more = JSON.stringify(rest).slice(1);
  parts.push(Buffer.from(more === '}' ? ']}' : `],${more}`));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes.buffer;
}

/**
 * The one way the jobs write to the sheet: a batchUpdate through the Google caller's retries.
 * The body is encoded once, before the first attempt: a retry sends the same bytes (gaxios and
 * node-fetch send an ArrayBuffer as it is, never consuming it), and the caller's request
 * objects (some 10 MB in a 500-version pass) need not live through the wait.
 */
export function batchUpdate(
  deps: CheckedWriteDeps,
  what: string,
  body: sheets_v4.Schema$BatchUpdateSpreadsheetRequest,
  retry: { idempotent: boolean; budgetMs?: number },
  fields?: string,
) {
  const bytes = encodeBody(body);
  return callGoogle(
    what,
    () =>
      deps.clients.sheets.spreadsheets.batchUpdate(
        {
          spreadsheetId: deps.spreadsheetId,
          // The same request, already in JSON: googleapis' type names only the object form.
          requestBody: bytes as sheets_v4.Schema$BatchUpdateSpreadsheetRequest,
          ...(fields ? { fields } : {}),
        },
        JSON_BODY,
      ),
    retry.budgetMs === undefined ? deps.backoff : { ...deps.backoff, budgetMs: retry.budgetMs },
    { idempotent: retry.idempotent },
  );
}

/**
 * What the landing check reads of the sheet the write answers with: the ids' and headings'
 * values. Without it Google sends every cell's formats too, some megabytes for a city's
 * 3,000 units on each write, parsed and held by a small instance.
 */
const LANDING_FIELDS =
  'updatedSpreadsheet.sheets(properties.sheetId,data(startRow,startColumn,rowData.values.effectiveValue))';

/** Put-backs tried after a write: each is itself checked, as an edit may land again meanwhile. */
const MAX_PUT_BACKS = 3;

/**
 * Sheets has no conditional write, and a row inserted or a sort between the read and the write
 * shifts the rows under the positions planned from the read. The batch asks for the ids and
 * headings back in the same answer (includeSpreadsheetInResponse: the sheet as this batch left
 * it, before anyone else's edit), so a misdirected cell is seen at once and put back: what it
 * overwrote restored from the read, the cell written beside its unit. Answers the writes made.
 * `requests` are handed over: the array is emptied once they are encoded, so that a pass's
 * request objects go while the write is in flight.
 */
export async function writeChecked(
  deps: CheckedWriteDeps,
  what: string,
  layout: SheetLayout,
  state: SheetState,
  requests: Request[],
  unitCells: readonly UnitCell[],
  options: {
    idempotent?: boolean;
    /** More ranges to read back from the sheet as this batch left it (the lease's rows). */
    alsoRead?: readonly string[];
    /** Told the sheet as the batch left it (the landing ranges and `alsoRead`). */
    onAnswer?: (spreadsheet: sheets_v4.Schema$Spreadsheet | undefined) => void;
  } = {},
): Promise<number> {
  const check = unitCells.length > 0;
  const alsoRead = options.alsoRead ?? [];
  const send = (body: Request[], label: string, idempotent: boolean, ranges: string[]) =>
    batchUpdate(
      deps,
      label,
      {
        requests: body,
        ...(ranges.length > 0
          ? {
              includeSpreadsheetInResponse: true,
              responseRanges: ranges,
              responseIncludeGridData: true,
            }
          : {}),
      },
      { idempotent },
      ranges.length > 0 ? LANDING_FIELDS : undefined,
    );
  const first = send(requests, what, options.idempotent === true, [
    ...(check ? landingRanges(state) : []),
    ...alsoRead,
  ]);
  requests.length = 0;
  let answer: sheets_v4.Schema$BatchUpdateSpreadsheetResponse = (await first).data;
  options.onAnswer?.(answer.updatedSpreadsheet);
  let writes = 1;
  if (!check) return writes;
  let cells = unitCells;
  for (let attempt = 0; attempt <= MAX_PUT_BACKS; attempt++) {
    const landed = readLanding(state, answer.updatedSpreadsheet);
    if (!landed) {
      deps.log.log('WARNING', 'write landing unknown: the id column moved too far', { what });
      return writes;
    }
    const wrong = misplaced(cells, landed);
    if (wrong.length === 0) return writes;
    if (attempt === MAX_PUT_BACKS) break;
    deps.log.log('WARNING', 'cells misdirected by an edit meanwhile; putting them back', {
      what,
      cells: wrong.length,
      units: [...new Set(wrong.map((w) => w.unitId))].length,
    });
    const putBack = planPutBack(layout, state, wrong, landed);
    // Where the cells should be now, as the answer showed the sheet; checked again the same way.
    cells = relocated(wrong, landed);
    // Rewriting the same cells is safe: a put-back is retried on 5xx like any idempotent write.
    answer = (await send(putBack, `${what} (put back)`, true, landingRanges(state))).data;
    writes++;
  }
  deps.log.log('ERROR', 'cells still misdirected after put-backs', { what });
  return writes;
}
