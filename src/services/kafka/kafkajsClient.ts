/**
 * The kafkajs adapter of {@link KafkaApi}: the only file (with topicReader.ts) that talks to a Kafka cluster.
 * Admin calls share one lazily connected admin client; produce shares one producer.
 */
import {
  AssignerProtocol, CompressionTypes, ConfigResourceTypes, ConfigSource, Kafka, logLevel, Partitioners,
  type Admin, type KafkaConfig, type LogEntry, type Message, type Producer,
} from 'kafkajs';
import { ShorelineError } from '../../domain/errors';
import { partitionLags, totalLag } from '../../domain/kafka/consumerLag';
import { checkCreateTopic, type CreateTopicRequest } from '../../domain/kafka/createTopic';
import type {
  ClusterInfo, CompressionCodec, GroupDetail, GroupMember, GroupState, GroupSummary, ProduceMessage, ProduceSummary, TopicConfigEntry, TopicSummary,
} from '../../domain/kafka/kafkaModel';
import { planOffsetReset, type ResetPlan, type ResetStrategy } from '../../domain/kafka/offsetReset';
import { produceChunks } from '../../domain/kafka/produceChunks';
import { checkTopicName } from '../../domain/kafka/topicName';
import type { Logger } from '../logger';
import { registerCompressionCodecs } from './compressionCodecs';
import type { KafkaApi, ProduceOptions, ReadRequest, ReadResult } from './kafkaApi';
import { mapKafkaError, type ErrorContext } from './kafkaErrors';
import { readTopic } from './topicReader';

const CODECS: Record<CompressionCodec, CompressionTypes> = {
  none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD,
};
const GROUP_STATES: GroupState[] = ['Empty', 'Stable', 'PreparingRebalance', 'CompletingRebalance', 'Dead', 'Assigning', 'Reconciling', 'Unknown'];
const toState = (s: string): GroupState => (GROUP_STATES as string[]).includes(s) ? s as GroupState : 'Unknown';

/** Runs `fn` over items with at most `n` in flight. */
async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) { const k = i++; out[k] = await fn(items[k]!); }
  }));
  return out;
}

export interface KafkajsClientOptions {
  /** Shown in errors and trees: "local stack", or the cluster's name. */
  label: string;
  log?: Logger;
}

/** A {@link KafkaApi} over kafkajs, with snappy / lz4 / zstd registered. */
export class KafkajsClient implements KafkaApi {
  readonly label: string;
  readonly brokers: string[];
  private readonly kafka: Kafka;
  private adminP: Promise<Admin> | undefined;
  private producerP: Promise<Producer> | undefined;
  private readonly log?: Logger;

  constructor(config: KafkaConfig, opts: KafkajsClientOptions) {
    registerCompressionCodecs();
    this.label = opts.label;
    this.log = opts.log;
    this.brokers = typeof config.brokers === 'function' ? [] : [...config.brokers];
    const log = opts.log;
    this.kafka = new Kafka({
      ...config,
      logLevel: logLevel.WARN,
      // kafkajs logs through this: warnings to our log at debug level (reconnects are routine), never to stdout
      logCreator: () => (e: LogEntry) => { if (log && e.level <= logLevel.WARN) log.debug(`kafkajs ${e.namespace}: ${e.log.message}`); },
    });
  }

  private ctx(action: string, extra: Partial<ErrorContext> = {}): ErrorContext {
    return { cluster: this.label, brokers: this.brokers, action, ...extra };
  }

  /** Wraps a call: kafkajs errors become ShorelineErrors; a dead connection is dropped so the next call reconnects. */
  private async call<T>(action: string, extra: Partial<ErrorContext>, fn: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.admin());
    } catch (e) {
      const err = mapKafkaError(e, this.ctx(action, extra));
      if (err.code === 'kafka.unreachable' || err.code === 'kafka.authFailed') await this.resetAdmin();
      throw err;
    }
  }

  /** The shared admin client (connected on first use). */
  admin(): Promise<Admin> {
    if (!this.adminP) {
      const admin = this.kafka.admin({ retry: { retries: 2 } });
      this.adminP = admin.connect().then(() => admin, (e: unknown) => { this.adminP = undefined; throw e; });
    }
    return this.adminP;
  }

  private async resetAdmin(): Promise<void> {
    const p = this.adminP;
    this.adminP = undefined;
    if (p) await p.then((a) => a.disconnect()).catch(() => undefined);
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return this.call('describe the cluster', {}, async (a) => {
      const c = await a.describeCluster();
      return { clusterId: c.clusterId, controller: c.controller, brokers: c.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })).sort((x, y) => x.nodeId - y.nodeId) };
    });
  }

  async listTopics(opts: { includeInternal?: boolean } = {}): Promise<TopicSummary[]> {
    return this.call('list topics', {}, async (a) => {
      const meta = await a.fetchTopicMetadata();
      const topics = meta.topics.filter((t) => opts.includeInternal || !t.name.startsWith('__')).sort((x, y) => x.name.localeCompare(y.name));
      return pool(topics, 8, (t) => this.summarize(a, t.name, t.partitions));
    });
  }

  async describeTopic(topic: string): Promise<TopicSummary> {
    return this.call('describe a topic', { topic }, async (a) => {
      await this.requireTopic(a, topic);
      const meta = await a.fetchTopicMetadata({ topics: [topic] });
      return this.summarize(a, topic, meta.topics[0]?.partitions ?? []);
    });
  }

  private async summarize(a: Admin, name: string, parts: Array<{ partitionId: number; leader: number; replicas: number[]; isr: number[] }>): Promise<TopicSummary> {
    const offsets = new Map((await a.fetchTopicOffsets(name)).map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
    const partitions = parts.map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, ...(offsets.get(p.partitionId) ?? { low: 0, high: 0 }) }))
      .sort((x, y) => x.partition - y.partition);
    return {
      name, internal: name.startsWith('__'), partitions,
      replicationFactor: partitions[0]?.replicas.length ?? 0,
      messages: partitions.reduce((s, p) => s + (p.high - p.low), 0),
    };
  }

  private async requireTopic(a: Admin, topic: string): Promise<void> {
    const bad = checkTopicName(topic).error;
    if (bad) throw new ShorelineError('kafka.badTopicName', `"${topic}" is not a valid topic name: ${bad}`, 'check the name (letters, digits, ".", "_" and "-")');
    if (!(await a.listTopics()).includes(topic)) {
      throw new ShorelineError('kafka.unknownTopic', `Topic "${topic}" does not exist on ${this.label}`, `list topics with "shoreline topics", or create it: shoreline topic create ${topic}`);
    }
  }

  async topicConfigs(topic: string): Promise<TopicConfigEntry[]> {
    return this.call('read topic configs', { topic }, async (a) => {
      await this.requireTopic(a, topic);
      const r = await a.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
      return (r.resources[0]?.configEntries ?? []).map((e) => ({
        name: e.configName, value: e.configValue, explicit: e.configSource === ConfigSource.TOPIC_CONFIG, readOnly: e.readOnly,
        sensitive: e.isSensitive, source: ConfigSource[e.configSource] ?? String(e.configSource),
      })).sort((x, y) => x.name.localeCompare(y.name));
    });
  }

  async createTopic(req: CreateTopicRequest): Promise<void> {
    const info = await this.clusterInfo();
    const existing = await this.call('list topics', {}, (a) => a.listTopics());
    const check = checkCreateTopic(req, info.brokers.length, existing);
    for (const w of check.warnings) this.log?.warn(`topic ${req.name}: ${w}`);
    if (check.errors.length) {
      throw new ShorelineError('kafka.invalidTopicRequest', `Cannot create topic "${req.name}" on ${this.label}: ${check.errors.join('; ')}`, 'fix the request and try again');
    }
    await this.call('create a topic', { topic: req.name }, async (a) => {
      const created = await a.createTopics({
        waitForLeaders: true,
        topics: [{ topic: req.name, numPartitions: req.partitions, replicationFactor: req.replicationFactor, configEntries: Object.entries(req.configs).map(([name, value]) => ({ name, value })) }],
      });
      if (!created) throw new ShorelineError('kafka.topicExists', `Topic "${req.name}" already exists on ${this.label}`, 'pick another name, or delete the topic first');
    });
  }

  async deleteTopic(topic: string): Promise<void> {
    await this.call('delete a topic', { topic }, async (a) => {
      await this.requireTopic(a, topic);
      await a.deleteTopics({ topics: [topic] });
    });
    // a kafkajs producer keeps every topic it sent to in its metadata requests; once one is deleted, each later send
    // (to any topic) fails with "does not exist": start a fresh producer next time
    const p = this.producerP;
    this.producerP = undefined;
    if (p) await p.then((x) => x.disconnect()).catch(() => undefined);
  }

  /**
   * kafkajs only speaks the non-incremental AlterConfigs, which replaces the topic's whole config set: the topic's
   * own (explicit) configs are read first and sent back with the changes, so nothing else is lost.
   */
  async alterTopicConfigs(topic: string, changes: Record<string, string | null>): Promise<void> {
    const current = await this.topicConfigs(topic);
    const merged = new Map(current.filter((c) => c.explicit && !c.sensitive && c.value !== null).map((c) => [c.name, c.value!]));
    for (const [k, v] of Object.entries(changes)) { if (v === null) merged.delete(k); else merged.set(k, v); }
    await this.call('change topic configs', { topic }, (a) => a.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [...merged].map(([name, value]) => ({ name, value })) }],
    }));
  }

  async listGroups(): Promise<GroupSummary[]> {
    return this.call('list consumer groups', {}, async (a) => {
      const { groups } = await a.listGroups();
      if (!groups.length) return [];
      const desc = await a.describeGroups(groups.map((g) => g.groupId));
      const byId = new Map(desc.groups.map((d) => [d.groupId, d]));
      return groups.map((g) => {
        const d = byId.get(g.groupId);
        return { groupId: g.groupId, protocolType: g.protocolType, state: toState(d?.state ?? 'Unknown'), members: d?.members.length ?? 0 };
      }).sort((x, y) => x.groupId.localeCompare(y.groupId));
    });
  }

  private async groupState(a: Admin, groupId: string): Promise<{ state: GroupState; protocolType: string; members: GroupMember[] }> {
    const d = (await a.describeGroups([groupId])).groups[0];
    const members = (d?.members ?? []).map((m): GroupMember => {
      let assignment: Record<string, number[]> = {};
      try {
        const decoded = m.memberAssignment.length ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
        if (decoded) assignment = decoded.assignment;
      } catch { /* a non-consumer protocol (e.g. Connect) uses its own assignment format */ }
      return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment };
    });
    return { state: toState(d?.state ?? 'Dead'), protocolType: d?.protocolType ?? '', members };
  }

  async describeGroup(groupId: string): Promise<GroupDetail> {
    return this.call('describe a consumer group', { group: groupId }, async (a) => {
      const g = await this.groupState(a, groupId);
      const committed = await a.fetchOffsets({ groupId });
      const topics = new Set([...committed.map((c) => c.topic), ...g.members.flatMap((m) => Object.keys(m.assignment))]);
      if (g.state === 'Dead' && !topics.size) {
        throw new ShorelineError('kafka.unknownGroup', `Consumer group "${groupId}" does not exist on ${this.label}`, 'list groups with "shoreline groups"');
      }
      const existing = new Set(await a.listTopics());
      const offsets = (await pool([...topics].filter((t) => existing.has(t)).sort(), 8, async (topic) => {
        const ends = (await a.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }));
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        return partitionLags(topic, ends, mine.map((p) => ({ partition: p.partition, offset: Number(p.offset) })));
      })).flat();
      return { groupId, state: g.state, protocolType: g.protocolType, members: g.members, offsets, totalLag: totalLag(offsets) };
    });
  }

  async resetOffsets(groupId: string, topic: string, strategy: ResetStrategy, opts: { partitions?: number[]; dryRun?: boolean } = {}): Promise<ResetPlan> {
    return this.call('reset consumer group offsets', { group: groupId, topic }, async (a) => {
      await this.requireTopic(a, topic);
      const g = await this.groupState(a, groupId);
      const ends = (await a.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }));
      const current = ((await a.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? []).map((p) => ({ partition: p.partition, offset: Number(p.offset) }));
      const timestampOffsets = strategy.kind === 'timestamp'
        ? (await a.fetchTopicOffsetsByTimestamp(topic, strategy.timestamp)).map((o) => ({ partition: o.partition, offset: Number(o.offset) }))
        : undefined;
      const plan = planOffsetReset({ groupId, state: g.state, members: g.members, topic, partitions: ends, current, strategy, timestampOffsets, only: opts.partitions });
      if (!opts.dryRun && plan.targets.length) {
        await a.setOffsets({ groupId, topic, partitions: plan.targets.map((t) => ({ partition: t.partition, offset: String(t.to) })) });
      }
      return plan;
    });
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.call('delete a consumer group', { group: groupId }, async (a) => {
      try {
        await a.deleteGroups([groupId]);
      } catch (e) {
        // KafkaJSDeleteGroupsError carries the per-group protocol error
        const inner = (e as { groups?: Array<{ error?: unknown }> }).groups?.[0]?.error;
        throw inner ?? e;
      }
    });
  }

  private producer(): Promise<Producer> {
    if (!this.producerP) {
      const p = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 3 } });
      this.producerP = p.connect().then(() => p, (e: unknown) => { this.producerP = undefined; throw e; });
    }
    return this.producerP;
  }

  async produce(topic: string, messages: ProduceMessage[], opts: ProduceOptions = {}): Promise<ProduceSummary> {
    const t0 = Date.now();
    const meta = await this.call('produce', { topic }, async (a) => {
      await this.requireTopic(a, topic);
      return (await a.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;
    });
    const badPartition = messages.findIndex((m) => m.partition !== undefined && m.partition >= meta);
    if (badPartition >= 0) {
      throw new ShorelineError('kafka.unknownPartition', `Message ${badPartition + 1} asks for partition ${messages[badPartition]!.partition}, but "${topic}" has ${meta} partition(s); nothing was sent`,
        `use a partition between 0 and ${meta - 1}, or leave it out to let the key choose`);
    }
    const producer = await this.call('connect a producer', { topic }, () => this.producer());
    const summary: ProduceSummary = { topic, sent: 0, failed: 0, errors: [], elapsedMs: 0, rate: 0, ...(opts.returnPlacement ? { placed: [] } : {}) };
    for (const [i, end] of produceChunks(messages, opts.batchSize)) {
      if (opts.signal?.aborted) break;
      const chunk = messages.slice(i, end);
      try {
        const meta = await producer.send({ topic, acks: -1, compression: CODECS[opts.compression ?? 'none'], messages: chunk.map(toKafkajs) });
        summary.sent += chunk.length;
        if (summary.placed) summary.placed.push(...placements(chunk, meta));
      } catch (e) {
        const err = mapKafkaError(e, this.ctx('produce', { topic }));
        summary.failed += chunk.length;
        if (summary.errors.length < 20) summary.errors.push({ index: i, message: `messages ${i + 1}-${i + chunk.length}: ${err.message}` });
        if (opts.stopOnError || err.code === 'kafka.unreachable' || err.code === 'kafka.authFailed') {
          summary.failed += messages.length - end;
          break;
        }
      }
      opts.onProgress?.(summary.sent, messages.length);
    }
    summary.elapsedMs = Date.now() - t0;
    summary.rate = summary.elapsedMs > 0 ? Math.round((summary.sent * 1000) / summary.elapsedMs) : summary.sent;
    return summary;
  }

  async read(req: ReadRequest & { collect?: boolean }): Promise<ReadResult> {
    try {
      await this.call('read a topic', { topic: req.topic }, (a) => this.requireTopic(a, req.topic));
      return await readTopic({ kafka: this.kafka, admin: () => this.admin(), log: (m) => this.log?.debug(m) }, req);
    } catch (e) {
      throw mapKafkaError(e, this.ctx('read a topic', { topic: req.topic }));
    }
  }

  async disconnect(): Promise<void> {
    const p = this.producerP;
    this.producerP = undefined;
    if (p) await p.then((x) => x.disconnect()).catch(() => undefined);
    await this.resetAdmin();
  }
}

function toKafkajs(m: ProduceMessage): Message {
  return {
    key: m.key ?? null, value: m.value,
    ...(m.partition !== undefined ? { partition: m.partition } : {}),
    ...(m.headers ? { headers: m.headers } : {}),
    ...(m.timestamp !== undefined ? { timestamp: String(m.timestamp) } : {}),
  };
}

/**
 * Where each message of a batch landed. kafkajs reports the base offset per partition; messages to one partition
 * get consecutive offsets in input order.
 */
function placements(chunk: ProduceMessage[], meta: Array<{ partition: number; baseOffset?: string }>): Array<{ partition: number; offset: number }> {
  const base = new Map(meta.map((m) => [m.partition, Number(m.baseOffset ?? -1)]));
  if (meta.length === 1 && chunk.every((m) => m.partition === undefined || m.partition === meta[0]!.partition)) {
    const p = meta[0]!.partition;
    return chunk.map((_, i) => ({ partition: p, offset: (base.get(p) ?? 0) + i }));
  }
  // several partitions: without the partitioner's choices the per-message mapping is only known for explicit partitions
  const next = new Map(base);
  return chunk.map((m) => {
    if (m.partition === undefined) return { partition: -1, offset: -1 };
    const o = next.get(m.partition) ?? -1;
    next.set(m.partition, o + 1);
    return { partition: m.partition, offset: o };
  });
}
