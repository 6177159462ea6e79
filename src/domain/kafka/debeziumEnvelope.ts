/**
 * Debezium change envelopes recognised in a JSON value — with the JsonConverter's `{schema, payload}` wrapper or
 * without it — and turned into a readable change: "update public.address (address_id=5): city_id 300 → 301". Pure.
 */

export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't';

export interface FieldChange { field: string; before: unknown; after: unknown }

export interface ChangeEvent {
  op: ChangeOp;
  /** insert, update, delete, snapshot read, truncate */
  operation: string;
  /** schema.table (PostgreSQL), db.collection (MongoDB), or undefined when the envelope has no source block. */
  table?: string;
  connector?: string;
  /** When the change happened in the database (source.ts_ms), else when Debezium saw it (ts_ms). */
  tsMs?: number;
  /** The row's key fields (from the record key, or guessed from `after`/`before`). */
  key?: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** For updates: the fields whose value changed. */
  changed: FieldChange[];
  summary: string;
}

const OPS: Record<ChangeOp, string> = { c: 'insert', u: 'update', d: 'delete', r: 'snapshot read', t: 'truncate' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The envelope inside a value: `payload` of a {schema, payload} wrapper, or the value itself. */
function unwrap(v: unknown): Obj | undefined {
  if (!isObj(v)) return undefined;
  if ('payload' in v && isObj(v.payload) && Object.keys(v).every((k) => k === 'schema' || k === 'payload')) return v.payload;
  return v;
}

/** MongoDB's connector sends before/after as JSON strings. */
function row(v: unknown): Obj | null | undefined {
  if (v === null || v === undefined) return null;
  if (isObj(v)) return v;
  if (typeof v === 'string') {
    try { const p: unknown = JSON.parse(v); return isObj(p) ? p : undefined; } catch { return undefined; }
  }
  return undefined;
}

/** A Debezium change event in a decoded value (and key), or undefined when the value is not one. */
export function summarizeChange(value: unknown, key?: unknown): ChangeEvent | undefined {
  const env = unwrap(value);
  if (!env || typeof env.op !== 'string' || !(env.op in OPS)) return undefined;
  if (!('before' in env) && !('after' in env) && env.op !== 't') return undefined;
  const op = env.op as ChangeOp;
  const before = row(env.before);
  const after = row(env.after);
  if (before === undefined || after === undefined) return undefined;
  const source = isObj(env.source) ? env.source : undefined;
  const table = source ? tableName(source) : undefined;
  const tsMs = numberOr(source?.ts_ms) ?? numberOr(env.ts_ms);
  const keyRow = unwrap(key);
  const keyFields = keyRow && Object.keys(keyRow).length ? keyRow : undefined;
  const changed = op === 'u' && before && after ? diff(before, after) : [];
  const ev: ChangeEvent = {
    op, operation: OPS[op], table, connector: typeof source?.connector === 'string' ? source.connector : undefined,
    tsMs, key: keyFields, before, after, changed, summary: '',
  };
  ev.summary = describe(ev);
  return ev;
}

function tableName(source: Obj): string | undefined {
  const parts = [source.schema ?? source.db, source.table ?? source.collection].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join('.') : undefined;
}

function numberOr(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Fields whose values differ (deep, by JSON form), in the order of `after` then fields only in `before`. */
export function diff(before: Obj, after: Obj): FieldChange[] {
  const fields = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((field) => ({ field, before: before[field], after: after[field] }));
}

function show(v: unknown, max = 40): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? '(absent)' : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function fields(o: Obj, limit = 4): string {
  const entries = Object.entries(o);
  const shown = entries.slice(0, limit).map(([k, v]) => `${k}=${show(v)}`).join(', ');
  return entries.length > limit ? `${shown}, … (${entries.length} fields)` : shown;
}

function describe(e: ChangeEvent): string {
  const where = e.table ?? 'a table';
  const id = e.key ? ` (${fields(e.key)})` : '';
  switch (e.op) {
    case 'c': return `insert into ${where}${id}: ${e.after ? fields(e.after) : '(no row)'}`;
    case 'r': return `snapshot read of ${where}${id}: ${e.after ? fields(e.after) : '(no row)'}`;
    case 'd': return `delete from ${where}${id}${e.before ? `: was ${fields(e.before)}` : ' (old row not captured: REPLICA IDENTITY DEFAULT keeps only the key)'}`;
    case 't': return `truncate ${where}`;
    case 'u': {
      if (!e.before) return `update ${where}${id}: now ${e.after ? fields(e.after) : '(no row)'} (old values not captured: set REPLICA IDENTITY FULL to see them)`;
      if (!e.changed.length) return `update ${where}${id}: no field changed`;
      const shown = e.changed.slice(0, 4).map((c) => `${c.field} ${show(c.before)} → ${show(c.after)}`).join(', ');
      return `update ${where}${id}: ${shown}${e.changed.length > 4 ? `, … (${e.changed.length} fields changed)` : ''}`;
    }
  }
}
