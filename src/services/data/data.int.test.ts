import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { slotWarning } from '../../domain/data/dataModel';
import type { QueryResult } from '../../domain/data/queryResult';
import { appendLevel } from '../../domain/data/s3Listing';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';
import { emulatorS3 } from '../aws/s3Snapshot';
import { stackDataServices, type DataServices } from './dataServices';
import { loadCliConfig } from '../../cli/cliConfig';

/**
 * The Data explorers against the stand-in PostgreSQL (Pagila), MongoDB-wire server and AWS emulator: the catalog the
 * Data view shows, and `shoreline sql | mongo find | s3 ls | s3 cat`.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-data-${process.pid}`;
const ENV = testStackEnv(PROJECT, 27000);
const port = (s: string) => Number(ENV[`SHORELINE_PORT_${s.toUpperCase()}`]);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-data-'));
const BUCKET = `shoreline-test-data-${process.pid}`;
const SLOT = `shoreline_test_slot_${process.pid}`;

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: TMP, env: { ...process.env, ...ENV }, timeout: 280_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
function json<T>(r: Run): T {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as T;
}
async function pg<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

describe('Data explorers on the real stack (postgres, mongo, localstack)', function () {
  this.timeout(300_000);
  let data: DataServices;

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--services', 'postgres,mongo,localstack']);
    assert.equal(up.code, 0, up.stderr);
    data = stackDataServices(loadCliConfig(TMP, { ...process.env, ...ENV }), '127.0.0.1');
  });
  after(async () => {
    await data?.mongo.close();
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('lists Pagila\'s 15 public tables and the columns of address', async () => {
    assert.ok((await data.pg.databases()).includes('pagila'));
    const rels = await data.pg.relations('pagila', 'public');
    const tables = rels.filter((r) => r.kind === 'table' || r.kind === 'partitioned table').map((r) => r.name);
    assert.deepEqual(tables, ['actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'inventory', 'language', 'payment', 'rental', 'staff', 'store']);
    assert.ok(rels.some((r) => r.kind === 'view' && r.name === 'customer_list'), 'views are listed too');
    assert.deepEqual(rels.find((r) => r.name === 'address'), { schema: 'public', name: 'address', kind: 'table', rows: 603, exact: true });
    const cols = await data.pg.columns('pagila', 'public', 'address');
    assert.deepEqual(cols.map((c) => c.name), ['address_id', 'address', 'address2', 'district', 'city_id', 'postal_code', 'phone', 'last_update']);
    assert.deepEqual(cols.filter((c) => c.primaryKey).map((c) => c.name), ['address_id']);
    assert.equal(cols.find((c) => c.name === 'city_id')?.references, 'public.city(city_id)');
    assert.deepEqual(cols.filter((c) => c.nullable).map((c) => c.name), ['address2', 'postal_code']);
    assert.ok((await data.pg.indexes('pagila', 'public', 'address')).some((i) => i.primary && i.name === 'address_pkey'));
    assert.ok((await data.pg.triggers('pagila', 'public', 'address')).some((t) => /BEFORE UPDATE ON public\.address/.test(t.definition)));
  });

  it('shoreline sql counts 603 addresses; a syntax error names line and column', async () => {
    const r = json<QueryResult>(await cli(['sql', 'select count(*) from address', '--json']));
    assert.deepEqual([r.columns, r.rows, r.truncated], [['count'], [{ count: 603 }], false]);
    const cut = json<QueryResult>(await cli(['sql', 'select address_id from address order by 1', '--limit', '5', '--json']));
    assert.deepEqual([cut.rows.length, cut.rowCount, cut.truncated, cut.rows[4]], [5, 603, true, { address_id: 5 }]);
    const bad = await cli(['sql', 'select count(*)\n  fromm address']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /SQL error at line 2, column 9 in database pagila: syntax error at or near "address" \(SQLSTATE 42601\)/);
    assert.ok(bad.stderr.includes('  |   fromm address\n  |         ^'), 'a caret under "address"');
  });

  it('after moving address into schema customers the explorer lists it there', async () => {
    await pg((c) => c.query('CREATE SCHEMA customers; ALTER TABLE public.address SET SCHEMA customers'));
    assert.ok((await data.pg.schemas('pagila')).includes('customers'));
    assert.deepEqual((await data.pg.relations('pagila', 'customers')).map((r) => `${r.name}:${r.rows}`), ['address:603']);
    assert.ok(!(await data.pg.relations('pagila', 'public')).some((r) => r.name === 'address'));
    assert.equal((await data.pg.columns('pagila', 'customers', 'address')).length, 8);
    const preview = await data.pg.preview('pagila', 'customers', 'address', 3);
    assert.deepEqual(preview.rows.map((r) => r.address_id).sort(), [1, 2, 3]);
  });

  it('shows a logical replication slot with its lag, warns while it is inactive and holds WAL, and forgets it when dropped', async () => {
    await pg((c) => c.query('SELECT pg_create_logical_replication_slot($1, $2)', [SLOT, 'pgoutput']));
    try {
      await pg((c) => c.query("UPDATE customers.address SET phone = phone || '' WHERE address_id < 50"));
      const slot = (await data.pg.replicationSlots()).find((s) => s.name === SLOT);
      assert.ok(slot, 'the slot is listed');
      assert.deepEqual([slot.plugin, slot.type, slot.database, slot.active], ['pgoutput', 'logical', 'pagila', false]);
      assert.ok(slot.lagBytes !== null && slot.lagBytes > 0, `lag after an update: ${slot.lagBytes}`);
      assert.ok(slot.retainedBytes !== null && slot.retainedBytes >= slot.lagBytes);
      assert.match(slotWarning(slot) ?? '', new RegExp(`inactive slot ${SLOT} holds \\d+ bytes of WAL`));
    } finally {
      await pg((c) => c.query('SELECT pg_drop_replication_slot($1)', [SLOT]));
    }
    assert.ok(!(await data.pg.replicationSlots()).some((s) => s.name === SLOT));
  });

  it('mongo: an inserted document comes back from shoreline mongo find with a filter; a bad filter is a clear error', async () => {
    const c = await new MongoClient(`mongodb://127.0.0.1:${port('mongo')}/?directConnection=true`).connect();
    try {
      await c.db('orders').collection('customer.orders').insertMany([
        { orderId: 'o-1', name: { firstName: 'John', lastName: 'Doe' }, total: 42.5 },
        { orderId: 'o-2', name: { firstName: 'Ann', lastName: 'Roe' }, total: 7 },
      ]);
    } finally { await c.close(); }
    const r = json<QueryResult>(await cli(['mongo', 'find', 'orders', 'customer.orders', '--filter', '{"name.lastName":"Doe"}', '--json']));
    assert.deepEqual(r.rows.map((d) => [d.orderId, d.total]), [['o-1', 42.5]]);
    assert.match(JSON.stringify(r.rows[0]!._id), /^\{"\$oid":"[0-9a-f]{24}"\}$/);
    const cols = await data.mongo.collections('orders');
    assert.deepEqual(cols.map((x) => [x.name, x.count]), [['customer.orders', 2]]);
    assert.ok(cols[0]!.size !== undefined || /size unknown/.test(cols[0]!.note ?? ''), 'a size, or a note why not');
    assert.ok((await data.mongo.indexes('orders', 'customer.orders')).some((i) => i.name === '_id_'));
    const bad = await cli(['mongo', 'find', 'orders', 'customer.orders', '--filter', '{name:']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The filter is not JSON/);
  });

  it('s3: nested keys list as prefixes then objects, paged; cat decodes JSON Lines gz and Parquet', async () => {
    const s3 = await emulatorS3(`http://127.0.0.1:${port('localstack')}`);
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [
      { name: 'address_id', data: [1, 2], type: 'INT32' }, { name: 'country', data: ['Peru', 'Peru'], type: 'STRING' }] }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const put = (Key: string, Body: Uint8Array | string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    await put('orders/country=France/part-0.jsonl.gz', gzipSync('{"id":1,"country":"France"}\n{"id":2,"country":"France"}\n'));
    await put('orders/country=Peru/part-0.parquet', parquet);
    await put('orders/country=Spain/part-0.json', '[{"id":3}]');
    await put('orders/_manifest.json', '{"files":3}');
    s3.destroy();

    type Level = { folders: Array<{ name: string }>; files: Array<{ name: string; size: number; modified?: string }> };
    const top = json<Level>(await cli(['s3', 'ls', BUCKET, '--json']));
    assert.deepEqual([top.folders.map((f) => f.name), top.files], [['orders/'], []]);
    const orders = json<Level>(await cli(['s3', 'ls', `${BUCKET}/orders/`, '--json']));
    assert.deepEqual(orders.folders.map((f) => f.name), ['country=France/', 'country=Peru/', 'country=Spain/']);
    assert.deepEqual(orders.files.map((f) => [f.name, f.size]), [['_manifest.json', 11]]);
    assert.ok(orders.files[0]!.modified);

    // one key per page: the continuation tokens walk the same level
    let level = await data.s3.listLevel(BUCKET, 'orders/', undefined, 1);
    let pages = 1;
    while (level.next) { level = appendLevel(level, await data.s3.listLevel(BUCKET, 'orders/', level.next, 1)); pages++; }
    assert.equal(pages, 4);
    assert.deepEqual([...level.folders.map((f) => f.name), ...level.files.map((f) => f.name)], ['country=France/', 'country=Peru/', 'country=Spain/', '_manifest.json']);

    const gz = await cli(['s3', 'cat', `${BUCKET}/orders/country=France/part-0.jsonl.gz`]);
    assert.equal(gz.code, 0, gz.stderr);
    assert.deepEqual(gz.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown), [{ id: 1, country: 'France' }, { id: 2, country: 'France' }]);
    const pq = await cli(['s3', 'cat', `s3://${BUCKET}/orders/country=Peru/part-0.parquet`, '--json']);
    assert.equal(pq.code, 0, pq.stderr);
    assert.deepEqual(pq.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown), [{ address_id: 1, country: 'Peru' }, { address_id: 2, country: 'Peru' }]);

    const missing = await cli(['s3', 'ls', `no-such-bucket-${process.pid}/`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Bucket "no-such-bucket-\d+" does not exist/);
  });
});
