// The coordinator's side of the campaign registry: setup stores a campaign's definition in its sheet and registers it in the home sheet; lock and archive change its state there.
import type { sheets_v4 } from '@googleapis/sheets';
import { type Campaign, definitionOf } from '../forms/campaign.ts';
import { PermanentError } from '../forms/errors.ts';
import { type CallPolicy, callGoogle } from '../functions/platform/call-google.ts';
import {
  type CampaignState,
  DEFINITION_SHEET_ID,
  DEFINITION_TAB,
  definitionCells,
  REGISTRY_HEADER,
  REGISTRY_SHEET_ID,
  REGISTRY_TAB,
  type RegisteredCampaign,
  readRegistry,
  registryRow,
} from '../functions/sheet/campaigns.ts';

export class UnregisteredCampaignError extends PermanentError {
  constructor(id: string, known: readonly string[]) {
    super(
      `Đợt «${id}» chưa có trong danh sách đợt báo cáo của bản triển khai${known.length ? ` (đang có: ${known.join(', ')})` : ''}: hãy chạy «baocao setup --campaign <tệp>» cho đợt đó trước.`,
    );
  }
}

export interface RegistryDeps {
  sheets: sheets_v4.Sheets;
  calls: CallPolicy;
}

const text = (value: string): sheets_v4.Schema$CellData => ({
  userEnteredValue: { stringValue: value },
});

/** The tab's sheet id, adding it hidden when the spreadsheet has none of that title. */
async function ensureTab(
  deps: RegistryDeps,
  spreadsheetId: string,
  title: string,
  sheetId: number,
): Promise<{ sheetId: number; add: sheets_v4.Schema$Request[] }> {
  const book = await callGoogle(
    'sheets.spreadsheets.get',
    () =>
      deps.sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets(properties(sheetId,title))' }),
    deps.calls,
    { idempotent: true },
  );
  const found = book.data.sheets?.find((s) => s.properties?.title === title)?.properties?.sheetId;
  if (typeof found === 'number') return { sheetId: found, add: [] };
  return {
    sheetId,
    add: [
      {
        addSheet: {
          properties: {
            sheetId,
            title,
            hidden: true,
            gridProperties: { rowCount: 200, columnCount: 8 },
          },
        },
      },
    ],
  };
}

/**
 * Writes `rows` from A1 in one batch, every cell below and right of them in the first
 * `width` columns cleared, so a shorter list leaves nothing of the longer one behind.
 */
async function writeTab(
  deps: RegistryDeps,
  spreadsheetId: string,
  tab: { title: string; sheetId: number },
  rows: readonly (readonly string[])[],
  width: number,
): Promise<void> {
  const { sheetId, add } = await ensureTab(deps, spreadsheetId, tab.title, tab.sheetId);
  await callGoogle(
    'sheets.spreadsheets.batchUpdate',
    () =>
      deps.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            ...add,
            {
              updateCells: {
                range: { sheetId, startRowIndex: 0, startColumnIndex: 0, endColumnIndex: width },
                rows: rows.map((r) => ({ values: r.map(text) })),
                fields: 'userEnteredValue',
              },
            },
          ],
        },
      }),
    deps.calls,
    // The same cells every time: a write retried after a lost answer lands the same.
    { idempotent: true },
  );
}

/** The campaign's definition (units aside: the sheet's "Tiến độ" is the live registry) in its own sheet. */
export async function storeDefinition(
  deps: RegistryDeps,
  spreadsheetId: string,
  campaign: Campaign,
): Promise<void> {
  const { units: _units, ...definition } = definitionOf(campaign);
  const cells = definitionCells(definition).map((c) => [c]);
  await writeTab(
    deps,
    spreadsheetId,
    { title: DEFINITION_TAB, sheetId: DEFINITION_SHEET_ID },
    cells,
    1,
  );
}

/** The deployment's campaigns, as the home sheet's registry lists them. */
export const listCampaigns = (deps: RegistryDeps, homeSpreadsheetId: string) =>
  readRegistry({ sheets: deps.sheets }, homeSpreadsheetId, deps.calls);

/**
 * Rewrites the registry with `change` applied. The coordinator's commands are the only writers
 * and are run by hand, one at a time; the functions only read it.
 */
async function rewrite(
  deps: RegistryDeps,
  homeSpreadsheetId: string,
  change: (entries: RegisteredCampaign[]) => RegisteredCampaign[],
): Promise<RegisteredCampaign[]> {
  const entries = change(await listCampaigns(deps, homeSpreadsheetId));
  await writeTab(
    deps,
    homeSpreadsheetId,
    { title: REGISTRY_TAB, sheetId: REGISTRY_SHEET_ID },
    [[...REGISTRY_HEADER], ...entries.map(registryRow)],
    REGISTRY_HEADER.length,
  );
  return entries;
}

/**
 * What `baocao setup` does after the form and sheet exist: the definition into the campaign's
 * sheet, then its row in the home sheet's registry (the home campaign's own sheet when it is
 * the home), so the functions find it by its form id.
 */
export async function storeAndRegister(
  deps: RegistryDeps,
  homeSpreadsheetId: string,
  campaign: Campaign,
  state: { formId: string; spreadsheetId: string; spreadsheetUrl: string },
  now: Date,
): Promise<RegisteredCampaign[]> {
  await storeDefinition(deps, state.spreadsheetId, campaign);
  return registerCampaign(deps, homeSpreadsheetId, {
    id: campaign.id,
    title: campaign.title,
    formId: state.formId,
    spreadsheetId: state.spreadsheetId,
    sheetUrl: state.spreadsheetUrl,
    updatedAt: now.toISOString(),
  });
}

/** Adds the campaign, or updates its form, sheet and title; a lock or archive it had stays. */
export function registerCampaign(
  deps: RegistryDeps,
  homeSpreadsheetId: string,
  entry: Omit<RegisteredCampaign, 'state'>,
): Promise<RegisteredCampaign[]> {
  return rewrite(deps, homeSpreadsheetId, (entries) => {
    const previous = entries.find((e) => e.id === entry.id);
    const next: RegisteredCampaign = {
      ...entry,
      state: previous?.state ?? 'open',
      ...(previous?.lockedAt ? { lockedAt: previous.lockedAt } : {}),
    };
    return previous ? entries.map((e) => (e.id === entry.id ? next : e)) : [...entries, next];
  });
}

/**
 * Locks or archives one campaign, the others untouched. A lock is kept once set (archiving a
 * locked campaign keeps when it was locked); an archived campaign is locked too.
 */
export async function setCampaignState(
  deps: RegistryDeps,
  homeSpreadsheetId: string,
  id: string,
  state: Exclude<CampaignState, 'open'>,
  now: Date,
): Promise<RegisteredCampaign> {
  let changed: RegisteredCampaign | undefined;
  await rewrite(deps, homeSpreadsheetId, (entries) => {
    const previous = entries.find((e) => e.id === id);
    if (!previous)
      throw new UnregisteredCampaignError(
        id,
        entries.map((e) => e.id),
      );
    changed = { ...previous, state, lockedAt: previous.lockedAt ?? now.toISOString() };
    return entries.map((e) => (e.id === id ? (changed as RegisteredCampaign) : e));
  });
  return changed as RegisteredCampaign;
}
