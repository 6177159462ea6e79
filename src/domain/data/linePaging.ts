/**
 * Pages of a JSON Lines or CSV object read over ranged GETs, without reading the object whole: from a known record
 * start, bytes are read forward in chunks until the page's records are complete (a record is one line; in CSV a quoted
 * field may hold line breaks). The byte offset of every page start seen (and of every {@link CHECKPOINT_ROWS}th
 * record) is remembered, so Next and Previous start reading where their page starts. Blank lines are not records.
 * Pure: the caller hands in the function that reads bytes.
 */
import { ShorelineError } from '../errors';

/** Where a record starts: its 0-based record number, byte offset and 1-based line number. */
export interface RecordCheckpoint { row: number; byte: number; line: number }

/** One record of a page: its text (without the line break), and where it is in the object. */
export interface PagedRecord { text: string; row: number; line: number; byte: number }

/** Known record starts, sorted by record number. */
export class RecordIndex {
  private readonly points: RecordCheckpoint[];

  constructor(first: RecordCheckpoint) {
    this.points = [first];
  }

  get size(): number { return this.points.length; }

  /** The last known record start at or before `row`. */
  floor(row: number): RecordCheckpoint {
    let lo = 0;
    let hi = this.points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.points[mid]!.row <= row) lo = mid; else hi = mid - 1;
    }
    return this.points[lo]!;
  }

  add(cp: RecordCheckpoint): void {
    const at = this.floor(cp.row);
    if (at.row === cp.row) return;
    this.points.splice(this.points.indexOf(at) + 1, 0, cp);
  }
}

/** While reading forward, a record start is remembered every this many records (besides every page start). */
export const CHECKPOINT_ROWS = 1000;
/** Bytes per ranged GET while reading forward (doubled while one record does not fit). */
export const RECORD_CHUNK_BYTES = 256 * 1024;
/** Reads grow up to this size while records before the page are skipped (a far page without a known start). */
export const SKIP_CHUNK_BYTES = 8 * 1024 * 1024;
/** A record longer than this is refused rather than buffered. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Index of the line feed that ends the record starting at `from`, or -1 when `bytes` does not hold its end. */
export function recordEnd(bytes: Uint8Array, from: number, csv: boolean): number {
  if (!csv) return bytes.indexOf(LF, from);
  let quoted = false;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted; // "" inside a quoted field toggles twice
    else if (b === LF && !quoted) return i;
  }
  return -1;
}

/** Whether bytes [from, to) are only spaces, tabs and carriage returns. */
export function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) return false;
  }
  return true;
}

function countLineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF, from); i >= 0 && i < to; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** Where the first record starts: after a UTF-8 byte order mark, if any. */
export function firstRecordByte(head: Uint8Array): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

export interface RecordPageOptions {
  /** First record of the page (0-based) and how many records it holds. */
  offset: number;
  limit: number;
  /** CSV: quoted fields may span lines. Otherwise JSON Lines: every line feed ends a record. */
  csv: boolean;
  /** The object, for errors (`s3://bucket/key`). */
  where: string;
  chunkBytes?: number;
  maxRecordBytes?: number;
}

/**
 * Reads the records [offset, offset + limit) of an object of `size` bytes, starting from the nearest known record
 * start; `hasMore` says whether a record follows the page. `read(start, end)` returns bytes [start, end).
 */
export async function readRecordPage(read: (start: number, end: number) => Promise<Uint8Array>, size: number, index: RecordIndex, opts: RecordPageOptions): Promise<{ records: PagedRecord[]; hasMore: boolean }> {
  const { offset, limit, csv } = opts;
  const maxRecord = opts.maxRecordBytes ?? MAX_RECORD_BYTES;
  let want = opts.chunkBytes ?? RECORD_CHUNK_BYTES;
  const decoder = new TextDecoder();
  let { row, byte: pos, line } = index.floor(offset);
  let buf = new Uint8Array(0);
  let bufStart = pos;
  const records: PagedRecord[] = [];
  for (;;) {
    const atEnd = bufStart + buf.length >= size;
    let i = pos - bufStart;
    while (i < buf.length) {
      const lf = recordEnd(buf, i, csv);
      if (lf < 0 && !atEnd) break;
      const next = lf < 0 ? buf.length : lf + 1;
      let end = lf < 0 ? buf.length : lf;
      if (end > i && buf[end - 1] === CR) end--;
      if (!isBlank(buf, i, end)) {
        const here = { row, byte: bufStart + i, line };
        if (records.length === limit) {
          index.add(here); // the next page starts here
          return { records, hasMore: true };
        }
        if (row === offset || row % CHECKPOINT_ROWS === 0) index.add(here);
        if (row >= offset) records.push({ ...here, text: decoder.decode(buf.subarray(i, end)) });
        row++;
      }
      line += csv ? countLineFeeds(buf, i, next) : lf < 0 ? 0 : 1;
      i = next;
    }
    pos = bufStart + i;
    if (atEnd) return { records, hasMore: false };
    const pending = buf.length - i;
    if (pending > maxRecord) {
      throw new ShorelineError('s3.recordTooLong', `${opts.where}: the record on line ${line} (byte ${pos}) is longer than ${maxRecord} bytes`, 'split the object into lines of reasonable size, or read it with "shoreline s3 cat"');
    }
    // grow the reads while one record does not fit, or while still skipping records before the page
    if (pending > want / 2 || (row < offset && want < SKIP_CHUNK_BYTES)) want *= 2;
    const bufEnd = bufStart + buf.length;
    const more = await read(bufEnd, Math.min(size, bufEnd + want));
    if (!more.byteLength) throw new ShorelineError('s3.shortRead', `${opts.where}: reading bytes from ${bufEnd} returned nothing before the object's end (${size} bytes)`, 'check whether the object is being rewritten, and open it again');
    const joined = new Uint8Array(pending + more.byteLength);
    joined.set(buf.subarray(i), 0);
    joined.set(more, pending);
    buf = joined;
    bufStart = pos;
  }
}
