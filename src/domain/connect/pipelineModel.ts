/**
 * The pipeline model: what a parsed `pipeline.json` holds (steps, assertions, cleanup). Parsing and checking are in
 * pipeline.ts. Pure types and constants.
 */
import type { CountExpectation, Where } from './pipelineMatch';

export const PIPELINE_FILE = 'pipeline.json';
export const DEFAULT_CONNECTOR_TIMEOUT_S = 180;
export const DEFAULT_ASSERTION_TIMEOUT_S = 60;

interface AssertionBase {
  /** Unique within the pipeline: `name`, else generated from the type and target. */
  id: string;
  timeoutSeconds: number;
  /** Where it is in the manifest, e.g. `steps[3].assert[0]`. */
  path: string;
}

/** The sum of the topic's end offsets (high watermarks) over its partitions. */
export interface TopicEndOffsetAssertion extends AssertionBase { type: 'topicEndOffset'; topic: string; expect: CountExpectation }
/** Messages the topic holds now: end offsets minus start offsets (differs from the end offset after retention or compaction). */
export interface TopicMessageCountAssertion extends AssertionBase { type: 'topicMessageCount'; topic: string; expect: CountExpectation }
/** A message on the topic matches `where` (paths start at key, value, headers, partition, offset or timestamp). */
export interface MessageAssertion extends AssertionBase { type: 'message'; topic: string; where: Where; fromBeginning: boolean }
/** Objects under a prefix (optionally only keys matching a regex) number within `expect`. */
export interface S3ObjectsAssertion extends AssertionBase { type: 's3Objects'; bucket: string; prefix: string; keyRegex?: string; expect: CountExpectation }
/** Rows of the Parquet objects under a prefix (optionally in a partition folder) that match `where` number within `expect`. */
export interface ParquetRowsAssertion extends AssertionBase {
  type: 'parquetRows'; bucket: string; prefix: string; keyRegex?: string; partition?: Record<string, string>; where: Where; expect: CountExpectation;
}
/** A query's rows equal (`equals`) or include (`contains`) the expected rows. */
export interface SqlAssertion extends AssertionBase {
  type: 'sql'; database: string; query: string; equals?: Array<Record<string, unknown>>; contains?: Array<Record<string, unknown>>;
}

export type PipelineAssertion = TopicEndOffsetAssertion | TopicMessageCountAssertion | MessageAssertion | S3ObjectsAssertion | ParquetRowsAssertion | SqlAssertion;
export type AssertionType = PipelineAssertion['type'];
export const ASSERTION_TYPES: readonly AssertionType[] = ['topicEndOffset', 'topicMessageCount', 'message', 's3Objects', 'parquetRows', 'sql'];

export interface ConnectorStep { kind: 'connector'; path: string; name?: string; file: string; timeoutSeconds: number }
export interface SqlStep { kind: 'sql'; path: string; name?: string; database: string; file?: string; statements?: string[] }
export interface AssertStep { kind: 'assert'; path: string; name?: string; assertions: PipelineAssertion[] }
export type PipelineStep = ConnectorStep | SqlStep | AssertStep;

export interface PipelineCleanup {
  /** Stop each connector and delete its committed offsets before deleting it, so the next run starts afresh. */
  resetOffsets: boolean;
  database: string;
  /** Run after the connectors are deleted (e.g. drop a replication slot); retried while the slot is still in use. */
  statements: string[];
}

export interface PipelineManifest {
  name: string;
  description?: string;
  /** Default database of SQL steps and assertions. */
  database: string;
  steps: PipelineStep[];
  cleanup: PipelineCleanup;
}

/** One problem in a manifest: where, and a message that names the value and the fix. */
export interface PipelineIssue { path: string; message: string }

export interface ParsedPipeline { manifest?: PipelineManifest; issues: PipelineIssue[] }
export type { CountExpectation, Where } from './pipelineMatch';
