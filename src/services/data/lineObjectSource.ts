/**
 * The Data viewer's source for JSON Lines and CSV objects too big to read whole: pages are read forward over ranged
 * GETs from the nearest known record start (domain/data/linePaging), so opening a 1 GB object reads its first
 * 256 KiB, Next and Previous read from where their page starts, and nothing is counted (the total stays unknown).
 * Gzipped objects, single JSON documents and plain text cannot be paged this way: they keep a clear error.
 */
import { inferColumns, pageBounds, parseCsv, type DataSourceSpec, type GridColumn, type PageRequest, type SourcePage } from '../../domain/data/dataGrid';
import { firstRecordByte, readRecordPage, RecordIndex, type PagedRecord } from '../../domain/data/linePaging';
import { sniffFormat } from '../../domain/data/objectFormat';
import { formatBytes } from '../../domain/data/s3Listing';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';
import type { RangeReader } from './s3RangeReader';

type Row = Record<string, unknown>;

export class LinePagedSource {
  private constructor(readonly spec: Extract<DataSourceSpec, { kind: 's3' }>, private readonly reader: RangeReader, private readonly kind: 'jsonl' | 'csv',
    private readonly index: RecordIndex, private readonly header: { text: string; columns: GridColumn[] } | undefined) {}

  /**
   * Opens an object bigger than `wholeMax` for paging: CSV by its key, JSON Lines by its key or, for a `.json` key, when
   * its first line is a whole JSON value (an S3 sink's one record per line); anything else is a clear error.
   */
  static async open(spec: Extract<DataSourceSpec, { kind: 's3' }>, reader: RangeReader, wholeMax: number): Promise<LinePagedSource> {
    const where = `s3://${spec.bucket}/${spec.key}`;
    const head = reader.opened.start === 0 ? reader.opened.bytes : new Uint8Array(await reader.slice(0, 64 * 1024));
    const format = sniffFormat(spec.key, head);
    const tooLarge = (why: string) => new ShorelineError('s3.tooLarge', `${where} is ${formatBytes(reader.byteLength)}: ${why}`,
      `read it with "shoreline s3 cat ${spec.bucket}/${spec.key}" instead; Parquet, and plain JSON Lines and CSV objects of any size page in the viewer`);
    if (format === 'gzip') throw tooLarge(`a gzipped object is read whole, up to ${formatBytes(wholeMax)}`);
    const csv = /\.csv$/i.test(spec.key);
    if (!csv && format !== 'jsonl' && format !== 'json') throw tooLarge(`only JSON Lines and CSV objects over ${formatBytes(wholeMax)} are paged by ranged reads`);
    const index = new RecordIndex({ row: 0, byte: firstRecordByte(head), line: 1 });
    const read = (start: number, end: number) => reader.slice(start, end).then((b) => new Uint8Array(b));
    const first = await readRecordPage(read, reader.byteLength, index, { offset: 0, limit: 1, csv, where });
    if (format === 'json' && !csv) {
      const line = first.records[0]?.text;
      let whole = false;
      try { whole = line !== undefined && JSON.parse(line) !== undefined; } catch { /* not one value per line */ }
      if (!whole) throw tooLarge(`a single JSON document is read whole, up to ${formatBytes(wholeMax)} (its first line is not a JSON value, so it is not JSON Lines)`);
    }
    let header;
    if (csv) {
      const text = first.records[0]?.text ?? '';
      header = { text, columns: parseCsv(text).columns.map((name) => ({ name, type: 'string' })) };
    }
    return new LinePagedSource(spec, reader, csv ? 'csv' : 'jsonl', index, header);
  }

  async fetch(req: PageRequest): Promise<SourcePage> {
    const where = `s3://${this.spec.bucket}/${this.spec.key}`;
    if (req.sort) throw new ShorelineError('data.notSortable', `${where} is ${formatBytes(this.reader.byteLength)} and read page by page: it cannot be sorted`, 'page through it in file order, or load it into PostgreSQL to sort');
    const { offset, limit } = pageBounds(req);
    const skip = this.header ? 1 : 0; // a CSV object's first record is its header
    const read = (start: number, end: number) => this.reader.slice(start, end).then((b) => new Uint8Array(b));
    const page = await readRecordPage(read, this.reader.byteLength, this.index, { offset: offset + skip, limit, csv: this.kind === 'csv', where });
    const rows = this.header ? this.csvRows(page.records, where) : page.records.map((r) => jsonRow(r, where));
    return {
      columns: this.header?.columns ?? inferColumns(rows), rows, hasMore: page.hasMore, sortable: false,
      note: `${this.kind === 'csv' ? 'CSV' : 'JSON Lines'}, ${formatBytes(this.reader.byteLength)}, paged by ranged reads (total not counted); read ${formatBytes(this.reader.fetched)} in ${this.reader.requests} GET(s) so far`,
    };
  }

  private csvRows(records: PagedRecord[], where: string): Row[] {
    if (!records.length) return [];
    try {
      return parseCsv(`${this.header!.text}\n${records.map((r) => r.text).join('\n')}`).rows;
    } catch (e) {
      throw new ShorelineError('s3.badObject', `${where} is not valid CSV between lines ${records[0]!.line} and ${records.at(-1)!.line}: ${(e as Error).message}`, 'check the writer\'s CSV settings');
    }
  }
}

function jsonRow(r: PagedRecord, where: string): Row {
  let d: unknown;
  try {
    d = JSON.parse(r.text);
  } catch (e) {
    throw new ShorelineError('s3.badObject', `${where}: line ${r.line} (byte ${r.byte}) is not JSON (${(e as Error).message})`, 'check the writer\'s format settings: JSON Lines holds one JSON value per line');
  }
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? toJsonValue(d) as Row : { value: toJsonValue(d) };
}
