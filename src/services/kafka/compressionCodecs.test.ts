import * as assert from 'node:assert/strict';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { lz4Frame, registerCompressionCodecs } from './compressionCodecs';

type Codec = () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> };

describe('compression codecs for kafkajs', () => {
  registerCompressionCodecs();
  const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `{"order":${i},"city":"Sunrise"}`).join('\n'));
  const noise = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24));
  for (const [name, type] of [['snappy', CompressionTypes.Snappy], ['lz4', CompressionTypes.LZ4], ['zstd', CompressionTypes.ZSTD]] as const) {
    it(`${name}: registered, compresses, and round-trips text and incompressible bytes`, async () => {
      const codec = (CompressionCodecs as Record<number, Codec>)[type]!();
      for (const input of [text, noise, Buffer.alloc(0)]) {
        const packed = await codec.compress({ buffer: input });
        assert.deepEqual(await codec.decompress(packed), input);
      }
      assert.ok((await codec.compress({ buffer: text })).length < text.length / 3, 'text compresses');
    });
  }
  it('lz4 frames follow Kafka\'s rules: magic, independent blocks flag, 64 KB blocks', () => {
    const f = lz4Frame(text);
    assert.deepEqual([...f.subarray(0, 6)], [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40]);
    assert.deepEqual([...f.subarray(f.length - 4)], [0, 0, 0, 0], 'end mark');
  });
});
