import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { ConnectorStatus, PluginInfo, ValidationReport } from '../../domain/connect/connectorModel';
import { CONNECTOR_TEMPLATES, findTemplate } from '../../domain/connect/connectorTemplates';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';

/**
 * The connector CLI against a real Kafka, Connect worker (Debezium PostgreSQL, Debezium JDBC sink) and PostgreSQL
 * with Pagila, all from the stand-in images: plugins, templates, validate, apply, CDC envelopes on the topic,
 * failure and restart, lifecycle and offsets.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-conn-${process.pid}`;
const ENV = testStackEnv(PROJECT, 24000);
const port = (s: string) => Number(ENV[`SHORELINE_PORT_${s.toUpperCase()}`]);
const PG_PASSWORD = ENV.SHORELINE_POSTGRES_PASSWORD!;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-conn-'));
const GROUPS: string[] = [];

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: TMP, env: { ...process.env, ...ENV, ...extraEnv }, timeout: 280_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
function json<T>(r: Run, expectCode = 0): T {
  assert.equal(r.code, expectCode, `exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as T;
}

async function pg<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: PG_PASSWORD, database });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try { const v = await fn(); if (v !== undefined) return v; } catch (e) { last = e; }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A Debezium change event as JsonConverter (schemas on) writes it: {schema, payload}. */
interface Envelope { op: 'c' | 'u' | 'd' | 'r'; before: Record<string, unknown> | null; after: Record<string, unknown> | null }
interface Msg { offset: number; key: { payload: Record<string, unknown> } | null; value: { payload: Envelope } | null }

const kafka = () => new Kafka({ clientId: 'shoreline-conn-int', brokers: [`127.0.0.1:${port('kafka')}`], logLevel: logLevel.NOTHING });

/** Reads a topic from the start with a throwaway group until `done` holds for what was read. */
async function readUntil(topic: string, done: (msgs: Msg[]) => boolean, timeoutMs = 90_000): Promise<Msg[]> {
  const groupId = `shoreline-test-conn-${process.pid}-${GROUPS.length}`;
  GROUPS.push(groupId);
  const consumer = kafka().consumer({ groupId });
  const got: Msg[] = [];
  // a Debezium topic appears with the first record the connector writes
  await eventually(`topic ${topic}`, async () => {
    const admin = kafka().admin();
    await admin.connect();
    try { return (await admin.listTopics()).includes(topic) ? true : undefined; } finally { await admin.disconnect(); }
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${topic}: condition not met after ${got.length} messages`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push({
            offset: Number(message.offset),
            key: message.key ? JSON.parse(message.key.toString()) as Msg['key'] : null,
            value: message.value && message.value.length ? JSON.parse(message.value.toString()) as Msg['value'] : null,
          });
          if (done(got)) { clearTimeout(t); resolve(); }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

function fileFor(name: string, body: unknown): string {
  const f = path.join(TMP, `${name}.connector.json`);
  fs.writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return f;
}
type Template = { name: string; config: Record<string, string> };
const readTemplateFile = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Template;
const stateOf = (s: ConnectorStatus) => [s.connector.state, ...s.tasks.map((t) => `${t.id}:${t.state}`)].join(' ');

describe('shoreline connector on a real Connect worker', function () {
  this.timeout(300_000);

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--services', 'kafka,connect,postgres']);
    assert.equal(up.code, 0, up.stderr);
  });
  after(async () => {
    const admin = kafka().admin();
    await admin.connect().then(() => admin.deleteGroups(GROUPS)).catch(() => undefined).finally(() => admin.disconnect().catch(() => undefined));
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('plugins --json lists the Debezium PostgreSQL source, the JDBC sink and the outbox EventRouter', async () => {
    const { plugins } = json<{ plugins: PluginInfo[] }>(await cli(['plugins', '--json']));
    const find = (cls: string) => plugins.find((p) => p.class === cls);
    assert.equal(find('io.debezium.connector.postgresql.PostgresConnector')?.type, 'source');
    assert.match(find('io.debezium.connector.postgresql.PostgresConnector')!.version, /^3\.7\./);
    assert.equal(find('io.debezium.connector.jdbc.JdbcSinkConnector')?.type, 'sink');
    assert.equal(find('io.debezium.transforms.outbox.EventRouter')?.type, 'transformation');
    assert.equal(find('io.confluent.connect.jdbc.JdbcSourceConnector'), undefined, 'Confluent\'s JDBC source is not installed');
  });

  it('the Debezium template goes RUNNING and streams an update (op u), a delete (op d) and its tombstone', async () => {
    const made = json<{ name: string; file: string }>(await cli(['connector', 'new', 'debezium-postgres-pagila', '--out', TMP, '--json']));
    assert.equal(made.name, 'pagila-cdc');
    const file = readTemplateFile(made.file);
    assert.equal(file.config['database.password'], PG_PASSWORD, 'credentials come from the stack config');
    assert.equal(file.config['database.hostname'], 'postgres');

    const applied = json<{ created: boolean; status: ConnectorStatus }>(await cli(['connector', 'apply', made.file, '--wait', '--json']));
    assert.equal(applied.created, true);
    assert.equal(stateOf(applied.status), 'RUNNING 0:RUNNING');

    await pg('pagila', (c) => c.query("UPDATE address SET address2 = 'Apartment #1234' WHERE address_id = 105"));
    const id = await pg('pagila', async (c) => {
      const r = await c.query("INSERT INTO address (address, district, city_id, phone) VALUES ('1 Shoreline Way', 'Test', 1, '555') RETURNING address_id");
      const newId = (r.rows[0] as { address_id: number }).address_id;
      await c.query('DELETE FROM address WHERE address_id = $1', [newId]);
      return newId;
    });
    const keyIs = (m: Msg, n: number) => m.key?.payload.address_id === n;
    const msgs = await readUntil('pagila.public.address', (all) => all.some((m) => keyIs(m, id) && m.value === null)
      && all.some((m) => keyIs(m, 105) && m.value?.payload.op === 'u'));

    const update = msgs.find((m) => keyIs(m, 105) && m.value?.payload.op === 'u')!;
    assert.equal(update.value!.payload.after!.address2, 'Apartment #1234');
    assert.ok(msgs.filter((m) => m.value?.payload.op === 'r').length >= 603, 'the snapshot read every address first');
    const mine = msgs.filter((m) => keyIs(m, id));
    assert.deepEqual(mine.map((m) => m.value === null ? 'tombstone' : m.value.payload.op), ['c', 'd', 'tombstone']);
    assert.equal(mine[1]!.value!.payload.after, null);
    assert.equal(mine[1]!.value!.payload.before!.address_id, id);
    assert.ok(mine[2]!.offset > mine[1]!.offset);

    const status = json<ConnectorStatus>(await cli(['connector', 'status', 'pagila-cdc', '--json']));
    assert.equal(stateOf(status), 'RUNNING 0:RUNNING');
    const topics = json<{ topics: string[] }>(await cli(['connector', 'topics', 'pagila-cdc', '--json']));
    assert.ok(topics.topics.includes('pagila.public.address'), topics.topics.join(','));
  });

  it('the JDBC sink template upserts those changes into the postgres database and applies the delete', async () => {
    const made = json<{ file: string }>(await cli(['connector', 'new', 'jdbc-sink-upsert', '--out', TMP, '--json']));
    json(await cli(['connector', 'apply', made.file, '--wait', '--json']));
    // the snapshot row comes first, then the update: wait for the update to be applied
    const row = await eventually('address 105 updated in pagila_public_address', () => pg('postgres', async (c) => {
      const r = (await c.query('SELECT address2, district FROM pagila_public_address WHERE address_id = 105')).rows[0] as { address2: string; district: string } | undefined;
      return r?.address2 === 'Apartment #1234' ? r : undefined;
    }));
    const source = await pg('pagila', async (c) => (await c.query('SELECT address2, district FROM address WHERE address_id = 105')).rows[0] as { address2: string; district: string });
    assert.deepEqual(row, source);
    const counts = await eventually('all 603 addresses', () => pg('postgres', async (c) => {
      const n = (await c.query('SELECT count(*)::int n FROM pagila_public_address')).rows[0] as { n: number };
      return n.n === 603 ? n : undefined;
    }));
    assert.equal(counts.n, 603, 'the inserted and deleted address is gone again');
  });

  it('the outbox pair routes films.outbox rows to outbox.event.film and upserts/deletes film_catalog rows', async () => {
    await pg('pagila', (c) => c.query(findTemplate('outbox-event-router')!.setupSql!));
    for (const id of ['outbox-event-router', 'outbox-jdbc-sink']) {
      const made = json<{ file: string }>(await cli(['connector', 'new', id, '--out', TMP, '--json']));
      const r = json<{ status: ConnectorStatus }>(await cli(['connector', 'apply', made.file, '--wait', '--json']));
      assert.equal(stateOf(r.status), 'RUNNING 0:RUNNING', id);
    }
    const insert = (aggregateId: string, payload: unknown) => pg('pagila', (c) => c.query(
      "INSERT INTO films.outbox (aggregatetype, aggregateid, type, payload) VALUES ('film', $1, 'FilmChanged', $2)", [aggregateId, payload === null ? null : JSON.stringify(payload)]));
    await insert('901', { film_id: 901, title: 'FIRST TITLE', rental_rate: 0.99 });
    await insert('901', { film_id: 901, title: 'SECOND TITLE', rental_rate: 1.99 });
    await insert('902', { film_id: 902, title: 'TO BE DELETED', rental_rate: 2.99 });
    const rows = await eventually('films 901 (second title) and 902', () => pg('postgres', async (c) => {
      const r = await c.query('SELECT film_id, title FROM film_catalog ORDER BY film_id');
      const got = r.rows as Array<{ film_id: number; title: string }>;
      return got.length === 2 && got[0]!.title === 'SECOND TITLE' ? got : undefined;
    }));
    assert.deepEqual(rows, [{ film_id: 901, title: 'SECOND TITLE' }, { film_id: 902, title: 'TO BE DELETED' }]);
    await insert('902', null);
    const after = await eventually('film 902 deleted', () => pg('postgres', async (c) => {
      const ids = (await c.query('SELECT film_id FROM film_catalog ORDER BY film_id')).rows.map((x: { film_id: number }) => x.film_id);
      return ids.length === 1 ? ids : undefined;
    }));
    assert.deepEqual(after, [901]);
  });

  it('every template passes offline and worker validation on the stack', async () => {
    for (const t of CONNECTOR_TEMPLATES) {
      const out = path.join(TMP, 'validate', `${t.id}.connector.json`);
      json(await cli(['connector', 'new', t.id, '--out', out, '--force', '--json']));
      const r = json<ValidationReport>(await cli(['connector', 'validate', out, '--json']));
      assert.deepEqual({ id: t.id, valid: r.valid, errors: r.errors }, { id: t.id, valid: true, errors: [] });
    }
  });

  it('online validate puts the worker\'s error on the field and line; offline validate names a seed mistake', async () => {
    const base = findTemplate('debezium-postgres-pagila')!;
    const text = [
      '{',
      '  "name": "bad-port",',
      '  "config": {',
      `    "connector.class": "${base.connectorClass}",`,
      '    "database.hostname": "postgres",',
      '    "database.port": "not-a-port",',
      '    "database.user": "postgres",',
      `    "database.password": "${PG_PASSWORD}",`,
      '    "database.dbname": "pagila",',
      '    "topic.prefix": "badport",',
      '    "plugin.name": "pgoutput"',
      '  }',
      '}',
    ].join('\n');
    const r = json<ValidationReport>(await cli(['connector', 'validate', fileFor('bad-port', text), '--json']), 1);
    assert.equal(r.valid, false);
    const port = r.errors.find((e) => e.field === 'database.port' && /integer/i.test(e.message));
    assert.ok(port, JSON.stringify(r.errors));
    assert.equal(port.line, 6);
    assert.ok(port.column !== undefined && port.column >= 5, `column ${port.column}`);
    assert.ok(!r.errors.some((e) => e.field === 'database.hostname'), 'no error on a good field');

    const human = await cli(['connector', 'validate', path.join(TMP, 'bad-port.connector.json')]);
    assert.equal(human.code, 1);
    assert.match(human.stdout, /bad-port\.connector\.json:6:\d+\s+error\s+database\.port: .*integer/i);

    // The Monolith seed's JDBC sink, with its "auto-evolve" typo (the key is auto.evolve).
    const seed = fileFor('seed-sink', {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'tasks.max': '1', 'topics': 'products.films.outbox',
      'connection.url': 'jdbc:postgresql://postgres:5432/pagila', 'table.name.format': 'films.film',
      'auto-evolve': 'true', 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.fields': 'film_id', 'pk.mode': 'record_key', 'delete.enabled': 'true',
    });
    const off = await cli(['connector', 'validate', seed, '--offline', '--json']);
    const offReport = json<ValidationReport>(off, 1);
    const typo = offReport.errors.find((e) => e.field === 'auto-evolve');
    assert.ok(typo, JSON.stringify(offReport.errors));
    assert.equal(typo.line, 7);
  });

  it('a rotated database password fails the task with its trace; restart --include-tasks --only-failed restarts only that task', async () => {
    const user = 'shoreline_test_cdc';
    await pg('pagila', (c) => c.query(`DROP ROLE IF EXISTS ${user}`).then(() => c.query(`CREATE ROLE ${user} LOGIN SUPERUSER REPLICATION PASSWORD 'first-pw'`)));
    const base = readTemplateFile(json<{ file: string }>(await cli(['connector', 'new', 'debezium-postgres-pagila', '--name', 'pagila-rotated', '--out', path.join(TMP, 'rot'), '--json'])).file);
    const f = fileFor('pagila-rotated', { name: 'pagila-rotated', config: { ...base.config, 'database.user': user, 'database.password': 'first-pw', 'topic.prefix': 'rotated', 'table.include.list': 'public.country' } });
    const applied = json<{ status: ConnectorStatus }>(await cli(['connector', 'apply', f, '--wait', '--json']));
    assert.equal(stateOf(applied.status), 'RUNNING 0:RUNNING');

    const healthy = json<{ accepted: boolean; status: ConnectorStatus }>(await cli(['connector', 'restart', 'pagila-rotated', '--include-tasks', '--only-failed', '--json']));
    assert.equal(stateOf(healthy.status), 'RUNNING 0:RUNNING', 'nothing failed, so nothing restarts');

    await pg('pagila', (c) => c.query(`ALTER ROLE ${user} PASSWORD 'second-pw'`));
    json(await cli(['connector', 'restart', 'pagila-rotated', '--task', '0', '--json']));
    const failed = await eventually('task 0 FAILED', async () => {
      const s = json<ConnectorStatus>(await cli(['connector', 'status', 'pagila-rotated', '--json']));
      return s.tasks[0]?.state === 'FAILED' ? s : undefined;
    });
    assert.equal(failed.connector.state, 'RUNNING');
    assert.match(failed.tasks[0]!.trace!, /password authentication failed for user "shoreline_test_cdc"/);
    const human = await cli(['connector', 'status', 'pagila-rotated']);
    assert.match(human.stdout, /task 0\s+FAILED[\s\S]*password authentication failed/);

    const refused = await cli(['connector', 'offsets', 'pagila-rotated', '--reset']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /"pagila-rotated" is RUNNING: its offsets can only be reset while it is STOPPED — stop it first/);

    await pg('pagila', (c) => c.query(`ALTER ROLE ${user} PASSWORD 'first-pw'`));
    const r = json<{ accepted: boolean; status: ConnectorStatus }>(await cli(['connector', 'restart', 'pagila-rotated', '--include-tasks', '--only-failed', '--json']));
    assert.equal(r.accepted, true);
    assert.equal(stateOf(r.status), 'RUNNING 0:RESTARTING', 'the connector is left alone, the failed task restarts');
    const back = await eventually('task 0 RUNNING again', async () => {
      const s = json<ConnectorStatus>(await cli(['connector', 'status', 'pagila-rotated', '--json']));
      return s.tasks[0]?.state === 'RUNNING' ? s : undefined;
    });
    assert.equal(back.tasks[0]!.trace, undefined);
    json(await cli(['connector', 'delete', 'pagila-rotated', '--json']));
  });

  it('pause, resume, stop, offsets while stopped, reset, delete', async () => {
    const file = path.join(TMP, 'pagila-cdc.connector.json');
    assert.equal(stateOf(json<ConnectorStatus>(await cli(['connector', 'pause', 'pagila-cdc', '--json']))), 'PAUSED 0:PAUSED');
    assert.equal(stateOf(json<ConnectorStatus>(await cli(['connector', 'resume', file, '--json']))), 'RUNNING 0:RUNNING');
    assert.equal(stateOf(json<ConnectorStatus>(await cli(['connector', 'stop', 'pagila-cdc', '--json']))), 'STOPPED');

    const { offsets } = json<{ offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> | null }> }>(await cli(['connector', 'offsets', 'pagila-cdc', '--json']));
    assert.equal(offsets.length, 1);
    assert.deepEqual(offsets[0]!.partition, { server: 'pagila' });
    const lsn = offsets[0]!.offset!.lsn;
    assert.ok(typeof lsn === 'number' && lsn > 0, `lsn ${String(lsn)}`);

    const reset = json<{ reset: boolean }>(await cli(['connector', 'offsets', 'pagila-cdc', '--reset', '--json']));
    assert.equal(reset.reset, true);
    assert.deepEqual(json<{ offsets: unknown[] }>(await cli(['connector', 'offsets', 'pagila-cdc', '--json'])).offsets, []);

    json(await cli(['connector', 'delete', 'pagila-cdc', '--json']));
    const list = json<{ connectors: Array<{ name: string }> }>(await cli(['connector', 'list', '--json']));
    assert.ok(!list.connectors.some((c) => c.name === 'pagila-cdc'), JSON.stringify(list.connectors.map((c) => c.name)));
    const gone = await cli(['connector', 'status', 'pagila-cdc']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /connector "pagila-cdc".*HTTP 404/);
  });

  it('a worker that is not there is named with the fix', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); });
    });
    const r = await cli(['connector', 'list'], { SHORELINE_CONNECT_URL: `http://127.0.0.1:${closed}` });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n')[0], `shoreline: Kafka Connect is not reachable at http://127.0.0.1:${closed} (ECONNREFUSED) — start the stack (shoreline up --services kafka,connect) or check the URL (--connect-url, SHORELINE_CONNECT_URL, ports.connect)`);
  });
});
