// The deployment's campaigns as the functions read them: the registry tab of the home master sheet, and each campaign's definition in its own sheet.
//
// Where they live, and why there. The functions hold two scopes (functions/platform/google.ts:
// spreadsheets, forms.responses.readonly) and reach only the files `baocao setup` shared with
// their account; Drive's own storage would need a Drive scope they do not have. So:
// - the registry is a hidden tab of the home master sheet, the one SPREADSHEET_ID names: every
//   function is already configured with it and may edit it, so a campaign set up later needs no
//   new setting and no `pulumi up`, and a deployment that never registers one reads no tab and
//   runs as before (the tab's absence is a registry of one);
// - a campaign's definition is a hidden tab of its own master sheet, written by the setup that
//   made the sheet's layout from it, so the sheet and the definition it was built from travel
//   together and cannot drift apart; the functions no longer take it from their bundle (the
//   home campaign's bundle copy serves only a sheet set up before this tab existed).
import { localParts } from '../../forms/format.ts';
import { type CallPolicy, callGoogle } from '../platform/call-google.ts';
import { PermanentGoogleError } from '../platform/errors.ts';
import type { GoogleClients } from '../platform/google.ts';
import { quoteSheet } from './layout.ts';

/** Hidden, in the home master sheet: one row per campaign of the deployment. */
export const REGISTRY_TAB = 'Các đợt báo cáo';
/** Hidden, in each campaign's master sheet: its definition as JSON, cut into cells. */
export const DEFINITION_TAB = 'Định nghĩa đợt';
/** Fixed ids for the two tabs, far above the layout's 1–6, so a batch can add and fill one. */
export const REGISTRY_SHEET_ID = 701;
export const DEFINITION_SHEET_ID = 702;

export const REGISTRY_HEADER = [
  'Mã đợt',
  'Tên đợt',
  'Mã biểu mẫu',
  'Mã bảng tổng hợp',
  'Địa chỉ bảng tổng hợp',
  'Trạng thái',
  'Khóa lúc',
  'Cập nhật lúc',
] as const;

/** The states a coordinator sees, as the registry tab writes them. */
export const CAMPAIGN_STATES = {
  open: 'Đang nhận',
  locked: 'Đã khóa',
  archived: 'Đã lưu trữ',
} as const;
export type CampaignState = keyof typeof CAMPAIGN_STATES;

export interface RegisteredCampaign {
  id: string;
  title: string;
  formId: string;
  spreadsheetId: string;
  sheetUrl: string;
  state: CampaignState;
  /** When it was locked (ISO instant); versions submitted from that minute on are refused. */
  lockedAt?: string;
  /** When setup last wrote its definition: a function instance re-reads it when this changes. */
  updatedAt: string;
}

/** Google caps a cell at 50,000 characters; the 2021 definition is about 45,000 as JSON. */
const CHUNK = 40_000;
const DEFINITION_NOTE =
  'Định nghĩa đợt báo cáo (JSON) do «baocao setup» ghi; các hàm đọc từ đây. Không sửa tay.';

const stateOf = (text: string): CampaignState | undefined =>
  (Object.keys(CAMPAIGN_STATES) as CampaignState[]).find((k) => CAMPAIGN_STATES[k] === text);

/** Rows of the registry tab as read (header first); rows not understood are left out. */
export function parseRegistryRows(rows: readonly (readonly unknown[])[]): RegisteredCampaign[] {
  const [header, ...body] = rows;
  const at = (name: (typeof REGISTRY_HEADER)[number]) =>
    (header ?? []).findIndex((h) => String(h).trim() === name);
  const col = Object.fromEntries(REGISTRY_HEADER.map((h) => [h, at(h)])) as Record<
    (typeof REGISTRY_HEADER)[number],
    number
  >;
  const cell = (row: readonly unknown[], name: (typeof REGISTRY_HEADER)[number]) =>
    String(row[col[name]] ?? '').trim();
  const out: RegisteredCampaign[] = [];
  for (const row of body) {
    const id = cell(row, 'Mã đợt');
    const formId = cell(row, 'Mã biểu mẫu');
    const spreadsheetId = cell(row, 'Mã bảng tổng hợp');
    const state = stateOf(cell(row, 'Trạng thái'));
    if (!id || !formId || !spreadsheetId || !state) continue;
    const lockedAt = cell(row, 'Khóa lúc');
    out.push({
      id,
      title: cell(row, 'Tên đợt'),
      formId,
      spreadsheetId,
      sheetUrl: cell(row, 'Địa chỉ bảng tổng hợp'),
      state,
      ...(lockedAt ? { lockedAt } : {}),
      updatedAt: cell(row, 'Cập nhật lúc'),
    });
  }
  return out;
}

/** One registry row, in REGISTRY_HEADER's order. */
export const registryRow = (c: RegisteredCampaign): string[] => [
  c.id,
  c.title,
  c.formId,
  c.spreadsheetId,
  c.sheetUrl,
  CAMPAIGN_STATES[c.state],
  c.lockedAt ?? '',
  c.updatedAt,
];

/** The definition tab's column A: a note, then the JSON in cells of at most CHUNK characters. */
export function definitionCells(definition: unknown): string[] {
  const json = JSON.stringify(definition);
  const cells = [DEFINITION_NOTE];
  for (let i = 0; i < json.length; i += CHUNK) cells.push(json.slice(i, i + CHUNK));
  return cells;
}

/** A tab that is not there: Sheets answers 400 "Unable to parse range" for its range. */
const isMissingTab = (error: unknown) =>
  error instanceof PermanentGoogleError && error.status === 400;

async function readColumn(
  clients: Pick<GoogleClients, 'sheets'>,
  spreadsheetId: string,
  range: string,
  backoff: CallPolicy,
): Promise<unknown[][] | undefined> {
  try {
    const res = await callGoogle(
      'sheets.values.get',
      () =>
        clients.sheets.spreadsheets.values.get({
          spreadsheetId,
          range,
          valueRenderOption: 'UNFORMATTED_VALUE',
        }),
      backoff,
      { idempotent: true },
    );
    return (res.data.values ?? []) as unknown[][];
  } catch (error) {
    if (isMissingTab(error)) return undefined;
    throw error;
  }
}

/** The registry in the home sheet; empty when setup never wrote one there. */
export async function readRegistry(
  clients: Pick<GoogleClients, 'sheets'>,
  homeSpreadsheetId: string,
  backoff: CallPolicy,
): Promise<RegisteredCampaign[]> {
  const rows = await readColumn(clients, homeSpreadsheetId, REGISTRY_RANGE, backoff);
  return rows ? parseRegistryRows(rows) : [];
}

/** The definition's JSON as setup stored it; undefined when the sheet has no definition tab. */
export async function readStoredDefinition(
  clients: Pick<GoogleClients, 'sheets'>,
  spreadsheetId: string,
  backoff: CallPolicy,
): Promise<unknown> {
  return parseStoredDefinition(await readColumn(clients, spreadsheetId, DEFINITION_RANGE, backoff));
}

const DEFINITION_RANGE = `${quoteSheet(DEFINITION_TAB)}!A2:A`;
const REGISTRY_RANGE = `${quoteSheet(REGISTRY_TAB)}!A1:H`;

/** The definition's JSON from the rows of its tab (undefined: no tab, or an empty one). */
export function parseStoredDefinition(rows: unknown[][] | undefined): unknown {
  if (!rows || rows.length === 0) return undefined;
  return JSON.parse(rows.map((r) => String(r[0] ?? '')).join(''));
}

/**
 * The registry and the home sheet's own stored definition in one read: a cold instance serving
 * the home campaign then reads the sheet twice in all (this, and the sync's or remind's state),
 * not three times. A sheet lacking either tab fails the combined read: each is then read alone.
 * The definition comes back as its tab's rows, parsed by whoever serves that campaign, so a
 * broken definition stops that campaign only, not the listing of every other.
 */
export async function readHome(
  clients: Pick<GoogleClients, 'sheets'>,
  homeSpreadsheetId: string,
  backoff: CallPolicy,
): Promise<{ registry: RegisteredCampaign[]; definitionRows: unknown[][] | undefined }> {
  try {
    const res = await callGoogle(
      'sheets.values.batchGet',
      () =>
        clients.sheets.spreadsheets.values.batchGet({
          spreadsheetId: homeSpreadsheetId,
          ranges: [REGISTRY_RANGE, DEFINITION_RANGE],
          valueRenderOption: 'UNFORMATTED_VALUE',
        }),
      backoff,
      { idempotent: true },
    );
    const [registry, definition] = (res.data.valueRanges ?? []).map(
      (r) => (r.values ?? []) as unknown[][],
    );
    return { registry: parseRegistryRows(registry ?? []), definitionRows: definition };
  } catch (error) {
    if (!isMissingTab(error)) throw error;
    return {
      registry: await readRegistry(clients, homeSpreadsheetId, backoff),
      definitionRows: await readColumn(clients, homeSpreadsheetId, DEFINITION_RANGE, backoff),
    };
  }
}

/**
 * The local minute before the lock, as the definition's lockAt reads it ("refused after the
 * end of that minute"): every version submitted from the minute the coordinator locked on is
 * refused, the lock's own minute included.
 */
export function lockMinute(lockedAt: string, timeZone: string): string | undefined {
  const at = Date.parse(lockedAt);
  if (Number.isNaN(at)) return undefined;
  const before = new Date(at - 60_000);
  const parts = localParts(before, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
