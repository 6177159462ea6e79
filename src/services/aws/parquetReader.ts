/**
 * Parquet rows from bytes, with hyparquet (a maintained pure-JavaScript reader: no native module, so it bundles into
 * the CLI and the extension like any other code) and hyparquet-compressors for the codecs writers use besides snappy
 * (Iceberg writes zstd by default; the seeds' S3 sink wrote gzip). Both are loaded on first use.
 */
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';

/** Every row of a Parquet file as a plain JSON object (INT64 as numbers when safe, timestamps as ISO strings). */
export async function readParquetRows(bytes: Uint8Array, what = 'Parquet object'): Promise<Array<Record<string, unknown>>> {
  const [{ parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  // hyparquet reads from an ArrayBuffer-like: give it exactly the object's bytes
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const rows = await parquetReadObjects({ file, compressors, rowFormat: 'object' });
    return rows.map((r) => toJsonValue(r) as Record<string, unknown>);
  } catch (e) {
    throw new ShorelineError('parquet.unreadable', `${what} is not a readable Parquet file (${(e as Error).message})`, 'check that keyRegex selects only data files (e.g. "\\\\.parquet$")');
  }
}
