/**
 * PostgreSQL adapter of the Data explorer (pg, loaded on first use): catalog reads for the tree and a query runner.
 * Every catalog query is parameterized; where an identifier must be part of the text (exact counts, table preview)
 * it is quoted with pg's escapeIdentifier. One short connection per call, like {@link PgSqlRunner}: the tree asks
 * rarely and may switch databases between calls.
 */
import type { Client, DatabaseError } from 'pg';
import type { PgColumn, PgIndex, PgPublication, PgRelation, PgReplicationSlot, PgTrigger } from '../../domain/data/dataModel';
import { DEFAULT_ROW_LIMIT, truncateRows, type QueryResult } from '../../domain/data/queryResult';
import { positionExcerpt, sqlErrorPosition, type SqlErrorInfo } from '../../domain/data/sqlPosition';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';
import type { SqlTarget } from './sqlRunner';

/** Tables with at most this many pages are counted exactly; larger ones show the planner's estimate. */
export const EXACT_COUNT_MAX_PAGES = 128;

/** A statement PostgreSQL rejected; `info.position` is the line/column in the statement when the server gave one. */
export class SqlQueryError extends ShorelineError {
  constructor(readonly info: SqlErrorInfo, database: string, sql: string) {
    const where = info.position ? ` at line ${info.position.line}, column ${info.position.column}` : '';
    super('postgres.queryFailed', `SQL error${where} in database ${database}: ${info.message}${info.sqlState ? ` (SQLSTATE ${info.sqlState})` : ''}`,
      info.hint ?? 'fix the statement and run it again', info.position ? positionExcerpt(sql, info.position) : info.detail);
  }
}

/** The port: what the Data view and `shoreline sql` read from PostgreSQL. */
export interface PgExplorerApi {
  databases(): Promise<string[]>;
  schemas(database: string): Promise<string[]>;
  relations(database: string, schema: string): Promise<PgRelation[]>;
  columns(database: string, schema: string, relation: string): Promise<PgColumn[]>;
  indexes(database: string, schema: string, relation: string): Promise<PgIndex[]>;
  triggers(database: string, schema: string, relation: string): Promise<PgTrigger[]>;
  publications(database: string): Promise<PgPublication[]>;
  replicationSlots(): Promise<PgReplicationSlot[]>;
  /** Runs a statement typed by the user (SQL text as is; no values are spliced in). */
  query(database: string, sql: string, opts?: { limit?: number; params?: unknown[] }): Promise<QueryResult>;
  /** The first rows of a table or view (`LIMIT $1`, identifiers quoted). */
  preview(database: string, schema: string, relation: string, limit?: number): Promise<QueryResult>;
}

const KIND: Record<string, PgRelation['kind']> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Quotes `schema.relation` with pg's escapeIdentifier (the only way identifiers enter SQL text here). */
export async function qualifiedName(schema: string, relation: string): Promise<string> {
  const { escapeIdentifier } = await import('pg');
  return `${escapeIdentifier(schema)}.${escapeIdentifier(relation)}`;
}

/** Maps pg's DatabaseError (position, SQLSTATE, hint) to what the front ends show. */
export function sqlErrorInfo(e: unknown, sql: string): SqlErrorInfo | undefined {
  const d = e as Partial<DatabaseError> | undefined;
  if (!d || typeof d !== 'object' || typeof d.message !== 'string' || typeof d.code !== 'string' || !/^[0-9A-Z]{5}$/.test(d.code)) return undefined;
  const position = sqlErrorPosition(sql, d.position);
  return { message: d.message, sqlState: d.code, ...(position ? { position } : {}), ...(d.hint ? { hint: d.hint } : {}), ...(d.detail ? { detail: d.detail } : {}) };
}

/** The columns of a table or view (type, nullability, primary key, first foreign key, default) on an open connection. */
export async function readColumns(c: Client, schema: string, relation: string): Promise<PgColumn[]> {
  const r = (await c.query<{ name: string; type: string; nullable: boolean; pk: boolean; ref: string | null; def: string | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS pk,
       (SELECT format('%I.%I(%I)', fn.nspname, fc.relname, fa.attname) FROM pg_constraint k
          JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace
          JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[array_position(k.conkey, a.attnum)]
        WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey) LIMIT 1) AS ref,
       pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relname = $2 ORDER BY a.attnum`, [schema, relation])).rows;
  return r.map((x) => ({ name: x.name, type: x.type, nullable: x.nullable, primaryKey: x.pk, ...(x.ref ? { references: x.ref } : {}), ...(x.def ? { default: x.def } : {}) }));
}

/** Where the explorer connects: the stack's server, or a user-added connection (TLS, its own default database). */
export interface PgExplorerTarget extends SqlTarget {
  /** The database that server-wide reads (databases, replication slots) connect to; `postgres` when absent. */
  defaultDatabase?: string;
  ssl?: { rejectUnauthorized: boolean; ca?: string };
  /** How errors name the server (never with the password), and what to do when it refuses a connection. */
  label?: string;
  unreachableFix?: string;
}

export class PgExplorer implements PgExplorerApi {
  private readonly home: string;
  private readonly where: string;

  constructor(private readonly target: PgExplorerTarget) {
    this.home = target.defaultDatabase ?? 'postgres';
    this.where = target.label ?? `PostgreSQL at ${target.host}:${target.port}`;
  }

  /** Runs `fn` on one short connection to `database` (int8 as numbers when exact); the Data viewer's pages use it. */
  session<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
    return this.withClient(database, fn);
  }

  private async withClient<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const { Client: PgClient, types } = await import('pg');
    // int8 (count(*), bigserial) as a number when it fits exactly, else the string pg returns
    const int8 = (v: string) => { const n = Number(v); return Number.isSafeInteger(n) ? n : v; };
    const { host, port, user, password, ssl } = this.target;
    const c = new PgClient({ host, port, user, password, ...(ssl ? { ssl } : {}), database, connectionTimeoutMillis: 10_000,
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 && format !== 'binary' ? int8 : types.getTypeParser(oid, format))) as typeof types.getTypeParser } });
    c.on('error', () => undefined);
    try {
      await c.connect();
    } catch (e) {
      const msg = (e as Error).message;
      if (/database .* does not exist/.test(msg)) throw new ShorelineError('postgres.noDatabase', `${this.where} has no database "${database}"`, 'pick one of the databases the Data view lists, e.g. --db pagila');
      throw new ShorelineError('postgres.unreachable', `${this.where} (database ${database}) refused the connection: ${msg}`,
        this.target.unreachableFix ?? 'start the stack (shoreline up --services postgres), check ports.postgres and postgresPassword');
    }
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  private rows<R>(database: string, text: string, values: unknown[] = []): Promise<R[]> {
    return this.withClient(database, async (c) => (await c.query(text, values)).rows as R[]);
  }

  async databases(): Promise<string[]> {
    const r = await this.rows<{ datname: string }>(this.home, 'SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname');
    return r.map((x) => x.datname);
  }

  async schemas(database: string): Promise<string[]> {
    const r = await this.rows<{ nspname: string }>(database,
      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname");
    return r.map((x) => x.nspname);
  }

  async relations(database: string, schema: string): Promise<PgRelation[]> {
    return this.withClient(database, async (c) => {
      const { escapeIdentifier } = await import('pg');
      const r = await c.query<{ relname: string; relkind: string; reltuples: number; relpages: number }>(
        `SELECT c.relname, c.relkind, c.reltuples::float8 AS reltuples, c.relpages FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m','f') AND NOT c.relispartition ORDER BY c.relname`, [schema]);
      const out: PgRelation[] = [];
      for (const row of r.rows) {
        const kind = KIND[row.relkind] ?? 'table';
        // reltuples is -1 before the first ANALYZE and 0 for a partitioned parent: count small tables exactly
        // (a materialized view keeps its estimate: counting one that was never refreshed fails)
        const small = (row.relkind === 'r' || row.relkind === 'p') && (row.reltuples < 0 || row.relpages <= EXACT_COUNT_MAX_PAGES);
        const exact = small
          ? await c.query<{ n: number }>(`SELECT count(*) AS n FROM ${escapeIdentifier(schema)}.${escapeIdentifier(row.relname)}`).then((n) => Number(n.rows[0]?.n ?? 0), () => undefined)
          : undefined;
        out.push({ schema, name: row.relname, kind, rows: exact ?? Math.max(0, Math.round(row.reltuples)), exact: exact !== undefined });
      }
      return out;
    });
  }

  async columns(database: string, schema: string, relation: string): Promise<PgColumn[]> {
    return this.withClient(database, (c) => readColumns(c, schema, relation));
  }

  async indexes(database: string, schema: string, relation: string): Promise<PgIndex[]> {
    const r = await this.rows<{ name: string; definition: string; unique: boolean; primary: boolean }>(database,
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisunique AS unique, x.indisprimary AS primary
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 ORDER BY i.relname`, [schema, relation]);
    return r;
  }

  async triggers(database: string, schema: string, relation: string): Promise<PgTrigger[]> {
    return this.rows<PgTrigger>(database,
      `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled <> 'D' AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT t.tgisinternal AND n.nspname = $1 AND c.relname = $2 ORDER BY t.tgname`, [schema, relation]);
  }

  async publications(database: string): Promise<PgPublication[]> {
    const r = await this.rows<{ name: string; all_tables: boolean; tables: string[] | null; ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(database,
      `SELECT p.pubname AS name, p.puballtables AS all_tables, p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del, p.pubtruncate AS trunc,
         (SELECT array_agg(format('%I.%I', t.schemaname, t.tablename) ORDER BY 1) FROM pg_publication_tables t WHERE t.pubname = p.pubname) AS tables
       FROM pg_publication p ORDER BY p.pubname`);
    return r.map((p) => ({
      name: p.name, allTables: p.all_tables, tables: p.tables ?? [],
      operations: [p.ins && 'insert', p.upd && 'update', p.del && 'delete', p.trunc && 'truncate'].filter((x): x is string => !!x),
    }));
  }

  async replicationSlots(): Promise<PgReplicationSlot[]> {
    const r = await this.rows<{ name: string; plugin: string | null; type: string; database: string | null; active: boolean; retained: string | null; lag: string | null; wal_status: string | null }>(this.home,
      `SELECT slot_name AS name, plugin, slot_type AS type, database, active, wal_status,
         pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::text AS retained,
         pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag
       FROM pg_replication_slots ORDER BY slot_name`);
    return r.map((s) => ({ name: s.name, plugin: s.plugin, type: s.type, database: s.database, active: s.active, retainedBytes: num(s.retained), lagBytes: num(s.lag), walStatus: s.wal_status }));
  }

  async query(database: string, sql: string, opts: { limit?: number; params?: unknown[] } = {}): Promise<QueryResult> {
    const limit = opts.limit ?? DEFAULT_ROW_LIMIT;
    return this.withClient(database, async (c) => {
      let res;
      try {
        res = await c.query({ text: sql, values: opts.params });
      } catch (e) {
        const info = sqlErrorInfo(e, sql);
        if (info) throw new SqlQueryError(info, database, sql);
        throw e;
      }
      // a script of several statements returns one result per statement: show the last, as psql does
      const last = Array.isArray(res) ? (res as typeof res[]).at(-1)! : res;
      const columns = (last.fields ?? []).map((f) => f.name);
      const rows = (last.rows ?? []).map((r) => toJsonValue(r) as Record<string, unknown>);
      const cut = truncateRows(rows, limit, columns.length ? rows.length : last.rowCount ?? 0);
      return { columns, ...cut, ...(last.command ? { command: last.command } : {}) };
    });
  }

  async preview(database: string, schema: string, relation: string, limit = 100): Promise<QueryResult> {
    const sql = `SELECT * FROM ${await qualifiedName(schema, relation)} LIMIT $1`;
    return this.query(database, sql, { limit, params: [limit] });
  }
}
