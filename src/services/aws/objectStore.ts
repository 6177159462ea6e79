/**
 * S3 listing and reads for checks (pipelines, tests), against the stack's emulator or any S3 endpoint.
 * @aws-sdk/client-s3 is loaded on first use.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { levelFromPage, type S3Level } from '../../domain/data/s3Listing';
import { ShorelineError } from '../../domain/errors';
import { emulatorS3 } from './s3Snapshot';

export interface ObjectInfo { key: string; size: number; etag: string }

/** The port. */
export interface ObjectStore {
  /** Every object under the prefix, or undefined when the bucket does not exist. */
  list(bucket: string, prefix: string): Promise<ObjectInfo[] | undefined>;
  get(bucket: string, key: string): Promise<Uint8Array>;
}

/** The Data view's S3 browser: buckets, then one level of a bucket at a time (Delimiter '/'), one page per call. */
export interface BucketBrowser {
  buckets(): Promise<Array<{ name: string; created?: string }>>;
  /** One page of the level under `prefix` ('' or ending in '/'); pass the previous page's `next` to continue. */
  listLevel(bucket: string, prefix: string, continuationToken?: string, pageSize?: number): Promise<S3Level>;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' ? String((e as { name?: unknown; Code?: unknown }).name ?? (e as { Code?: unknown }).Code ?? '') : '';
}

/**
 * S3 adapter: the stack's emulator (path-style, the emulator's test credentials) by default, or any S3 client a
 * connection makes (AWS with a profile's credentials, an S3-compatible endpoint); `endpoint` then only names it.
 */
export class S3ObjectStore implements ObjectStore, BucketBrowser {
  private s3?: Promise<S3Client>;

  constructor(private readonly endpoint: string, private readonly region = 'us-east-1', private readonly make?: () => Promise<S3Client>,
    private readonly unreachableFix = 'start the stack\'s AWS emulator (shoreline up --services localstack) or check ports.localstack') {}

  /** The client (made on first use; a failed attempt is forgotten so the next call tries again). */
  client(): Promise<S3Client> {
    this.s3 ??= (this.make ?? (() => emulatorS3(this.endpoint, this.region)))();
    this.s3.catch(() => { this.s3 = undefined; });
    return this.s3;
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[] | undefined> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const s3 = await this.client();
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      if (errorName(e) === 'NoSuchBucket') return undefined;
      throw this.error(e, `list s3://${bucket}/${prefix}`);
    }
    return out;
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const got = await (await this.client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await got.Body!.transformToByteArray();
    } catch (e) {
      if (errorName(e) === 'NoSuchBucket') throw new ShorelineError('s3.noBucket', `Bucket "${bucket}" does not exist at ${this.endpoint}`, 'list the buckets with "shoreline s3 ls" and check the name');
      if (errorName(e) === 'NoSuchKey') throw new ShorelineError('s3.noKey', `No object s3://${bucket}/${key}`, `list the keys with "shoreline s3 ls ${bucket}/" and check the key`);
      throw this.error(e, `read s3://${bucket}/${key}`);
    }
  }

  async buckets(): Promise<Array<{ name: string; created?: string }>> {
    const { ListBucketsCommand } = await import('@aws-sdk/client-s3');
    try {
      const r = await (await this.client()).send(new ListBucketsCommand({}));
      return (r.Buckets ?? []).flatMap((b) => (b.Name ? [{ name: b.Name, ...(b.CreationDate ? { created: b.CreationDate.toISOString() } : {}) }] : []))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (e) {
      throw this.error(e, 'list buckets');
    }
  }

  async listLevel(bucket: string, prefix: string, continuationToken?: string, pageSize = 1000): Promise<S3Level> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    try {
      const page = await (await this.client()).send(new ListObjectsV2Command({
        Bucket: bucket, Prefix: prefix || undefined, Delimiter: '/', ContinuationToken: continuationToken, MaxKeys: pageSize,
      }));
      return levelFromPage(bucket, prefix, page);
    } catch (e) {
      if (errorName(e) === 'NoSuchBucket') throw new ShorelineError('s3.noBucket', `Bucket "${bucket}" does not exist at ${this.endpoint}`, 'list the buckets with "shoreline s3 ls" and check the name');
      throw this.error(e, `list s3://${bucket}/${prefix}`);
    }
  }

  private error(e: unknown, what: string): ShorelineError {
    if (e instanceof ShorelineError) return e; // credentials that could not be loaded, already explained
    const cause = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET') {
      return new ShorelineError('s3.unreachable', `The S3 endpoint ${this.endpoint} is not reachable (${cause}) to ${what}`, this.unreachableFix);
    }
    const name = errorName(e);
    return new ShorelineError('s3.failed', `Could not ${what} at ${this.endpoint}: ${name || (e as Error).message}${name && (e as Error).message && (e as Error).message !== name ? ` (${(e as Error).message})` : ''}`,
      this.make ? 'check the bucket and key, the region, and that the credentials may list and read it (s3:ListAllMyBuckets, s3:ListBucket, s3:GetObject)'
        : 'check the bucket and key, and the emulator\'s log (shoreline logs localstack)');
  }
}
