import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { loadCliConfig } from '../../cli/cliConfig';
import { REPO_ROOT, runCli, testStackEnv } from '../../test/ciImages';
import { emulatorS3 } from '../aws/s3Snapshot';
import { stackDataServices, type DataServices } from './dataServices';
import { openDataSource, WHOLE_OBJECT_MAX } from './dataSources';

/**
 * S3 objects in the Data viewer against the stack's real AWS emulator (localstack only): JSON Lines and CSV objects
 * over the whole-object limit page by ranged reads (exact rows on page 1 and far into the object, Next and Previous
 * read from their page start, no total); gzipped and single-document JSON objects over the limit are clear errors;
 * Parquet pages cut from decoded pages equal hyparquet's own rows.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = 'shoreline-s3obj';
const ENV = testStackEnv(PROJECT, 37000);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-s3obj-'));
const BUCKET = `shoreline-test-s3obj-${process.pid}`;

const cli = (args: string[]) => runCli(args, { cwd: TMP, env: { ...process.env, ...ENV } });

/** Record i of the big JSON Lines object (every 1000th with a blank line after it, every 7th with a nested field). */
const record = (i: number) => ({ id: i, name: `row ${i}`, ...(i % 7 === 0 ? { tags: { seven: true } } : {}), pad: 'x'.repeat(60 + (i % 40)) });
/** Rows so the object is just over the whole-object limit. */
const JSONL_ROWS = 700_000;

function bigJsonl(): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < JSONL_ROWS; i++) parts.push(`${JSON.stringify(record(i))}\n${i % 1000 === 999 ? '\n' : ''}`);
  return Buffer.from(parts.join(''));
}

const CSV_ROWS = 1_000_000;
/** CSV row i: a quoted field holding a line break and a doubled quote every 100th row. */
const csvNote = (i: number) => (i % 100 === 0 ? `two\nlines "${i}"` : `note ${i} ${'y'.repeat(50)}`);
function bigCsv(): Buffer {
  const parts = ['id,name,note\r\n'];
  for (let i = 0; i < CSV_ROWS; i++) parts.push(`${i},row ${i},"${csvNote(i).replace(/"/g, '""')}"\r\n`);
  return Buffer.from(parts.join(''));
}

describe('S3 objects in the viewer on the real AWS emulator (localstack)', function () {
  this.timeout(300_000);
  let data: DataServices;
  let s3: S3Client;
  const keys: string[] = [];
  const put = async (Key: string, Body: Uint8Array | string) => { keys.push(Key); await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body })); };

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--services', 'localstack']);
    assert.equal(up.code, 0, up.stderr);
    data = stackDataServices(loadCliConfig(TMP, { ...process.env, ...ENV }), '127.0.0.1');
    s3 = await emulatorS3(`http://127.0.0.1:${ENV.SHORELINE_PORT_LOCALSTACK}`);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  after(async () => {
    if (s3) {
      for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key })).catch(() => undefined);
      await s3.send(new DeleteBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
      s3.destroy();
    }
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('pages a JSON Lines object over the limit by ranged reads: exact rows on page 1, far in, Next, Previous and the last page', async () => {
    const body = bigJsonl();
    assert.ok(body.byteLength > WHOLE_OBJECT_MAX, `${body.byteLength} bytes is over the limit`);
    await put('big/events.jsonl', body);
    const src = await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'big/events.jsonl' });

    const p0 = await src.fetch({ page: 0, pageSize: 100 });
    assert.deepEqual(p0.rows, Array.from({ length: 100 }, (_, i) => record(i)));
    assert.deepEqual([p0.hasMore, p0.total, p0.sortable], [true, undefined, false]);
    assert.deepEqual(p0.columns.map((c) => `${c.name}:${c.type}`), ['id:int', 'name:string', 'tags:object', 'pad:string']);
    assert.match(p0.note ?? '', /^JSON Lines, .*paged by ranged reads \(total not counted\); read (\d+(\.\d+)? KiB) in 1 GET\(s\) so far$/, 'page 1 comes from the bytes read on opening');

    // far in: 4,321 pages of 100 rows on, past blank lines that are not rows
    const far = await src.fetch({ page: 4321, pageSize: 100 });
    assert.deepEqual(far.rows, Array.from({ length: 100 }, (_, i) => record(432_100 + i)));
    assert.equal(far.hasMore, true);
    const note = (p: { note?: string }) => { const m = /read (\d+(?:\.\d+)?) (KiB|MiB) in (\d+) GET/.exec(p.note ?? ''); return { bytes: Number(m![1]) * (m![2] === 'MiB' ? 1 << 20 : 1024), gets: Number(m![3]) }; };
    const afterFar = note(far);
    assert.ok(afterFar.bytes < body.byteLength * 0.75, `reading forward to row 432,100 read ${far.note}, not the whole object`);

    const next = await src.fetch({ page: 4322, pageSize: 100 });
    assert.deepEqual([next.rows[0], next.rows.at(-1)], [record(432_200), record(432_299)]);
    assert.ok(note(next).bytes - afterFar.bytes < 512 * 1024, `Next reads from its page start: ${afterFar.bytes} → ${note(next).bytes} bytes`);
    const prev = await src.fetch({ page: 4321, pageSize: 100 });
    assert.deepEqual([prev.rows[0], prev.rows.at(-1)], [record(432_100), record(432_199)]);
    assert.ok(note(prev).gets - note(next).gets <= 1, `Previous reads from its page start: ${next.note} → ${prev.note}`);

    const last = await src.fetch({ page: 6999, pageSize: 100 });
    assert.deepEqual([last.rows.length, last.rows.at(-1), last.hasMore], [100, record(JSONL_ROWS - 1), false]);
    const past = await src.fetch({ page: 7000, pageSize: 100 });
    assert.deepEqual([past.rows, past.hasMore], [[], false]);
    await assert.rejects(src.fetch({ page: 0, pageSize: 100, sort: { column: 'id', descending: true } }), /big\/events\.jsonl is .* read page by page: it cannot be sorted/);
  });

  it('pages a CSV object over the limit, keeping quoted fields with line breaks whole', async () => {
    const body = bigCsv();
    assert.ok(body.byteLength > WHOLE_OBJECT_MAX);
    await put('big/people.csv', body);
    const src = await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'big/people.csv' });
    const row = (i: number) => ({ id: String(i), name: `row ${i}`, note: csvNote(i) });
    const p0 = await src.fetch({ page: 0, pageSize: 250 });
    assert.deepEqual(p0.columns, [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'note', type: 'string' }]);
    assert.deepEqual(p0.rows, Array.from({ length: 250 }, (_, i) => row(i)));
    const later = await src.fetch({ page: 1234, pageSize: 500 });
    assert.deepEqual(later.rows, Array.from({ length: 500 }, (_, i) => row(617_000 + i)));
    assert.deepEqual([later.hasMore, later.total], [true, undefined]);
  });

  it('keeps a clear error for a gzipped object and a single JSON document over the limit', async () => {
    const gz = Buffer.alloc(WHOLE_OBJECT_MAX + 1024);
    gz[0] = 0x1f; gz[1] = 0x8b;
    await put('big/events.jsonl.gz', gz);
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'big/events.jsonl.gz' }),
      (e: Error) => /^s3:\/\/shoreline-test-s3obj-\d+\/big\/events\.jsonl\.gz is 64\.0 MiB: a gzipped object is read whole, up to 64\.0 MiB$/.test(e.message) && /shoreline s3 cat/.test((e as { fix?: string }).fix ?? ''));
    const doc = Buffer.concat([Buffer.from('{\n  "items": [\n'), Buffer.alloc(WHOLE_OBJECT_MAX, 0x20), Buffer.from('\n  ]\n}\n')]);
    await put('big/document.json', doc);
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'big/document.json' }), /big\/document\.json is 64\.0 MiB: a single JSON document is read whole, up to 64\.0 MiB/);
  });

  it('reads small objects whole from the GET that opens them; missing, empty and corrupt objects are clear errors', async () => {
    await put('small/people.csv.gz', gzipSync('id,name\r\n1,"Doe, John"\r\n2,Ann\r\n'));
    await put('small/events.jsonl', '{"a":1}\n{"a":2,"b":"x"}\n{"a":3}\n');
    await put('small/empty.jsonl', new Uint8Array(0));
    await put('small/corrupt.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 1)]));
    await put('small/not.parquet', 'hello');
    const csv = await (await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/people.csv.gz' })).fetch({ page: 0, pageSize: 100, sort: { column: 'name', descending: false } });
    assert.deepEqual([csv.columns.map((c) => c.name), csv.rows], [['id', 'name'], [{ id: '2', name: 'Ann' }, { id: '1', name: 'Doe, John' }]]);
    const jl = await (await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/events.jsonl' })).fetch({ page: 1, pageSize: 2 });
    assert.deepEqual([jl.rows, jl.total?.count, jl.columns.map((c) => `${c.name}:${c.type}`)], [[{ a: 3 }], 3, ['a:int', 'b:string']]);
    const empty = await (await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/empty.jsonl' })).fetch({ page: 0, pageSize: 100 });
    assert.deepEqual([empty.rows, empty.hasMore, empty.total?.count], [[], false, 0]);

    await assert.rejects(openDataSource(data, { kind: 's3', bucket: `no-such-bucket-${process.pid}`, key: 'x.parquet' }), (e: Error) => /^Bucket "no-such-bucket-\d+" does not exist at http:\/\/127\.0\.0\.1:37066$/.test(e.message));
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/none.jsonl' }), (e: Error) => e.message === `No object s3://${BUCKET}/small/none.jsonl` && /shoreline s3 ls/.test((e as { fix?: string }).fix ?? ''));
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/corrupt.parquet' }), /small\/corrupt\.parquet is not a readable Parquet file/);
    await assert.rejects(openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'small/not.parquet' }), /small\/not\.parquet is not a readable Parquet file \(it does not start with the PAR1 magic bytes\)/);
  });

  it('reads a Parquet object from its tail in one GET; pages cut from decoded pages equal hyparquet\'s own rows', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const { parquetReadObjects } = await import('hyparquet');
    const n = 120_000;
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const labels = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `label ${i} ${'z'.repeat(i % 30)}`));
    const amounts = Float64Array.from({ length: n }, (_, i) => i / 8);
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'id', data: ids, type: 'INT32' }, { name: 'label', data: labels, type: 'STRING' }, { name: 'amount', data: amounts, type: 'DOUBLE' }], rowGroupSize: 50_000 });
    await put('pq/rows.parquet', new Uint8Array(bytes));
    const expected = await parquetReadObjects({ file: bytes });
    const src = await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'pq/rows.parquet' });
    for (const [page, size] of [[0, 100], [1, 100], [499, 100], [500, 100], [249, 200], [1199, 100]] as const) {
      const p = await src.fetch({ page, pageSize: size });
      assert.deepEqual(p.rows, expected.slice(page * size, page * size + size), `page ${page} of ${size}`);
      assert.equal(p.hasMore, (page + 1) * size < n);
    }
    const again = await openDataSource(data, { kind: 's3', bucket: BUCKET, key: 'pq/rows.parquet' });
    const first = await again.fetch({ page: 0, pageSize: 100 });
    assert.match(first.note ?? '', / in [1-3] GET\(s\) so far$/, `opening (tail) and page 1 (its column chunks, coalesced): ${first.note}`);
  });
});
