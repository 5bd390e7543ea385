// Snapshot persistence for the local stand-ins: a JSON file per service in a data folder, or memory only.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps one JSON document per service. Writes go to a temporary file and are renamed into
 * place so a crash never leaves half a snapshot. With no directory it is memory only (tests).
 */
export class SnapshotStore<T> {
  private readonly file: string | undefined;

  constructor(dir: string | undefined, name: string) {
    if (dir) {
      mkdirSync(dir, { recursive: true });
      this.file = join(dir, `${name}.json`);
    }
  }

  get persistent(): boolean {
    return this.file !== undefined;
  }

  load(): T | undefined {
    if (!this.file) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(value: T): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, this.file);
  }
}
