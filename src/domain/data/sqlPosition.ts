/**
 * PostgreSQL reports a syntax error's place as `position`: a 1-based index in characters into the statement text.
 * Editors want a line and a column.
 */

export interface TextPosition { line: number; column: number }

/**
 * 1-based line and column of PostgreSQL's 1-based character `position` in `sql` (as a string, as pg returns it).
 * Undefined when there is no usable position. Counts code points like the server does, so astral characters
 * (emoji) before the error do not shift the column.
 */
export function sqlErrorPosition(sql: string, position: string | number | undefined): TextPosition | undefined {
  const p = typeof position === 'string' ? Number(position) : position;
  if (p === undefined || !Number.isInteger(p) || p < 1) return undefined;
  const chars = Array.from(sql);
  if (p > chars.length + 1) return undefined;
  let line = 1;
  let column = 1;
  for (let i = 0; i < p - 1; i++) {
    if (chars[i] === '\n') { line++; column = 1; } else if (chars[i] !== '\r') column++;
  }
  return { line, column };
}

/** `line 2, column 8` plus the offending line with a caret under the column. */
export function positionExcerpt(sql: string, pos: TextPosition): string {
  const text = (sql.split('\n')[pos.line - 1] ?? '').replace(/\r$/, '');
  return `line ${pos.line}, column ${pos.column}\n${text}\n${' '.repeat(Math.max(0, pos.column - 1))}^`;
}

/** A statement the server rejected, with the server's SQLSTATE and where in the statement (when it said). */
export interface SqlErrorInfo { message: string; sqlState?: string; position?: TextPosition; hint?: string; detail?: string }
