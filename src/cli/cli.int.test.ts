import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';

/**
 * The CLI contract against real containers (stand-in images built by .ci/images/build.sh):
 * up/status/down/restart/logs, Pagila, plugins, data surviving a restart, faults and bad input.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-test-${process.pid}`;
const PORT_BASE = 21000;
const ENV = testStackEnv(PROJECT, PORT_BASE);
const port = (s: string) => Number(ENV[`SHORELINE_PORT_${s.toUpperCase()}`]);
const docker = new Docker();

interface Run { code: number; stdout: string; stderr: string; ms: number }
function cli(args: string[], extraEnv: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...ENV, ...extraEnv }, timeout: 280_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
function json<T>(r: Run): T {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
type Status = { services: Array<{ name: string; image: string; state: string; health: string; ports: Record<string, number> }> };

async function pg<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
const s3 = () => new S3Client({ endpoint: `http://127.0.0.1:${port('localstack')}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const kafka = () => new Kafka({ clientId: 'shoreline-int', brokers: [`127.0.0.1:${port('kafka')}`], logLevel: logLevel.NOTHING });
const mongoUrl = () => `mongodb://127.0.0.1:${port('mongo')}/?directConnection=true`;

async function consumeAll(topic: string): Promise<string[]> {
  const admin = kafka().admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const end = offsets.reduce((n, o) => n + Number(o.high), 0);
  const groupId = `shoreline-int-${Date.now()}`;
  const consumer = kafka().consumer({ groupId });
  const got: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`only ${got.length}/${end} messages read from ${topic}`)), 30_000);
    if (end === 0) { clearTimeout(t); resolve(); return; }
    void consumer.run({ eachMessage: async ({ message }) => { got.push(message.value?.toString() ?? ''); if (got.length >= end) { clearTimeout(t); resolve(); } } });
  });
  await consumer.disconnect();
  const a2 = kafka().admin(); await a2.connect(); await a2.deleteGroups([groupId]).catch(() => undefined); await a2.disconnect();
  return got;
}

describe('shoreline CLI on real containers', function () {
  this.timeout(300_000);

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
  });
  after(async () => {
    await cli(['down', '--volumes']);
  });

  it('up --wait brings all five services healthy and status --json lists them with host ports', async () => {
    const up = await cli(['up', '--wait', '--json']);
    assert.equal(up.code, 0, up.stderr);
    const st = json<Status>(await cli(['status', '--json']));
    assert.deepEqual(st.services.map((s) => [s.name, s.health]), [['kafka', 'healthy'], ['connect', 'healthy'], ['postgres', 'healthy'], ['mongo', 'healthy'], ['localstack', 'healthy']]);
    assert.equal(st.services.find((s) => s.name === 'postgres')!.ports['5432/tcp'], port('postgres'));
    assert.equal(st.services.find((s) => s.name === 'kafka')!.ports['9092/tcp'], port('kafka'));
  });

  it('PostgreSQL has Pagila loaded and logical replication on', async () => {
    const counts = await pg(async (c) => {
      const r = await c.query('SELECT (SELECT count(*) FROM address)::int a, (SELECT count(*) FROM city)::int c, (SELECT count(*) FROM country)::int k, current_setting(\'wal_level\') w');
      return r.rows[0] as { a: number; c: number; k: number; w: string };
    });
    assert.deepEqual(counts, { a: 603, c: 600, k: 109, w: 'logical' });
  });

  it('the seeds\' last_update trigger moves last_update on UPDATE', async () => {
    const r = await pg(async (c) => {
      await c.query("UPDATE address SET last_update = '2020-01-01' WHERE address_id = 105");
      await c.query("UPDATE address SET address2 = 'Apartment #1234' WHERE address_id = 105");
      return (await c.query('SELECT address2, extract(epoch FROM now() - last_update)::float AS age FROM address WHERE address_id = 105')).rows[0] as { address2: string; age: number };
    });
    assert.equal(r.address2, 'Apartment #1234');
    assert.ok(r.age >= 0 && r.age < 2, `last_update is ${r.age}s old`);
    const triggers = await pg(async (c) => (await c.query("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'update_last_update_column_%' ORDER BY 1")).rows.map((x: { tgname: string }) => x.tgname));
    assert.deepEqual(triggers, ['update_last_update_column_address', 'update_last_update_column_city', 'update_last_update_column_country']);
  });

  it('Connect lists the plugins docker/connect/plugins.json bakes in (Debezium PostgreSQL, JDBC sink, Iceberg/S3 Parquet sink)', async () => {
    const res = await fetch(`http://127.0.0.1:${port('connect')}/connector-plugins`);
    const listed = ((await res.json()) as Array<{ class: string; type: string }>).map((p) => `${p.type}:${p.class}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docker/connect/plugins.json'), 'utf8')) as { plugins: Array<{ connectorClasses: string[] }> };
    const want = manifest.plugins.flatMap((p) => p.connectorClasses);
    for (const c of want) assert.ok(listed.some((l) => l.endsWith(`:${c}`)), `${c} missing from ${listed.join(', ')}`);
    assert.ok(listed.includes('source:io.debezium.connector.postgresql.PostgresConnector'), listed.join(', '));
    assert.ok(listed.includes('sink:io.debezium.connector.jdbc.JdbcSinkConnector'), listed.join(', '));
    assert.ok(listed.includes('sink:org.apache.iceberg.connect.IcebergSinkConnector'), listed.join(', '));
  });

  it('MongoDB stores and returns a document; the AWS emulator has the data-lake bucket', async () => {
    const m = new MongoClient(mongoUrl());
    await m.connect();
    await m.db('accounts').collection('customer.accounts').insertOne({ _id: 'int-1' as unknown as never, name: 'Shoreline' });
    const doc = await m.db('accounts').collection('customer.accounts').findOne({ _id: 'int-1' as unknown as never });
    await m.close();
    assert.equal(doc?.name, 'Shoreline');
    const resources = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'localstack/resources.json'), 'utf8')) as { buckets: Array<string | { name: string }> };
    const want = resources.buckets.map((b) => (typeof b === 'string' ? b : b.name));
    const buckets = ((await s3().send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    for (const b of want) assert.ok(buckets.includes(b), `bucket ${b} missing from ${buckets.join(', ')}`);
  });

  it('keeps a row, a message, a document and an S3 object across down/up, and down --volumes removes them', async () => {
    await pg((c) => c.query("INSERT INTO country (country) VALUES ('Shoreline Test Land')"));
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic: 'shoreline.int.persist', messages: [{ key: 'k', value: 'kept-across-restart' }] });
    await producer.disconnect();
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'shoreline-int-persist' }));
    await client.send(new PutObjectCommand({ Bucket: 'shoreline-int-persist', Key: 'a/b.json', Body: '{"kept":true}' }));

    const down = await cli(['down']);
    assert.equal(down.code, 0, down.stderr);
    const stopped = json<Status>(await cli(['status', '--json']));
    assert.ok(stopped.services.every((s) => s.health === 'stopped'), JSON.stringify(stopped.services.map((s) => s.health)));

    const up = await cli(['up', '--wait']);
    assert.equal(up.code, 0, up.stderr);
    const n = await pg(async (c) => (await c.query("SELECT count(*)::int n FROM country WHERE country = 'Shoreline Test Land'")).rows[0].n as number);
    assert.equal(n, 1);
    assert.deepEqual(await consumeAll('shoreline.int.persist'), ['kept-across-restart']);
    const obj = await s3().send(new GetObjectCommand({ Bucket: 'shoreline-int-persist', Key: 'a/b.json' }));
    assert.equal(await obj.Body!.transformToString(), '{"kept":true}');
    const m = new MongoClient(mongoUrl());
    await m.connect();
    assert.equal((await m.db('accounts').collection('customer.accounts').findOne({ _id: 'int-1' as unknown as never }))?.name, 'Shoreline');
    await m.close();
  });

  it('reports a killed Kafka within 5 s and "restart kafka" recovers it', async () => {
    await docker.getContainer(`${PROJECT}-kafka`).kill();
    const t0 = Date.now();
    let health = '';
    while (Date.now() - t0 < 5000) {
      const st = json<Status>(await cli(['status', '--json']));
      health = st.services.find((s) => s.name === 'kafka')!.health;
      if (health === 'stopped' || health === 'unhealthy') break;
    }
    assert.ok(health === 'stopped' || health === 'unhealthy', `kafka health after kill: ${health}`);
    const r = await cli(['restart', 'kafka', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(json<Status>(r).services[0]!.health, 'healthy');
  });

  it('logs prints the service log', async () => {
    const r = await cli(['logs', 'postgres', '--tail', '50']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /database system is ready to accept connections/);
  });

  it('down --volumes deletes the data', async () => {
    assert.equal((await cli(['down', '--volumes'])).code, 0);
    const st = json<Status>(await cli(['status', '--json']));
    assert.ok(st.services.every((s) => s.health === 'missing'));
    const vols = await docker.listVolumes({ filters: { label: [`dev.shoreline.project=${PROJECT}`] } });
    assert.deepEqual(vols.Volumes?.map((v) => v.Name) ?? [], []);
  });

  describe('bad input and faults get a one-line error naming the cause and the fix', () => {
    const oneLine = (r: Run, re: RegExp) => {
      assert.notEqual(r.code, 0);
      // progress lines may come first (stderr, as the CLI reports progress); the error itself is one line, no trace
      const lines = r.stderr.trim().split('\n');
      const errors = lines.filter((l) => l.startsWith('shoreline: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0]!, re);
      assert.equal(lines[lines.length - 1], errors[0], 'the error is the last line');
      assert.ok(!lines.some((l) => /^\s+at /.test(l)), `no stack trace:\n${r.stderr}`);
    };

    it('unknown service', async () => oneLine(await cli(['restart', 'zookeeper']), /unknown service "zookeeper" — use one of kafka, connect, postgres, mongo, localstack/));

    it('image that does not exist', async () => {
      try {
        oneLine(await cli(['up', '--services', 'mongo'], { SHORELINE_PROJECT: `${PROJECT}-img`, SHORELINE_IMAGE_MONGO: 'shoreline-ci/does-not-exist:1' }),
          /Image "shoreline-ci\/does-not-exist:1" is not present locally and could not be pulled — check the name \(setting shoreline.images.mongo/);
      } finally {
        await cli(['down', '--volumes'], { SHORELINE_PROJECT: `${PROJECT}-img` });
      }
    });

    it('host port already in use', async () => {
      const server = net.createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const busy = (server.address() as net.AddressInfo).port;
      try {
        const r = await cli(['up', '--services', 'mongo'], { SHORELINE_PROJECT: `${PROJECT}-port`, SHORELINE_PORT_MONGO: String(busy) });
        oneLine(r, new RegExp(`Host port ${busy} for mongo is already in use`));
        const left = await docker.listContainers({ all: true, filters: { label: [`dev.shoreline.project=${PROJECT}-port`] } });
        assert.equal(left.length, 0, 'the failed container was removed');
      } finally {
        server.close();
        await cli(['down', '--volumes'], { SHORELINE_PROJECT: `${PROJECT}-port` });
      }
      // the volume made for the container that could not start goes with down --volumes too
      const vols = await docker.listVolumes({ filters: { label: [`dev.shoreline.project=${PROJECT}-port`] } });
      assert.deepEqual(vols.Volumes?.map((v) => v.Name) ?? [], []);
    });

    it('container name clash with a container Shoreline did not create', async () => {
      const name = `${PROJECT}-clash-mongo`;
      const c = await docker.createContainer({ name, Image: ENV.SHORELINE_IMAGE_MONGO!, Cmd: ['true'] });
      try {
        oneLine(await cli(['up', '--services', 'mongo'], { SHORELINE_PROJECT: `${PROJECT}-clash` }), /"shoreline-test-\d+-clash-mongo" already exists and was not created by this Shoreline stack/);
      } finally {
        await c.remove({ force: true, v: true });
        await cli(['down', '--volumes'], { SHORELINE_PROJECT: `${PROJECT}-clash` });
      }
    });

    it('invalid shoreline.config.json', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-cfg-'));
      fs.writeFileSync(path.join(dir, 'shoreline.config.json'), '{"ports": {"kafka": "ninety"}}');
      oneLine(await cli(['status'], {}, dir), /shoreline.config.json: "ports.kafka" is "ninety" — use a TCP port number between 1 and 65535/);
      fs.writeFileSync(path.join(dir, 'shoreline.config.json'), '{"ports": ');
      oneLine(await cli(['status'], {}, dir), /shoreline.config.json is not valid JSON/);
      fs.rmSync(dir, { recursive: true });
    });

    it('Docker not running: a clear error, non-zero exit, no hang', async () => {
      const r = await cli(['status'], { DOCKER_HOST: 'unix:///tmp/shoreline-no-docker.sock' });
      oneLine(r, /Docker is not running: nothing answers at unix:\/\/\/tmp\/shoreline-no-docker.sock \(DOCKER_HOST\)/);
      assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    });
  });
});
