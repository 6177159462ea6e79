/**
 * Reads topics for checks (kafkajs): end and start offsets per partition, and a scan for a message that matches a
 * predicate with a throwaway consumer group that is deleted afterwards. Never creates topics: a topic that does not
 * exist yet is reported as missing (the consumer and the metadata requests are made with auto-creation off).
 */
import type { Admin, Kafka } from 'kafkajs';
import { ShorelineError } from '../../domain/errors';

export interface PartitionOffsets { partition: number; low: number; high: number }

/** A record as the checks see it: key and value parsed as JSON when they are JSON, else UTF-8 text. */
export interface TopicRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: unknown;
  value: unknown;
  headers: Record<string, string>;
}

export interface ScanResult {
  /** The first record that matched, if any. */
  match?: TopicRecord;
  /** Records read. */
  scanned: number;
  /** The last record read (to show what the topic holds when nothing matched). */
  last?: TopicRecord;
  /** false when the topic did not exist before the time was up. */
  topicExists: boolean;
}

/** The port. */
export interface TopicInspector {
  /** Offsets per partition, or undefined when the topic does not exist. */
  offsets(topic: string): Promise<PartitionOffsets[] | undefined>;
  /** Reads the topic (from the beginning unless `fromBeginning` is false) until a record matches or the time is up. */
  scan(topic: string, match: (r: TopicRecord) => boolean, opts: { timeoutMs: number; fromBeginning: boolean }): Promise<ScanResult>;
  close(): Promise<void>;
}

function decode(buf: Buffer | null | undefined): unknown {
  if (!buf || buf.length === 0) return null;
  const text = buf.toString('utf8');
  try { return JSON.parse(text) as unknown; } catch { return text; }
}

let groupSeq = 0;

/** kafkajs adapter. `clientId` names the throwaway groups: `<clientId>-<pid>-<n>`. */
export class KafkaTopicInspector implements TopicInspector {
  private kafka?: Kafka;
  private admin?: Promise<Admin>;

  constructor(private readonly brokers: string[], private readonly clientId = 'shoreline-check') {}

  private async client(): Promise<Kafka> {
    if (!this.kafka) {
      const { Kafka: KafkaCtor, logLevel } = await import('kafkajs');
      this.kafka = new KafkaCtor({ clientId: this.clientId, brokers: this.brokers, logLevel: logLevel.NOTHING, connectionTimeout: 5000, requestTimeout: 15000, retry: { retries: 3 } });
    }
    return this.kafka;
  }

  /** One admin per inspector; concurrent checks share the connection attempt. */
  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = (await this.client()).admin();
      try {
        await admin.connect();
      } catch (e) {
        this.admin = undefined;
        throw new ShorelineError('kafka.unreachable', `Kafka is not reachable at ${this.brokers.join(',')} (${(e as Error).message})`,
          'start the stack (shoreline up --services kafka) or check ports.kafka');
      }
      return admin;
    })();
    return this.admin;
  }

  async offsets(topic: string): Promise<PartitionOffsets[] | undefined> {
    const admin = await this.connectedAdmin();
    // listTopics first: a metadata request for a missing topic could create it on a broker with auto-creation on
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const got = await admin.fetchTopicOffsets(topic);
    return got.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) })).sort((a, b) => a.partition - b.partition);
  }

  async scan(topic: string, match: (r: TopicRecord) => boolean, opts: { timeoutMs: number; fromBeginning: boolean }): Promise<ScanResult> {
    const deadline = Date.now() + opts.timeoutMs;
    const admin = await this.connectedAdmin();
    while (!(await admin.listTopics()).includes(topic)) {
      if (Date.now() >= deadline) return { scanned: 0, topicExists: false };
      await new Promise((r) => setTimeout(r, 500));
    }
    const groupId = `${this.clientId}-${process.pid}-${++groupSeq}`;
    const consumer = (await this.client()).consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    let scanned = 0;
    let last: TopicRecord | undefined;
    let found: TopicRecord | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        consumer.run({
          eachMessage: async ({ partition, message }) => {
            if (found) return;
            const rec: TopicRecord = {
              partition, offset: Number(message.offset), timestamp: Number(message.timestamp), key: decode(message.key), value: decode(message.value),
              headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => x?.toString() ?? '').join(',') : v?.toString() ?? ''])),
            };
            scanned++;
            last = rec;
            if (match(rec)) { found = rec; clearTimeout(timer); resolve(); }
          },
        }).catch((e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); });
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      // the group only existed for this check; an empty group can be deleted at once
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return { ...(found ? { match: found } : {}), scanned, ...(last ? { last } : {}), topicExists: true };
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
