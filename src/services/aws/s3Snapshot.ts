import type { S3Client } from '@aws-sdk/client-s3';
import type { DockerEngine } from '../docker/dockerEngine';
import type { Logger } from '../logger';

/**
 * Keeps S3 objects across a stop/start of an emulator that holds them in memory (LocalStack community, moto).
 * On stop, every object is copied into the emulator's data volume; on start, missing objects are put back.
 * The copy lives in the volume, so "down --volumes" removes it with everything else.
 */
export const SNAPSHOT_DIR = '/var/lib/localstack/shoreline-s3-snapshot';

interface Manifest { version: 1; buckets: Array<{ name: string; objects: Array<{ key: string; blob: string; contentType?: string }> }> }

/** Lazily builds an S3 client for an emulator endpoint (path-style, dummy credentials). */
export async function emulatorS3(endpoint: string, region = 'us-east-1'): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

export async function snapshotS3(s3: S3Client, engine: DockerEngine, container: string, log: Logger): Promise<number> {
  const { ListBucketsCommand, ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const manifest: Manifest = { version: 1, buckets: [] };
  const files: Array<{ name: string; content: Buffer }> = [];
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  let n = 0;
  for (const b of buckets) {
    if (!b.Name) continue;
    const entry: Manifest['buckets'][number] = { name: b.Name, objects: [] };
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: b.Name, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        const got = await s3.send(new GetObjectCommand({ Bucket: b.Name, Key: o.Key }));
        const body = Buffer.from(await got.Body!.transformToByteArray());
        const blob = `blobs/${n++}`;
        files.push({ name: `shoreline-s3-snapshot/${blob}`, content: body });
        entry.objects.push({ key: o.Key, blob, contentType: got.ContentType });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    manifest.buckets.push(entry);
  }
  await engine.exec(container, ['rm', '-rf', SNAPSHOT_DIR]);
  files.push({ name: 'shoreline-s3-snapshot/manifest.json', content: Buffer.from(JSON.stringify(manifest)) });
  await engine.putFiles(container, '/var/lib/localstack', files);
  log.info(`localstack: kept ${n} S3 object(s) in ${manifest.buckets.length} bucket(s) for the next start`);
  return n;
}

export async function restoreS3(s3: S3Client, engine: DockerEngine, container: string, log: Logger): Promise<number> {
  const files = await engine.getFiles(container, SNAPSHOT_DIR);
  const manifestBuf = files.get('manifest.json');
  if (!manifestBuf) return 0;
  const manifest = JSON.parse(manifestBuf.toString('utf8')) as Manifest;
  const { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  let n = 0;
  for (const b of manifest.buckets) {
    try { await s3.send(new HeadBucketCommand({ Bucket: b.name })); } catch { await s3.send(new CreateBucketCommand({ Bucket: b.name })); }
    for (const o of b.objects) {
      const exists = await s3.send(new HeadObjectCommand({ Bucket: b.name, Key: o.key })).then(() => true, () => false);
      if (exists) continue;
      const body = files.get(o.blob);
      if (!body) continue;
      await s3.send(new PutObjectCommand({ Bucket: b.name, Key: o.key, Body: body, ContentType: o.contentType }));
      n++;
    }
  }
  if (n) log.info(`localstack: restored ${n} S3 object(s) kept at the last stop`);
  return n;
}

/** Creates the buckets listed in localstack/resources.json (any emulator). */
export async function applyResources(s3: S3Client, resources: { buckets?: Array<string | { name: string }> }, log: Logger): Promise<string[]> {
  const { CreateBucketCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const made: string[] = [];
  for (const b of resources.buckets ?? []) {
    const name = typeof b === 'string' ? b : b.name;
    const exists = await s3.send(new HeadBucketCommand({ Bucket: name })).then(() => true, () => false);
    if (exists) continue;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    made.push(name);
  }
  if (made.length) log.info(`localstack: created bucket(s) ${made.join(', ')}`);
  return made;
}
