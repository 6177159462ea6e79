/**
 * Ranged reads of one S3 object (GET with `Range: bytes=a-b`), as the AsyncBuffer hyparquet reads from and as the
 * line pager of big JSON Lines / CSV objects reads forward: a 100 MB object is never downloaded whole.
 * Opening is one request: a GET of the object's last (or first) {@link OPEN_BYTES} bytes, whose Content-Range gives
 * the size — the tail holds a Parquet footer and its page indexes, the head a text object's first pages; an object no
 * bigger than that is read whole by it. Counts the requests and the bytes it fetched (the viewer and the benchmark
 * report them).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { coalesceRanges } from '../../domain/data/byteRanges';
import { ShorelineError } from '../../domain/errors';
import { emulatorS3 } from '../aws/s3Snapshot';

/** Bytes read when an object is opened (from its end or its start). */
export const OPEN_BYTES = 256 * 1024;

export interface RangeReader {
  readonly bucket: string;
  readonly key: string;
  readonly byteLength: number;
  /** Bytes [start, end) of the object (served from the bytes read on opening when they cover it). */
  slice(start: number, end?: number): Promise<ArrayBuffer>;
  /** The whole object (small JSON/CSV objects). */
  all(): Promise<Uint8Array>;
  /** The bytes read on opening: [start, start + bytes.length) of the object. */
  readonly opened: { start: number; bytes: Uint8Array };
  /** Bytes fetched so far, and in how many GETs. */
  readonly fetched: number;
  readonly requests: number;
}

export interface OpenRangeOptions {
  client?: S3Client;
  /** The client talks to the stack's emulator (errors then say how to start it). */
  emulator?: boolean;
  /** Which end to read on opening: 'tail' (Parquet keeps its footer there) or 'head' (text objects). */
  at?: 'head' | 'tail';
  /** How many bytes to read on opening (default {@link OPEN_BYTES}). */
  bytes?: number;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' ? String((e as { name?: unknown }).name ?? (e as { Code?: unknown }).Code ?? '') : '';
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** The object size from a Content-Range header (`bytes 0-9/1234`), if it has one. */
export function sizeFromContentRange(contentRange: string | undefined): number | undefined {
  const m = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The bytes as an ArrayBuffer of their own: the underlying buffer when they span all of it, else a copy. */
const asArrayBuffer = (b: Uint8Array): ArrayBuffer => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
  ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);

/** Opens an object for ranged reads; a missing bucket or key is a clear error naming it. */
export async function openRangeReader(endpoint: string, bucket: string, key: string, options: OpenRangeOptions = {}): Promise<RangeReader> {
  const s3 = options.client ?? await emulatorS3(endpoint);
  /** The stack's emulator (or any endpoint given without a client) rather than a connection's own S3. */
  const emulator = !options.client || options.emulator === true;
  const { HeadObjectCommand, HeadBucketCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const where = `s3://${bucket}/${key}`;
  const fail = (e: unknown, what: string): ShorelineError => {
    const cause = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET') {
      return new ShorelineError('s3.unreachable', `The S3 endpoint ${endpoint} is not reachable (${cause}) to ${what}`,
        emulator ? 'start the stack\'s AWS emulator (shoreline up --services localstack) or check ports.localstack' : 'check the connection\'s endpoint and region, and your network');
    }
    if (e instanceof ShorelineError) return e; // credentials that could not be loaded, already explained
    return new ShorelineError('s3.failed', `Could not ${what} at ${endpoint}: ${errorName(e) || (e as Error).message}`,
      emulator ? 'check the bucket and key, and the emulator\'s log (shoreline logs localstack)' : 'check the bucket and key, and that the credentials may read it (s3:GetObject)');
  };
  const noBucket = () => new ShorelineError('s3.noBucket', `Bucket "${bucket}" does not exist at ${endpoint}`, 'list the buckets with "shoreline s3 ls" and check the name');
  const noKey = () => new ShorelineError('s3.noKey', `No object ${where}`, `list the keys with "shoreline s3 ls ${bucket}/" and check the key`);
  /** A 404 or a refused range: tells a missing bucket from a missing key, or rethrows as a clear error. */
  const missing = async (e: unknown, what: string): Promise<never> => {
    const name = errorName(e);
    if (name === 'NoSuchBucket') throw noBucket();
    if (name === 'NoSuchKey') throw noKey();
    if (statusOf(e) !== 404 && name !== 'NotFound') throw fail(e, what);
    // a 404 without a code (a HEAD has no body): ask the bucket
    const bucketExists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, (b: unknown) => (statusOf(b) === 404 ? false : Promise.reject(fail(b, `read bucket ${bucket}`))));
    throw bucketExists ? noKey() : noBucket();
  };

  let fetched = 0;
  let requests = 0;
  const get = async (range?: string): Promise<{ bytes: Uint8Array; contentRange?: string }> => {
    requests++;
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }));
    const bytes = await got.Body!.transformToByteArray();
    fetched += bytes.byteLength;
    return { bytes, ...(got.ContentRange ? { contentRange: got.ContentRange } : {}) };
  };

  // one GET opens the object: its size from Content-Range, and the bytes a reader needs first
  const want = Math.max(1, options.bytes ?? OPEN_BYTES);
  const range = options.at === 'head' ? `bytes=0-${want - 1}` : `bytes=-${want}`;
  let size: number;
  let opened: { start: number; bytes: Uint8Array };
  try {
    const first = await get(range);
    size = sizeFromContentRange(first.contentRange) ?? first.bytes.byteLength;
    opened = { start: options.at === 'head' ? 0 : size - first.bytes.byteLength, bytes: first.bytes };
  } catch (e) {
    // 416: a range an empty object cannot satisfy (S3 answers so for an empty object); its size comes from a HEAD
    if (statusOf(e) !== 416 && errorName(e) !== 'InvalidRange') return missing(e, `read ${where}`);
    try {
      size = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
    } catch (h) {
      return missing(h, `read ${where}`);
    }
    opened = { start: 0, bytes: new Uint8Array(0) };
  }
  const whole = opened.start === 0 && opened.bytes.byteLength === size;
  return {
    bucket, key, byteLength: size, opened,
    get fetched() { return fetched; },
    get requests() { return requests; },
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const to = Math.min(end, size);
      if (to <= start) return new ArrayBuffer(0);
      const o = opened;
      if (start >= o.start && to <= o.start + o.bytes.byteLength) return asArrayBuffer(o.bytes.subarray(start - o.start, to - o.start));
      try {
        return asArrayBuffer((await get(`bytes=${start}-${to - 1}`)).bytes);
      } catch (e) {
        throw fail(e, `read bytes ${start}-${to - 1} of ${where}`);
      }
    },
    async all(): Promise<Uint8Array> {
      if (whole) return opened.bytes;
      try {
        return (await get()).bytes;
      } catch (e) {
        throw fail(e, `read ${where}`);
      }
    },
  };
}

/** An AsyncBuffer: what hyparquet reads a file through. */
export interface AsyncBuffer { byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> }

/** Ranges asked for in one go are read in one GET when no more than this many bytes lie between them. */
export const COALESCE_GAP = 512 * 1024;

/**
 * An AsyncBuffer over a reader that (1) merges the slices asked for in the same turn of the event loop into as few GETs as
 * {@link coalesceRanges} allows — hyparquet asks for the column chunks (or pages) of a row group all at once, and
 * adjacent chunks become one request — and (2) answers a slice from any earlier read covering it, newest first, up to
 * `maxBytes` held (hyparquet's own cachedAsyncBuffer matches exact ranges only).
 */
export function coalescingCache(reader: Pick<RangeReader, 'byteLength' | 'slice'>, maxBytes: number, maxGap = COALESCE_GAP): AsyncBuffer {
  const cache: Array<{ start: number; end: number; bytes: Promise<ArrayBuffer> }> = [];
  let held = 0;
  let pending: Array<{ start: number; end: number; resolve: (b: ArrayBuffer) => void; reject: (e: unknown) => void }> = [];
  const remember = (start: number, end: number, bytes: Promise<ArrayBuffer>) => {
    cache.unshift({ start, end, bytes });
    held += end - start;
    while (held > maxBytes && cache.length > 1) { const old = cache.pop()!; held -= old.end - old.start; }
    bytes.catch(() => { const i = cache.findIndex((c) => c.bytes === bytes); if (i >= 0) { held -= end - start; cache.splice(i, 1); } });
  };
  const flush = () => {
    const batch = pending;
    pending = [];
    for (const r of coalesceRanges(batch, maxGap)) {
      const bytes = reader.slice(r.start, r.end);
      remember(r.start, r.end, bytes);
      for (const p of batch) {
        if (p.start === r.start && p.end === r.end) bytes.then(p.resolve, p.reject);
        else if (p.start >= r.start && p.end <= r.end) bytes.then((b) => p.resolve(b.slice(p.start - r.start, p.end - r.start)), p.reject);
      }
    }
  };
  return {
    byteLength: reader.byteLength,
    slice(start: number, end = reader.byteLength): Promise<ArrayBuffer> {
      const to = Math.min(end, reader.byteLength);
      const hit = cache.find((c) => c.start <= start && c.end >= to);
      if (hit) return hit.bytes.then((b) => b.slice(start - hit.start, to - hit.start));
      if (to <= start) return Promise.resolve(new ArrayBuffer(0));
      return new Promise<ArrayBuffer>((resolve, reject) => {
        pending.push({ start, end: to, resolve, reject });
        // setImmediate, not a microtask: hyparquet asks for a row group's whole column chunks and its selected pages a few
        // promise turns apart
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };
}
