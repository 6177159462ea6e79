/**
 * The WHERE filter of a PostgreSQL table in the Data viewer: a boolean SQL expression as the user typed it, put into
 * `SELECT … FROM <table> WHERE (\n<expression>\n) …` and run inside a READ ONLY transaction. Pure helpers only: finding
 * a `;` that would end the statement (outside strings, quoted identifiers, dollar quotes and comments), and mapping a
 * server error position in the wrapped statement back to the text the user typed.
 */
import { ShorelineError } from '../errors';

const IDENT = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Index of the first `;` of `sql` that is SQL (not inside '…', E'…', "…", $tag$…$tag$, -- or /* *\/), or -1.
 * An unterminated string or comment hides the rest of the text: the server reports that one itself.
 */
export function firstSemicolon(sql: string): number {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const prevIdent = i > 0 && IDENT.test(sql[i - 1]!);
    if (c === ';') return i;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; } else i++;
      }
    } else if (c === "'" || c === '"') {
      const escapes = c === "'" && prevIdent && /[eE]/.test(sql[i - 1]!) && !(i > 1 && IDENT.test(sql[i - 2]!));
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') { i += 2; continue; }
        if (sql[i] === c) {
          if (sql[i + 1] === c) { i += 2; continue; }
          break;
        }
        i++;
      }
      i++;
    } else if (c === '$' && !prevIdent) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      if (!tag) { i++; continue; }
      const end = sql.indexOf(tag[0], i + tag[0].length);
      if (end < 0) return -1;
      i = end + tag[0].length;
    } else i++;
  }
  return -1;
}

/** Whether only whitespace, `;` and comments remain. */
function onlyTrailing(rest: string): boolean {
  return /^(\s|;|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*$/.test(rest);
}

/**
 * The expression to put into `WHERE (…)`, or undefined when the text is empty (no filter). Trailing semicolons,
 * whitespace and comments are dropped; a `;` followed by more SQL is refused: the filter is one expression, not a
 * statement. Leading text is kept as typed, so server positions stay relative to it.
 */
export function whereExpression(text: string | undefined): string | undefined {
  if (text === undefined || onlyTrailing(text)) return undefined;
  const semi = firstSemicolon(text);
  if (semi < 0) return text.replace(/\s+$/, '');
  if (!onlyTrailing(text.slice(semi))) {
    const after = text.slice(semi + 1).trim().slice(0, 40);
    throw new ShorelineError('data.whereStatement', `The WHERE filter "${text.length > 80 ? `${text.slice(0, 79)}…` : text}" has a ";" at column ${semi + 1} followed by "${after}": a filter is one boolean expression, not several statements`,
      "remove the \";\" and what follows it (e.g. district = 'Alberta'); run other statements with \"Shoreline: Run SQL\"");
  }
  return text.slice(0, semi).replace(/\s+$/, '');
}

/** Length in characters as PostgreSQL counts positions (code points). */
export const sqlLength = (s: string): number => Array.from(s).length;

/**
 * A server error position (1-based, in the wrapped statement) as a position in the WHERE text, or undefined when it
 * points outside it (e.g. at the closing parenthesis the wrapper adds, for an expression with an unbalanced "(").
 */
export function positionInWhere(position: string | number | undefined, head: string, expression: string): number | undefined {
  const p = typeof position === 'string' ? Number(position) : position;
  if (p === undefined || !Number.isInteger(p)) return undefined;
  const rel = p - sqlLength(head);
  return rel >= 1 && rel <= sqlLength(expression) + 1 ? rel : undefined;
}
