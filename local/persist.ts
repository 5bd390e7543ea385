// Snapshot persistence for the local stand-ins: a JSON file per service in a data folder, or memory only.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Makes a rename durable: on Linux the new directory entry is only on disk once the directory
 * itself is fsynced. Some platforms (Windows) cannot open a directory; there rename is as far
 * as we can go.
 */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the file itself was fsynced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Keeps one JSON document per service. A save writes a temporary file, fsyncs it, renames it
 * into place and fsyncs the folder, so a crash (even of the machine) leaves the previous snapshot
 * or the new one, never half of one, and a save that returned is on disk. With no directory it is
 * memory only (tests).
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

  /** Saves now, blocking; for stores whose every change is small and rare. */
  save(value: T): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(value));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    fsyncDirectory(dirname(this.file));
  }

  /**
   * Saves without blocking the event loop during the disk work. The value is serialised before
   * the first await, so the snapshot is of the moment of the call. Callers must not run two at
   * once (they share the temporary file); SheetsStore queues them.
   */
  async saveAsync(value: T): Promise<void> {
    if (!this.file) return;
    const text = JSON.stringify(value);
    const tmp = `${this.file}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    fsyncDirectory(dirname(this.file));
  }
}
