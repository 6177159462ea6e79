/**
 * The Data viewer's Parquet source: hyparquet (a maintained pure-JavaScript reader) over ranged GETs.
 * - Opening reads the object's tail once (footer, and the offset indexes writers put before it) — see s3RangeReader.
 * - A page reads only the row groups it overlaps and, with an offset index, only the data pages holding its rows; the
 *   column chunks of a row group are asked for together and adjacent ones arrive in one GET (coalescingCache).
 * - hyparquet decodes whole data pages (a page of a flat column often holds tens of thousands of values); the decoded
 *   columns of the last read are kept, so the next pages inside them are cut from memory with no GET and no decoding.
 * - Codecs: gzip and brotli through Node's native zlib (much faster than JavaScript inflate: the seeds' S3 sink writes
 *   gzip); snappy, zstd and lz4 through hyparquet-compressors (snappy as WebAssembly).
 */
import { brotliDecompressSync, unzipSync } from 'node:zlib';
import type { ColumnData, Compressors, DecodedArray, FileMetaData } from 'hyparquet';
import { pageBounds, type DataSourceSpec, type GridColumn, type PageRequest, type SourcePage } from '../../domain/data/dataGrid';
import { formatBytes } from '../../domain/data/s3Listing';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';
import { coalescingCache, type AsyncBuffer, type RangeReader } from './s3RangeReader';

type Row = Record<string, unknown>;

/** The footer is read from the tail fetched on opening when it fits; hyparquet fetches again when it is bigger. */
const FOOTER_FETCH = 64 * 1024;
/** Ranged reads a Parquet source keeps to serve later slices they cover (a next page often reads the same data pages). */
const PARQUET_CACHE_BYTES = 32 * 1024 * 1024;
/** Decoded values of the last read kept for the next pages (values × columns); a bigger read is not kept. */
const DECODED_KEEP_VALUES = 4_000_000;

/** A Parquet column's type as the schema says: physical type, then the logical or converted type. */
function parquetType(e: { type?: string; logical_type?: { type: string }; converted_type?: string; repetition_type?: string; num_children?: number }): string {
  const base = e.num_children ? 'GROUP' : e.type ?? 'GROUP';
  const logical = e.logical_type?.type ?? e.converted_type;
  return `${base}${logical && logical !== base ? ` (${logical})` : ''}${e.repetition_type === 'REPEATED' ? '[]' : ''}`;
}

export function unreadableParquet(spec: { bucket: string; key: string }, why: string): ShorelineError {
  return new ShorelineError('parquet.unreadable', `s3://${spec.bucket}/${spec.key} is not a readable Parquet file (${why})`, 'check that the object was written whole by a Parquet writer, or open another object');
}

/** Decompressors for the codecs the file uses: native zlib where Node has one, hyparquet-compressors for the rest. */
export async function parquetCompressors(metadata: FileMetaData): Promise<Compressors> {
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));
  const out: Compressors = {
    // unzip takes gzip and zlib headers alike (some writers put zlib streams in GZIP pages)
    GZIP: (input) => unzipSync(input),
    BROTLI: (input) => brotliDecompressSync(input),
  };
  if (codecs.has('SNAPPY') || codecs.has('ZSTD') || codecs.has('LZ4') || codecs.has('LZ4_RAW')) {
    const { compressors } = await import('hyparquet-compressors');
    for (const c of ['SNAPPY', 'ZSTD', 'LZ4', 'LZ4_RAW'] as const) if (codecs.has(c) && compressors[c]) out[c] = compressors[c];
  }
  return out;
}

/** Decoded values of one top-level column: runs [rowStart, rowEnd) of absolute row numbers. */
type DecodedColumn = Array<{ rowStart: number; rowEnd: number; data: DecodedArray }>;

/** The rows [from, to) from decoded columns, or undefined when a column does not hold all of them. */
export function rowsFromColumns(names: string[], decoded: Map<string, DecodedColumn>, from: number, to: number): Row[] | undefined {
  const rows: Row[] = Array.from({ length: to - from }, () => ({}));
  for (const name of names) {
    const runs = decoded.get(name);
    if (!runs) return undefined;
    let r = from;
    for (const run of runs) {
      if (run.rowEnd <= r || run.rowStart > r) continue;
      const end = Math.min(run.rowEnd, to);
      for (; r < end; r++) rows[r - from]![name] = run.data[r - run.rowStart];
      if (r >= to) break;
    }
    if (r < to) return undefined;
  }
  return rows;
}

export class ParquetSource {
  /** The decoded columns of the last read. */
  private decoded = new Map<string, DecodedColumn>();

  private constructor(readonly spec: Extract<DataSourceSpec, { kind: 's3' }>, private readonly reader: RangeReader, private readonly file: AsyncBuffer,
    private readonly metadata: FileMetaData, private readonly columns: GridColumn[], private readonly compressors: Compressors) {}

  static async open(spec: Extract<DataSourceSpec, { kind: 's3' }>, reader: RangeReader): Promise<ParquetSource> {
    const { parquetMetadataAsync, parquetSchema } = await import('hyparquet');
    const file = coalescingCache(reader, PARQUET_CACHE_BYTES);
    let metadata: FileMetaData;
    let columns: GridColumn[];
    try {
      // the tail read on opening holds the footer of most files: parse it from there, with no other GET
      const o = reader.opened;
      const tail = o.start + o.bytes.byteLength === reader.byteLength && o.bytes.byteLength >= 8 ? o.bytes.byteLength : FOOTER_FETCH;
      metadata = await parquetMetadataAsync(file, { initialFetchSize: tail });
      columns = parquetSchema(metadata).children.map((c) => ({ name: c.element.name, type: parquetType(c.element as Parameters<typeof parquetType>[0]) }));
    } catch (e) {
      throw unreadableParquet(spec, (e as Error).message);
    }
    return new ParquetSource(spec, reader, file, metadata, columns, await parquetCompressors(metadata));
  }

  async fetch(req: PageRequest): Promise<SourcePage> {
    if (req.sort) throw new ShorelineError('data.notSortable', `s3://${this.spec.bucket}/${this.spec.key} is read by row group and cannot be sorted`, 'page through it in file order, or load it into PostgreSQL to sort');
    const total = Number(this.metadata.num_rows);
    const { offset, limit } = pageBounds(req);
    const rowEnd = Math.min(offset + limit, total);
    const names = this.columns.map((c) => c.name);
    let rows: Row[] = [];
    let fromMemory = false;
    if (offset < rowEnd) {
      const kept = rowsFromColumns(names, this.decoded, offset, rowEnd);
      fromMemory = kept !== undefined;
      rows = kept ?? await this.read(names, offset, rowEnd);
    }
    return {
      columns: this.columns, rows: rows.map((r) => toJsonValue(r) as Row), hasMore: rowEnd < total, sortable: false, total: { count: total, exact: true, how: 'Parquet footer (num_rows)' },
      note: `Parquet, ${this.metadata.row_groups.length} row group(s); ${fromMemory ? 'page cut from the pages decoded before; ' : ''}read ${formatBytes(this.reader.fetched)} of ${formatBytes(this.reader.byteLength)} in ${this.reader.requests} GET(s) so far`,
    };
  }

  /** Reads rows [from, to): hyparquet decodes whole data pages; all of what it decoded is kept for the next pages. */
  private async read(names: string[], from: number, to: number): Promise<Row[]> {
    const { parquetRead } = await import('hyparquet');
    const decoded = new Map<string, DecodedColumn>();
    const onChunk = (c: ColumnData) => {
      const runs = decoded.get(c.columnName) ?? [];
      runs.push({ rowStart: c.rowStart, rowEnd: c.rowEnd, data: c.columnData });
      decoded.set(c.columnName, runs);
    };
    try {
      await parquetRead({ file: this.file, metadata: this.metadata, rowStart: from, rowEnd: to, compressors: this.compressors, useOffsetIndex: true, onChunk });
    } catch (e) {
      if (e instanceof ShorelineError) throw e;
      throw unreadableParquet(this.spec, (e as Error).message);
    }
    for (const runs of decoded.values()) runs.sort((a, b) => a.rowStart - b.rowStart);
    const rows = rowsFromColumns(names, decoded, from, to);
    if (!rows) throw unreadableParquet(this.spec, `rows ${from}-${to - 1} were not all decoded`);
    let values = 0;
    for (const runs of decoded.values()) for (const r of runs) values += r.rowEnd - r.rowStart;
    this.decoded = values <= DECODED_KEEP_VALUES ? decoded : new Map();
    return rows;
  }
}
