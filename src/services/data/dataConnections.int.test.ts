import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { loadCliConfig } from '../../cli/cliConfig';
import { parseDataConnectionEntry } from '../../domain/data/dataConnection';
import { errorMessage } from '../../domain/errors';
import { REPO_ROOT, runCli, testStackEnv } from '../../test/ciImages';
import { emulatorS3 } from '../aws/s3Snapshot';
import { connectionDataServices, stackDataServices, type DataServices } from './dataServices';
import { openDataSource } from './dataSources';

/**
 * User-added data connections against real servers: a PostgreSQL role with its own password and database (the shape
 * of an RDS user), reached through `shoreline.data.connections`-style entries and `--url` on the CLI, a second
 * MongoDB address, and S3 through an AWS profile (the AWS emulator as the profile's S3-compatible endpoint). The
 * password is handed to the driver only: it is in no error, no output, no label.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-dconn-${process.pid}`;
const ENV = testStackEnv(PROJECT, 36000);
const PG_PORT = Number(ENV.SHORELINE_PORT_POSTGRES);
const MONGO_PORT = Number(ENV.SHORELINE_PORT_MONGO);
const S3_ENDPOINT = `http://127.0.0.1:${ENV.SHORELINE_PORT_LOCALSTACK}`;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-dconn-'));
const ROLE = 'shoreline_analyst';
const PASSWORD = `pw-${randomBytes(9).toString('hex')}`;
const WRONG = `wrong-${randomBytes(9).toString('hex')}`;
const URL = `postgres://${ROLE}@127.0.0.1:${PG_PORT}/analytics`;
const FIXES = { postgres: 'set the password', mongodb: 'set the password' };

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: TMP, env: { ...process.env, ...ENV, ...env } });

async function asSuperuser(database: string, sql: string): Promise<void> {
  const c = new Client({ host: '127.0.0.1', port: PG_PORT, user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

describe('User-added data connections on real servers (postgres, mongo, S3 via an AWS profile)', function () {
  this.timeout(300_000);
  let stack: DataServices;
  const opened: DataServices[] = [];
  const conn = (password: string | undefined, url = URL) => {
    const s = connectionDataServices(parseDataConnectionEntry({ name: 'analytics-db', type: 'postgres', url }, 0), password, stack, FIXES);
    opened.push(s);
    return s;
  };

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--services', 'postgres,mongo,localstack']);
    assert.equal(up.code, 0, up.stderr);
    stack = stackDataServices(loadCliConfig(TMP, { ...process.env, ...ENV }), '127.0.0.1');
    // a login role that owns one database and cannot read Pagila: what a user connection to RDS usually is
    await asSuperuser('postgres', `CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await asSuperuser('postgres', `CREATE DATABASE analytics OWNER ${ROLE}`);
    await asSuperuser('postgres', `REVOKE CONNECT ON DATABASE pagila FROM PUBLIC`);
    const c = new Client({ host: '127.0.0.1', port: PG_PORT, user: ROLE, password: PASSWORD, database: 'analytics' });
    await c.connect();
    await c.query(`CREATE TABLE events (id serial PRIMARY KEY, kind text NOT NULL); INSERT INTO events (kind) VALUES ('signup'), ('order'), ('refund')`);
    await c.end();
  });
  after(async () => {
    for (const s of opened) await s.mongo.close().catch(() => undefined);
    await stack?.mongo.close();
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('browses the connection as its own user: its database, tables, rows and a viewer page', async () => {
    const s = conn(PASSWORD);
    assert.equal(s.endpoints.postgres, URL, 'labels show the URL, which has no password');
    assert.ok((await s.pg.databases()).includes('analytics'));
    const rels = await s.pg.relations('analytics', 'public');
    assert.deepEqual(rels.map((r) => [r.name, r.rows]), [['events', 3]]);
    assert.deepEqual((await s.pg.columns('analytics', 'public', 'events')).map((c) => `${c.name}${c.primaryKey ? '*' : ''}`), ['id*', 'kind']);
    const who = await s.pg.query('analytics', 'select current_user as u');
    assert.deepEqual(who.rows, [{ u: ROLE }]);
    const page = await (await openDataSource(s, { kind: 'pgTable', connection: 'analytics-db', database: 'analytics', schema: 'public', table: 'events' })).fetch({ page: 0, pageSize: 2 });
    assert.deepEqual(page.rows.map((r) => r.kind), ['signup', 'order']);
    assert.equal(page.total?.count, 3);
    // the role cannot connect to Pagila: the error names the connection and the database, and comes from the server
    await assert.rejects(s.pg.relations('pagila', 'public'), (e: Error) => /connection "analytics-db".*database pagila.*permission denied/s.test(errorMessage(e)));
  });

  it('a wrong or missing password is a clear error that never shows the password', async () => {
    for (const [pw, expect] of [[WRONG, /password authentication failed for user "shoreline_analyst"/], [undefined, /password/]] as const) {
      const err = await conn(pw).pg.databases().then(() => undefined, (e: unknown) => errorMessage(e));
      assert.ok(err, `connecting with ${pw === undefined ? 'no' : 'a wrong'} password failed`);
      assert.match(err, /PostgreSQL connection "analytics-db" \(postgres:\/\/shoreline_analyst@127\.0\.0\.1:\d+\/analytics\)/);
      assert.match(err, expect);
      assert.match(err, /set the password$/, 'the fix is the one the front end gave');
      assert.ok(!err.includes(PASSWORD) && !err.includes(WRONG), err);
    }
  });

  it('passes sslmode to the driver: require against a server without TLS says so', async () => {
    const err = await conn(PASSWORD, `${URL}?sslmode=require`).pg.databases().then(() => 'connected', (e: unknown) => errorMessage(e));
    assert.match(err, /does not support SSL/);
  });

  it('shoreline sql --url runs on that server with PGPASSWORD; a password in the URL or a wrong one is refused without echoing it', async () => {
    const ok = await cli(['sql', '--url', URL, 'select current_user as u, count(*)::int as n from events', '--json'], { PGPASSWORD: PASSWORD });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as { rows: unknown[] }).rows, [{ u: ROLE, n: 3 }]);
    const inUrl = await cli(['sql', '--url', `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PG_PORT}/analytics`, 'select 1']);
    assert.equal(inUrl.code, 1);
    assert.match(inUrl.stderr, /--url: url postgres:\/\/shoreline_analyst:\*\*\*@127\.0\.0\.1:\d+\/analytics holds a password.*PGPASSWORD/s);
    const wrong = await cli(['sql', '--url', URL, 'select 1'], { PGPASSWORD: WRONG });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /password authentication failed.*check --url and the password in PGPASSWORD/s);
    for (const r of [inUrl, wrong]) assert.ok(!(r.stdout + r.stderr).includes(PASSWORD) && !(r.stdout + r.stderr).includes(WRONG), r.stderr);
  });

  it('shoreline mongo find --url reads another MongoDB address than the stack\'s', async () => {
    const m = await new MongoClient(`mongodb://127.0.0.1:${MONGO_PORT}/?directConnection=true`).connect();
    try {
      await m.db('shop').collection('items').insertMany([{ sku: 'A-1', qty: 2 }, { sku: 'B-2', qty: 5 }]);
    } finally { await m.close(); }
    // the stack's own port is moved away: only --url can reach the server
    const r = await cli(['mongo', 'find', 'shop', 'items', '--filter', '{"qty": {"$gt": 3}}', '--json', '--url', `mongodb://localhost:${MONGO_PORT}/?directConnection=true`], { SHORELINE_PORT_MONGO: '1' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { rows: Array<{ sku: string }> }).rows.map((d) => d.sku), ['B-2']);
    const noPassword = await cli(['mongo', 'find', 'shop', 'items', '--url', `mongodb://app@127.0.0.1:${MONGO_PORT}/?directConnection=true`]);
    assert.equal(noPassword.code, 1);
    assert.match(noPassword.stderr, /MongoDB connection "url" \(mongodb:\/\/app@127\.0\.0\.1:\d+\/.*\) names the user "app" but no password is set.*SHORELINE_MONGO_PASSWORD/s);
    const down = await cli(['mongo', 'find', 'shop', 'items', '--url', 'mongodb://127.0.0.1:1/?directConnection=true']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /MongoDB connection "url" \(mongodb:\/\/127\.0\.0\.1:1\/.*\) is not reachable.*SHORELINE_MONGO_PASSWORD/s);
  });

  it('an S3 connection lists and opens objects with an AWS profile\'s credentials; an unknown profile says so', async () => {
    const bucket = `shoreline-conn-${process.pid}`;
    const emulator = await emulatorS3(S3_ENDPOINT);
    await emulator.send(new CreateBucketCommand({ Bucket: bucket }));
    await emulator.send(new PutObjectCommand({ Bucket: bucket, Key: 'orders/country=Peru/part-0.jsonl', Body: '{"id":1,"total":9.5}\n{"id":2,"total":3}\n' }));
    const dir = fs.mkdtempSync(path.join(TMP, 'aws-'));
    fs.writeFileSync(path.join(dir, 'config'), '[profile lake]\nregion = us-east-1\naws_access_key_id = lake-key\naws_secret_access_key = lake-secret\n');
    const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE, keys: process.env.AWS_ACCESS_KEY_ID, profile: process.env.AWS_PROFILE };
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_PROFILE;
    try {
      const lake = connectionDataServices(parseDataConnectionEntry({ name: 'lake', type: 's3', profile: 'lake', endpoint: S3_ENDPOINT }, 0), undefined, stack, FIXES);
      assert.ok((await lake.s3.buckets()).some((b) => b.name === bucket));
      const level = await lake.s3.listLevel(bucket, 'orders/');
      assert.deepEqual(level.folders.map((f) => f.name), ['country=Peru/']);
      const source = await openDataSource(lake, { kind: 's3', connection: 'lake', bucket, key: 'orders/country=Peru/part-0.jsonl' });
      assert.deepEqual((await source.fetch({ page: 0, pageSize: 10 })).rows, [{ id: 1, total: 9.5 }, { id: 2, total: 3 }]);
      const creds = await (await (await lake.s3.client()).config.credentials)();
      assert.equal(creds.accessKeyId, 'lake-key', 'the profile\'s keys sign the requests, not the emulator\'s test keys');
      const nope = connectionDataServices(parseDataConnectionEntry({ name: 'nope', type: 's3', profile: 'nope', endpoint: S3_ENDPOINT }, 0), undefined, stack, FIXES);
      const err = await nope.s3.buckets().then(() => 'listed', (e: unknown) => errorMessage(e));
      assert.match(err, /profile "?nope"?/i);
    } finally {
      for (const [k, v] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.creds], ['AWS_ACCESS_KEY_ID', saved.keys], ['AWS_PROFILE', saved.profile]] as const) {
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
    }
  });

  it('a MongoDB connection that needs a login: the SecretStorage-style password authenticates, a wrong one is named without echoing it', async () => {
    // a second MongoDB-wire server of this test's own with authentication on (FerretDB's setup user in database shop)
    const run = `shoreline-dconn-mauth-${process.pid}`;
    const port = 36917;
    const docker = (...args: string[]) => new Promise<string>((resolve, reject) =>
      execFile('docker', args, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args[0]}: ${stderr || err.message}`)) : resolve(stdout.trim()))));
    await docker('rm', '-f', '-v', run).catch(() => undefined);
    await docker('network', 'rm', run).catch(() => undefined);
    // published ports need a user-defined network on some engines (the default bridge may publish none)
    await docker('network', 'create', '--label', 'dev.shoreline.managed=true', run);
    try {
      await docker('run', '-d', '--name', run, '--network', run, '--label', 'dev.shoreline.managed=true', '-p', `127.0.0.1:${port}:27017`,
        '-e', 'FERRETDB_TEST_ENABLE_NEW_AUTH=true', '-e', 'FERRETDB_SETUP_DATABASE=shop', '-e', 'FERRETDB_SETUP_USERNAME=app', '-e', `FERRETDB_SETUP_PASSWORD=${PASSWORD}`,
        ENV.SHORELINE_IMAGE_MONGO!);
      const deadline = Date.now() + 60_000;
      while ((await docker('inspect', '-f', '{{.State.Health.Status}}', run)) !== 'healthy') {
        if (Date.now() > deadline) throw new Error('the MongoDB-wire server with authentication did not become healthy');
        await new Promise((r) => setTimeout(r, 500));
      }
      const url = `mongodb://app@127.0.0.1:${port}/?directConnection=true&authSource=shop`;
      const shop = (password: string | undefined) => {
        const s = connectionDataServices(parseDataConnectionEntry({ name: 'shop-db', type: 'mongodb', url }, 0), password, stack, FIXES);
        opened.push(s);
        return s;
      };
      const ok = shop(PASSWORD);
      await (await ok.mongo.collection('shop', 'orders')).insertOne({ orderId: 'A-100', total: 42 });
      const found = await ok.mongo.find('shop', 'orders', { orderId: 'A-100' }, 10);
      assert.deepEqual(found.rows.map((d) => [d.orderId, d.total]), [['A-100', 42]]);
      const err = await shop(WRONG).mongo.find('shop', 'orders', {}, 1).then(() => 'found', (e: unknown) => errorMessage(e));
      assert.match(err, /MongoDB connection "shop-db" \(mongodb:\/\/app@127\.0\.0\.1:\d+\/.*\) refused the login of "app": Authentication failed/);
      assert.ok(!err.includes(WRONG) && !err.includes(PASSWORD), err);
      // the CLI: the password from SHORELINE_MONGO_PASSWORD
      const cliOk = await cli(['mongo', 'find', 'shop', 'orders', '--json', '--url', url], { SHORELINE_MONGO_PASSWORD: PASSWORD });
      assert.equal(cliOk.code, 0, cliOk.stderr);
      assert.deepEqual((JSON.parse(cliOk.stdout) as { rows: Array<{ orderId: string }> }).rows.map((d) => d.orderId), ['A-100']);
      const cliBad = await cli(['mongo', 'find', 'shop', 'orders', '--url', url], { SHORELINE_MONGO_PASSWORD: WRONG });
      assert.equal(cliBad.code, 1);
      assert.match(cliBad.stderr, /Authentication failed.*SHORELINE_MONGO_PASSWORD/s);
      assert.ok(!(cliBad.stdout + cliBad.stderr).includes(WRONG));
    } finally {
      await docker('rm', '-f', '-v', run).catch(() => undefined);
      await docker('network', 'rm', run).catch(() => undefined);
    }
  });
});
