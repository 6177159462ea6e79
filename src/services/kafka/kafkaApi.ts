/**
 * The port: what Shoreline does with a Kafka cluster. One adapter implements it ({@link KafkajsClient}); the CLI,
 * the tree views and the message viewer use only this interface.
 */
import type { CreateTopicRequest } from '../../domain/kafka/createTopic';
import type {
  ClusterInfo, CompressionCodec, GroupDetail, GroupSummary, ProduceMessage, ProduceSummary, RawMessage, StartPosition,
  TopicConfigEntry, TopicSummary,
} from '../../domain/kafka/kafkaModel';
import type { ResetPlan, ResetStrategy } from '../../domain/kafka/offsetReset';

export interface ProduceOptions {
  compression?: CompressionCodec;
  /** Messages per request at most (default 2,000); a request also stops at 512 KiB of payload (produceChunks). */
  batchSize?: number;
  /** Called after each batch with the number sent so far. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  /** Return where each message landed (keep for small sends). */
  returnPlacement?: boolean;
  /** Stop at the first failed batch (default: carry on and count the failures). */
  stopOnError?: boolean;
}

export interface ReadRequest {
  topic: string;
  from: StartPosition;
  /** Only these partitions (default all). */
  partitions?: number[];
  /** Stop after this many messages in total. */
  limit?: number;
  /** Keep reading new messages until `signal` aborts (or `limit`). Without it, the read stops at the end offsets seen at start. */
  tail?: boolean;
  signal?: AbortSignal;
  /** Each fetched batch, in offset order per partition. */
  onMessages?: (messages: RawMessage[]) => void;
  /**
   * A live tail's link to the broker: `disconnected` when its consumer lost the broker (it keeps trying), `connected`
   * when a new consumer joined again and resumes at the next offset of each partition (no gaps, no duplicates).
   */
  onConnection?: (state: 'connected' | 'disconnected', detail: string) => void;
}

export interface ReadResult {
  topic: string;
  /** Messages read (also handed to onMessages); empty when `collect` is false. */
  messages: RawMessage[];
  count: number;
  /** Per partition: where the read started and the end it stopped at (the end offset captured at start). */
  ranges: Array<{ partition: number; start: number; end: number }>;
  /** The throwaway group the read used (deleted afterwards), or undefined when nothing had to be fetched. */
  groupId?: string;
  stoppedBy: 'end' | 'limit' | 'aborted';
  elapsedMs: number;
}

export interface KafkaApi {
  readonly label: string;
  readonly brokers: string[];
  clusterInfo(): Promise<ClusterInfo>;
  listTopics(opts?: { includeInternal?: boolean }): Promise<TopicSummary[]>;
  describeTopic(topic: string): Promise<TopicSummary>;
  topicConfigs(topic: string): Promise<TopicConfigEntry[]>;
  /** Validated against the cluster first (name, partitions, RF ≤ brokers, configs). */
  createTopic(req: CreateTopicRequest): Promise<void>;
  deleteTopic(topic: string): Promise<void>;
  /** Sets (or with value null, removes) topic configs, keeping the others (incremental). */
  alterTopicConfigs(topic: string, changes: Record<string, string | null>): Promise<void>;
  listGroups(): Promise<GroupSummary[]>;
  describeGroup(groupId: string): Promise<GroupDetail>;
  /** Plans and applies an offset reset on one topic; refused unless the group is empty. `dryRun` only plans. */
  resetOffsets(groupId: string, topic: string, strategy: ResetStrategy, opts?: { partitions?: number[]; dryRun?: boolean }): Promise<ResetPlan>;
  deleteGroup(groupId: string): Promise<void>;
  produce(topic: string, messages: ProduceMessage[], opts?: ProduceOptions): Promise<ProduceSummary>;
  /** Reads a range of a topic without joining, creating for good, or moving any consumer group of the user. */
  read(req: ReadRequest & { collect?: boolean }): Promise<ReadResult>;
  disconnect(): Promise<void>;
}

export type { CreateTopicRequest };
