/**
 * The message viewer's spill: payload chunks that do not fit the store's memory budget go to one file each in a
 * private temporary folder (mode 0700, files 0600), are read back whole when a page or a filter needs them, and are
 * deleted as the ring buffer moves past them, when the viewer restarts or closes, and at process exit. The folder is
 * created on the first spilled chunk, so a viewer that stays within its budget touches no disk.
 * With `shoreline.kafka.viewerSpillToDisk` off there is no spill at all: see {@link createViewerStore}.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageStore, type ChunkSpill } from '../../domain/kafka/messageStore';

const open = new Set<FileChunkSpill>();
let exitHook = false;

export class FileChunkSpill implements ChunkSpill {
  private dir: string | undefined;

  constructor(private readonly parent: string = os.tmpdir()) {}

  /** The folder in use, if any chunk was spilled since the last clear. */
  get folder(): string | undefined { return this.dir; }

  write(id: number, bytes: Uint8Array): void {
    if (!this.dir) {
      this.dir = fs.mkdtempSync(path.join(this.parent, 'shoreline-viewer-'));
      open.add(this);
      if (!exitHook) { exitHook = true; process.once('exit', () => { for (const s of open) s.clear(); }); }
    }
    fs.writeFileSync(this.file(id), bytes, { mode: 0o600 });
  }

  read(id: number): Uint8Array {
    return fs.readFileSync(this.file(id));
  }

  drop(id: number): void {
    fs.rmSync(this.file(id), { force: true });
  }

  clear(): void {
    if (!this.dir) return;
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    open.delete(this);
  }

  private file(id: number): string {
    if (!this.dir) throw new Error(`chunk ${id} was never spilled`);
    return path.join(this.dir, `${id}.bin`);
  }
}

/**
 * The message viewer's store: past its memory budget (64 MiB of payload) chunks go to a {@link FileChunkSpill} under
 * `parent`, or, with `spillToDisk` false, nothing is ever written to disk and the store stops taking records at the
 * budget (`budgetReached`; the viewer then ends the read and says why with `memoryBudgetNote`).
 */
export function createViewerStore(capacity: number, o: { spillToDisk: boolean; parent?: string; memoryBytes?: number }): MessageStore {
  return o.spillToDisk
    ? new MessageStore(capacity, { spill: new FileChunkSpill(o.parent), memoryBytes: o.memoryBytes })
    : new MessageStore(capacity, { stopAtBudget: true, memoryBytes: o.memoryBytes });
}
