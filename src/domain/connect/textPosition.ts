/** Offset ↔ 1-based line/column conversion for connector files. Pure. */
import type { SourcePosition } from './connectorModel';

/** Start offset of every line (`\n`, `\r\n` and lone `\r` end a line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
export function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** "line 3, column 7" */
export function where(p: SourcePosition): string {
  return `line ${p.line}, column ${p.column}`;
}
