/**
 * The Data viewer's sources: each reads one page at a time, as the panel asks for it.
 * - a PostgreSQL table: `ORDER BY <sort or primary key> LIMIT/OFFSET`, total from pg_class.reltuples when the table is
 *   big, exact when small; with the user's WHERE expression, page and exact count run in a READ ONLY transaction;
 * - a SQL result: a single SELECT is wrapped and paged on the server (`SELECT * FROM (<sql>) … LIMIT/OFFSET`), with an
 *   exact count when it answers within a short timeout; anything else runs once as typed and is paged from its rows;
 * - a MongoDB collection: `find(filter).sort().skip().limit()` on the server;
 * - an S3 object: Parquet through hyparquet over ranged GETs (parquetSource.ts: the tail read on opening, then only
 *   the data pages of the page's row groups); JSON, JSON Lines and CSV (also gzipped) are read whole up to
 *   {@link WHOLE_OBJECT_MAX} and paged here; bigger plain JSON Lines and CSV objects are paged by ranged reads
 *   (lineObjectSource.ts).
 * Identifiers enter SQL text only through pg's escapeIdentifier; values only as parameters; the only user text in SQL
 * is what the user typed as SQL (a statement, a WHERE expression), in trusted workspaces only (the panel checks).
 */
import { gunzipSync } from 'node:zlib';
import type { Client, FieldDef } from 'pg';
import {
  inferColumns, pageableStatement, pageBounds, parseCsv, type DataSourceSpec, type GridColumn, type GridTotal, type PageRequest, type SortSpec, type SourcePage,
} from '../../domain/data/dataGrid';
import { sniffFormat } from '../../domain/data/objectFormat';
import { positionExcerpt, sqlErrorPosition } from '../../domain/data/sqlPosition';
import { positionInWhere, whereExpression } from '../../domain/data/whereFilter';
import { formatBytes } from '../../domain/data/s3Listing';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';
import { decodeObject } from '../aws/objectDecoder';
import { parseMongoFilter, plainDocument } from '../mongo/mongoExplorer';
import { EXACT_COUNT_MAX_PAGES, readColumns, SqlQueryError, sqlErrorInfo, type PgExplorer } from '../postgres/pgExplorer';
import type { DataServices } from './dataServices';
import { LinePagedSource } from './lineObjectSource';
import { ParquetSource, unreadableParquet } from './parquetSource';
import { openRangeReader, type RangeReader } from './s3RangeReader';

/** JSON, JSON Lines and CSV objects are read whole up to this size (Parquet is read by row group at any size). */
export const WHOLE_OBJECT_MAX = 64 * 1024 * 1024;
/** A statement that cannot be paged on the server keeps at most this many rows. */
export const UNPAGED_ROW_MAX = 10_000;
/** Counting (SQL results, filtered finds) gives up after this long: the total is then left out. */
const COUNT_TIMEOUT_MS = 2_000;
/** A table page with a WHERE filter (user SQL) is cancelled after this long. */
const FILTER_TIMEOUT_MS = 30_000;

/** One open viewer source. */
export interface DataSource {
  readonly spec: DataSourceSpec;
  /** One page; `sort` only where {@link SourcePage.sortable}. */
  fetch(req: PageRequest): Promise<SourcePage>;
}

type Row = Record<string, unknown>;
const plainRow = (r: unknown): Row => toJsonValue(r) as Row;

function checkSort(sort: SortSpec | null | undefined, columns: GridColumn[], where: string): SortSpec | undefined {
  if (!sort) return undefined;
  if (!columns.some((c) => c.name === sort.column)) {
    throw new ShorelineError('data.badSort', `Cannot sort ${where} by "${sort.column}": no such column`, `pick one of ${columns.map((c) => c.name).join(', ')}`);
  }
  return sort;
}

/** Reads a count under a statement timeout; undefined when it took too long. */
async function timedCount(c: Client, text: string, values: unknown[] = []): Promise<number | undefined> {
  await c.query(`SET statement_timeout = ${COUNT_TIMEOUT_MS}`);
  try {
    const r = await c.query<{ n: number | string }>(text, values);
    return Number(r.rows[0]?.n ?? 0);
  } catch (e) {
    if ((e as { code?: string }).code === '57014') return undefined; // query_canceled: the timeout
    throw e;
  } finally {
    await c.query('RESET statement_timeout');
  }
}

/** Type names of result fields, from pg_type (one catalog query per new set of type oids). */
async function fieldColumns(c: Client, fields: FieldDef[], cache: Map<number, string>): Promise<GridColumn[]> {
  const missing = [...new Set(fields.map((f) => f.dataTypeID))].filter((o) => !cache.has(o));
  if (missing.length) {
    const r = await c.query<{ oid: number; t: string }>('SELECT oid::int AS oid, format_type(oid, NULL) AS t FROM pg_type WHERE oid = ANY($1::oid[])', [missing]);
    for (const x of r.rows) cache.set(Number(x.oid), x.t);
  }
  return fields.map((f) => ({ name: f.name, type: cache.get(f.dataTypeID) ?? `oid ${f.dataTypeID}` }));
}

class PgTableSource implements DataSource {
  private columns?: GridColumn[];
  /** Null once counting timed out (a filtered count is not tried again on every page). */
  private total?: GridTotal | null;
  /** The WHERE expression as typed (trailing `;` dropped), when the viewer filters the table. */
  private readonly filter: string | undefined;

  constructor(private readonly pg: PgExplorer, readonly spec: Extract<DataSourceSpec, { kind: 'pgTable' }>) {
    this.filter = whereExpression(spec.where);
  }

  async fetch(req: PageRequest): Promise<SourcePage> {
    const { database, schema, table } = this.spec;
    const where = `${schema}.${table}`;
    // one connection per page: the first one also reads the columns and the total
    return this.pg.session(database, async (c) => {
      const { escapeIdentifier: id } = await import('pg');
      this.columns ??= await readColumns(c, schema, table).then((cols) => {
        if (!cols.length) throw new ShorelineError('postgres.noTable', `Database ${database} has no table or view ${where}`, 'refresh the Data view and pick a listed table');
        return cols.map((x) => ({ name: x.name, type: x.type, ...(x.primaryKey ? { primaryKey: true } : {}) }));
      });
      const columns = this.columns;
      const sort = checkSort(req.sort, columns, where);
      const qn = `${id(schema)}.${id(table)}`;
      const pk = columns.filter((x) => x.primaryKey).map((x) => x.name);
      const order = [...(sort ? [`${id(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`] : []), ...pk.filter((k) => k !== sort?.column).map((k) => id(k))];
      const orderBy = order.length ? ` ORDER BY ${order.join(', ')}` : '';
      const { offset, limit } = pageBounds(req);
      let r;
      if (this.filter === undefined) {
        r = await c.query(`SELECT * FROM ${qn}${orderBy} LIMIT $1 OFFSET $2`, [limit + 1, offset]);
        if (this.total === undefined) this.total = (await this.count(c, qn)) ?? null;
      } else {
        r = await this.filtered(c, qn, this.filter, orderBy, [limit + 1, offset]);
      }
      const rows = r.rows.slice(0, limit).map(plainRow);
      return {
        columns, rows, hasMore: r.rows.length > limit, sortable: true, ...(this.total ? { total: this.total } : {}),
        orderedBy: sort ? `${sort.column} ${sort.descending ? 'desc' : 'asc'}` : pk.length ? `primary key (${pk.join(', ')})` : 'no order (the table has no primary key)',
        ...(this.filter !== undefined ? { note: 'filtered by WHERE, read in a READ ONLY transaction' } : {}),
      };
    });
  }

  /**
   * The page (and, once, the exact count) with the user's WHERE expression, inside a READ ONLY transaction that is
   * rolled back: the expression is user SQL, so a function that writes (nextval, a DML function) fails instead of
   * writing. The expression sits on lines of its own so a trailing `--` comment cannot swallow the closing parenthesis.
   */
  private async filtered(c: Client, qn: string, filter: string, orderBy: string, values: unknown[]): Promise<import('pg').QueryResult> {
    const head = `SELECT * FROM ${qn} WHERE (\n`;
    await c.query('BEGIN READ ONLY');
    try {
      await c.query(`SET LOCAL statement_timeout = ${FILTER_TIMEOUT_MS}`);
      let r;
      try {
        r = await c.query(`${head}${filter}\n)${orderBy} LIMIT $1 OFFSET $2`, values);
      } catch (e) {
        this.failFilter(e, head, filter);
      }
      if (this.total === undefined) {
        const countHead = `SELECT count(*) AS n FROM ${qn} WHERE (\n`;
        // a timed-out count must not abort the page's transaction: it runs under a savepoint with the shorter timeout
        await c.query('SAVEPOINT shoreline_count');
        await c.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
        try {
          // extended protocol (pg's queryMode, not in its types): the server itself refuses a second statement
          const count = { text: `${countHead}${filter}\n)`, queryMode: 'extended' };
          const n = await c.query<{ n: number | string }>(count);
          this.total = { count: Number(n.rows[0]?.n ?? 0), exact: true, how: 'count(*) with the WHERE filter' };
        } catch (e) {
          if ((e as { code?: string }).code !== '57014') this.failFilter(e, countHead, filter);
          await c.query('ROLLBACK TO SAVEPOINT shoreline_count');
          this.total = null;
        }
      }
      return r;
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
    }
  }

  /** A server error of the filtered statement, with its position relative to the WHERE text the user typed. */
  private failFilter(e: unknown, head: string, filter: string): never {
    const d = e as { message?: string; code?: string; position?: string; hint?: string; detail?: string };
    if (typeof d?.message !== 'string' || typeof d.code !== 'string' || !/^[0-9A-Z]{5}$/.test(d.code)) throw e;
    const rel = positionInWhere(d.position, head, filter);
    const at = rel === undefined ? undefined : sqlErrorPosition(filter, rel);
    const where = at ? (filter.includes('\n') ? ` at line ${at.line}, column ${at.column}` : ` at column ${at.column}`) : '';
    const fix = d.hint ?? (d.code === '57014' ? `the filter ran longer than ${FILTER_TIMEOUT_MS / 1000} s: narrow it, e.g. with a condition on an indexed column`
      : d.code === '25006' ? 'the filter runs read-only: use an expression that only reads (no nextval, no functions that write)'
        : "fix the expression (a boolean SQL expression over the table's columns, e.g. district = 'Alberta') and press Enter; empty clears it");
    throw new ShorelineError('data.whereFailed', `The WHERE filter on ${this.spec.schema}.${this.spec.table} failed${where}: ${d.message} (SQLSTATE ${d.code})`, fix,
      at ? positionExcerpt(filter, at) : d.detail);
  }

  /** pg_class.reltuples for a big table (no full scan), count(*) for a small one or a view (under a timeout). */
  private async count(c: Client, qn: string): Promise<GridTotal | undefined> {
    const s = await c.query<{ reltuples: number; relpages: number; relkind: string }>(
      `SELECT c.reltuples::float8 AS reltuples, c.relpages, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
      [this.spec.schema, this.spec.table]);
    const st = s.rows[0];
    if (st && (st.relkind === 'r' || st.relkind === 'p' || st.relkind === 'm') && st.reltuples >= 0 && st.relpages > EXACT_COUNT_MAX_PAGES) {
      return { count: Math.round(st.reltuples), exact: false, how: 'planner estimate (pg_class.reltuples)' };
    }
    const n = await timedCount(c, `SELECT count(*) AS n FROM ${qn}`);
    return n === undefined ? undefined : { count: n, exact: true, how: 'count(*)' };
  }
}

/** Text put before a pageable statement; error positions are shifted back by its length. */
const WRAP_HEAD = 'SELECT * FROM (\n';

class SqlSource implements DataSource {
  private readonly body: string | undefined;
  private readonly types = new Map<number, string>();
  private total?: GridTotal | null;
  /** A statement run once: its rows, paged here. */
  private unpaged?: { columns: GridColumn[]; rows: Row[]; command?: string; rowCount: number };

  constructor(private readonly pg: PgExplorer, readonly spec: Extract<DataSourceSpec, { kind: 'sql' }>) {
    this.body = pageableStatement(spec.sql);
  }

  private fail(e: unknown, shift: number): never {
    const d = e as { message?: string; code?: string; position?: string; hint?: string; detail?: string };
    const pos = d.position !== undefined ? Number(d.position) - shift : undefined;
    const info = sqlErrorInfo(d.code ? { message: d.message, code: d.code, hint: d.hint, detail: d.detail, ...(pos !== undefined && pos > 0 ? { position: String(pos) } : {}) } : e, this.spec.sql);
    if (info) throw new SqlQueryError(info, this.spec.database, this.spec.sql);
    throw e;
  }

  async fetch(req: PageRequest): Promise<SourcePage> {
    return this.body === undefined ? this.fetchUnpaged(req) : this.fetchPaged(this.body, req);
  }

  private async fetchPaged(body: string, req: PageRequest): Promise<SourcePage> {
    return this.pg.session(this.spec.database, async (c) => {
      const { escapeIdentifier: id } = await import('pg');
      const { offset, limit } = pageBounds(req);
      const sort = req.sort ?? undefined;
      const text = `${WRAP_HEAD}${body}\n) AS shoreline_result${sort ? ` ORDER BY ${id(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST` : ''} LIMIT $1 OFFSET $2`;
      let r;
      try {
        r = await c.query({ text, values: [limit + 1, offset] });
      } catch (e) {
        this.fail(e, WRAP_HEAD.length);
      }
      const columns = await fieldColumns(c, r.fields, this.types);
      if (sort) checkSort(sort, columns, 'the result');
      if (this.total === undefined) {
        const n = await timedCount(c, `SELECT count(*) AS n FROM (\n${body}\n) AS shoreline_result`).catch(() => undefined);
        this.total = n === undefined ? null : { count: n, exact: true, how: 'count(*) of the statement' };
      }
      return {
        columns, rows: r.rows.slice(0, limit).map(plainRow), hasMore: r.rows.length > limit, sortable: true, ...(this.total ? { total: this.total } : {}),
        ...(sort ? { orderedBy: `${sort.column} ${sort.descending ? 'desc' : 'asc'}` } : {}), note: 'paged on the server (LIMIT/OFFSET)',
      };
    });
  }

  private async fetchUnpaged(req: PageRequest): Promise<SourcePage> {
    this.unpaged ??= await this.pg.session(this.spec.database, async (c) => {
      let res;
      try {
        res = await c.query(this.spec.sql);
      } catch (e) {
        this.fail(e, 0);
      }
      // a script of several statements returns one result per statement: show the last, as psql does
      const last = Array.isArray(res) ? (res as Array<typeof res>).at(-1)! : res;
      const fields = last.fields ?? [];
      const rows = (last.rows ?? []).slice(0, UNPAGED_ROW_MAX).map(plainRow);
      return { columns: await fieldColumns(c, fields, this.types), rows, rowCount: fields.length ? (last.rows ?? []).length : last.rowCount ?? 0, ...(last.command ? { command: last.command } : {}) };
    });
    const u = this.unpaged;
    const rows = sortRows(u.rows, checkSort(req.sort, u.columns, 'the result'));
    const { offset, limit } = pageBounds(req);
    const note = u.columns.length
      ? `run once (not a single SELECT)${u.rowCount > rows.length ? `: first ${rows.length} of ${u.rowCount} rows kept` : ''}`
      : `${u.command ?? 'OK'}: ${u.rowCount} row(s) affected`;
    return { columns: u.columns, rows: rows.slice(offset, offset + limit), hasMore: offset + limit < rows.length, sortable: true, total: { count: rows.length, exact: true, how: 'rows returned' }, note };
  }
}

/** Sorts rows in memory (numbers by value, the rest by text; nulls last). */
function sortRows(rows: Row[], sort: SortSpec | undefined): Row[] {
  if (!sort) return rows;
  const dir = sort.descending ? -1 : 1;
  const key = (v: unknown) => (v === null || v === undefined ? undefined : v);
  return [...rows].sort((a, b) => {
    const x = key(a[sort.column]);
    const y = key(b[sort.column]);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    const sx = typeof x === 'string' ? x : JSON.stringify(x);
    const sy = typeof y === 'string' ? y : JSON.stringify(y);
    return sx < sy ? -dir : sx > sy ? dir : 0;
  });
}

class MongoSource implements DataSource {
  private total?: GridTotal | null;

  private constructor(private readonly services: DataServices, readonly spec: Extract<DataSourceSpec, { kind: 'mongo' }>, private readonly filter: Record<string, unknown>) {}

  static async open(services: DataServices, spec: Extract<DataSourceSpec, { kind: 'mongo' }>): Promise<MongoSource> {
    return new MongoSource(services, spec, await parseMongoFilter(spec.filter));
  }

  async fetch(req: PageRequest): Promise<SourcePage> {
    const { database, collection } = this.spec;
    const coll = await this.services.mongo.collection(database, collection);
    const { offset, limit } = pageBounds(req);
    const sort = req.sort ?? undefined;
    const order: Record<string, 1 | -1> = sort ? { [sort.column]: sort.descending ? -1 : 1, ...(sort.column !== '_id' ? { _id: 1 } : {}) } : { _id: 1 };
    let docs: unknown[];
    try {
      docs = await coll.find(this.filter).sort(order).skip(offset).limit(limit + 1).toArray();
    } catch (e) {
      throw new ShorelineError('mongo.findFailed', `find on ${database}.${collection} failed: ${(e as Error).message}`, 'check the filter\'s operators ($eq, $in, …) and field names');
    }
    if (this.total === undefined) this.total = await this.count(coll);
    const rows = await Promise.all(docs.slice(0, limit).map(plainDocument));
    return {
      columns: inferColumns(rows, '_id'), rows, hasMore: docs.length > limit, sortable: true, ...(this.total ? { total: this.total } : {}),
      orderedBy: sort ? `${sort.column} ${sort.descending ? 'desc' : 'asc'}` : '_id',
    };
  }

  private async count(coll: Awaited<ReturnType<DataServices['mongo']['collection']>>): Promise<GridTotal | null> {
    const filtered = Object.keys(this.filter).length > 0;
    if (!filtered) {
      const est = await coll.estimatedDocumentCount().catch(() => undefined);
      if (est !== undefined && est > 100_000) return { count: est, exact: false, how: 'estimatedDocumentCount' };
    }
    const n = await coll.countDocuments(this.filter, { maxTimeMS: COUNT_TIMEOUT_MS }).catch(() => undefined);
    return n === undefined ? null : { count: n, exact: true, how: filtered ? 'countDocuments(filter)' : 'countDocuments' };
  }
}

/** JSON, JSON Lines, CSV or text (also gzipped), read whole and paged (and sorted) here. */
class WholeObjectSource implements DataSource {
  private constructor(readonly spec: Extract<DataSourceSpec, { kind: 's3' }>, private readonly columns: GridColumn[], private readonly rows: Row[], private readonly note: string) {}

  static async open(spec: Extract<DataSourceSpec, { kind: 's3' }>, reader: RangeReader): Promise<WholeObjectSource> {
    const where = `s3://${spec.bucket}/${spec.key}`;
    const bytes = await reader.all();
    const plainKey = spec.key.toLowerCase().replace(/\.gz$/, '');
    if (plainKey.endsWith('.csv')) {
      let data = bytes;
      if (sniffFormat(spec.key, bytes) === 'gzip') {
        try { data = gunzipSync(bytes); } catch (e) { throw new ShorelineError('s3.badObject', `${where} starts like gzip but does not decompress (${(e as Error).message})`, 'check that the object was written whole'); }
      }
      let csv;
      try { csv = parseCsv(new TextDecoder().decode(data)); } catch (e) { throw new ShorelineError('s3.badObject', `${where} is not valid CSV: ${(e as Error).message}`, 'check the writer\'s CSV settings'); }
      return new WholeObjectSource(spec, csv.columns.map((name) => ({ name, type: 'string' })), csv.rows, `CSV, ${formatBytes(bytes.byteLength)}`);
    }
    const decoded = await decodeObject(spec.key, bytes, where);
    const rows = decoded.documents.map((d) => (d !== null && typeof d === 'object' && !Array.isArray(d) ? plainRow(d) : { value: toJsonValue(d) }));
    return new WholeObjectSource(spec, inferColumns(rows), rows, `${decoded.format}${decoded.compressed ? ' (gzip)' : ''}, ${formatBytes(bytes.byteLength)}`);
  }

  fetch(req: PageRequest): Promise<SourcePage> {
    const rows = sortRows(this.rows, checkSort(req.sort, this.columns, `s3://${this.spec.bucket}/${this.spec.key}`));
    const { offset, limit } = pageBounds(req);
    return Promise.resolve({
      columns: this.columns, rows: rows.slice(offset, offset + limit), hasMore: offset + limit < rows.length, sortable: true,
      total: { count: rows.length, exact: true, how: 'rows in the object' }, note: this.note,
    });
  }
}

/** Keys of text objects: opening reads their first bytes (other objects are opened at their tail, where Parquet keeps its footer). */
const TEXT_KEY = /\.(jsonl|ndjson|json|csv)(\.gz)?$/i;
const PAR1 = [0x50, 0x41, 0x52, 0x31];

async function openS3(services: DataServices, spec: Extract<DataSourceSpec, { kind: 's3' }>): Promise<DataSource> {
  // one GET opens the object: its size, and its tail (Parquet footer) or head (text)
  const reader = await openRangeReader(services.endpoints.s3, spec.bucket, spec.key, { client: await services.s3.client(), emulator: !spec.connection, at: TEXT_KEY.test(spec.key) ? 'head' : 'tail' });
  const { start, bytes } = reader.opened;
  const endsPar1 = start + bytes.byteLength === reader.byteLength && bytes.byteLength >= 8 && PAR1.every((b, i) => bytes[bytes.byteLength - 4 + i] === b);
  // the first bytes: read on opening, or (a big object opened at its tail that does not end like Parquet) fetched
  const head = start === 0 ? bytes.subarray(0, 4) : endsPar1 ? Uint8Array.from(PAR1) : new Uint8Array(reader.byteLength >= 4 ? await reader.slice(0, 4) : new ArrayBuffer(0));
  if (sniffFormat(spec.key, head) === 'parquet') return ParquetSource.open(spec, reader);
  if (/\.parquet$/i.test(spec.key)) throw unreadableParquet(spec, 'it does not start with the PAR1 magic bytes');
  if (reader.byteLength > WHOLE_OBJECT_MAX) return LinePagedSource.open(spec, reader, WHOLE_OBJECT_MAX);
  return WholeObjectSource.open(spec, reader);
}

/** Opens a source for the viewer (and the benchmark): errors name the table, statement, filter or object. */
export async function openDataSource(services: DataServices, spec: DataSourceSpec): Promise<DataSource> {
  switch (spec.kind) {
    case 'pgTable': return new PgTableSource(services.pg, spec);
    case 'sql': return new SqlSource(services.pg, spec);
    case 'mongo': return MongoSource.open(services, spec);
    case 's3': return openS3(services, spec);
  }
}
