// The Forms stand-in's data (forms, responses, watches, Drive permissions), its snapshot and change events.
import { SnapshotStore } from '../persist.ts';
import { isoMicros } from './ids.ts';
import type { Info, Item, Settings } from './schemas.ts';

export interface StoredForm {
  formId: string;
  responderId: string;
  info: Info;
  settings: Settings;
  items: Item[];
  /** Bumped on every content change; shown as an opaque revisionId. */
  revision: number;
  isPublished: boolean;
  isAcceptingResponses: boolean;
  /** Set from the Forms UI on Google (not the API); here from code or the control endpoint. */
  confirmationMessage?: string;
  createTime: string;
}

export interface StoredResponse {
  formId: string;
  responseId: string;
  createTime: string;
  lastSubmittedTime: string;
  /** Text answers keyed by hex question id, in submission order. */
  answers: Record<string, string[]>;
  editToken: string;
}

export interface StoredWatch {
  formId: string;
  id: string;
  topicName: string;
  /** The product watches responses only; SCHEMA watches are refused. */
  eventType: 'RESPONSES';
  createTime: string;
  expireTimeMs: number;
  /** SUSPENDED only when a test says so (suspendWatches): Google's state when it cannot publish. */
  state: 'ACTIVE' | 'SUSPENDED';
  /** Why it is SUSPENDED, as Google's Watch.errorType says. */
  errorType?: 'PROJECT_NOT_AUTHORIZED';
  /**
   * Who created it (the caller's token): Google keeps watches per invoker, and only their
   * creator lists, renews or deletes them. Absent in snapshots from before it was kept.
   */
  owner?: string;
}

export interface StoredPermission {
  fileId: string;
  id: string;
  type: 'user' | 'anyone';
  role: string;
  emailAddress?: string;
  view?: string;
}

interface Snapshot {
  version: 1;
  forms: StoredForm[];
  responses: StoredResponse[];
  watches: StoredWatch[];
  permissions: StoredPermission[];
  driveFiles: string[];
}

export interface ChangeEvent {
  type: 'response';
  formId: string;
  responseId: string;
}

export class FormsState {
  readonly forms = new Map<string, StoredForm>();
  readonly responses = new Map<string, StoredResponse>();
  watches: StoredWatch[] = [];
  permissions: StoredPermission[] = [];
  /** Drive file ids that exist besides forms (e.g. spreadsheets registered by the runner). */
  readonly driveFiles = new Set<string>();
  /**
   * Forms whose watches Google cannot publish for (a test's missing publisher grant): their
   * watches, new ones included, stay SUSPENDED until it is lifted. Not kept across restarts.
   */
  readonly publishingRefused = new Set<string>();
  private readonly store: SnapshotStore<Snapshot>;
  private readonly listeners: ((event: ChangeEvent) => void)[] = [];
  private lastStamp = { ms: 0, micros: 0 };

  constructor(
    dataDir: string | undefined,
    readonly now: () => number,
    /** Files another stand-in holds (local mode's spreadsheets), so setup can share them. */
    private readonly otherFiles: (fileId: string) => boolean = () => false,
  ) {
    this.store = new SnapshotStore<Snapshot>(dataDir, 'forms');
    const snapshot = this.store.load();
    if (snapshot) {
      for (const form of snapshot.forms) this.forms.set(form.formId, form);
      for (const response of snapshot.responses) this.responses.set(response.responseId, response);
      this.watches = snapshot.watches;
      this.permissions = snapshot.permissions;
      for (const id of snapshot.driveFiles) this.driveFiles.add(id);
    }
  }

  /** Saves after every change, so a crash loses at most the request in flight. */
  save(): void {
    this.store.save({
      version: 1,
      forms: [...this.forms.values()],
      responses: [...this.responses.values()],
      watches: this.watches,
      permissions: this.permissions,
      driveFiles: [...this.driveFiles],
    });
  }

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  formByResponder(responderId: string): StoredForm | undefined {
    for (const form of this.forms.values()) if (form.responderId === responderId) return form;
    return undefined;
  }

  responsesOf(formId: string): StoredResponse[] {
    return [...this.responses.values()].filter((r) => r.formId === formId);
  }

  /** A submission time in microseconds that never repeats or goes backwards. */
  submissionStamp(): string {
    const ms = this.now();
    let { micros } = this.lastStamp;
    let at = Math.max(ms, this.lastStamp.ms);
    if (at === this.lastStamp.ms) micros += 1;
    else micros = Math.floor(Math.random() * 900);
    if (micros > 999) {
      at += 1;
      micros = 0;
    }
    this.lastStamp = { ms: at, micros };
    return isoMicros(at, micros);
  }

  isDriveFile(fileId: string): boolean {
    return this.forms.has(fileId) || this.driveFiles.has(fileId) || this.otherFiles(fileId);
  }
}
