import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ParquetSource, rowsFromColumns } from './parquetSource';
import { coalescingCache, OPEN_BYTES, sizeFromContentRange, type RangeReader } from './s3RangeReader';

/** An object in memory read like S3: the tail read on opening, then ranged reads, counted. */
function memoryReader(bytes: Uint8Array, tail = OPEN_BYTES): RangeReader & { reads: Array<[number, number]> } {
  const size = bytes.byteLength;
  const start = Math.max(0, size - tail);
  let fetched = size - start;
  let requests = 1;
  const reads: Array<[number, number]> = [];
  const opened = { start, bytes: bytes.slice(start) };
  return {
    bucket: 'b', key: 'k.parquet', byteLength: size, opened, reads,
    get fetched() { return fetched; },
    get requests() { return requests; },
    slice(s: number, e = size) {
      if (s >= opened.start) return Promise.resolve(opened.bytes.slice(s - opened.start, e - opened.start).buffer);
      reads.push([s, e]); requests++; fetched += e - s;
      return Promise.resolve(bytes.slice(s, e).buffer);
    },
    all: () => Promise.resolve(bytes),
  };
}

const N = 30_000;
const columnData = [
  { name: 'id', data: Int32Array.from({ length: N }, (_, i) => i), type: 'INT32' as const },
  { name: 'label', data: Array.from({ length: N }, (_, i) => (i % 13 === 0 ? null : `label ${i}`)), type: 'STRING' as const },
  { name: 'amount', data: Float64Array.from({ length: N }, (_, i) => i / 4), type: 'DOUBLE' as const },
];
const spec = { kind: 's3' as const, bucket: 'b', key: 'k.parquet' };

describe('Parquet source over ranged reads (in memory)', () => {
  it('pages equal hyparquet\'s own rows, across row groups; a next page inside the decoded pages reads nothing', async () => {
    const file = parquetWriteBuffer({ columnData, rowGroupSize: 10_000 });
    const expected = await parquetReadObjects({ file });
    const reader = memoryReader(new Uint8Array(file), 4096);
    const src = await ParquetSource.open(spec, reader);
    const p0 = await src.fetch({ page: 0, pageSize: 100 });
    assert.deepEqual(p0.rows, expected.slice(0, 100));
    assert.deepEqual([p0.total, p0.hasMore], [{ count: N, exact: true, how: 'Parquet footer (num_rows)' }, true]);
    const reads = reader.reads.length;
    const p1 = await src.fetch({ page: 1, pageSize: 100 });
    assert.deepEqual(p1.rows, expected.slice(100, 200));
    assert.equal(reader.reads.length, reads, 'page 2 was cut from the decoded pages of page 1');
    assert.match(p1.note ?? '', /page cut from the pages decoded before/);
    for (const [page, size] of [[99, 100], [100, 100], [49, 250], [299, 100]] as const) {
      const p = await src.fetch({ page, pageSize: size });
      assert.deepEqual(p.rows, expected.slice(page * size, page * size + size), `page ${page} of ${size}`);
      assert.equal(p.hasMore, (page + 1) * size < N);
    }
    await assert.rejects(src.fetch({ page: 0, pageSize: 10, sort: { column: 'id', descending: false } }), /cannot be sorted/);
  });

  it('reads gzip pages (hyparquet itself reads only snappy), and the footer from the tail read on opening', async () => {
    const file = parquetWriteBuffer({ columnData, rowGroupSize: 10_000, codec: 'GZIP', compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) } });
    const reader = memoryReader(new Uint8Array(file));
    const src = await ParquetSource.open(spec, reader);
    assert.equal(reader.reads.length, 0, 'a footer inside the tail needs no other read');
    const p = await src.fetch({ page: 12, pageSize: 1000 });
    assert.deepEqual(p.rows.map((r) => r.id), Array.from({ length: 1000 }, (_, i) => 12_000 + i));
    assert.deepEqual([p.rows[0], p.rows[999]], [{ id: 12_000, label: 'label 12000', amount: 3000 }, { id: 12_999, label: 'label 12999', amount: 12_999 / 4 }]);
    assert.equal(p.rows.find((r) => r.id === 12_012)?.label, null, 'every 13th label is null');
  });

  it('is a clear error for bytes that are not Parquet', async () => {
    const junk = new Uint8Array(5000).fill(7);
    junk.set([0x50, 0x41, 0x52, 0x31], 0);
    junk.set([0x50, 0x41, 0x52, 0x31], 4996);
    await assert.rejects(ParquetSource.open(spec, memoryReader(junk)), /s3:\/\/b\/k\.parquet is not a readable Parquet file/);
  });
});

describe('ranged read helpers', () => {
  it('reads the object size from Content-Range', () => {
    assert.equal(sizeFromContentRange('bytes 103108799-103633086/103633087'), 103_633_087);
    assert.equal(sizeFromContentRange(undefined), undefined);
    assert.equal(sizeFromContentRange('bytes */*'), undefined);
  });

  it('merges slices asked for in one turn into one read, and answers covered slices from it', async () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);
    const reads: Array<[number, number]> = [];
    const buf = coalescingCache({ byteLength: bytes.length, slice: (s, e = bytes.length) => { reads.push([s, e]); return Promise.resolve(bytes.slice(s, e).buffer); } }, 1 << 20, 100);
    const [a, b, c] = await Promise.all([buf.slice(0, 1000), buf.slice(1050, 2000), buf.slice(5000, 6000)]);
    assert.deepEqual(reads, [[0, 2000], [5000, 6000]]);
    assert.deepEqual([new Uint8Array(a)[999], new Uint8Array(b)[0], new Uint8Array(c).length], [999 % 251, 1050 % 251, 1000]);
    const d = await buf.slice(1500, 1600);
    assert.deepEqual([reads.length, new Uint8Array(d)[0]], [2, 1500 % 251]);
  });

  it('cuts rows from decoded column runs, or says they are not all there', () => {
    const decoded = new Map([
      ['id', [{ rowStart: 0, rowEnd: 3, data: Int32Array.from([0, 1, 2]) }, { rowStart: 3, rowEnd: 5, data: Int32Array.from([3, 4]) }]],
      ['name', [{ rowStart: 1, rowEnd: 5, data: ['b', 'c', 'd', 'e'] }]],
    ]);
    assert.deepEqual(rowsFromColumns(['id', 'name'], decoded, 2, 5), [{ id: 2, name: 'c' }, { id: 3, name: 'd' }, { id: 4, name: 'e' }]);
    assert.equal(rowsFromColumns(['id', 'name'], decoded, 0, 2), undefined);
    assert.equal(rowsFromColumns(['id', 'other'], decoded, 2, 3), undefined);
  });
});
