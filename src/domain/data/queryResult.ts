/**
 * Query results as the Data explorers show them (SQL rows, Mongo documents, decoded S3 objects): a column list, rows
 * as plain JSON values, and whether a row limit cut them short. Pure: used by the services, the CLI and VS Code.
 */

/** One result set. `rowCount` is what the server reported (affected rows for DML), `truncated` when rows were cut at the limit. */
export interface QueryResult {
  columns: string[];
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  truncated: boolean;
  /** The statement's command tag (SELECT, INSERT, …) when known. */
  command?: string;
}

/** Rows a query returns unless asked otherwise: enough to look at, small enough to render. */
export const DEFAULT_ROW_LIMIT = 1000;

/** Cuts rows at `limit`; `rowCount` keeps the full count the server reported. */
export function truncateRows(rows: Array<Record<string, unknown>>, limit: number, rowCount = rows.length): Pick<QueryResult, 'rows' | 'rowCount' | 'truncated'> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`row limit must be a whole number ≥ 0, got ${limit}`);
  return { rows: rows.length > limit ? rows.slice(0, limit) : rows, rowCount, truncated: rows.length > limit };
}

/** The union of keys of documents, in first-seen order (Mongo documents and JSON lines have no fixed columns). */
export function columnsOf(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A cell as text: strings as is, null/undefined empty, everything else as compact JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break). */
export function toCsv(r: Pick<QueryResult, 'columns' | 'rows'>): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [r.columns.map(field).join(','), ...r.rows.map((row) => r.columns.map((c) => field(cellText(row[c]))).join(','))].join('\r\n') + '\r\n';
}

/** A Markdown table (pipes and line breaks in cells escaped), with a note when rows were cut. */
export function toMarkdownTable(r: QueryResult): string {
  if (!r.columns.length) return `_${r.command ?? 'OK'}: ${r.rowCount} row(s) affected_\n`;
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  const lines = [
    `| ${r.columns.map(cell).join(' | ')} |`,
    `| ${r.columns.map(() => '---').join(' | ')} |`,
    ...r.rows.map((row) => `| ${r.columns.map((c) => cell(cellText(row[c]))).join(' | ')} |`),
  ];
  const note = r.truncated ? `\n_first ${r.rows.length} of ${r.rowCount} rows_\n` : `\n_${r.rows.length} row(s)_\n`;
  return lines.join('\n') + '\n' + note;
}

/** A plain-text table for a terminal (columns padded, long cells cut at `width`). */
export function toTextTable(r: QueryResult, width = 60): string {
  if (!r.columns.length) return `${r.command ?? 'OK'} ${r.rowCount}`;
  const cut = (s: string) => (s.length > width ? s.slice(0, width - 1) + '…' : s).replace(/\r?\n/g, ' ');
  const body = r.rows.map((row) => r.columns.map((c) => cut(cellText(row[c]))));
  const widths = r.columns.map((c, i) => Math.max(c.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const tail = r.truncated ? `(first ${r.rows.length} of ${r.rowCount} rows; --limit N for more)` : `(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`;
  return [fmt(r.columns), ...body.map(fmt), tail].join('\n');
}
