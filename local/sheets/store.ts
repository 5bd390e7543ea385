// The stand-in's spreadsheets in memory, committed atomically and on disk before a write is answered.
import { randomBytes, randomInt } from 'node:crypto';
import { ApiError } from '../api-error.ts';
import { SnapshotStore } from '../persist.ts';
import { draftOf, type Snapshot, type SpreadsheetState, snapshotSchema } from './model.ts';
import type { RequestContext } from './request-kit.ts';
import { buildSpreadsheet } from './requests.ts';
import type { CreateInput } from './schemas.ts';

export class SheetsStore {
  private readonly spreadsheets = new Map<string, SpreadsheetState>();
  private readonly snapshots: SnapshotStore<Snapshot>;
  /** The save now writing, if any; it holds every change committed before it started. */
  private inFlight: Promise<void> | undefined;
  /** The save that starts when `inFlight` ends, shared by every change committed meanwhile. */
  private queued: Promise<void> | undefined;

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
    return result;
  }

  /**
   * Resolves once every change committed so far is on disk; a write is answered only after it,
   * as Google answers only what it has stored. Saves are a group commit: while one is writing,
   * the changes that arrive wait together for the next one (a burst costs two fsyncs, not one per
   * write). A failed save rejects its waiters (they answer 500, the change stays in memory and goes
   * out with the next save). In memory there is nothing to wait for.
   */
  durable(): Promise<void> {
    if (!this.snapshots.persistent) return Promise.resolve();
    if (this.queued) return this.queued;
    const running = this.inFlight;
    if (!running) return this.startSave();
    // The running save serialised the state when it started, so it may lack this change.
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startSave();
      });
    this.queued = next;
    return next;
  }

  /** Waits for a final save; called on close so no committed change is lost. */
  flush(): Promise<void> {
    return this.durable();
  }

  private startSave(): Promise<void> {
    const save: Promise<void> = this.snapshots
      .saveAsync({ version: 1, spreadsheets: this.list() })
      .finally(() => {
        if (this.inFlight === save) this.inFlight = undefined;
      });
    this.inFlight = save;
    return save;
  }

  private context(): RequestContext {
    return { newId: () => randomInt(1, 2 ** 31 - 1) };
  }
}
