/**
 * Waits for one pipeline assertion: observes (topic offsets, a message, S3 keys, Parquet rows, a query) until the
 * expectation holds or its timeout passes, and returns the result with the last observed value.
 */
import type { PipelineAssertion, ParquetRowsAssertion } from '../../domain/connect/pipeline';
import { describeCount, inPartition, matchesWhere, meetsCount, preview, rowsContain, rowsEqual } from '../../domain/connect/pipelineMatch';
import type { AssertionResult } from '../../domain/connect/pipelineReport';
import { errorMessage } from '../../domain/errors';
import type { ObjectStore } from '../aws/objectStore';
import type { TopicInspector, TopicRecord } from '../kafka/topicInspector';
import type { SqlRunner } from '../postgres/sqlRunner';

/** What the checks need from the outside world. */
export interface CheckPorts {
  topics: TopicInspector;
  objects: ObjectStore;
  readParquet: (bytes: Uint8Array, what: string) => Promise<Array<Record<string, unknown>>>;
  sql: SqlRunner;
  sleep?: (ms: number) => Promise<void>;
  /** Between two observations (default 1000 ms). */
  pollMs?: number;
}

interface Observation { ok: boolean; observed: unknown; summary: string }

/** Parquet rows already read, by bucket, key and ETag: polling re-lists the prefix but reads each file once. */
export type ParquetCache = Map<string, Array<Record<string, unknown>>>;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const MAX_SHOWN = 20;

/** What the assertion expects, in words. */
export function describeExpectation(a: PipelineAssertion): string {
  switch (a.type) {
    case 'topicEndOffset': return `end offset of ${a.topic} ${describeCount(a.expect)}`;
    case 'topicMessageCount': return `messages in ${a.topic} ${describeCount(a.expect)}`;
    case 'message': return `a message on ${a.topic} where ${preview(a.where)}`;
    case 's3Objects': return `objects under s3://${a.bucket}/${a.prefix}${a.keyRegex ? ` matching /${a.keyRegex}/` : ''} ${describeCount(a.expect)}`;
    case 'parquetRows': return `Parquet rows under s3://${a.bucket}/${a.prefix}${a.partition ? ` in partition ${preview(a.partition)}` : ''} where ${preview(a.where)} ${describeCount(a.expect)}`;
    case 'sql': return a.equals ? `rows of "${a.query}" on ${a.database} equal ${preview(a.equals)}` : `rows of "${a.query}" on ${a.database} contain ${preview(a.contains)}`;
  }
}

/** JsonConverter with schemas on wraps values as {schema, payload}: show the payload. */
function shownValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'schema' in v && 'payload' in v ? (v as { payload: unknown }).payload : v;
}

function recordView(r: TopicRecord): Record<string, unknown> {
  return { partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers };
}

async function observeOffsets(a: PipelineAssertion & { type: 'topicEndOffset' | 'topicMessageCount' }, ports: CheckPorts): Promise<Observation> {
  const parts = await ports.topics.offsets(a.topic);
  if (!parts) return { ok: false, observed: null, summary: `topic ${a.topic} does not exist` };
  const n = parts.reduce((sum, p) => sum + (a.type === 'topicEndOffset' ? p.high : p.high - p.low), 0);
  return { ok: meetsCount(n, a.expect), observed: { [a.type === 'topicEndOffset' ? 'endOffset' : 'messages']: n, partitions: parts }, summary: String(n) };
}

function selectKeys(keys: string[], keyRegex: string | undefined, fallback?: RegExp): string[] {
  const re = keyRegex !== undefined ? new RegExp(keyRegex) : fallback;
  return re ? keys.filter((k) => re.test(k)) : keys;
}

async function observeObjects(a: PipelineAssertion & { type: 's3Objects' }, ports: CheckPorts): Promise<Observation> {
  const list = await ports.objects.list(a.bucket, a.prefix);
  if (!list) return { ok: false, observed: null, summary: `bucket ${a.bucket} does not exist` };
  const keys = selectKeys(list.map((o) => o.key), a.keyRegex);
  const shown = keys.slice(0, 3).join(', ');
  return { ok: meetsCount(keys.length, a.expect), observed: { count: keys.length, keys: keys.slice(0, MAX_SHOWN) }, summary: `${keys.length} object(s)${shown ? `: ${shown}${keys.length > 3 ? ', …' : ''}` : ''}` };
}

async function observeParquet(a: ParquetRowsAssertion, ports: CheckPorts, cache: ParquetCache): Promise<Observation> {
  const list = await ports.objects.list(a.bucket, a.prefix);
  if (!list) return { ok: false, observed: null, summary: `bucket ${a.bucket} does not exist` };
  // Iceberg keeps Avro manifests and JSON metadata next to the data: without a keyRegex read only .parquet files
  const chosen = new Set(selectKeys(list.map((o) => o.key), a.keyRegex, /\.parquet$/).filter((k) => !a.partition || inPartition(k, a.partition)));
  const files = list.filter((o) => chosen.has(o.key));
  let rows = 0;
  let matches = 0;
  let firstMatch: { key: string; row: Record<string, unknown> } | undefined;
  let sample: Record<string, unknown> | undefined;
  for (const f of files) {
    const cacheKey = `${a.bucket}\u0000${f.key}\u0000${f.etag}`;
    let got = cache.get(cacheKey);
    if (!got) {
      got = await ports.readParquet(await ports.objects.get(a.bucket, f.key), `s3://${a.bucket}/${f.key}`);
      cache.set(cacheKey, got);
    }
    rows += got.length;
    sample ??= got[0];
    for (const r of got) {
      if (!matchesWhere(r, a.where)) continue;
      matches++;
      firstMatch ??= { key: f.key, row: r };
    }
  }
  const summary = firstMatch
    ? `${matches} matching row(s) of ${rows} in ${files.length} file(s); first in ${firstMatch.key}: ${preview(firstMatch.row, 400)}`
    : `0 matching rows of ${rows} in ${files.length} file(s)${sample ? `; e.g. ${preview(sample, 300)}` : ''}`;
  return { ok: meetsCount(matches, a.expect), observed: { files: files.length, rows, matches, keys: files.slice(0, MAX_SHOWN).map((f) => f.key), ...(firstMatch ? { firstMatch } : sample ? { sample } : {}) }, summary };
}

async function observeSql(a: PipelineAssertion & { type: 'sql' }, ports: CheckPorts): Promise<Observation> {
  const rows = await ports.sql.query(a.database, a.query);
  const ok = (a.equals === undefined || rowsEqual(rows, a.equals)) && (a.contains === undefined || rowsContain(rows, a.contains));
  return { ok, observed: { rows: rows.slice(0, MAX_SHOWN), rowCount: rows.length }, summary: `${rows.length} row(s): ${preview(rows.slice(0, 5), 400)}` };
}

async function observeMessage(a: PipelineAssertion & { type: 'message' }, ports: CheckPorts, timeoutMs: number): Promise<Observation> {
  const r = await ports.topics.scan(a.topic, (rec) => matchesWhere(recordView(rec), a.where), { timeoutMs, fromBeginning: a.fromBeginning });
  if (!r.topicExists) return { ok: false, observed: null, summary: `topic ${a.topic} does not exist` };
  if (r.match) return { ok: true, observed: { scanned: r.scanned, match: recordView(r.match) }, summary: `partition ${r.match.partition} offset ${r.match.offset}: ${preview(shownValue(r.match.value), 400)}` };
  return { ok: false, observed: { scanned: r.scanned, ...(r.last ? { last: recordView(r.last) } : {}) }, summary: `none of ${r.scanned} message(s) matched${r.last ? `; last (offset ${r.last.offset}): ${preview(shownValue(r.last.value), 300)}` : ''}` };
}

/** Observes until the assertion holds or its timeout passes. Errors while observing are retried and reported if the time runs out. */
export async function checkAssertion(a: PipelineAssertion, ports: CheckPorts, cache: ParquetCache = new Map()): Promise<AssertionResult> {
  const t0 = Date.now();
  const deadline = t0 + a.timeoutSeconds * 1000;
  const sleep = ports.sleep ?? defaultSleep;
  let last: Observation | undefined;
  let lastError: string | undefined;
  for (;;) {
    try {
      last = a.type === 'message' ? await observeMessage(a, ports, Math.max(1000, deadline - Date.now()))
        : a.type === 'topicEndOffset' || a.type === 'topicMessageCount' ? await observeOffsets(a, ports)
          : a.type === 's3Objects' ? await observeObjects(a, ports)
            : a.type === 'parquetRows' ? await observeParquet(a, ports, cache)
              : await observeSql(a, ports);
      lastError = undefined;
      if (last.ok) break;
    } catch (e) {
      lastError = errorMessage(e);
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(ports.pollMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
  const passed = last?.ok === true;
  const detail = passed ? undefined : lastError ?? `not met within ${a.timeoutSeconds} s`;
  return {
    id: a.id, type: a.type, path: a.path, status: passed ? 'pass' : 'fail', expected: describeExpectation(a),
    observed: last?.observed ?? null, summary: last?.summary ?? (lastError ? 'nothing observed' : ''), elapsedMs: Date.now() - t0,
    ...(detail ? { detail } : {}),
  };
}
