// Types for the untyped compression packages the Kafka adapter registers with kafkajs (see compressionCodecs.ts).

declare module 'kafkajs-snappy' {
  const codec: () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };
  export = codec;
}

declare module 'lz4js' {
  export function compressBound(n: number): number;
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}

declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, len: number): number;
}

declare module 'zstd-codec' {
  interface Simple { compress(data: Uint8Array, level?: number): Uint8Array | null; decompress(data: Uint8Array): Uint8Array | null }
  interface Binding { Simple: new () => Simple }
  export const ZstdCodec: { run(cb: (zstd: Binding) => void): void };
}
