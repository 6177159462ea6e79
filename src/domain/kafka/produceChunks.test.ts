import * as assert from 'node:assert/strict';
import { CHUNK_BYTES, messageBytes, produceChunks } from './produceChunks';

const msg = (valueBytes: number, i = 0) => ({ key: `k${i}`, value: 'v'.repeat(valueBytes) });

describe('produce chunks', () => {
  it('cuts by count for small messages, keeping order and every message once', () => {
    const msgs = Array.from({ length: 4_500 }, (_, i) => msg(10, i));
    const chunks = produceChunks(msgs, 2_000);
    assert.deepEqual(chunks, [[0, 2000], [2000, 4000], [4000, 4500]]);
  });

  it('cuts by bytes: 200 messages of 10 KB go in sends of at most 512 KiB (one send of 2 MB was refused by the broker)', () => {
    const msgs = Array.from({ length: 200 }, (_, i) => msg(10_000, i));
    const chunks = produceChunks(msgs);
    assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
    for (const [a, b] of chunks) {
      const bytes = msgs.slice(a, b).reduce((n, m) => n + messageBytes(m), 0);
      assert.ok(bytes <= CHUNK_BYTES, `chunk ${a}-${b} holds ${bytes} bytes`);
    }
    assert.equal(chunks.map(([a, b]) => b - a).reduce((x, y) => x + y, 0), 200);
    assert.deepEqual(chunks.map(([a]) => a).slice(1), chunks.map(([, b]) => b).slice(0, -1), 'consecutive');
  });

  it('sends a message bigger than the byte limit alone', () => {
    const msgs = [msg(10), msg(900_000), msg(10)];
    assert.deepEqual(produceChunks(msgs), [[0, 1], [1, 2], [2, 3]]);
  });

  it('counts keys, values and headers in UTF-8', () => {
    assert.equal(messageBytes({ key: 'é', value: '€', headers: { a: 'b' } }), 24 + 2 + 3 + 8 + 1 + 1);
    assert.deepEqual(produceChunks([]), []);
  });
});
