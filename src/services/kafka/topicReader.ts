/**
 * Reads a range of a topic without touching any consumer group of the user. kafkajs has no manual partition
 * assignment, so the reader joins a throwaway group of its own (`shoreline-viewer-<uuid>`) that never commits
 * (autoCommit off), seeks each partition to the requested start, stops at the end offsets captured when the read
 * began (unless tailing), and deletes its group afterwards. A read that has nothing to fetch creates no group at all.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { ShorelineError } from '../../domain/errors';
import type { RawMessage, StartPosition } from '../../domain/kafka/kafkaModel';
import { VIEWER_GROUP_PREFIX } from '../../domain/kafka/viewerGroup';
import type { ReadRequest, ReadResult } from './kafkaApi';

export { VIEWER_GROUP_PREFIX };

/** A clock skew allowance before a start timestamp counts as "in the future". */
const FUTURE_SLACK_MS = 60_000;

interface Range { partition: number; start: number; end: number }

export interface ReaderDeps {
  kafka: Kafka;
  admin: () => Promise<Admin>;
  /** Resolves when nothing arrives for this long on a bounded read (a compacted tail can hide the last offsets). */
  idleMs?: number;
  log?: (m: string) => void;
}

/** Where each partition's read starts and ends; throws naming the partition and the offsets when the request cannot be met. */
export async function planRead(admin: Admin, req: ReadRequest): Promise<{ ranges: Range[]; all: number[] }> {
  const meta = await admin.fetchTopicMetadata({ topics: [req.topic] });
  const all = (meta.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
  for (const p of req.partitions ?? []) {
    if (!all.includes(p)) throw new ShorelineError('kafka.unknownPartition', `Topic "${req.topic}" has no partition ${p} (partitions: ${all.join(', ')})`, `pick from ${all.join(', ')}`);
  }
  const chosen = req.partitions?.length ? [...req.partitions].sort((a, b) => a - b) : all;
  const offsets = await admin.fetchTopicOffsets(req.topic);
  const ends = new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
  const from = req.from;
  let byTs: Map<number, number> | undefined;
  if (from.kind === 'timestamp') {
    if (from.timestamp > Date.now() + FUTURE_SLACK_MS) {
      throw new ShorelineError('kafka.futureTimestamp', `The start time ${new Date(from.timestamp).toISOString()} is in the future: no message can be there yet`,
        'pick a time in the past, or use --from latest to wait for new messages');
    }
    byTs = new Map((await admin.fetchTopicOffsetsByTimestamp(req.topic, from.timestamp)).map((o) => [o.partition, Number(o.offset)]));
  }
  const ranges = chosen.map((partition): Range => {
    const { low, high } = ends.get(partition) ?? { low: 0, high: 0 };
    return { partition, start: startOffset(from, low, high, byTs?.get(partition)), end: high };
  });
  if (from.kind === 'offset' && ranges.length && ranges.every((r) => from.offset > r.end)) {
    throw new ShorelineError('kafka.offsetBeyondEnd', `Offset ${from.offset} is beyond the end of ${req.topic} (${ranges.map((r) => `partition ${r.partition} ends at ${r.end}`).join(', ')})`,
      'use a smaller offset, --from beginning, or --from latest');
  }
  return { ranges, all };
}

function startOffset(from: StartPosition, low: number, high: number, ts: number | undefined): number {
  switch (from.kind) {
    case 'beginning': return low;
    case 'latest': return Math.max(low, high - from.count);
    case 'offset': return Math.min(Math.max(from.offset, low), high);
    case 'timestamp': return ts === undefined || ts < 0 ? high : Math.max(low, ts);
  }
}

export function toRawMessage(topic: string, partition: number, m: KafkaMessage): RawMessage {
  return {
    topic, partition, offset: Number(m.offset), timestamp: Number(m.timestamp),
    key: m.key ? new Uint8Array(m.key.buffer, m.key.byteOffset, m.key.length) : null,
    value: m.value ? new Uint8Array(m.value.buffer, m.value.byteOffset, m.value.length) : null,
    headers: headerList(m.headers),
  };
}

function headerList(h: IHeaders | undefined): RawMessage['headers'] {
  const out: RawMessage['headers'] = [];
  for (const [key, v] of Object.entries(h ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      out.push({ key, value: one === undefined ? null : typeof one === 'string' ? new TextEncoder().encode(one) : new Uint8Array(one.buffer, one.byteOffset, one.length) });
    }
  }
  return out;
}

/** Runs one read. See the module comment for how it stays out of the user's groups. */
export async function readTopic(deps: ReaderDeps, req: ReadRequest & { collect?: boolean }): Promise<ReadResult> {
  const t0 = Date.now();
  const admin = await deps.admin();
  const { ranges, all } = await planRead(admin, req);
  const collect = req.collect !== false;
  const messages: RawMessage[] = [];
  const result = (stoppedBy: ReadResult['stoppedBy'], count: number, groupId?: string): ReadResult =>
    ({ topic: req.topic, messages, count, ranges, groupId, stoppedBy, elapsedMs: Date.now() - t0 });
  const active = new Map(ranges.filter((r) => req.tail || r.start < r.end).map((r) => [r.partition, r]));
  if (!active.size || req.limit === 0) return result('end', 0);
  if (req.signal?.aborted) return result('aborted', 0);

  const groupId = `${VIEWER_GROUP_PREFIX}${randomUUID()}`;
  const consumer: Consumer = deps.kafka.consumer({
    groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250, sessionTimeout: 30_000, heartbeatInterval: 3000,
    retry: { retries: 3 },
  });
  /** Next offset expected per partition: messages below it (refetches after a rebalance) are dropped. */
  const next = new Map([...active.values()].map((r) => [r.partition, r.start]));
  let count = 0;
  let lastProgress = Date.now();
  let finish: (why: ReadResult['stoppedBy']) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const done = new Promise<ReadResult['stoppedBy']>((resolve, reject) => { finish = resolve; fail = reject; });
  const complete = () => !req.tail && [...active.values()].every((r) => (next.get(r.partition) ?? 0) >= r.end);
  const onAbort = () => finish('aborted');
  req.signal?.addEventListener('abort', onAbort, { once: true });

  const eachBatch = async ({ batch }: EachBatchPayload) => {
    const r = active.get(batch.partition);
    if (!r) return;
    const out: RawMessage[] = [];
    for (const m of batch.messages) {
      const off = Number(m.offset);
      if (off < (next.get(r.partition) ?? 0) || (!req.tail && off >= r.end)) continue;
      if (req.limit !== undefined && count >= req.limit) break;
      out.push(toRawMessage(req.topic, batch.partition, m));
      count++;
      next.set(r.partition, off + 1);
    }
    lastProgress = Date.now();
    if (out.length) {
      if (collect) for (const m of out) messages.push(m);
      req.onMessages?.(out);
    }
    if (req.limit !== undefined && count >= req.limit) finish('limit');
    else if (complete()) finish('end');
  };
  // Batches of only control records, aborted or compacted messages never reach eachBatch: follow their last offset.
  const removeListener = consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    const p = e.payload as { partition: number; lastOffset: string };
    const r = active.get(p.partition);
    if (!r) return;
    const after = Number(p.lastOffset) + 1;
    if (after > (next.get(p.partition) ?? 0)) next.set(p.partition, Math.min(after, req.tail ? after : r.end));
    lastProgress = Date.now();
    if (complete()) finish('end');
  });
  // Seek (and pause the partitions not asked for) on every join: the first one, and again if kafkajs restarts the
  // consumer after a retriable error (e.g. the coordinator of a fresh broker is still loading), resuming where it was.
  const idlePartitions = all.filter((p) => !active.has(p));
  const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
    try {
      for (const r of active.values()) consumer.seek({ topic: req.topic, partition: r.partition, offset: String(next.get(r.partition) ?? r.start) });
      if (idlePartitions.length) consumer.pause([{ topic: req.topic, partitions: idlePartitions }]);
    } catch (e) { fail(e); }
  });
  const removeCrash = consumer.on(consumer.events.CRASH, (e) => {
    const p = e.payload as { error: unknown; restart: boolean };
    if (!p.restart) fail(p.error);
    else deps.log?.(`read ${req.topic}: the reader restarts after ${String(p.error)}`);
  });
  const idleMs = deps.idleMs ?? 10_000;
  const idle = req.tail ? undefined : setInterval(() => {
    if (Date.now() - lastProgress > idleMs) {
      deps.log?.(`read ${req.topic}: nothing new for ${idleMs / 1000} s below the end offsets; treating the rest as compacted away`);
      finish('end');
    }
  }, 500);

  let stoppedBy: ReadResult['stoppedBy'] = 'end';
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [req.topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch, eachBatchAutoResolve: true });
    stoppedBy = await done;
  } finally {
    if (idle) clearInterval(idle);
    removeListener(); removeJoin(); removeCrash();
    req.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch((e: unknown) => deps.log?.(`read ${req.topic}: disconnect: ${String(e)}`));
    await deleteThrowawayGroup(admin, groupId, deps.log);
  }
  return result(stoppedBy, count, groupId);
}

/** Deletes the reader's own group; it is empty after disconnect, but the leave can take a moment to land. */
export async function deleteThrowawayGroup(admin: Admin, groupId: string, log?: (m: string) => void): Promise<void> {
  if (!groupId.startsWith(VIEWER_GROUP_PREFIX)) throw new Error(`refusing to delete ${groupId}: not a viewer group`);
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (e) {
      const groups = (e as { groups?: Array<{ error?: { type?: string } }> }).groups;
      const type = groups?.[0]?.error?.type;
      if (type === 'GROUP_ID_NOT_FOUND') return;
      if (type !== 'NON_EMPTY_GROUP' && type !== 'COORDINATOR_LOAD_IN_PROGRESS' && type !== 'NOT_COORDINATOR') {
        log?.(`could not delete the viewer group ${groupId}: ${String(e)}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
  log?.(`the viewer group ${groupId} still had members after 10 attempts; the broker removes it once empty`);
}
