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
import { ReconnectBackoff } from '../../domain/kafka/reconnectBackoff';
import { VIEWER_GROUP_PREFIX } from '../../domain/kafka/viewerGroup';
import type { ReadRequest, ReadResult } from './kafkaApi';
import { isConnectionFailure } from './kafkaErrors';

export { VIEWER_GROUP_PREFIX };

/** A clock skew allowance before a start timestamp counts as "in the future". */
const FUTURE_SLACK_MS = 60_000;

/** Fetch sizes: the kafkajs defaults (1 MB / 10 MB) leave a bulk read waiting on round trips. */
const FETCH_BYTES_PER_PARTITION = Number(process.env.SHORELINE_FETCH_PARTITION_BYTES ?? 4 << 20);
const FETCH_BYTES = Number(process.env.SHORELINE_FETCH_BYTES ?? 16 << 20);

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

  /** Every throwaway group this read used (a live tail takes a fresh one after each reconnect); all deleted at the end. */
  const groups: string[] = [];
  const cleanups: Array<Promise<void>> = [];
  let current: Consumer | undefined;
  /** A live tail that lost its broker: reported once through onConnection until a new consumer joins again. */
  let disconnected = false;
  /** The wait between reconnect attempts; reset when one joins, so the next outage starts from the shortest wait. */
  const backoff = new ReconnectBackoff();
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
  const idlePartitions = all.filter((p) => !active.has(p));

  /**
   * Starts one consumer in a new throwaway group. Resolves `lost` when a live tail's consumer crashes for good (the
   * broker went away): the caller then starts another one from the `next` offsets. kafkajs' own restart is off for
   * tails, because after a broker restart it can hang without fetching again.
   */
  const startConsumer = async (): Promise<{ consumer: Consumer; lost: Promise<unknown>; off: () => void }> => {
    const groupId = `${VIEWER_GROUP_PREFIX}${randomUUID()}`;
    groups.push(groupId);
    const consumer: Consumer = deps.kafka.consumer({
      groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250, sessionTimeout: req.tail ? 10_000 : 30_000, heartbeatInterval: req.tail ? 1000 : 3000,
      // bulk reads: fewer, larger fetches (kafkajs defaults are 1 MB per partition, 10 MB per response)
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION, maxBytes: FETCH_BYTES,
      retry: { retries: 3, ...(req.tail ? { restartOnFailure: async () => false } : {}) },
    });
    current = consumer;
    let onLost: (e: unknown) => void = () => undefined;
    const lost = new Promise<unknown>((resolve) => { onLost = resolve; });
    // Batches of only control records, aborted or compacted messages never reach eachBatch: follow their last offset.
    const offBatch = consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      if (current !== consumer) return;
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
    const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
      try {
        for (const r of active.values()) consumer.seek({ topic: req.topic, partition: r.partition, offset: String(next.get(r.partition) ?? r.start) });
        if (idlePartitions.length) consumer.pause([{ topic: req.topic, partitions: idlePartitions }]);
      } catch (e) { fail(e); return; }
      if (disconnected) {
        disconnected = false;
        backoff.reset();
        deps.log?.(`read ${req.topic}: reconnected; resuming at ${[...next].map(([p, o]) => `p${p}@${o}`).join(', ')}`);
        req.onConnection?.('connected', `resumed at ${[...next].map(([p, o]) => `partition ${p} offset ${o}`).join(', ')}`);
        // the groups of the consumers that lost the broker: empty once their members time out, then deleted
        for (const g of groups.slice(0, -1)) cleanups.push(deleteThrowawayGroup(admin, g, deps.log, 30));
        groups.splice(0, groups.length - 1);
      }
    });
    const offCrash = consumer.on(consumer.events.CRASH, (e) => {
      const p = e.payload as { error: unknown; restart: boolean };
      if (req.tail && isConnectionFailure(p.error)) onLost(p.error);
      else if (!p.restart) fail(p.error);
      else deps.log?.(`read ${req.topic}: the reader restarts after ${String(p.error)}`);
    });
    const off = () => { offBatch(); offJoin(); offCrash(); };
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [req.topic], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: (payload) => (current === consumer ? eachBatch(payload) : Promise.resolve()), eachBatchAutoResolve: true });
    } catch (e) {
      if (!req.tail || !isConnectionFailure(e)) { off(); await consumer.disconnect().catch(() => undefined); throw e; }
      onLost(e);
    }
    return { consumer, lost, off };
  };
  const stopConsumer = async (c: { consumer: Consumer; off: () => void }) => {
    c.off();
    if (current === c.consumer) current = undefined;
    await c.consumer.disconnect().catch((e: unknown) => deps.log?.(`read ${req.topic}: disconnect: ${String(e)}`));
  };

  const idleMs = deps.idleMs ?? 10_000;
  const idle = req.tail ? undefined : setInterval(() => {
    if (Date.now() - lastProgress > idleMs) {
      deps.log?.(`read ${req.topic}: nothing new for ${idleMs / 1000} s below the end offsets; treating the rest as compacted away`);
      finish('end');
    }
  }, 500);

  let stoppedBy: ReadResult['stoppedBy'] = 'end';
  let running: { consumer: Consumer; off: () => void } | undefined;
  try {
    for (;;) {
      const started = await startConsumer();
      running = started;
      const outcome = await Promise.race([done.then((why) => ({ why })), started.lost.then((error) => ({ error }))]);
      if ('why' in outcome) { stoppedBy = outcome.why; break; }
      // A live tail lost the broker: say so once, drop this consumer, and start a new one from the next offsets.
      if (!disconnected) {
        disconnected = true;
        deps.log?.(`read ${req.topic}: disconnected (${String(outcome.error)}); reconnecting`);
        req.onConnection?.('disconnected', String((outcome.error as Error)?.message ?? outcome.error));
      }
      await stopConsumer(started);
      running = undefined;
      const wait = backoff.next();
      const after = await Promise.race([done.then((why) => why), new Promise<undefined>((r) => setTimeout(r, wait))]);
      if (after) { stoppedBy = after; break; }
    }
  } finally {
    if (idle) clearInterval(idle);
    req.signal?.removeEventListener('abort', onAbort);
    if (running) await stopConsumer(running);
    for (const g of groups) cleanups.push(deleteThrowawayGroup(admin, g, deps.log));
    await Promise.all(cleanups);
  }
  return result(stoppedBy, count, groups[groups.length - 1]);
}

/** Deletes the reader's own group; it is empty after disconnect, but the leave can take a moment to land. */
export async function deleteThrowawayGroup(admin: Admin, groupId: string, log?: (m: string) => void, attempts = 10): Promise<void> {
  if (!groupId.startsWith(VIEWER_GROUP_PREFIX)) throw new Error(`refusing to delete ${groupId}: not a viewer group`);
  for (let attempt = 0; attempt < attempts; attempt++) {
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
      await new Promise((r) => setTimeout(r, Math.min(3000, 200 * (attempt + 1))));
    }
  }
  log?.(`the viewer group ${groupId} still had members after ${attempts} attempts; the broker removes it once empty`);
}
