/**
 * Ranged reads of one S3 object (HEAD for its size, GET with `Range: bytes=a-b` for a slice), as the AsyncBuffer
 * hyparquet reads from: a Parquet object is read footer first, then only the column chunks of the row groups a page
 * needs, so a 100 MB object is never downloaded whole. Counts the bytes it fetched (the viewer and the benchmark
 * report them).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ShorelineError } from '../../domain/errors';
import { emulatorS3 } from '../aws/s3Snapshot';

export interface RangeReader {
  readonly bucket: string;
  readonly key: string;
  readonly byteLength: number;
  /** Bytes [start, end) of the object. */
  slice(start: number, end?: number): Promise<ArrayBuffer>;
  /** The whole object (small JSON/CSV objects). */
  all(): Promise<Uint8Array>;
  /** Bytes fetched so far. */
  readonly fetched: number;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' ? String((e as { name?: unknown }).name ?? (e as { Code?: unknown }).Code ?? '') : '';
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** Opens an object for ranged reads; a missing bucket or key is a clear error naming it. */
export async function openRangeReader(endpoint: string, bucket: string, key: string, client?: S3Client): Promise<RangeReader> {
  const s3 = client ?? await emulatorS3(endpoint);
  const { HeadObjectCommand, HeadBucketCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const where = `s3://${bucket}/${key}`;
  const fail = (e: unknown, what: string): ShorelineError => {
    const cause = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET') {
      return new ShorelineError('s3.unreachable', `The S3 endpoint ${endpoint} is not reachable (${cause}) to ${what}`, 'start the stack\'s AWS emulator (shoreline up --services localstack) or check ports.localstack');
    }
    return new ShorelineError('s3.failed', `Could not ${what} at ${endpoint}: ${errorName(e) || (e as Error).message}`, 'check the bucket and key, and the emulator\'s log (shoreline logs localstack)');
  };
  let size: number;
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    size = head.ContentLength ?? 0;
  } catch (e) {
    if (statusOf(e) !== 404 && errorName(e) !== 'NotFound' && errorName(e) !== 'NoSuchKey') throw fail(e, `read ${where}`);
    // a HEAD 404 has no body: ask the bucket to tell a missing bucket from a missing key
    const bucketExists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, (b: unknown) => (statusOf(b) === 404 ? false : Promise.reject(fail(b, `read bucket ${bucket}`))));
    if (!bucketExists) throw new ShorelineError('s3.noBucket', `Bucket "${bucket}" does not exist at ${endpoint}`, 'list the buckets with "shoreline s3 ls" and check the name');
    throw new ShorelineError('s3.noKey', `No object ${where}`, `list the keys with "shoreline s3 ls ${bucket}/" and check the key`);
  }
  let fetched = 0;
  const get = async (range?: string): Promise<Uint8Array> => {
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }));
      const bytes = await got.Body!.transformToByteArray();
      fetched += bytes.byteLength;
      return bytes;
    } catch (e) {
      throw fail(e, `read ${range ?? 'all'} of ${where}`);
    }
  };
  return {
    bucket, key, byteLength: size,
    get fetched() { return fetched; },
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const to = Math.min(end, size);
      if (to <= start) return new ArrayBuffer(0);
      const b = await get(`bytes=${start}-${to - 1}`);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    all: () => get(),
  };
}
