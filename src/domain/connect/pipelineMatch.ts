/**
 * The checks a pipeline assertion applies to what it observed: count expectations, JSON predicates ("where"),
 * SQL row comparisons and Hive/Iceberg partition folders in object keys. Pure, so the runner, the CLI and the tests
 * share one meaning of "matches".
 */

/** A number an assertion expects: any combination of bounds; at least one is set. */
export interface CountExpectation { equals?: number; atLeast?: number; atMost?: number }

/**
 * A JSON predicate: dotted paths (`value.payload.after.address_id`) to an expected value. The value is compared
 * by deep equality, or is an operator object such as `{"$regex": "^Apt"}` or `{"$gte": 600}`.
 */
export type Where = Record<string, unknown>;

export const WHERE_OPERATORS = ['$eq', '$ne', '$in', '$regex', '$exists', '$gt', '$gte', '$lt', '$lte'] as const;
export type WhereOperator = typeof WHERE_OPERATORS[number];

/** Whether `n` meets every bound of `e`. */
export function meetsCount(n: number, e: CountExpectation): boolean {
  return (e.equals === undefined || n === e.equals) && (e.atLeast === undefined || n >= e.atLeast) && (e.atMost === undefined || n <= e.atMost);
}

/** "= 603", "≥ 603", "between 1 and 5". */
export function describeCount(e: CountExpectation): string {
  if (e.equals !== undefined) return `= ${e.equals}`;
  if (e.atLeast !== undefined && e.atMost !== undefined) return `between ${e.atLeast} and ${e.atMost}`;
  if (e.atLeast !== undefined) return `≥ ${e.atLeast}`;
  if (e.atMost !== undefined) return `≤ ${e.atMost}`;
  return 'any';
}

/**
 * Turns what client libraries return into plain JSON values: bigint (Parquet INT64) to a number when it is safe,
 * else a string; Date to an ISO string; bytes to UTF-8 text; Maps to objects.
 */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJsonValue(x)]));
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The value at a dotted path (`after.address_id`, `items.0.id`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** An object whose keys all start with `$` is an operator object; a plain object is a literal. */
export function isOperatorObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));
}

function compareOrdered(actual: unknown, bound: unknown, test: (c: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof bound === 'number') return test(actual - bound);
  if (typeof actual === 'string' && typeof bound === 'string') return test(actual < bound ? -1 : actual > bound ? 1 : 0);
  return false;
}

function meetsOperator(actual: unknown, op: string, arg: unknown): boolean {
  switch (op) {
    case '$eq': return jsonEqual(actual, arg);
    case '$ne': return !jsonEqual(actual, arg);
    case '$in': return Array.isArray(arg) && arg.some((x) => jsonEqual(actual, x));
    case '$regex': return typeof actual === 'string' && typeof arg === 'string' && new RegExp(arg).test(actual);
    case '$exists': return (actual !== undefined && actual !== null) === (arg === true);
    case '$gt': return compareOrdered(actual, arg, (c) => c > 0);
    case '$gte': return compareOrdered(actual, arg, (c) => c >= 0);
    case '$lt': return compareOrdered(actual, arg, (c) => c < 0);
    case '$lte': return compareOrdered(actual, arg, (c) => c <= 0);
    default: return false;
  }
}

/** Whether every path of `where` holds on `subject` (already plain JSON, see {@link toJsonValue}). */
export function matchesWhere(subject: unknown, where: Where): boolean {
  for (const [path, expected] of Object.entries(where)) {
    const actual = valueAt(subject, path);
    if (isOperatorObject(expected)) {
      if (!Object.entries(expected).every(([op, arg]) => meetsOperator(actual, op, arg))) return false;
    } else if (!jsonEqual(actual, expected)) return false;
  }
  return true;
}

/** Whether `actual` has every key of `partial` with an equal value (extra columns are fine). */
export function rowIncludes(actual: Record<string, unknown>, partial: Record<string, unknown>): boolean {
  return Object.entries(partial).every(([k, v]) => jsonEqual(actual[k], v));
}

/** SQL `equals`: the same rows in the same order, each with exactly the expected columns. */
export function rowsEqual(actual: Array<Record<string, unknown>>, expected: Array<Record<string, unknown>>): boolean {
  return actual.length === expected.length && actual.every((r, i) => jsonEqual(r, expected[i]));
}

/** SQL `contains`: each expected (partial) row matches some actual row. */
export function rowsContain(actual: Array<Record<string, unknown>>, expected: Array<Record<string, unknown>>): boolean {
  return expected.every((e) => actual.some((a) => rowIncludes(a, e)));
}

/** Decodes one path segment the way Iceberg (URL-encoding, `+` for space) and Hive (`%XX`) write partition values. */
function decodePartitionValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The `name=value` folders of an object key, decoded: `…/country=United+States/x.parquet` → {country: "United States"}. */
export function partitionsOf(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const seg of key.split('/').slice(0, -1)) {
    const eq = seg.indexOf('=');
    if (eq > 0) out[decodePartitionValue(seg.slice(0, eq))] = decodePartitionValue(seg.slice(eq + 1));
  }
  return out;
}

/** Whether the key lies in a partition folder for every `name: value` given. */
export function inPartition(key: string, partition: Record<string, string>): boolean {
  const p = partitionsOf(key);
  return Object.entries(partition).every(([k, v]) => p[k] === v);
}

/** A JSON value shortened for one line of output. */
export function preview(v: unknown, max = 300): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
