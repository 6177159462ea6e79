/**
 * What Shoreline knows about a Kafka cluster: topics, partitions, consumer groups and messages. Plain data shared by
 * the adapter, the CLI, the tree views and (later) the message viewer. Pure types.
 */

export interface BrokerInfo { nodeId: number; host: string; port: number }

export interface ClusterInfo { clusterId: string; controller: number | null; brokers: BrokerInfo[] }

/** One partition with its replicas and its offsets: `low` is the first offset still kept, `high` the next to be written. */
export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  low: number;
  high: number;
}

export interface TopicSummary {
  name: string;
  internal: boolean;
  partitions: PartitionInfo[];
  replicationFactor: number;
  /** Sum over partitions of high − low: what a reader from the beginning would get (less on compacted topics). */
  messages: number;
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  /** Set on the topic (not inherited from the broker or the default). */
  explicit: boolean;
  readOnly: boolean;
  sensitive: boolean;
  source: string;
}

/** Consumer-group states as the broker reports them (classic and KIP-848 groups). */
export type GroupState = 'Empty' | 'Stable' | 'PreparingRebalance' | 'CompletingRebalance' | 'Dead' | 'Assigning' | 'Reconciling' | 'Unknown';

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** topic → partitions assigned to this member (empty when the assignment cannot be decoded). */
  assignment: Record<string, number[]>;
}

export interface GroupSummary { groupId: string; protocolType: string; state: GroupState; members: number }

/** A group's position on one partition: committed offset (null: nothing committed), end offset and lag. */
export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number | null;
  end: number;
  low: number;
  /** end − committed; null when nothing is committed. */
  lag: number | null;
}

export interface GroupDetail {
  groupId: string;
  state: GroupState;
  protocolType: string;
  members: GroupMember[];
  offsets: PartitionLag[];
  /** Sum of the known lags. */
  totalLag: number;
}

/** A record as read from Kafka, before decoding. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch milliseconds. */
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Array<{ key: string; value: Uint8Array | null }>;
}

/** A record to produce. Strings are sent as UTF-8. */
export interface ProduceMessage {
  key?: string | null;
  value: string | null;
  headers?: Record<string, string>;
  partition?: number;
  timestamp?: number;
}

export interface ProduceSummary {
  topic: string;
  sent: number;
  failed: number;
  /** The first errors (at most 20), each with the index of the message in the input. */
  errors: Array<{ index: number; message: string }>;
  elapsedMs: number;
  /** Messages per second over the whole run. */
  rate: number;
  /** Where each accepted message landed, when asked for (small batches). */
  placed?: Array<{ partition: number; offset: number }>;
}

/** Where a read starts. `latest` reads the last `count` messages of each partition. */
export type StartPosition =
  | { kind: 'beginning' }
  | { kind: 'latest'; count: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'timestamp'; timestamp: number };

export const COMPRESSION_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionCodec = typeof COMPRESSION_CODECS[number];
