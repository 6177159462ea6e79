import * as assert from 'node:assert/strict';
import { coalesceRanges } from './byteRanges';
import { CHECKPOINT_ROWS, firstRecordByte, isBlank, readRecordPage, recordEnd, RecordIndex } from './linePaging';

const enc = (s: string) => new TextEncoder().encode(s);

/** An in-memory object read in ranges, counting the reads and the bytes they returned. */
function memoryObject(text: string) {
  const bytes = enc(text);
  const reads: Array<[number, number]> = [];
  return {
    size: bytes.length,
    reads,
    read: (start: number, end: number) => { reads.push([start, end]); return Promise.resolve(bytes.slice(start, end)); },
  };
}

const jsonl = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `{"id":${from + i},"name":"row ${from + i}"}\n`).join('');
const texts = (r: { records: Array<{ text: string }> }) => r.records.map((x) => x.text);

describe('byte ranges', () => {
  it('merges touching and close ranges, keeps far ones apart, drops empty ones', () => {
    assert.deepEqual(coalesceRanges([{ start: 800, end: 900 }, { start: 4, end: 800 }, { start: 5000, end: 6000 }, { start: 950, end: 1000 }, { start: 7, end: 7 }], 64),
      [{ start: 4, end: 1000 }, { start: 5000, end: 6000 }]);
    assert.deepEqual(coalesceRanges([{ start: 0, end: 10 }, { start: 2, end: 5 }], 0), [{ start: 0, end: 10 }]);
    assert.deepEqual(coalesceRanges([{ start: 0, end: 10 }, { start: 11, end: 20 }], 0), [{ start: 0, end: 10 }, { start: 11, end: 20 }]);
  });
});

describe('line paging helpers', () => {
  it('finds record ends: every line feed in JSON Lines, only unquoted ones in CSV', () => {
    const b = enc('a,"x\ny",b\nc\n');
    assert.equal(recordEnd(b, 0, false), 4);
    assert.equal(recordEnd(b, 0, true), 9);
    assert.equal(recordEnd(enc('a,"say ""hi""\n",b\nz'), 0, true), 17);
    assert.equal(recordEnd(enc('a,"open\n'), 0, true), -1);
  });
  it('tells blank lines and a byte order mark', () => {
    assert.equal(isBlank(enc(' \t\r'), 0, 3), true);
    assert.equal(isBlank(enc(' {'), 0, 2), false);
    assert.equal(firstRecordByte(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b])), 3);
    assert.equal(firstRecordByte(enc('{}')), 0);
  });
  it('keeps checkpoints sorted and answers the nearest one at or before a row', () => {
    const ix = new RecordIndex({ row: 0, byte: 0, line: 1 });
    ix.add({ row: 200, byte: 2000, line: 201 });
    ix.add({ row: 100, byte: 1000, line: 101 });
    ix.add({ row: 100, byte: 9999, line: 9 });
    assert.equal(ix.size, 3);
    assert.deepEqual([ix.floor(0).row, ix.floor(99).row, ix.floor(100).byte, ix.floor(150).row, ix.floor(10_000).row], [0, 0, 1000, 100, 200]);
  });
});

describe('reading a page of records over ranged reads', () => {
  const where = 's3://b/k.jsonl';

  it('reads page 1 and a later page exactly, with tiny chunks (records cut across reads)', async () => {
    const obj = memoryObject(jsonl(1000));
    const ix = new RecordIndex({ row: 0, byte: 0, line: 1 });
    const p0 = await readRecordPage(obj.read, obj.size, ix, { offset: 0, limit: 3, csv: false, where, chunkBytes: 10 });
    assert.deepEqual(texts(p0), ['{"id":0,"name":"row 0"}', '{"id":1,"name":"row 1"}', '{"id":2,"name":"row 2"}']);
    assert.equal(p0.hasMore, true);
    const p = await readRecordPage(obj.read, obj.size, ix, { offset: 500, limit: 2, csv: false, where, chunkBytes: 64 });
    assert.deepEqual(texts(p), ['{"id":500,"name":"row 500"}', '{"id":501,"name":"row 501"}']);
    assert.deepEqual(p.records.map((r) => [r.row, r.line]), [[500, 501], [501, 502]]);
    assert.equal(p.records[0]!.byte, enc(jsonl(500)).length);
  });

  it('remembers page starts: Next and Previous read only from where their page starts', async () => {
    const obj = memoryObject(jsonl(5000));
    const ix = new RecordIndex({ row: 0, byte: 0, line: 1 });
    await readRecordPage(obj.read, obj.size, ix, { offset: 4000, limit: 100, csv: false, where });
    const startOf = (row: number) => enc(jsonl(row)).length;
    assert.equal(ix.floor(4100).byte, startOf(4100), 'the next page start is known');
    assert.equal(ix.floor(4000).byte, startOf(4000), 'this page start is known');
    obj.reads.length = 0;
    const next = await readRecordPage(obj.read, obj.size, ix, { offset: 4100, limit: 100, csv: false, where });
    assert.equal(JSON.parse(next.records[0]!.text).id, 4100);
    assert.equal(obj.reads[0]![0], startOf(4100), 'Next reads from its own first byte');
    obj.reads.length = 0;
    const prev = await readRecordPage(obj.read, obj.size, ix, { offset: 3900, limit: 100, csv: false, where });
    assert.deepEqual([JSON.parse(prev.records[0]!.text).id, JSON.parse(prev.records.at(-1)!.text).id], [3900, 3999]);
    assert.equal(obj.reads[0]![0], startOf(3000), `Previous reads from the checkpoint every ${CHECKPOINT_ROWS} records`);
  });

  it('knows the last page: hasMore false at the end, a last line without a line feed, blank lines skipped', async () => {
    const obj = memoryObject('{"a":1}\n\n  \r\n{"a":2}\r\n{"a":3}');
    const ix = new RecordIndex({ row: 0, byte: 0, line: 1 });
    const all = await readRecordPage(obj.read, obj.size, ix, { offset: 0, limit: 3, csv: false, where, chunkBytes: 4 });
    assert.deepEqual([texts(all), all.hasMore, all.records.map((r) => r.line)], [['{"a":1}', '{"a":2}', '{"a":3}'], false, [1, 4, 5]]);
    const two = await readRecordPage(obj.read, obj.size, ix, { offset: 0, limit: 2, csv: false, where });
    assert.equal(two.hasMore, true);
    const trailing = memoryObject('{"a":1}\n{"a":2}\n\n\n');
    const t = await readRecordPage(trailing.read, trailing.size, new RecordIndex({ row: 0, byte: 0, line: 1 }), { offset: 0, limit: 2, csv: false, where });
    assert.deepEqual([texts(t), t.hasMore], [['{"a":1}', '{"a":2}'], false], 'trailing blank lines are not another page');
    const past = await readRecordPage(obj.read, obj.size, ix, { offset: 10, limit: 5, csv: false, where });
    assert.deepEqual([past.records, past.hasMore], [[], false]);
  });

  it('keeps a CSV record whose quoted field holds line breaks whole, and counts its lines', async () => {
    const obj = memoryObject('id,note\n1,"two\nlines"\n2,plain\n3,"x ""q"""\n');
    const header = obj.size - '1,"two\nlines"\n2,plain\n3,"x ""q"""\n'.length;
    const ix = new RecordIndex({ row: 0, byte: header, line: 2 });
    const p = await readRecordPage(obj.read, obj.size, ix, { offset: 0, limit: 10, csv: true, where, chunkBytes: 3 });
    assert.deepEqual(texts(p), ['1,"two\nlines"', '2,plain', '3,"x ""q"""']);
    assert.deepEqual(p.records.map((r) => r.line), [2, 4, 5]);
  });

  it('refuses a record longer than the limit with an error naming the line and the object', async () => {
    const obj = memoryObject(`{"a":1}\n{"long":"${'x'.repeat(5000)}"}\n`);
    await assert.rejects(readRecordPage(obj.read, obj.size, new RecordIndex({ row: 0, byte: 0, line: 1 }), { offset: 1, limit: 1, csv: false, where, chunkBytes: 512, maxRecordBytes: 1024 }),
      /s3:\/\/b\/k\.jsonl: the record on line 2 \(byte 8\) is longer than 1024 bytes/);
  });
});
