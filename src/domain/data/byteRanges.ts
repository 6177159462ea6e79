/**
 * Byte ranges of an object read over ranged GETs: ranges asked for together are merged when they touch or lie close,
 * so one request fetches the column chunks a Parquet page needs instead of one request each.
 */

/** A half-open byte range [start, end). */
export interface ByteRange { start: number; end: number }

/**
 * The fewest ranges covering `ranges` where a gap of at most `maxGap` bytes between two ranges is read rather than
 * split into another request. Sorted by start; empty ranges are dropped.
 */
export function coalesceRanges(ranges: readonly ByteRange[], maxGap: number): ByteRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).map((r) => ({ start: r.start, end: r.end })).sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.start - last.end <= maxGap) last.end = Math.max(last.end, r.end);
    else out.push(r);
  }
  return out;
}
