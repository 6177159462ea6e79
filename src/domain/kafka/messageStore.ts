/**
 * The message viewer's bounded memory: a ring buffer of stored records (default 100,000, at most 1,000,000; the
 * oldest are dropped first) with filtering (text in key / value / headers, partitions, offset and time ranges) and
 * paging. Pure, so it runs in the extension host, in a worker, or in a test.
 */
import { ShorelineError } from '../errors';
import type { RawMessage } from './kafkaModel';
import { storedText, type StoredMessage } from './messageDecoding';

export const DEFAULT_CAPACITY = 100_000;
export const MAX_CAPACITY = 1_000_000;
export const DEFAULT_PAGE_SIZE = 100;

/** Fixed-capacity FIFO: pushing past capacity overwrites the oldest item. Index 0 is the oldest kept. */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private start = 0;
  private count = 0;
  /** How many items were pushed out since the buffer was created or cleared. */
  dropped = 0;

  constructor(readonly capacity: number = DEFAULT_CAPACITY) {
    checkCapacity(capacity);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number { return this.count; }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else { this.start = (this.start + 1) % this.capacity; this.dropped++; }
  }

  /** The i-th kept item, oldest first. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0; this.count = 0; this.dropped = 0;
  }
}

export function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new ShorelineError('kafka.badCapacity', `A message buffer of ${String(capacity)} messages is not allowed`,
      `use a whole number between 1 and ${MAX_CAPACITY.toLocaleString('en-US')} (default ${DEFAULT_CAPACITY.toLocaleString('en-US')})`);
  }
}

export interface MessageFilter {
  /** Text to find; case-insensitive unless `caseSensitive`. */
  text?: string;
  caseSensitive?: boolean;
  /** Where to look for `text` (default all three). */
  in?: Array<'key' | 'value' | 'headers'>;
  partitions?: number[];
  /** Inclusive offset range. */
  offsetFrom?: number;
  offsetTo?: number;
  /** Inclusive timestamp range, epoch ms. */
  timeFrom?: number;
  timeTo?: number;
}

export interface MessagePage {
  items: StoredMessage[];
  /** 0-based page index actually returned (clamped to the last page). */
  page: number;
  pageSize: number;
  /** Messages matching the filter. */
  matched: number;
  pages: number;
  /** Messages kept in the buffer. */
  stored: number;
  /** Messages pushed out of the buffer so far. */
  dropped: number;
}

function escapeRegExp(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** A predicate for a filter; compiled once, used on every message. */
export function compileFilter(f: MessageFilter): (m: StoredMessage) => boolean {
  const parts = new Set(f.partitions ?? []);
  const where = new Set(f.in ?? ['key', 'value', 'headers']);
  const re = f.text ? new RegExp(escapeRegExp(f.text), f.caseSensitive ? '' : 'i') : undefined;
  return (m) => {
    if (parts.size && !parts.has(m.partition)) return false;
    if (f.offsetFrom !== undefined && m.offset < f.offsetFrom) return false;
    if (f.offsetTo !== undefined && m.offset > f.offsetTo) return false;
    if (f.timeFrom !== undefined && m.timestamp < f.timeFrom) return false;
    if (f.timeTo !== undefined && m.timestamp > f.timeTo) return false;
    if (!re) return true;
    if (where.has('key') && m.key !== null && re.test(m.key)) return true;
    if (where.has('value') && m.value !== null && re.test(m.value)) return true;
    if (where.has('headers')) for (const [k, v] of m.headers) if (re.test(k) || re.test(v)) return true;
    return false;
  };
}

const isEmptyFilter = (f: MessageFilter) => !f.text && !f.partitions?.length && f.offsetFrom === undefined && f.offsetTo === undefined && f.timeFrom === undefined && f.timeTo === undefined;

/** Payload bytes are copied into chunks of this size (one bigger chunk for a bigger record). */
const CHUNK_BYTES = 4 << 20;
/** With a spill, payload chunks beyond this many bytes leave memory (the read itself costs ~300 MB more at 1M x 1 KB). */
export const DEFAULT_MEMORY_BYTES = 64 << 20;

/**
 * Where full payload chunks can go when they do not fit the memory budget (a file per chunk on the host; none in a
 * test or the webview). Chunks are written once, read whole, and dropped in the order they were written.
 */
export interface ChunkSpill {
  write(id: number, bytes: Uint8Array): void;
  read(id: number): Uint8Array;
  drop(id: number): void;
  /** Drops every chunk (and whatever holds them). */
  clear(): void;
}

export interface MessageStoreOptions {
  spill?: ChunkSpill;
  /** Payload bytes kept in memory before chunks go to the spill (default 64 MiB). */
  memoryBytes?: number;
  /**
   * Without a spill: refuse raw records once their payload would pass `memoryBytes` ({@link MessageStore.addRaw}
   * returns how many it took and {@link MessageStore.budgetReached} turns true), instead of growing without bound.
   */
  stopAtBudget?: boolean;
}

/** Whole MiB of a byte count, for messages ("64 MiB"). */
const mib = (bytes: number): string => `${Math.round(bytes / (1 << 20))} MiB`;

/** What the viewer says when a store without a spill stopped taking records at its memory budget. */
export function memoryBudgetNote(store: Pick<MessageStore, 'memoryBudget' | 'size'>, setting = 'shoreline.kafka.viewerSpillToDisk'): string {
  return `stopped at the memory budget: ${store.size.toLocaleString('en-US')} message(s) fill the ${mib(store.memoryBudget)} kept in memory, and ${setting} is off. `
    + `Turn ${setting} on to read further (message contents past the budget go to a private temp folder, deleted on close), or read fewer messages (the last N, a later offset or time, fewer partitions).`;
}

/**
 * A ring buffer of messages with filtered paging. The matches of the last filter are cached until a message is
 * added, so turning pages does not rescan a million messages.
 *
 * Kept compact for a million records: partition, offset and timestamp sit in typed arrays, and records added with
 * {@link addRaw} keep only their key and value bytes (copied into large chunks that are released as the ring moves
 * on), so a record costs its payload plus ~40 bytes and no JS objects. Text is decoded only when a page shows a
 * record or a text filter reads it; {@link at} decodes exactly as `toStored` would. Records added as stored objects
 * ({@link add}: Avro-annotated, held while paused, tests) are kept as they are.
 */
export class MessageStore {
  readonly capacity: number;
  private start = 0;
  private count = 0;
  private droppedCount = 0;
  private part: Int32Array;
  private off: Float64Array;
  private ts: Float64Array;
  /** Chunk id, position in it, key and value length (-1: null) of each slot's raw payload. */
  private chunkOf: Int32Array;
  private pos: Int32Array;
  private keyLen: Int32Array;
  private valueLen: Int32Array;
  /** Slots holding a stored object instead of raw bytes. */
  private objects = new Map<number, StoredMessage>();
  /** Decoded headers of raw slots that have any. */
  private headers = new Map<number, Array<[string, string]>>();
  private chunks: Array<Uint8Array | undefined> = [];
  /** Chunks handed to the spill (not in `chunks`), and the one read back last. */
  private spilled = new Set<number>();
  private readBack: { id: number; bytes: Uint8Array } | undefined;
  private memoryUsed = 0;
  private readonly spill: ChunkSpill | undefined;
  private readonly memoryBytes: number;
  private readonly stopAtBudget: boolean;
  private reachedBudget = false;
  private chunkUsed = 0;
  /** Chunks below this id are released. */
  private chunkFloor = 0;
  private identity = new Int32Array(0);
  /** Kept records per partition, kept up to date as records come and go. */
  private perPartition = new Map<number, number>();
  private cache: { key: string; indices: Int32Array } | undefined;

  constructor(capacity: number = DEFAULT_CAPACITY, opts: MessageStoreOptions = {}) {
    checkCapacity(capacity);
    this.capacity = capacity;
    this.spill = opts.spill;
    this.memoryBytes = opts.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    this.stopAtBudget = !opts.spill && opts.stopAtBudget === true;
    const n = Math.min(capacity, 1024);
    this.part = new Int32Array(n); this.off = new Float64Array(n); this.ts = new Float64Array(n);
    this.chunkOf = new Int32Array(n); this.pos = new Int32Array(n); this.keyLen = new Int32Array(n); this.valueLen = new Int32Array(n);
  }

  get size(): number { return this.count; }
  get dropped(): number { return this.droppedCount; }
  /** Payload bytes kept in memory before chunks are spilled (or, with `stopAtBudget`, records refused). */
  get memoryBudget(): number { return this.memoryBytes; }
  /** True once a store with `stopAtBudget` refused a record for want of memory (until {@link clear}). */
  get budgetReached(): boolean { return this.reachedBudget; }

  /** Adds records in their stored form (kept as given). */
  add(messages: Iterable<StoredMessage>): void {
    for (const m of messages) {
      const slot = this.slotFor(m.partition, m.offset, m.timestamp);
      this.keyLen[slot] = -1; this.valueLen[slot] = -1;
      this.objects.set(slot, m);
    }
    this.cache = undefined;
  }

  /**
   * Adds records as read: only their bytes are kept; {@link at} returns what `toStored` makes of them. Returns how
   * many were added: all of them, unless a store with `stopAtBudget` reached its memory budget (then none after that).
   */
  addRaw(messages: readonly RawMessage[]): number {
    let added = 0;
    for (const m of messages) {
      const k = m.key, v = m.value;
      const kl = k ? k.length : -1, vl = v ? v.length : -1;
      const len = Math.max(0, kl) + Math.max(0, vl);
      if (this.stopAtBudget && (this.reachedBudget || this.overBudgetWith(len))) { this.reachedBudget = true; break; }
      const slot = this.slotFor(m.partition, m.offset, m.timestamp);
      const p = this.reserve(len);
      const chunk = this.chunks[this.chunks.length - 1]!;
      if (k) chunk.set(k, p);
      if (v) chunk.set(v, p + Math.max(0, kl));
      this.pos[slot] = p; this.keyLen[slot] = kl; this.valueLen[slot] = vl;
      if (m.headers.length) this.headers.set(slot, m.headers.map((h): [string, string] => [h.key, h.value ? storedText(h.value).text : '']));
      added++;
    }
    this.cache = undefined;
    return added;
  }

  clear(): void {
    this.start = 0; this.count = 0; this.droppedCount = 0;
    this.objects.clear(); this.headers.clear(); this.perPartition.clear();
    this.chunks = []; this.chunkUsed = 0; this.chunkFloor = 0;
    if (this.spilled.size) this.spill?.clear();
    this.spilled.clear(); this.readBack = undefined; this.memoryUsed = 0; this.reachedBudget = false;
    this.cache = undefined;
  }

  /** How many kept records each partition has. */
  storedByPartition(): ReadonlyMap<number, number> { return this.perPartition; }

  /** Partition, offset and timestamp of the i-th kept message (oldest = 0), without decoding it. */
  partitionAt(i: number): number { return this.part[this.slot(i)]!; }
  offsetAt(i: number): number { return this.off[this.slot(i)]!; }
  timestampAt(i: number): number { return this.ts[this.slot(i)]!; }

  /** The i-th kept message, oldest first (indices as {@link matches} returns them). */
  at(i: number): StoredMessage | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const s = this.slot(i);
    const o = this.objects.get(s);
    if (o) return o;
    const m: StoredMessage = { partition: this.part[s]!, offset: this.off[s]!, timestamp: this.ts[s]!, key: null, value: null, headers: this.headers.get(s) ?? [] };
    const kl = this.keyLen[s]!, vl = this.valueLen[s]!;
    if (kl >= 0) { const t = storedText(this.bytes(s, 0, kl)); m.key = t.text; if (t.binary) m.keyBinary = true; }
    if (vl >= 0) { const t = storedText(this.bytes(s, Math.max(0, kl), vl)); m.value = t.text; if (t.binary) m.valueBinary = true; }
    return m;
  }

  /** Indices (oldest = 0) of the kept messages that match (a view: valid until the next add). */
  matches(filter: MessageFilter = {}): Int32Array {
    const key = JSON.stringify(filter);
    if (this.cache?.key === key) return this.cache.indices;
    let indices: Int32Array;
    if (isEmptyFilter(filter)) {
      if (this.identity.length < this.count) {
        this.identity = new Int32Array(Math.min(this.capacity, Math.max(this.count, this.identity.length * 2)));
        for (let i = 0; i < this.identity.length; i++) this.identity[i] = i;
      }
      indices = this.identity.subarray(0, this.count);
    } else {
      const out = new Int32Array(this.count);
      let n = 0;
      const parts = new Set(filter.partitions ?? []);
      const text = filter.text ? compileFilter({ text: filter.text, caseSensitive: filter.caseSensitive, in: filter.in }) : undefined;
      for (let i = 0; i < this.count; i++) {
        const s = this.slot(i);
        if (parts.size && !parts.has(this.part[s]!)) continue;
        const o = this.off[s]!, t = this.ts[s]!;
        if ((filter.offsetFrom !== undefined && o < filter.offsetFrom) || (filter.offsetTo !== undefined && o > filter.offsetTo)) continue;
        if ((filter.timeFrom !== undefined && t < filter.timeFrom) || (filter.timeTo !== undefined && t > filter.timeTo)) continue;
        if (text && !text(this.at(i)!)) continue;
        out[n++] = i;
      }
      indices = out.subarray(0, n);
    }
    this.cache = { key, indices };
    return indices;
  }

  /** One page of the messages that match, oldest first (or newest first). */
  page(opts: { page?: number; pageSize?: number; filter?: MessageFilter; newestFirst?: boolean } = {}): MessagePage {
    const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
      throw new ShorelineError('kafka.badPageSize', `A page of ${String(pageSize)} messages is not allowed`, 'use a page size between 1 and 10000 (default 100)');
    }
    const idx = this.matches(opts.filter);
    const pages = Math.max(1, Math.ceil(idx.length / pageSize));
    const page = Math.min(Math.max(0, Math.floor(opts.page ?? 0)), pages - 1);
    const items: StoredMessage[] = [];
    for (let k = page * pageSize; k < Math.min(idx.length, (page + 1) * pageSize); k++) {
      const i = opts.newestFirst ? idx[idx.length - 1 - k]! : idx[k]!;
      items.push(this.at(i)!);
    }
    return { items, page, pageSize, matched: idx.length, pages, stored: this.count, dropped: this.droppedCount };
  }

  private slot(i: number): number {
    const s = this.start + i;
    return s >= this.capacity ? s - this.capacity : s;
  }

  /** The slot for a new record (the oldest one's when full), with its metadata set. */
  private slotFor(partition: number, offset: number, timestamp: number): number {
    let slot: number;
    if (this.count < this.capacity) {
      slot = this.count++;
      if (slot >= this.part.length) this.grow();
    } else {
      slot = this.start;
      this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
      this.droppedCount++;
      this.objects.delete(slot);
      this.headers.delete(slot);
      const old = this.part[slot]!;
      this.perPartition.set(old, this.perPartition.get(old)! - 1);
      if (this.perPartition.get(old) === 0) this.perPartition.delete(old);
    }
    this.perPartition.set(partition, (this.perPartition.get(partition) ?? 0) + 1);
    this.part[slot] = partition; this.off[slot] = offset; this.ts[slot] = timestamp;
    this.chunkOf[slot] = Math.max(0, this.chunks.length - 1);
    if (this.droppedCount) this.release();
    return slot;
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.part.length * 2);
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => { const b = make(n); b.set(a); return b; };
    this.part = grown(this.part, (x) => new Int32Array(x)); this.off = grown(this.off, (x) => new Float64Array(x)); this.ts = grown(this.ts, (x) => new Float64Array(x));
    this.chunkOf = grown(this.chunkOf, (x) => new Int32Array(x)); this.pos = grown(this.pos, (x) => new Int32Array(x));
    this.keyLen = grown(this.keyLen, (x) => new Int32Array(x)); this.valueLen = grown(this.valueLen, (x) => new Int32Array(x));
  }

  /** Room for `len` bytes in the last chunk (starting a new one when full); returns where they go. */
  private reserve(len: number): number {
    const last = this.chunks[this.chunks.length - 1];
    if (!last || this.chunkUsed + len > last.length) {
      if (last && this.spill && this.memoryUsed > this.memoryBytes) {
        const id = this.chunks.length - 1;
        this.spill.write(id, last.subarray(0, this.chunkUsed));
        this.chunks[id] = undefined;
        this.spilled.add(id);
        this.memoryUsed -= last.length;
      }
      const chunk = new Uint8Array(Math.max(CHUNK_BYTES, len));
      this.memoryUsed += chunk.length;
      this.chunks.push(chunk);
      this.chunkUsed = 0;
      // the slot was stamped with the previous chunk before its bytes were placed
      this.chunkOf[this.lastSlot()] = this.chunks.length - 1;
    }
    const p = this.chunkUsed;
    this.chunkUsed += len;
    return p;
  }

  private lastSlot(): number { return this.slot(this.count - 1); }

  /** Whether `len` more payload bytes need a new chunk that would take memory past the budget. */
  private overBudgetWith(len: number): boolean {
    const last = this.chunks[this.chunks.length - 1];
    if (last && this.chunkUsed + len <= last.length) return false;
    return this.memoryUsed + Math.max(CHUNK_BYTES, len) > this.memoryBytes;
  }

  /** Frees the chunks no kept record points into any more (records leave in the order they came). */
  private release(): void {
    const oldest = this.chunkOf[this.start]!;
    for (; this.chunkFloor < oldest; this.chunkFloor++) {
      const id = this.chunkFloor;
      const c = this.chunks[id];
      if (c) { this.memoryUsed -= c.length; this.chunks[id] = undefined; }
      if (this.spilled.delete(id)) { this.spill!.drop(id); if (this.readBack?.id === id) this.readBack = undefined; }
    }
  }

  private bytes(slot: number, from: number, len: number): Uint8Array {
    const p = this.pos[slot]! + from;
    const id = this.chunkOf[slot]!;
    let chunk = this.chunks[id];
    if (!chunk) {
      // spilled: read the whole chunk back once; scans and pages walk chunks in order
      if (this.readBack?.id !== id) this.readBack = { id, bytes: this.spill!.read(id) };
      chunk = this.readBack.bytes;
    }
    return chunk.subarray(p, p + len);
  }
}
