/**
 * What the Data explorers show: PostgreSQL catalog objects, MongoDB collections, and the warnings Shoreline derives
 * from them. Plain data, shared by the services, the CLI and the Data view.
 */

export interface PgRelation {
  schema: string;
  name: string;
  kind: 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table';
  /** Rows: exact when `exact`, else the planner's estimate (pg_class.reltuples). */
  rows: number;
  exact: boolean;
}

export interface PgColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  /** `schema.table(column)` this column references by a foreign key. */
  references?: string;
  default?: string;
}

export interface PgIndex { name: string; definition: string; unique: boolean; primary: boolean }
export interface PgTrigger { name: string; definition: string; enabled: boolean }
export interface PgPublication { name: string; allTables: boolean; tables: string[]; operations: string[] }

export interface PgReplicationSlot {
  name: string;
  plugin: string | null;
  type: string;
  database: string | null;
  active: boolean;
  /** WAL the slot keeps from being removed: current LSN − restart_lsn, in bytes. */
  retainedBytes: number | null;
  /** How far the consumer is behind: current LSN − confirmed_flush_lsn (logical slots), in bytes. */
  lagBytes: number | null;
  walStatus: string | null;
}

/** Retained WAL above which an inactive slot gets a warning (a Debezium connector that was deleted or stopped). */
export const INACTIVE_SLOT_WARN_BYTES = 1;

/**
 * A warning for a slot that holds WAL while nobody reads it: PostgreSQL cannot remove that WAL, so the disk fills
 * until the slot is dropped or its consumer comes back. Undefined when there is nothing to warn about.
 */
export function slotWarning(s: PgReplicationSlot): string | undefined {
  if (s.walStatus === 'lost') return `slot ${s.name} has lost required WAL: its consumer cannot resume; drop it (SELECT pg_drop_replication_slot('${s.name}'))`;
  if (s.active || s.retainedBytes === null || s.retainedBytes < INACTIVE_SLOT_WARN_BYTES) return undefined;
  return `inactive slot ${s.name} holds ${s.retainedBytes} bytes of WAL; restart its consumer (e.g. the Debezium connector) or drop it (SELECT pg_drop_replication_slot('${s.name}'))`;
}

export interface MongoCollectionInfo {
  name: string;
  type: string;
  count: number;
  /** Data size in bytes, when the server reports collection stats. */
  size?: number;
  /** Why `size` is missing (e.g. the server does not support $collStats). */
  note?: string;
}

export interface MongoIndexInfo { name: string; key: Record<string, unknown>; unique: boolean }
