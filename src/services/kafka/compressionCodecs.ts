/**
 * Snappy, LZ4 and Zstandard for kafkajs, which only ships gzip. All three are pure JavaScript or embedded
 * WebAssembly, so they bundle into dist/engine.js and dist/cli.js and need no native build (the VSIX carries no
 * node_modules):
 *
 * - snappy: `kafkajs-snappy` (the kafkajs project's own codec; pure-JS `snappyjs`), xerial framing included.
 * - lz4: `lz4js` block primitives in a frame writer that follows Kafka's rules — independent 64 KB blocks, correct
 *   header checksum — because lz4js's own frame writer links blocks, which the broker refuses ("Dependent block
 *   stream is unsupported"). Reading uses lz4js's frame reader. (`kafkajs-lz4` needs the native `lz4` package.)
 * - zstd: `fzstd` to decompress (pure JS, streaming frames without a content size, as Java producers write them);
 *   `zstd-codec` (Emscripten WebAssembly) to compress. (`@kafkajs/zstd` needs the native `cppzst` build.)
 */
import { decompress as zstdDecompress } from 'fzstd';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import snappyCodec from 'kafkajs-snappy';
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';
import { ZstdCodec } from 'zstd-codec';

type Codec = () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };

const LZ4_MAGIC = [0x04, 0x22, 0x4d, 0x18];
/** FLG: version 01, block independence; BD: 64 KB maximum block size (what Kafka's own producer writes). */
const LZ4_FLG = 0x60;
const LZ4_BD = 0x40;
const LZ4_BLOCK = 64 * 1024;

/** An LZ4 frame Kafka accepts: independent blocks of at most 64 KB, an uncompressed block where compression does not pay. */
export function lz4Frame(src: Uint8Array): Buffer {
  const header = Buffer.from([...LZ4_MAGIC, LZ4_FLG, LZ4_BD, 0]);
  header[6] = (xxh32(0, header, 4, 2) >> 8) & 0xff;
  const parts: Buffer[] = [header];
  const block = new Uint8Array(lz4.compressBound(LZ4_BLOCK));
  const table = new Uint32Array(1 << 16);
  for (let s = 0; s < src.length; s += LZ4_BLOCK) {
    const n = Math.min(LZ4_BLOCK, src.length - s);
    table.fill(0); // a fresh table per block keeps blocks independent
    const size = lz4.compressBlock(src, block, s, n, table);
    const len = Buffer.alloc(4);
    if (size === 0 || size >= n) {
      len.writeUInt32LE((0x80000000 | n) >>> 0);
      parts.push(len, Buffer.from(src.buffer, src.byteOffset + s, n));
    } else {
      len.writeUInt32LE(size);
      parts.push(len, Buffer.from(block.subarray(0, size)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

const lz4Codec: Codec = () => ({
  compress: async (encoder) => lz4Frame(encoder.buffer),
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
});

let zstd: Promise<{ compress(data: Uint8Array): Uint8Array }> | undefined;
/** The WebAssembly compressor, instantiated on first use (about 20 ms). */
function zstdCompressor(): Promise<{ compress(data: Uint8Array): Uint8Array }> {
  zstd ??= new Promise((resolve) => ZstdCodec.run((z) => {
    const simple = new z.Simple();
    resolve({
      compress: (data) => {
        const out = simple.compress(data, 3);
        if (!out) throw new Error('zstd compression failed');
        return out;
      },
    });
  }));
  return zstd;
}

const zstdCodec: Codec = () => ({
  compress: async (encoder) => Buffer.from((await zstdCompressor()).compress(encoder.buffer)),
  decompress: async (buffer) => Buffer.from(zstdDecompress(buffer)),
});

let registered = false;

/** Registers the three codecs with kafkajs (process-wide, once). */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  const codecs = CompressionCodecs as Record<number, Codec>;
  codecs[CompressionTypes.Snappy] = snappyCodec;
  codecs[CompressionTypes.LZ4] = lz4Codec;
  codecs[CompressionTypes.ZSTD] = zstdCodec;
}
