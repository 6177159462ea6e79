import * as assert from 'node:assert/strict';
import type { ConnectorStatus } from '../../domain/connect/connectorModel';
import { parsePipelineManifest } from '../../domain/connect/pipeline';
import { ShorelineError } from '../../domain/errors';
import type { ObjectInfo, ObjectStore } from '../aws/objectStore';
import type { PartitionOffsets, ScanResult, TopicInspector, TopicRecord } from '../kafka/topicInspector';
import type { SqlRunner } from '../postgres/sqlRunner';
import type { ApplyResult, ConnectApi } from './connectClient';
import { checkPipelineConnectors, runPipeline, type LoadedPipeline, type PipelineEnvironment } from './pipelineRunner';

/** A worker that records calls; `failing` connectors end with a FAILED task. */
class FakeConnect implements Partial<ConnectApi> {
  readonly baseUrl = 'http://fake:8083';
  readonly calls: string[] = [];
  readonly configs = new Map<string, Record<string, string>>();
  private readonly stopped = new Set<string>();
  constructor(private readonly failing: string[] = []) {}
  private statusOf(name: string): ConnectorStatus {
    if (!this.configs.has(name)) throw new ShorelineError('connect.notFound', `connector "${name}" not found`, '');
    const bad = this.failing.includes(name);
    if (this.stopped.has(name)) return { name, type: 'source', connector: { state: 'STOPPED', workerId: 'w' }, tasks: [] };
    return { name, type: 'source', connector: { state: 'RUNNING', workerId: 'w' }, tasks: [{ id: 0, state: bad ? 'FAILED' : 'RUNNING', workerId: 'w', ...(bad ? { trace: 'org.apache.kafka.connect.errors.ConnectException: boom\nCaused by: org.postgresql.util.PSQLException: password authentication failed' } : {}) }] };
  }
  async apply(name: string, config: Record<string, string>): Promise<ApplyResult> { this.calls.push(`apply ${name}`); this.configs.set(name, config); return { name, created: true, config, tasks: [0] }; }
  async status(name: string): Promise<ConnectorStatus> { return this.statusOf(name); }
  async waitFor(name: string, done: (s: ConnectorStatus) => boolean): Promise<ConnectorStatus> { const s = this.statusOf(name); assert.ok(done(s)); return s; }
  async stop(name: string): Promise<void> { this.calls.push(`stop ${name}`); this.stopped.add(name); }
  async resetOffsets(name: string): Promise<string> { this.calls.push(`reset ${name}`); return 'ok'; }
  async delete(name: string): Promise<void> { this.calls.push(`delete ${name}`); this.configs.delete(name); }
}

class FakeTopics implements TopicInspector {
  constructor(readonly topics: Record<string, PartitionOffsets[]>, readonly records: TopicRecord[] = []) {}
  async offsets(topic: string) { return this.topics[topic]; }
  async scan(topic: string, match: (r: TopicRecord) => boolean): Promise<ScanResult> {
    if (!this.topics[topic]) return { scanned: 0, topicExists: false };
    const m = this.records.find(match);
    return { ...(m ? { match: m } : {}), scanned: this.records.length, topicExists: true, ...(this.records.length ? { last: this.records[this.records.length - 1]! } : {}) };
  }
  async close() {}
}

class FakeObjects implements ObjectStore {
  reads: string[] = [];
  constructor(readonly objects: Record<string, Array<Record<string, unknown>>>) {}
  async list(bucket: string, prefix: string): Promise<ObjectInfo[] | undefined> {
    if (bucket !== 'lake') return undefined;
    return Object.keys(this.objects).filter((k) => k.startsWith(prefix)).map((key) => ({ key, size: 1, etag: 'e1' }));
  }
  async get(_bucket: string, key: string): Promise<Uint8Array> { this.reads.push(key); return new TextEncoder().encode(key); }
}

class FakeSql implements SqlRunner {
  readonly ran: string[] = [];
  constructor(private readonly rows: Record<string, Array<Record<string, unknown>>> = {}) {}
  async exec(database: string, sql: string) { if (sql.includes('BROKEN')) throw new Error('syntax error at or near "BROKEN"'); this.ran.push(`${database}: ${sql}`); }
  async query(_database: string, sql: string) { return this.rows[sql] ?? []; }
}

const CDC = JSON.stringify({ name: 'cdc', config: { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'database.hostname': 'postgres', 'database.user': 'postgres', 'database.password': '${shoreline:postgres.password}', 'database.dbname': 'pagila', 'topic.prefix': 'pagila', 'table.include.list': 'public.country', 'plugin.name': 'pgoutput' } });
const SINK = JSON.stringify({ name: 'sink', config: { 'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector', 'topics': 'pagila.public.country', 'connection.url': 'jdbc:postgresql://postgres:5432/postgres', 'connection.username': 'postgres', 'connection.password': '${shoreline:postgres.password}' } });

function pipeline(manifest: unknown, files: Record<string, string> = { 'cdc.connector.json': CDC, 'sink.connector.json': SINK, 'setup.sql': 'CREATE TABLE t (id int)' }): LoadedPipeline {
  const r = parsePipelineManifest(JSON.stringify(manifest));
  assert.deepEqual(r.issues, []);
  return { dir: '/p', manifest: r.manifest!, files };
}

function env(over: Omit<Partial<PipelineEnvironment>, 'connect'> & { connect?: FakeConnect } = {}): PipelineEnvironment {
  const { connect, ...rest } = over;
  return {
    connect: (connect ?? new FakeConnect()) as unknown as ConnectApi,
    topics: new FakeTopics({ 'pagila.public.country': [{ partition: 0, low: 0, high: 109 }] }, [{ partition: 0, offset: 5, timestamp: 0, key: 1, value: { payload: { op: 'r', after: { country_id: 6 } } }, headers: {} }]),
    objects: new FakeObjects({ 'data/country=United+States/a.parquet': [{ id: 599, country: 'United States' }], 'data/country=Canada/b.parquet': [{ id: 1, country: 'Canada' }], 'metadata/v1.metadata.json': [] }),
    readParquet: async (bytes) => {
      const key = new TextDecoder().decode(bytes);
      return key.includes('United') ? [{ id: 599, country: 'United States' }] : [{ id: 1, country: 'Canada' }];
    },
    sql: new FakeSql({ 'SELECT count(*)::int AS n FROM country': [{ n: 109 }] }),
    variables: { 'postgres.password': 'pw' },
    sleep: async () => undefined,
    pollMs: 1,
    ...rest,
  } as PipelineEnvironment;
}

const MANIFEST = {
  name: 'demo',
  steps: [
    { sqlFile: 'setup.sql' },
    { connector: 'cdc.connector.json' },
    { connector: 'sink.connector.json' },
    { assert: [
      { name: 'country snapshot', type: 'topicEndOffset', topic: 'pagila.public.country', atLeast: 109 },
      { name: 'wrong count', type: 'topicEndOffset', topic: 'pagila.public.country', equals: 110, timeoutSeconds: 0.2 },
      { name: 'a read of country 6', type: 'message', topic: 'pagila.public.country', where: { 'value.payload.op': 'r', 'value.payload.after.country_id': 6 } },
      { name: 'us row', type: 'parquetRows', bucket: 'lake', prefix: 'data/', partition: { country: 'United States' }, where: { id: 599 } },
      { name: 'data files', type: 's3Objects', bucket: 'lake', prefix: 'data/', keyRegex: '\\.parquet$', equals: 2 },
      { name: 'count', type: 'sql', query: 'SELECT count(*)::int AS n FROM country', equals: [{ n: 109 }] },
    ] },
  ],
  cleanup: { resetOffsets: true, sql: ['SELECT pg_drop_replication_slot(\'cdc\')'] },
};

describe('pipeline runner', () => {
  it('runs steps in order, reports each assertion with its observed value, then cleans up in reverse', async () => {
    const connect = new FakeConnect();
    const e = env({ connect });
    const r = await runPipeline(pipeline(MANIFEST), e, { keep: false });
    assert.deepEqual(r.steps.map((s) => [s.kind, s.status]), [['sql', 'ok'], ['connector', 'ok'], ['connector', 'ok'], ['assert', 'ok']]);
    assert.equal(connect.configs.size, 0, 'deleted');
    assert.deepEqual(connect.calls, ['apply cdc', 'apply sink', 'stop sink', 'reset sink', 'delete sink', 'stop cdc', 'reset cdc', 'delete cdc']);
    const by = Object.fromEntries(r.assertions.map((a) => [a.id, a]));
    assert.equal(by['country snapshot']!.status, 'pass');
    assert.equal(by['country snapshot']!.summary, '109');
    assert.deepEqual(by['country snapshot']!.observed, { endOffset: 109, partitions: [{ partition: 0, low: 0, high: 109 }] });
    assert.equal(by['wrong count']!.status, 'fail');
    assert.equal(by['wrong count']!.summary, '109');
    assert.equal(by['wrong count']!.expected, 'end offset of pagila.public.country = 110');
    assert.equal(by['wrong count']!.detail, 'not met within 0.2 s');
    assert.equal(by['a read of country 6']!.status, 'pass');
    assert.equal(by['us row']!.status, 'pass');
    assert.deepEqual((by['us row']!.observed as { files: number; matches: number }).files, 1, 'only the partition folder is read');
    assert.equal(by['data files']!.status, 'pass');
    assert.equal(by['count']!.status, 'pass');
    assert.equal(r.passed, false);
    assert.deepEqual(r.summary, { passed: 5, failed: 1, skipped: 0, stepsFailed: 0 });
    assert.deepEqual((e.sql as FakeSql).ran, ['pagila: CREATE TABLE t (id int)', 'pagila: SELECT pg_drop_replication_slot(\'cdc\')']);
    assert.ok(r.cleanup.every((c) => c.ok));
  });

  it('resolves ${shoreline:…} before applying, so no reference reaches the worker', async () => {
    const connect = new FakeConnect();
    const m = { ...MANIFEST, cleanup: undefined };
    await runPipeline(pipeline(m), env({ connect }), { keep: true });
    assert.equal(connect.configs.get('cdc')?.['database.password'], 'pw');
    assert.equal(connect.configs.get('sink')?.['connection.password'], 'pw');
    assert.deepEqual(connect.calls, ['apply cdc', 'apply sink'], '--keep leaves them');
  });

  it('a failed connector fails its step with the trace, skips what follows, and still deletes what it applied', async () => {
    const connect = new FakeConnect(['cdc']);
    const r = await runPipeline(pipeline(MANIFEST), env({ connect }), { keep: false });
    assert.deepEqual(r.steps.map((s) => s.status), ['ok', 'failed', 'skipped', 'skipped']);
    assert.match(r.steps[1]!.detail!, /^cdc failed: connector RUNNING, task 0 FAILED — org\.postgresql\.util\.PSQLException: password authentication failed/);
    assert.ok(r.assertions.length === 6 && r.assertions.every((a) => a.status === 'skipped' && a.detail === 'step 2 (apply cdc.connector.json) failed'));
    assert.equal(r.passed, false);
    assert.deepEqual(connect.calls.filter((c) => c.startsWith('delete')), ['delete cdc']);
  });

  it('assertions that run out while the worker is gone say so: the connector\'s state or the unreachable worker', async () => {
    const connect = new FakeConnect();
    const m = { name: 'x', steps: [{ connector: 'cdc.connector.json' }, { assert: [
      { name: 'never', type: 'topicEndOffset', topic: 'pagila.public.country', equals: 1, timeoutSeconds: 0.1 },
      { name: 'fine', type: 'topicEndOffset', topic: 'pagila.public.country', equals: 109 },
    ] }] };
    const gone = new ShorelineError('connect.unreachable', 'Kafka Connect is not reachable at http://fake:8083 (ECONNREFUSED)', 'start the stack');
    const topics = new FakeTopics({ 'pagila.public.country': [{ partition: 0, low: 0, high: 109 }] });
    // the worker dies once the connector step is done
    topics.offsets = async (topic: string) => { connect.status = async () => { throw gone; }; return topics.topics[topic]; };
    const r = await runPipeline(pipeline(m), env({ connect, topics }), { keep: true });
    assert.deepEqual(r.assertions.map((a) => [a.id, a.status]), [['never', 'fail'], ['fine', 'pass']]);
    assert.equal(r.assertions[0]!.detail, 'not met within 0.1 s; connector cdc: Kafka Connect is not reachable at http://fake:8083 (ECONNREFUSED) — start the stack');
    assert.equal(r.assertions[1]!.detail, undefined);
    assert.match(r.steps[1]!.detail!, /^1 passed, 1 failed \(connector cdc: Kafka Connect is not reachable/);

    // the broker gone after the scan: the failed Kafka assertion's topic is looked up once more, and its error is the note
    const dead = new FakeTopics({ 'pagila.public.country': [{ partition: 0, low: 0, high: 109 }] });
    dead.offsets = async () => { throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'); };
    const m2 = { name: 'x', steps: [{ assert: [{ name: 'never', type: 'message', topic: 'pagila.public.country', where: { 'value.payload.op': 'x' }, timeoutSeconds: 0.01 }] }] };
    const r2 = await runPipeline(pipeline(m2), env({ topics: dead }), { keep: true });
    assert.match(r2.assertions[0]!.detail!, /^not met within 0\.01 s; Kafka: Connection error: connect ECONNREFUSED 127\.0\.0\.1:9092$/);
  });

  it('a failing SQL statement names the statement and the database', async () => {
    const m = { name: 'x', steps: [{ sql: ['SELECT 1', 'BROKEN'] }, { assert: [{ type: 'sql', query: 'SELECT 1', equals: [] }] }] };
    const r = await runPipeline(pipeline(m), env(), { keep: true });
    assert.equal(r.steps[0]!.status, 'failed');
    assert.match(r.steps[0]!.detail!, /^"BROKEN" failed on pagila: syntax error at or near "BROKEN"/);
  });

  it('offline checks of the connector files: references and cross-connector problems', () => {
    const bad = JSON.stringify({ name: 'cdc', config: { ...JSON.parse(CDC).config, 'database.password': '${shoreline:postgres.pasword}' } });
    const p = pipeline(MANIFEST, { 'cdc.connector.json': bad, 'sink.connector.json': SINK, 'setup.sql': '' });
    const c = checkPipelineConnectors(p, { 'postgres.password': 'pw' });
    assert.ok(c.errors.some((e) => /^cdc\.connector\.json: "database\.password" refers to \$\{shoreline:postgres\.pasword\}.*did you mean \$\{shoreline:postgres\.password\}/.test(e)), c.errors.join('\n'));
  });

  it('reads each Parquet file once across polls', async () => {
    const objects = new FakeObjects({ 'data/country=Canada/b.parquet': [] });
    const m = { name: 'x', steps: [{ assert: [{ type: 'parquetRows', bucket: 'lake', prefix: 'data/', where: { id: 599 }, timeoutSeconds: 0.2 }] }] };
    const r = await runPipeline(pipeline(m), env({ objects }), { keep: true });
    assert.equal(r.assertions[0]!.status, 'fail');
    assert.match(r.assertions[0]!.summary, /^0 matching rows of 1 in 1 file\(s\); e\.g\. \{"id":1,"country":"Canada"\}$/);
    assert.deepEqual(objects.reads, ['data/country=Canada/b.parquet']);
  });
});
