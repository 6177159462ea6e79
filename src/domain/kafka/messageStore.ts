/**
 * The message viewer's bounded memory: a ring buffer of stored records (default 100,000, at most 1,000,000; the
 * oldest are dropped first) with filtering (text in key / value / headers, partitions, offset and time ranges) and
 * paging. Pure, so it runs in the extension host, in a worker, or in a test.
 */
import { ShorelineError } from '../errors';
import type { StoredMessage } from './messageDecoding';

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

/**
 * A ring buffer of messages with filtered paging. The matches of the last filter are cached until a message is
 * added, so turning pages does not rescan a million messages.
 */
export class MessageStore {
  private readonly ring: RingBuffer<StoredMessage>;
  private cache: { key: string; indices: number[] } | undefined;

  constructor(capacity: number = DEFAULT_CAPACITY) { this.ring = new RingBuffer(capacity); }

  get capacity(): number { return this.ring.capacity; }
  get size(): number { return this.ring.size; }
  get dropped(): number { return this.ring.dropped; }

  add(messages: Iterable<StoredMessage>): void {
    for (const m of messages) this.ring.push(m);
    this.cache = undefined;
  }

  clear(): void { this.ring.clear(); this.cache = undefined; }

  /** The i-th kept message, oldest first (indices as {@link matches} returns them). */
  at(i: number): StoredMessage | undefined { return this.ring.at(i); }

  /** Indices (oldest = 0) of the kept messages that match. */
  matches(filter: MessageFilter = {}): number[] {
    const key = JSON.stringify(filter);
    if (this.cache?.key === key) return this.cache.indices;
    const indices: number[] = [];
    if (isEmptyFilter(filter)) for (let i = 0; i < this.ring.size; i++) indices.push(i);
    else {
      const test = compileFilter(filter);
      for (let i = 0; i < this.ring.size; i++) if (test(this.ring.at(i)!)) indices.push(i);
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
      items.push(this.ring.at(i)!);
    }
    return { items, page, pageSize, matched: idx.length, pages, stored: this.ring.size, dropped: this.ring.dropped };
  }
}
