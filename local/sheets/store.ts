// The stand-in's spreadsheets in memory, committed atomically and saved as a snapshot after each change.
import { randomBytes, randomInt } from 'node:crypto';
import { ApiError } from '../api-error.ts';
import { SnapshotStore } from '../persist.ts';
import { type Snapshot, type SpreadsheetState, snapshotSchema } from './model.ts';
import type { RequestContext } from './request-kit.ts';
import { buildSpreadsheet } from './requests.ts';
import type { CreateInput } from './schemas.ts';

const SAVE_DELAY_MS = 100;

/**
 * A copy to change: every container is its own, but cells are shared with the committed state,
 * since cells are replaced and never edited (setCell freezes them). Deep-copying ~30k cells per
 * write cost more than the write; sharing them also lets the engine diff by identity.
 */
function draftOf(ss: SpreadsheetState): SpreadsheetState {
  const { sheets, ...rest } = ss;
  return {
    ...structuredClone(rest),
    sheets: sheets.map(({ rows, ...sheet }) => ({
      ...structuredClone(sheet),
      rows: rows.map((row) => row.slice()),
    })),
  };
}

export class SheetsStore {
  private readonly spreadsheets = new Map<string, SpreadsheetState>();
  private readonly snapshots: SnapshotStore<Snapshot>;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    dataDir: string | undefined,
    private readonly now: () => number,
  ) {
    this.snapshots = new SnapshotStore<Snapshot>(dataDir, 'sheets');
    const loaded = this.snapshots.load();
    if (loaded !== undefined) {
      const parsed = snapshotSchema.safeParse(loaded);
      if (!parsed.success)
        throw new Error(`Sheets snapshot in ${dataDir} is not readable: ${parsed.error.message}`);
      for (const ss of parsed.data.spreadsheets) this.spreadsheets.set(ss.spreadsheetId, ss);
    }
  }

  get(id: string): SpreadsheetState | undefined {
    return this.spreadsheets.get(id);
  }

  require(id: string): SpreadsheetState {
    const ss = this.spreadsheets.get(id);
    if (!ss) throw new ApiError(404, 'Requested entity was not found.');
    return ss;
  }

  list(): SpreadsheetState[] {
    return [...this.spreadsheets.values()];
  }

  create(input: CreateInput): SpreadsheetState {
    const id = randomBytes(33).toString('base64url');
    const ss = buildSpreadsheet(id, input, this.context(), this.now());
    this.spreadsheets.set(id, ss);
    this.scheduleSave();
    return ss;
  }

  /**
   * Runs `change` on a draft and commits the draft only if it returns; a throw leaves the stored
   * spreadsheet untouched. Committed states are never mutated again (the formula engine relies on it).
   */
  mutate<T>(id: string, change: (draft: SpreadsheetState, ctx: RequestContext) => T): T {
    const current = this.require(id);
    const draft = draftOf(current);
    const result = change(draft, this.context());
    draft.revision = current.revision + 1;
    draft.updatedAt = this.now();
    this.spreadsheets.set(id, draft);
    this.scheduleSave();
    return result;
  }

  /** Writes the snapshot now; called on close so no committed change is lost. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.snapshots.save({ version: 1, spreadsheets: this.list() });
  }

  private scheduleSave(): void {
    if (!this.snapshots.persistent || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private context(): RequestContext {
    return { newId: () => randomInt(1, 2 ** 31 - 1) };
  }
}
