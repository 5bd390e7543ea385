// The sink's mailbox: messages in arrival order, optional snapshot persistence, and waiting for arrivals.
import { randomUUID } from 'node:crypto';
import { SnapshotStore } from '../persist.ts';
import type { StoredMessage } from './message.ts';

interface MailSnapshot {
  version: 1;
  messages: StoredMessage[];
}

type Waiter = (message: StoredMessage) => void;

export class MessageStore {
  private messages: StoredMessage[];
  private readonly snapshots: SnapshotStore<MailSnapshot>;
  private readonly waiters = new Set<Waiter>();
  /** Changes on every add or clear; a restart changes the boot part, so a polling page always notices. */
  private readonly bootId = randomUUID().slice(0, 8);
  private changes = 0;

  constructor(
    dataDir: string | undefined,
    /** Oldest messages are dropped beyond this, so a long local run cannot grow the snapshot forever. */
    private readonly maxMessages = 1000,
  ) {
    this.snapshots = new SnapshotStore<MailSnapshot>(dataDir, 'mail');
    this.messages = this.snapshots.load()?.messages ?? [];
  }

  get revision(): string {
    return `${this.bootId}-${this.changes}`;
  }

  get count(): number {
    return this.messages.length;
  }

  /** Newest first, as an inbox shows them. */
  list(): StoredMessage[] {
    return [...this.messages].reverse();
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  add(message: StoredMessage): void {
    this.messages.push(message);
    if (this.messages.length > this.maxMessages) {
      this.messages.splice(0, this.messages.length - this.maxMessages);
    }
    this.changed();
    for (const waiter of [...this.waiters]) waiter(message);
  }

  clear(): void {
    this.messages = [];
    this.changed();
  }

  /** Resolves with the first message (already stored or arriving later) that matches; rejects on timeout. */
  waitFor(
    predicate: (message: StoredMessage) => boolean,
    timeoutMs = 5000,
  ): Promise<StoredMessage> {
    const existing = this.messages.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = (message) => {
        let matches: boolean;
        try {
          matches = predicate(message);
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (!matches) return;
        finish();
        resolve(message);
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `No matching message arrived within ${timeoutMs} ms (${this.messages.length} in the sink)`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  private changed(): void {
    this.changes++;
    this.snapshots.save({ version: 1, messages: this.messages });
  }
}
