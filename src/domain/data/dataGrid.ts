/**
 * The Data viewer's model: what it opens (a PostgreSQL table, a SQL result, a MongoDB collection with a filter, an S3
 * object), one page of a grid (typed columns, rows as JSON values, a total where it is cheap), and the pure helpers the
 * sources share: a page request's bounds, column types of JSON values, CSV parsing, and whether a statement may be
 * wrapped for paging. Pure: the services, the panel host and the webview bundle import it.
 */
import * as z from 'zod/mini';

const name = z.string().check(z.minLength(1), z.maxLength(1024));
/** A user-added connection's name (settings `shoreline.data.connections`); absent for the stack's own servers. */
const connection = z.optional(z.string().check(z.minLength(1), z.maxLength(100)));
/** The longest SQL text (a statement, a table's WHERE filter) a viewer accepts. */
const SQL_MAX = 1_000_000;

/** What a viewer shows; the same shape arrives from the tree, the palette, tests and the webview's "Open" fields. */
export const dataSourceSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pgTable'), connection, database: name, schema: name, table: name, where: z.optional(z.string().check(z.maxLength(SQL_MAX))) }),
  z.object({ kind: z.literal('sql'), connection, database: name, sql: z.string().check(z.minLength(1), z.maxLength(SQL_MAX)) }),
  z.object({ kind: z.literal('mongo'), connection, database: name, collection: name, filter: z.string().check(z.maxLength(100_000)) }),
  z.object({ kind: z.literal('s3'), connection, bucket: name, key: name }),
]);
export type DataSourceSpec = z.infer<typeof dataSourceSpecSchema>;

export const sortSpecSchema = z.object({ column: name, descending: z.boolean() });
export type SortSpec = z.infer<typeof sortSpecSchema>;

/** Page sizes the viewer offers; the grid is virtualised, so a page of {@link MAX_PAGE_SIZE} rows draws only what is in view. */
export const PAGE_SIZES = [50, 100, 250, 500, 1000, 5000, 10_000] as const;
export const DEFAULT_PAGE_SIZE = 100;
/** The most rows one page (and the host's copy of it) holds; row indexes of a page are below it. */
export const MAX_PAGE_SIZE = 10_000;

export const pageRequestSchema = z.object({
  page: z.number().check(z.int(), z.gte(0), z.lte(100_000_000)),
  pageSize: z.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE)),
  sort: z.optional(z.nullable(sortSpecSchema)),
});
export type PageRequest = z.infer<typeof pageRequestSchema>;

/** A column of the grid: its name and its type as the source names it (`integer`, `INT64 (TIMESTAMP)`, `objectId`…). */
export interface GridColumn { name: string; type: string; primaryKey?: boolean }

/** The number of rows behind the grid, when it was cheap to know. */
export interface GridTotal { count: number; exact: boolean; how: string }

/** One page as a source returns it: rows are plain JSON objects (documents keep their nesting). */
export interface SourcePage {
  columns: GridColumn[];
  rows: Array<Record<string, unknown>>;
  /** Undefined when counting would cost more than the page (a big SQL result, a filtered find that timed out). */
  total?: GridTotal;
  /** Whether a row exists after this page (known even without a total). */
  hasMore: boolean;
  /** Whether the source sorts by a column itself (PostgreSQL, MongoDB); Parquet and JSON objects do not. */
  sortable: boolean;
  /** The order actually used, e.g. the primary key when no sort was asked for. */
  orderedBy?: string;
  /** One line about how the page was read (e.g. "read 1.2 MiB of 98 MiB"). */
  note?: string;
}

/** The grid page the webview draws: cells aligned to the columns. */
export interface GridPage {
  columns: GridColumn[];
  cells: string[][];
  page: number;
  pageSize: number;
  total?: GridTotal;
  hasMore: boolean;
  sortable: boolean;
  sort?: SortSpec;
  orderedBy?: string;
  note?: string;
  /** Time the host took to read the page. */
  elapsedMs: number;
}

/** A title for a source (tab title, errors). */
export function sourceTitle(s: DataSourceSpec): string {
  switch (s.kind) {
    case 'pgTable': return `${s.schema}.${s.table}${s.where?.trim() ? ' (filtered)' : ''}`;
    case 'sql': return `SQL on ${s.database}`;
    case 'mongo': return `${s.database}.${s.collection}`;
    case 's3': return s.key.split('/').pop() || s.key;
  }
}

/** A stable key for one viewer per source (opening the same source again reveals it). */
export function sourceKey(s: DataSourceSpec): string {
  const at = s.connection ? `@${s.connection}` : '';
  switch (s.kind) {
    case 'pgTable': return `pg${at}:${s.database}:${s.schema}:${s.table}`;
    case 'sql': return `sql${at}:${s.database}`;
    case 'mongo': return `mongo${at}:${s.database}:${s.collection}`;
    case 's3': return `s3${at}:${s.bucket}:${s.key}`;
  }
}

/** `s3://bucket/key` or `bucket/key` → its parts; throws naming the value and the fix. */
export function parseS3Uri(text: string): { bucket: string; key: string } {
  const t = text.trim().replace(/^s3:\/\//, '');
  const slash = t.indexOf('/');
  if (slash <= 0 || slash === t.length - 1) throw new Error(`"${text}" is not an S3 object: give s3://bucket/key, e.g. s3://shoreline-sink/orders/part-0.parquet`);
  return { bucket: t.slice(0, slash), key: t.slice(slash + 1) };
}

/** Short type name of a JSON value (MongoDB relaxed Extended JSON wrappers are named after their BSON type). */
export function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0]!.startsWith('$')) {
      const wrapper: Record<string, string> = { $oid: 'objectId', $date: 'date', $numberDecimal: 'decimal', $numberLong: 'long', $binary: 'binary', $timestamp: 'timestamp', $regularExpression: 'regex' };
      return wrapper[keys[0]!] ?? 'object';
    }
    return 'object';
  }
  return typeof v;
}

/**
 * Columns of schemaless rows (documents, JSON lines): the union of keys in first-seen order, each typed by the kinds
 * of its non-null values on the page (`string`, `int | null`, `mixed`).
 */
export function inferColumns(rows: Array<Record<string, unknown>>, keyColumn?: string): GridColumn[] {
  const types = new Map<string, Set<string>>();
  for (const r of rows) for (const [k, v] of Object.entries(r)) {
    let s = types.get(k);
    if (!s) types.set(k, (s = new Set()));
    s.add(jsonTypeOf(v));
  }
  return [...types].map(([n, set]) => {
    const nonNull = [...set].filter((t) => t !== 'null');
    const t = nonNull.length === 0 ? 'null' : nonNull.length === 1 ? nonNull[0]! : nonNull.every((x) => x === 'int' || x === 'double') ? 'double' : 'mixed';
    return { name: n, type: set.has('null') && nonNull.length ? `${t} | null` : t, ...(n === keyColumn ? { primaryKey: true } : {}) };
  });
}

/** A cell as text for the grid: strings as is, null as empty, the rest as compact JSON, cut at `max` characters. */
export function gridCell(v: unknown, max = 200): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Rows → cells aligned to the columns. */
export function toCells(columns: GridColumn[], rows: Array<Record<string, unknown>>): string[][] {
  return rows.map((r) => columns.map((c) => gridCell(r[c.name])));
}

/**
 * RFC 4180 CSV with a header row (quoted fields may hold commas, quotes and line breaks; CRLF or LF). Values stay
 * strings: CSV carries no types. Throws on an unterminated quote with its 1-based line.
 */
export function parseCsv(text: string): { columns: string[]; rows: Array<Record<string, string>> } {
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field === '') { quoted = true; quoteLine = line; }
    else if (c === ',') { rec.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      line++;
      rec.push(field); field = '';
      records.push(rec); rec = [];
    } else field += c;
  }
  if (quoted) throw new SyntaxError(`CSV: the quoted field starting on line ${quoteLine} is never closed`);
  if (field !== '' || rec.length) { rec.push(field); records.push(rec); }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  const header = nonEmpty.shift() ?? [];
  const columns = header.map((h, i) => h.trim() || `column${i + 1}`);
  const rows = nonEmpty.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ''])));
  return { columns, rows };
}

/** What may follow a pageable statement once its trailing semicolons and comments are gone. */
const PAGEABLE_START = /^(select|values|table|with)\b/i;
const MODIFIES = /\b(insert|update|delete|merge|into|for\s+update|for\s+share)\b/i;

/**
 * The statement without trailing `;`/whitespace when the viewer may page it on the server by wrapping it
 * (`SELECT * FROM (<statement>) q ORDER BY … LIMIT … OFFSET …`), else undefined: several statements, DML, SELECT INTO
 * or FOR UPDATE are run once as typed and paged from their (capped) result instead — re-running them per page would
 * change data.
 */
export function pageableStatement(sql: string): string | undefined {
  const body = sql.replace(/(\s|;|--[^\n]*(\n|$))+$/g, '');
  const lead = body.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (!PAGEABLE_START.test(lead)) return undefined;
  if (body.includes(';')) return undefined;
  // keywords inside string literals count too: a false "not pageable" only costs server-side paging
  if (MODIFIES.test(body)) return undefined;
  return body;
}

/** Page bounds as row offsets. */
export function pageBounds(req: Pick<PageRequest, 'page' | 'pageSize'>): { offset: number; limit: number } {
  return { offset: req.page * req.pageSize, limit: req.pageSize };
}
