import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeObject } from './objectDecoder';

describe('decodeObject', () => {
  it('gunzips JSON Lines', async () => {
    const d = await decodeObject('orders/part-0.jsonl.gz', gzipSync('{"id":1}\n{"id":2}\n'));
    assert.deepEqual([d.format, d.compressed, d.documents], ['jsonl', true, [{ id: 1 }, { id: 2 }]]);
  });
  it('reads gzip and snappy Parquet written by hyparquet-writer', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const columnData = [{ name: 'id', data: [1, 2], type: 'INT32' as const }, { name: 'country', data: ['France', 'Peru'], type: 'STRING' as const }];
    const snappy = new Uint8Array(parquetWriteBuffer({ columnData }));
    const gzip = new Uint8Array(parquetWriteBuffer({ columnData, codec: 'GZIP', compressors: { GZIP: (b: Uint8Array) => gzipSync(b) } }));
    for (const bytes of [snappy, gzip]) {
      const d = await decodeObject('x.parquet', bytes);
      assert.deepEqual([d.format, d.documents], ['parquet', [{ id: 1, country: 'France' }, { id: 2, country: 'Peru' }]]);
    }
  });
  it('a corrupt Parquet file is a clear error', async () => {
    await assert.rejects(decodeObject('bad.parquet', Uint8Array.from([0x50, 0x41, 0x52, 0x31, 1, 2, 3])), /not a readable Parquet file/);
  });
  it('bad JSON names the line', async () => {
    await assert.rejects(decodeObject('x.jsonl', Buffer.from('{"a":1}\nnope\n')), /line 2 is not JSON/);
  });
});
