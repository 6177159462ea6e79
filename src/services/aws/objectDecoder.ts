/**
 * Decodes an S3 object into documents for `shoreline s3 cat` and "Open S3 Object": Parquet (any codec hyparquet
 * reads, through {@link readParquetRows}), JSON / JSON Lines, and either of them gzipped.
 */
import { gunzipSync } from 'node:zlib';
import { parseJsonDocuments, sniffFormat, type ObjectFormat } from '../../domain/data/objectFormat';
import { ShorelineError } from '../../domain/errors';
import { readParquetRows } from './parquetReader';

export interface DecodedObject { format: ObjectFormat; compressed: boolean; documents: unknown[] }

/** Decodes bytes by their magic number (then the key's extension); `what` names the object in errors. */
export async function decodeObject(key: string, bytes: Uint8Array, what = key): Promise<DecodedObject> {
  let data = bytes;
  let format = sniffFormat(key, data);
  let compressed = false;
  if (format === 'gzip') {
    try {
      data = gunzipSync(data);
    } catch (e) {
      throw new ShorelineError('s3.badObject', `${what} starts like gzip but does not decompress (${(e as Error).message})`, 'check that the object was written whole');
    }
    compressed = true;
    format = sniffFormat(key, data);
  }
  if (format === 'parquet') return { format, compressed, documents: await readParquetRows(data, what) };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  if (format === 'text') return { format, compressed, documents: text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1) };
  try {
    return { format, compressed, documents: parseJsonDocuments(text) };
  } catch (e) {
    throw new ShorelineError('s3.badObject', `${what} is not JSON or JSON Lines: ${(e as Error).message}`, 'open it as text, or check the writer\'s format settings');
  }
}
