/**
 * What the message viewer's page receives: one page of rows built from the ring buffer on the host, with the totals,
 * the counts per partition and a timeline of message rate over the filter result. The webview never holds more than
 * this page. Also the export formats of a filter result (JSON Lines, CSV). Pure.
 */
import * as z from 'zod/mini';
import type { ChangeOp } from './debeziumEnvelope';
import { decodeMessage, messageSummary, type DecodedMessage, type StoredMessage } from './messageDecoding';
import { DEFAULT_PAGE_SIZE, type MessageFilter, type MessageStore } from './messageStore';

/** The largest page the viewer asks for: the webview renders at most this many rows. */
export const MAX_VIEWER_PAGE_SIZE = 500;

const nonNegInt = z.number().check(z.int(), z.gte(0));

/** A filter as the webview sends it, parsed at the host's boundary. */
export const messageFilterSchema = z.object({
  text: z.optional(z.string().check(z.maxLength(10_000))),
  caseSensitive: z.optional(z.boolean()),
  in: z.optional(z.array(z.enum(['key', 'value', 'headers'])).check(z.maxLength(3))),
  partitions: z.optional(z.array(nonNegInt).check(z.maxLength(10_000))),
  offsetFrom: z.optional(nonNegInt),
  offsetTo: z.optional(nonNegInt),
  timeFrom: z.optional(nonNegInt),
  timeTo: z.optional(nonNegInt),
});

export const viewerQuerySchema = z.object({
  page: nonNegInt,
  pageSize: z.number().check(z.int(), z.gte(1), z.lte(MAX_VIEWER_PAGE_SIZE)),
  filter: messageFilterSchema,
  newestFirst: z.boolean(),
});
export type ViewerQuery = z.infer<typeof viewerQuerySchema>;

export const DEFAULT_QUERY: ViewerQuery = { page: 0, pageSize: DEFAULT_PAGE_SIZE, filter: {}, newestFirst: false };

/** One line of the table. */
export interface MessageRow {
  partition: number;
  offset: number;
  timestamp: number;
  /** The key as text (base64 for bytes), cut to a preview; null when the record has no key. */
  key: string | null;
  /** One-line value: the change summary, "(tombstone: null value)", or the value cut to a preview. */
  preview: string;
  headers: number;
  kind: DecodedMessage['kind'];
  /** Debezium op and its word, for change rows. */
  op?: ChangeOp;
  operation?: string;
}

export interface PartitionCount { partition: number; stored: number; matched: number }
export interface RateTimeline { from: number; bucketMs: number; counts: number[] }

/** The full snapshot behind one page: never a delta. */
export interface ViewerPage {
  rows: MessageRow[];
  /** Messages kept in the buffer. */
  total: number;
  /** Messages matching the filter. */
  filteredTotal: number;
  page: number;
  pages: number;
  pageSize: number;
  /** Messages pushed out of the buffer (capacity reached). */
  dropped: number;
  partitions: PartitionCount[];
  /** Messages per time bucket over the filter result (empty counts when nothing matches). */
  timeline: RateTimeline;
}

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function messageRow(m: StoredMessage, previewChars = 200): MessageRow {
  const d = decodeMessage(m);
  const row: MessageRow = {
    partition: m.partition, offset: m.offset, timestamp: m.timestamp, key: m.key === null ? null : cut(m.key, 80),
    preview: messageSummary(d, previewChars), headers: m.headers.length, kind: d.kind,
  };
  if (d.change) { row.op = d.change.op; row.operation = d.change.operation; }
  return row;
}

/** Rounds a bucket width up to a readable step (1 s, 5 s, 1 min, …). */
function bucketWidth(span: number, buckets: number): number {
  const steps = [1000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000];
  const want = span / buckets;
  return steps.find((s) => s >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

/** One page of the filter result with the counts and timeline that go with it. */
export function buildViewerPage(store: MessageStore, q: ViewerQuery, maxBuckets = 60): ViewerPage {
  const filter: MessageFilter = q.filter;
  const p = store.page({ page: q.page, pageSize: q.pageSize, filter, newestFirst: q.newestFirst });
  const idx = store.matches(filter);
  const parts = new Map<number, PartitionCount>();
  // partition and timestamp only: no record is decoded for the counts and the timeline
  for (const [partition, stored] of store.storedByPartition()) parts.set(partition, { partition, stored, matched: 0 });
  const matched = new Map<number, number>();
  let min = Infinity, max = -Infinity;
  let lastPartition = -1, run = 0;
  for (const i of idx) {
    const p = store.partitionAt(i);
    if (p !== lastPartition) { if (run) matched.set(lastPartition, (matched.get(lastPartition) ?? 0) + run); lastPartition = p; run = 0; }
    run++;
    const t = store.timestampAt(i);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (run) matched.set(lastPartition, (matched.get(lastPartition) ?? 0) + run);
  for (const [partition, n] of matched) parts.get(partition)!.matched = n;
  let timeline: RateTimeline = { from: 0, bucketMs: 1000, counts: [] };
  if (idx.length) {
    const bucketMs = bucketWidth(Math.max(1, max - min + 1), maxBuckets);
    const from = Math.floor(min / bucketMs) * bucketMs;
    const counts = new Array<number>(Math.floor((max - from) / bucketMs) + 1).fill(0);
    for (const i of idx) counts[Math.floor((store.timestampAt(i) - from) / bucketMs)]!++;
    timeline = { from, bucketMs, counts };
  }
  return {
    rows: p.items.map((m) => messageRow(m)), total: p.stored, filteredTotal: p.matched, page: p.page, pages: p.pages, pageSize: p.pageSize,
    dropped: p.dropped, partitions: [...parts.values()].sort((a, b) => a.partition - b.partition), timeline,
  };
}

/** The kept message at a partition and offset. */
export function findMessage(store: MessageStore, partition: number, offset: number): StoredMessage | undefined {
  for (let i = store.size - 1; i >= 0; i--) {
    if (store.offsetAt(i) === offset && store.partitionAt(i) === partition) return store.at(i);
  }
  return undefined;
}

/** Every kept message matching the filter, oldest first. */
export function* filterResult(store: MessageStore, filter: MessageFilter): Generator<StoredMessage> {
  for (const i of store.matches(filter)) yield store.at(i)!;
}

/** A message as one JSON object: JSON keys/values parsed, text as text, bytes as hex. */
export function messageJson(m: StoredMessage): Record<string, unknown> {
  const d = decodeMessage(m);
  const show = (p: typeof d.value) => (p.kind === 'json' ? p.json : p.kind === 'null' ? null : p.text);
  return {
    partition: d.partition, offset: d.offset, timestamp: new Date(d.timestamp).toISOString(), key: show(d.key), value: show(d.value),
    headers: Object.fromEntries(d.headers.map((h) => [h.key, h.value])),
    ...(d.kind !== 'record' ? { kind: d.kind } : {}), ...(d.change ? { change: d.change.summary } : {}),
    ...(d.key.kind === 'bytes' ? { keyEncoding: 'hex' } : {}), ...(d.value.kind === 'bytes' ? { valueEncoding: 'hex' } : {}),
    ...(m.keySchema ? { keySchema: m.keySchema } : {}), ...(m.valueSchema ? { valueSchema: m.valueSchema } : {}),
  };
}

export function toJsonLines(messages: Iterable<StoredMessage>): string {
  let out = '';
  for (const m of messages) out += `${JSON.stringify(messageJson(m))}\n`;
  return out;
}

const csvField = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV: partition, offset, timestamp (ISO), key, value, headers (JSON object), kind. */
export function toCsv(messages: Iterable<StoredMessage>): string {
  let out = 'partition,offset,timestamp,key,value,headers,kind\r\n';
  for (const m of messages) {
    const kind = m.value === null ? 'tombstone' : decodeMessage(m).kind;
    out += [m.partition, m.offset, new Date(m.timestamp).toISOString(), m.key, m.value, JSON.stringify(Object.fromEntries(m.headers)), kind].map(csvField).join(',') + '\r\n';
  }
  return out;
}
