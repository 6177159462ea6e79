/**
 * The S3 browser's model: one level of a bucket (common prefixes as folders, objects as files), listed with
 * Delimiter '/' one page at a time; the continuation token of the last page says whether there is more.
 */

export interface S3Folder { prefix: string; name: string }
export interface S3File { key: string; name: string; size: number; modified?: string }

/** One page of one level. `next` is the continuation token for the following page, absent on the last page. */
export interface S3Level { bucket: string; prefix: string; folders: S3Folder[]; files: S3File[]; next?: string }

/** What ListObjectsV2 returns, reduced to what the model uses. */
export interface ListPage {
  CommonPrefixes?: Array<{ Prefix?: string }>;
  Contents?: Array<{ Key?: string; Size?: number; LastModified?: Date | string }>;
  IsTruncated?: boolean;
  NextContinuationToken?: string;
}

/** The last path segment: `a/b/` → `b/`, `a/b/c.json` → `c.json`. */
export function leafName(key: string, parent: string): string {
  return key.startsWith(parent) ? key.slice(parent.length) : key;
}

/** Maps one ListObjectsV2 page (Delimiter '/') to a level page. The prefix's own placeholder object ("folder/") is hidden. */
export function levelFromPage(bucket: string, prefix: string, page: ListPage): S3Level {
  const folders = (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [{ prefix: p.Prefix, name: leafName(p.Prefix, prefix) }] : []));
  const files = (page.Contents ?? []).flatMap((o) => {
    if (!o.Key || o.Key === prefix) return [];
    const modified = o.LastModified instanceof Date ? o.LastModified.toISOString() : o.LastModified;
    return [{ key: o.Key, name: leafName(o.Key, prefix), size: o.Size ?? 0, ...(modified ? { modified } : {}) }];
  });
  return { bucket, prefix, folders, files, ...(page.IsTruncated && page.NextContinuationToken ? { next: page.NextContinuationToken } : {}) };
}

/** Appends a following page to what is shown so far (the tree's "Load more" row). */
export function appendLevel(shown: S3Level, page: S3Level): S3Level {
  return { ...shown, folders: [...shown.folders, ...page.folders], files: [...shown.files, ...page.files], next: page.next };
}

/**
 * Parses `bucket`, `bucket/prefix/` or `s3://bucket/key` into bucket and the rest. Undefined bucket when empty.
 */
export function parseS3Path(text: string): { bucket: string; key: string } | undefined {
  const t = text.trim().replace(/^s3:\/\//, '');
  const slash = t.indexOf('/');
  const bucket = slash < 0 ? t : t.slice(0, slash);
  if (!bucket) return undefined;
  return { bucket, key: slash < 0 ? '' : t.slice(slash + 1) };
}

/** Human size: 0 B, 1.5 KiB, 12.0 MiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
