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
import { REPO_ROOT, runCli, testStackEnv, type CliRun } from '../../test/ciImages';
import { emulatorS3 } from '../aws/s3Snapshot';
import { stackDataServices, type DataServices } from './dataServices';
import { loadCliConfig } from '../../cli/cliConfig';
import { openDataSource } from './dataSources';

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

type Run = CliRun;
const cli = (args: string[]) => runCli(args, { cwd: TMP, env: { ...process.env, ...ENV } });
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

  it('viewer: a WHERE filter on a table gives the rows psql gives, counts them exactly, sorts and pages; runs read-only; errors name the position', async () => {
    const table = { kind: 'pgTable', database: 'pagila', schema: 'public', table: 'address' } as const;
    const sql = "select address_id, district from public.address where district = 'Alberta' order by address_id";
    const out = await new Promise<string>((resolve, reject) => execFile('psql', ['-At', '-h', '127.0.0.1', '-p', String(port('postgres')), '-U', 'postgres', '-d', 'pagila', '-c', sql],
      { env: { ...process.env, PGPASSWORD: ENV.SHORELINE_POSTGRES_PASSWORD } }, (e, stdout, stderr) => (e ? reject(new Error(`psql: ${stderr}`)) : resolve(stdout))));
    const want = out.trim().split('\n').map((l) => { const [id, district] = l.split('|'); return [Number(id), district]; });
    assert.ok(want.length >= 2, `psql found ${want.length} Alberta addresses`);
    const alberta = await openDataSource(data, { ...table, where: "district = 'Alberta';" });
    const p = await alberta.fetch({ page: 0, pageSize: 100 });
    assert.deepEqual(p.rows.map((r) => [r.address_id, r.district]), want);
    assert.deepEqual([p.total, p.hasMore, p.orderedBy], [{ count: want.length, exact: true, how: 'count(*) with the WHERE filter' }, false, 'primary key (address_id)']);
    const second = await alberta.fetch({ page: 1, pageSize: 1, sort: { column: 'address_id', descending: true } });
    assert.deepEqual([second.rows.map((r) => r.address_id), second.hasMore], [[want.at(-2)![0]], want.length > 2]);
    // a trailing comment cannot swallow the closing parenthesis the viewer adds
    const commented = await (await openDataSource(data, { ...table, where: "district = 'Alberta' -- the stores" })).fetch({ page: 0, pageSize: 100 });
    assert.equal(commented.rows.length, want.length);
    const all = await (await openDataSource(data, { ...table, where: '  ' })).fetch({ page: 0, pageSize: 10 });
    assert.deepEqual([all.total?.count, all.rows.length], [603, 10], 'an empty WHERE is no filter');

    const err = (where: string) => openDataSource(data, { ...table, where }).then((s) => s.fetch({ page: 0, pageSize: 100 })).then(() => undefined, (e: unknown) => e as { message: string; details?: string; fix?: string });
    const typo = await err("distrct = 'Alberta'");
    assert.match(typo?.message ?? '', /^The WHERE filter on public\.address failed at column 1: column "distrct" does not exist \(SQLSTATE 42703\)$/);
    const syntax = await err("district = 'Alberta' and and city_id = 1");
    assert.match(syntax?.message ?? '', /^The WHERE filter on public\.address failed at column 26: syntax error at or near "and" \(SQLSTATE 42601\)$/);
    assert.equal(syntax?.details, "line 1, column 26\ndistrict = 'Alberta' and and city_id = 1\n                         ^");
    const multi = await err('1=1; drop table public.address');
    assert.match(multi?.message ?? '', /^The WHERE filter "1=1; drop table public\.address" has a ";" at column 4 followed by "drop table public\.address": a filter is one boolean expression/);
    assert.deepEqual((await pg((c) => c.query('SELECT count(*)::int AS n FROM public.address'))).rows, [{ n: 603 }], 'the table is still there');

    const seq = () => pg((c) => c.query<{ v: string }>('SELECT last_value::text AS v FROM public.address_address_id_seq')).then((r) => r.rows[0]!.v);
    const before = await seq();
    const write = await err("nextval('public.address_address_id_seq') > 0");
    assert.match(write?.message ?? '', /failed: cannot execute nextval\(\) in a read-only transaction \(SQLSTATE 25006\)$/);
    assert.match(write?.fix ?? '', /runs read-only/);
    assert.equal(await seq(), before, 'the sequence did not move');
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

  it('viewer: a table pages by primary key with LIMIT/OFFSET, exact total when small, planner estimate when big; sorts on the server', async () => {
    await pg(async (c) => {
      await c.query('CREATE TABLE public.viewer_small (id int PRIMARY KEY, name text); INSERT INTO public.viewer_small SELECT g, $$n$$ || g FROM generate_series(1, 250) g');
      await c.query('CREATE TABLE public.viewer_big (id int PRIMARY KEY, name text, amount numeric); INSERT INTO public.viewer_big SELECT g, md5(g::text), g / 7.0 FROM generate_series(1, 60000) g; ANALYZE public.viewer_big');
    });
    const small = await openDataSource(data, { kind: 'pgTable', database: 'pagila', schema: 'public', table: 'viewer_small' });
    const p2 = await small.fetch({ page: 1, pageSize: 100 });
    assert.deepEqual(p2.columns, [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'name', type: 'text' }]);
    assert.deepEqual(p2.rows.map((r) => r.id), Array.from({ length: 100 }, (_, i) => 101 + i));
    assert.deepEqual([p2.total, p2.hasMore, p2.orderedBy], [{ count: 250, exact: true, how: 'count(*)' }, true, 'primary key (id)']);
    const p3 = await small.fetch({ page: 2, pageSize: 100 });
    assert.deepEqual([p3.rows.length, p3.hasMore], [50, false]);
    const byName = await small.fetch({ page: 0, pageSize: 3, sort: { column: 'name', descending: true } });
    assert.deepEqual(byName.rows.map((r) => r.name), ['n99', 'n98', 'n97']);
    await assert.rejects(small.fetch({ page: 0, pageSize: 3, sort: { column: 'nope; drop table x', descending: false } }), /Cannot sort public\.viewer_small by "nope; drop table x": no such column/);

    const big = await (await openDataSource(data, { kind: 'pgTable', database: 'pagila', schema: 'public', table: 'viewer_big' })).fetch({ page: 0, pageSize: 100 });
    assert.equal(big.total?.exact, false);
    assert.equal(big.total?.how, 'planner estimate (pg_class.reltuples)');
    assert.ok(Math.abs(big.total!.count - 60000) < 600, `estimate ${big.total?.count}`);
    assert.deepEqual([big.rows[0]!.id, big.rows[99]!.id, big.rows[0]!.amount], [1, 100, '0.14285714285714285714']);
    const gone = await openDataSource(data, { kind: 'pgTable', database: 'pagila', schema: 'public', table: 'no_such_table' });
    await assert.rejects(gone.fetch({ page: 0, pageSize: 100 }), /Database pagila has no table or view public\.no_such_table/);
  });

  it('viewer: a SELECT is paged on the server with its count; a syntax error names line and column; other statements run once', async () => {
    const q = await openDataSource(data, { kind: 'sql', database: 'pagila', sql: 'select id, name\nfrom public.viewer_small where id <= 230;\n' });
    const p = await q.fetch({ page: 2, pageSize: 100 });
    assert.deepEqual(p.columns, [{ name: 'id', type: 'integer' }, { name: 'name', type: 'text' }]);
    assert.deepEqual([p.rows.length, p.rows[0]!.id, p.total, p.hasMore], [30, 201, { count: 230, exact: true, how: 'count(*) of the statement' }, false]);
    const sorted = await q.fetch({ page: 0, pageSize: 2, sort: { column: 'id', descending: true } });
    assert.deepEqual(sorted.rows.map((r) => r.id), [230, 229]);

    const bad = await openDataSource(data, { kind: 'sql', database: 'pagila', sql: 'select id\nfrom viewer_smal' });
    const err = await bad.fetch({ page: 0, pageSize: 100 }).then(() => undefined, (e: unknown) => e as { message: string; details?: string });
    assert.match(err?.message ?? '', /^SQL error at line 2, column 6 in database pagila: relation "viewer_smal" does not exist \(SQLSTATE 42P01\)$/);
    assert.equal(err?.details, 'line 2, column 6\nfrom viewer_smal\n     ^');
    const syntax = await openDataSource(data, { kind: 'sql', database: 'pagila', sql: 'select * frm viewer_small' });
    await assert.rejects(syntax.fetch({ page: 0, pageSize: 100 }), /SQL error at line 1, column 10 .*syntax error at or near "frm"/);

    const dml = await openDataSource(data, { kind: 'sql', database: 'pagila', sql: 'insert into public.viewer_small values (1001, $$x$$), (1002, $$y$$) returning id' });
    const ins = await dml.fetch({ page: 0, pageSize: 100 });
    assert.deepEqual([ins.rows, ins.note], [[{ id: 1001 }, { id: 1002 }], 'run once (not a single SELECT)']);
    await dml.fetch({ page: 0, pageSize: 1 });
    assert.equal((await data.pg.query('pagila', 'select count(*) AS n from public.viewer_small where id > 1000')).rows[0]!.n, 2, 'paging a DML result does not run it again');
  });

  it('viewer: a MongoDB collection pages and sorts on the server with a JSON filter; a filter that is not JSON is a clear error', async () => {
    const c = await new MongoClient(`mongodb://127.0.0.1:${port('mongo')}/?directConnection=true`).connect();
    try {
      await c.db('viewer').collection('items').insertMany(Array.from({ length: 130 }, (_, i) => ({ n: i, kind: i % 2 ? 'odd' : 'even', at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)) })));
    } finally { await c.close(); }
    const even = await openDataSource(data, { kind: 'mongo', database: 'viewer', collection: 'items', filter: '{"kind": "even"}' });
    const p = await even.fetch({ page: 0, pageSize: 50, sort: { column: 'n', descending: true } });
    assert.deepEqual([p.rows.length, p.rows[0]!.n, p.rows[49]!.n, p.total, p.hasMore], [50, 128, 30, { count: 65, exact: true, how: 'countDocuments(filter)' }, true]);
    assert.deepEqual(p.columns.map((x) => `${x.name}:${x.type}`), ['_id:objectId', 'n:int', 'kind:string', 'at:date']);
    const last = await even.fetch({ page: 1, pageSize: 50, sort: { column: 'n', descending: true } });
    assert.deepEqual([last.rows.length, last.hasMore], [15, false]);
    await assert.rejects(openDataSource(data, { kind: 'mongo', database: 'viewer', collection: 'items', filter: '{kind: even' }), /The filter is not JSON/);
    await assert.rejects(openDataSource(data, { kind: 'mongo', database: 'viewer', collection: 'items', filter: '[1]' }), /The filter must be a JSON object/);
  });

  it('viewer: a Parquet object is read by row group over ranged GETs; CSV and JSON Lines page whole; missing and corrupt objects are clear errors', async () => {
    const s3 = await emulatorS3(`http://127.0.0.1:${port('localstack')}`);
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const n = 200_000;
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const text = Array.from({ length: n }, (_, i) => `row-${i}-${(i * 2654435761 % 4294967296).toString(36)}`);
    const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: ids, type: 'INT32' }, { name: 'label', data: text, type: 'STRING' }], rowGroupSize: 20_000 }));
    const put = (Key: string, Body: Uint8Array | string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    await put('viewer/big.parquet', parquet);
    await put('viewer/corrupt.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 1)]));
    await put('viewer/not.parquet', 'hello');
    await put('viewer/people.csv.gz', gzipSync('id,name\r\n1,"Doe, John"\r\n2,Ann\r\n'));
    await put('viewer/events.jsonl', '{"a":1}\n{"a":2,"b":"x"}\n{"a":3}\n');
    s3.destroy();

    const pq = await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/big.parquet' });
    const p = await pq.fetch({ page: 1234, pageSize: 100 });
    assert.deepEqual(p.columns.map((c) => c.name), ['id', 'label']);
    assert.equal(p.columns[0]!.type, 'INT32');
    assert.match(p.columns[1]!.type, /^BYTE_ARRAY/);
    assert.deepEqual([p.rows[0], p.rows.length, p.total, p.hasMore], [{ id: 123400, label: text[123400] }, 100, { count: n, exact: true, how: 'Parquet footer (num_rows)' }, true]);
    const fetched = Number(/read ([\d.]+) KiB/.exec(p.note ?? '')?.[1] ?? NaN) * 1024 || Number(/read ([\d.]+) MiB/.exec(p.note ?? '')?.[1] ?? NaN) * 1024 * 1024;
    assert.ok(fetched < parquet.byteLength / 3, `read ${p.note} of a ${parquet.byteLength}-byte object for one page`);
    await assert.rejects(pq.fetch({ page: 0, pageSize: 100, sort: { column: 'id', descending: false } }), /cannot be sorted/);

    const csv = await (await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/people.csv.gz' })).fetch({ page: 0, pageSize: 100, sort: { column: 'name', descending: false } });
    assert.deepEqual([csv.columns.map((c) => c.name), csv.rows], [['id', 'name'], [{ id: '2', name: 'Ann' }, { id: '1', name: 'Doe, John' }]]);
    const jl = await (await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/events.jsonl' })).fetch({ page: 1, pageSize: 2 });
    assert.deepEqual([jl.rows, jl.total?.count, jl.columns.map((c) => `${c.name}:${c.type}`)], [[{ a: 3 }], 3, ['a:int', 'b:string']]);

    await assert.rejects(openDataSource(data, { kind: 's3', bucket: `no-such-bucket-${process.pid}`, key: 'x.parquet' }), /Bucket "no-such-bucket-\d+" does not exist/);
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/none.parquet' }), new RegExp(`No object s3://${BUCKET}/viewer/none\\.parquet`));
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/corrupt.parquet' }), /viewer\/corrupt\.parquet is not a readable Parquet file/);
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'viewer/not.parquet' }), /does not start with the PAR1 magic bytes/);
  });
});
