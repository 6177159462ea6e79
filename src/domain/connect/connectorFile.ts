/**
 * Parses connector files (`*.connector.json`, or Java `.properties` as MSK Connect and `connect-standalone` use)
 * into the shared {@link ConnectorFile} model, with the position of every key and every syntax problem. Parsing
 * recovers from errors (a trailing comma, pasted typographic quotes) so the validator still sees the keys. Pure.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigIssue, ConnectorFile, SourcePosition } from './connectorModel';
import { lineStarts, positionAt, where } from './textPosition';
import { dashLooksLikeAscii, describeTypographic, scanTypography, typographicFix, type TypographicChar } from './pastedText';

/** The connector name a file implies when it names none: its base name without `.connector.json` / `.json` / `.properties`. */
export function connectorNameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const ext of ['.connector.json', '.connector.properties', '.json', '.properties']) {
    if (base.toLowerCase().endsWith(ext) && base.length > ext.length) return base.slice(0, -ext.length);
  }
  return base;
}

/** Parses by file name: `.properties` as Java properties, anything else as JSON (content starting `{` is always JSON). */
export function parseConnectorText(text: string, fileName: string): ConnectorFile {
  const looksJson = /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
  return /\.properties$/i.test(fileName) && !looksJson ? parseConnectorProperties(text, fileName) : parseConnectorFile(text, fileName);
}

// ---------------------------------------------------------------------------------------------------------- JSON

const SYNTAX_HINT: Record<string, string> = {
  InvalidSymbol: 'unexpected character; JSON values are "strings", numbers, true, false or null — quote the value or remove the character',
  InvalidNumberFormat: 'invalid number; quote the value (Connect reads every value as a string anyway)',
  PropertyNameExpected: 'expected a key in double quotes; write "key": "value"',
  ValueExpected: 'expected a value; add the value or remove the dangling key',
  ColonExpected: 'expected ":" after the key; write "key": "value"',
  CommaExpected: 'missing comma between entries; add "," at the end of the previous entry',
  CloseBraceExpected: 'the object is not closed; add the closing "}"',
  CloseBracketExpected: 'the array is not closed; add the closing "]"',
  EndOfFileExpected: 'unexpected text after the closing "}"; a connector file holds exactly one JSON object — remove the extra text',
  InvalidCommentToken: 'comments are not JSON and the Connect worker rejects them; remove the comment',
  UnexpectedEndOfComment: 'unterminated comment; remove it',
  UnexpectedEndOfString: 'the string is not closed; add the closing double quote (write a line break inside a string as \\n)',
  UnexpectedEndOfNumber: 'the number is cut off; complete it or quote the value',
  InvalidUnicode: 'invalid \\u escape; write \\u followed by four hex digits',
  InvalidEscapeCharacter: 'invalid escape; JSON knows only \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX — double a literal backslash (a regex "\\d+" is written "\\\\d+")',
  InvalidCharacter: 'raw control character (tab or line break) inside a string; write it as \\t or \\n',
};

interface JsonLex { strings: Array<[number, number]>; trailingCommas: number[] }

/** Just enough lexing to know which offsets are inside strings and where a comma is directly followed by `}` or `]`. */
function lexJson(text: string): JsonLex {
  const strings: Array<[number, number]> = [];
  const trailingCommas: number[] = [];
  let lastComma = -1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r') i += text[i] === '\\' ? 2 : 1;
      strings.push([start, Math.min(i + 1, text.length)]);
      i++;
      lastComma = -1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c !== undefined && /\s/.test(c)) {
      i++;
    } else {
      if (c === ',') lastComma = i;
      else {
        if ((c === '}' || c === ']') && lastComma >= 0) trailingCommas.push(lastComma);
        lastComma = -1;
      }
      i++;
    }
  }
  return { strings, trailingCommas };
}

function inRanges(ranges: ReadonlyArray<[number, number]>, offset: number): boolean {
  return ranges.some(([s, e]) => s < offset && offset < e);
}

interface PropRange { key: string; keyNode: Node; valueNode: Node | undefined }

function propertiesOf(obj: Node | undefined): PropRange[] {
  if (!obj || obj.type !== 'object') return [];
  const out: PropRange[] = [];
  for (const p of obj.children ?? []) {
    const keyNode = p.children?.[0];
    if (keyNode?.type !== 'string' || typeof keyNode.value !== 'string') continue;
    out.push({ key: keyNode.value, keyNode, valueNode: p.children?.[1] });
  }
  return out;
}

const WRAPPER_KEYS = new Set(['name', 'config', 'initial_state']);

/**
 * Parses a JSON connector file. Shape `wrapped` when the top level has a `config` object (what `POST /connectors`
 * takes), else `flat` (what `PUT /connectors/{name}/config` takes). Numbers and booleans become strings, as
 * Connect stores them; arrays, objects and null are reported and left out.
 */
export function parseConnectorFile(text: string, fileName: string): ConnectorFile {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors do not count the BOM as a column
  const starts = lineStarts(src);
  const pos = (offset: number): SourcePosition => positionAt(starts, offset);
  const issues: ConfigIssue[] = [];
  const syntax = (offset: number, message: string, field = '', severity: ConfigIssue['severity'] = 'error', rule = 'json.syntax'): void => {
    issues.push({ field, message, severity, rule, ...pos(offset) });
  };

  const lex = lexJson(src);
  const typographic = scanTypography(src).map((c) => ({ ...c, inString: inRanges(lex.strings, c.offset) }));
  // Same-length repair of pasted characters outside strings, so the parser recovers the keys and offsets stay valid.
  let repaired = src;
  if (typographic.some((c) => !c.inString)) {
    const chars = src.split('');
    for (const c of typographic) if (!c.inString) chars[c.offset] = c.ascii;
    repaired = chars.join('');
  }

  const parseErrors: ParseError[] = [];
  const root = parseTree(repaired, parseErrors, { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false });
  for (const offset of lex.trailingCommas) {
    syntax(offset, `Trailing comma at ${where(pos(offset))} after the last entry: JSON does not allow it and the Connect worker rejects the file; remove the comma`);
  }
  // One finding per offset: the parser's first error there is the cause, the rest follow from it.
  const byOffset = new Map<number, string[]>();
  for (const e of parseErrors) byOffset.set(e.offset, [...(byOffset.get(e.offset) ?? []), printParseErrorCode(e.error)]);
  const end = src.trimEnd().length;
  for (const [offset, codes] of [...byOffset].slice(0, 20)) {
    if (offset >= end && codes.some((c) => c === 'CloseBraceExpected' || c === 'CloseBracketExpected')) {
      const missing = codes.filter((c) => c === 'CloseBraceExpected' || c === 'CloseBracketExpected').map((c) => (c === 'CloseBraceExpected' ? '"}"' : '"]"'));
      syntax(offset, `The file ends at ${where(pos(offset))} before every object or array is closed; add the missing ${missing.join(' and ')}`);
      continue;
    }
    let code = codes[0] ?? '';
    let at = offset;
    if (code === 'InvalidEscapeCharacter') at += Math.max(0, src.slice(offset).search(/\\[^"\\/bfnrtu]/));
    const found = src.slice(at, at + 20).split(/\r?\n/)[0] ?? '';
    if (code === 'InvalidSymbol' && /^[A-Za-z_][\w.-]*\s*:/.test(found)) code = 'PropertyNameExpected'; // an unquoted key
    const shownAt = `${where(pos(at))}${found.trim() ? ` (at ${JSON.stringify(found.trim())})` : ''}`;
    syntax(at, `JSON syntax error at ${shownAt}: ${SYNTAX_HINT[code] ?? code}`);
  }

  const config: Record<string, string> = {};
  const positions: Record<string, SourcePosition> = {};
  let shape: ConnectorFile['shape'] = 'flat';
  let wrappedName: string | undefined;
  let entries: PropRange[] = [];

  if (!root || root.type !== 'object') {
    if (src.trim() !== '') syntax(root?.offset ?? 0, `The file must hold one JSON object ({"connector.class": …} or {"name": …, "config": {…}}), not ${root ? `a JSON ${root.type}` : 'this text'}; wrap the settings in { }`, '', 'error', 'json.shape');
    else syntax(0, 'The file is empty; add a JSON object with at least "connector.class"', '', 'error', 'json.shape');
  } else {
    const top = propertiesOf(root);
    const configProp = top.find((p) => p.key === 'config' && p.valueNode?.type === 'object');
    if (configProp) {
      shape = 'wrapped';
      entries = propertiesOf(configProp.valueNode);
      for (const p of top) {
        if (p.key === 'name') {
          if (p.valueNode?.type === 'string' && typeof p.valueNode.value === 'string') wrappedName = p.valueNode.value;
          else syntax(p.keyNode.offset, '"name" must be a string; write "name": "my-connector"', 'name', 'error', 'json.valueType');
        } else if (!WRAPPER_KEYS.has(p.key)) {
          const why = p.key === 'tasks' || p.key === 'type' ? 'it is part of the GET /connectors/{name} answer, not of a request' : 'POST /connectors reads only "name", "config" and "initial_state"';
          syntax(p.keyNode.offset, `Top-level key "${p.key}" is outside "config" and is ignored (${why}); move it into "config" or remove it`, p.key, 'warning', 'json.shape');
        }
      }
    } else {
      entries = top;
    }
  }

  for (const { key, keyNode, valueNode } of entries) {
    const at = pos(keyNode.offset);
    if (key in config || key in positions) {
      const first = positions[key];
      syntax(keyNode.offset, `"${key}" appears twice${first ? ` (first at ${where(first)})` : ''}; Connect keeps only the last value — remove one`, key, 'warning', 'json.duplicateKey');
    }
    positions[key] = at;
    if (!valueNode) continue; // the parser already reported the missing value
    switch (valueNode.type) {
      case 'string': config[key] = String(valueNode.value); break;
      case 'number': config[key] = src.slice(valueNode.offset, valueNode.offset + valueNode.length); break;
      case 'boolean': config[key] = valueNode.value === true ? 'true' : 'false'; break;
      case 'null':
        delete config[key];
        syntax(keyNode.offset, `"${key}" is null; Connect treats it as unset, so the default applies — remove the key or give it a value`, key, 'warning', 'json.valueType');
        break;
      case 'array': {
        delete config[key];
        const items = valueNode.children ?? [];
        const scalar = items.every((c) => c.type === 'string' || c.type === 'number' || c.type === 'boolean');
        const joined = scalar ? items.map((c) => (c.type === 'number' ? src.slice(c.offset, c.offset + c.length) : String(c.value))).join(',') : undefined;
        issues.push({
          field: key, severity: 'error', rule: 'json.valueType', ...at,
          message: `"${key}" is a JSON array; Connect config values are strings — write a comma-separated string${joined !== undefined ? ` ("${joined}")` : ''}`,
          ...(joined !== undefined ? { suggestion: joined } : {}),
        });
        break;
      }
      default:
        delete config[key];
        syntax(keyNode.offset, `"${key}" is a JSON object; Connect config values are strings — flatten it into dotted keys ("${key}.…": "…")${shape === 'flat' && key === 'config' ? ', or make "config" an object next to "name"' : ''}`, key, 'error', 'json.valueType');
    }
  }

  issues.push(...typographicIssues(typographic, src, pos, [...(root ? propertiesOf(root) : []), ...(shape === 'wrapped' ? entries : [])]));
  const name = wrappedName ?? config['name'] ?? connectorNameFromFileName(fileName);
  return { shape, name, config, positions, syntaxIssues: sortIssues(issues) };
}

function typographicIssues(
  chars: Array<TypographicChar & { inString: boolean }>, src: string, pos: (o: number) => SourcePosition, props: PropRange[],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const outsideByLine = new Map<number, TypographicChar[]>();
  for (const c of chars) {
    if (!c.inString) {
      const line = pos(c.offset).line;
      outsideByLine.set(line, [...(outsideByLine.get(line) ?? []), c]);
      continue;
    }
    const prop = props.find((p) => p.keyNode.offset < c.offset && c.offset < p.keyNode.offset + p.keyNode.length);
    if (prop) {
      out.push({ field: prop.key, severity: 'error', rule: 'json.smartQuotes', ...pos(c.offset), message: `The key "${prop.key}" contains a ${describeTypographic(c)}, so Connect sees a different key; ${typographicFix(c, true)}` });
      continue;
    }
    const owner = props.find((p) => p.valueNode && p.valueNode.offset < c.offset && c.offset < p.valueNode.offset + p.valueNode.length);
    if (!owner) continue;
    if (c.kind === 'dash' && !dashLooksLikeAscii(src, c.offset)) continue; // punctuation inside prose
    out.push({ field: owner.key, severity: 'warning', rule: 'json.smartQuotes', ...pos(c.offset), message: `The value of "${owner.key}" contains a ${describeTypographic(c)} at ${where(pos(c.offset))}, typical of text pasted from a web page; ${typographicFix(c, true)}` });
  }
  for (const [, list] of outsideByLine) {
    const first = list[0];
    if (!first) continue;
    const names = [...new Set(list.map(describeTypographic))].join(', ');
    out.push({ field: '', severity: 'error', rule: 'json.smartQuotes', ...pos(first.offset), message: `${names} at ${where(pos(first.offset))} ${list.length > 1 ? 'are' : 'is'} not JSON syntax (pasted from a web page?); ${typographicFix(first, true)}` });
  }
  return out;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

// ---------------------------------------------------------------------------------------------------- properties

interface LogicalLine { chars: string; offsets: number[] }

/** Java `Properties.load` logical lines: comments and blank lines dropped, `\` continuations joined. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  let cur: LogicalLine | undefined;
  while (i <= text.length) {
    let end = i;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    let s = i;
    while (s < end && /[ \t\f]/.test(text[s] ?? '')) s++;
    const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    if (!cur && (s === end || text[s] === '#' || text[s] === '!')) { i = next; if (end >= text.length) break; continue; }
    let slashes = 0;
    while (end - 1 - slashes >= s && text[end - 1 - slashes] === '\\') slashes++;
    const contEnd = slashes % 2 === 1 ? end - 1 : end;
    cur ??= { chars: '', offsets: [] };
    for (let k = s; k < contEnd; k++) { cur.chars += text[k]; cur.offsets.push(k); }
    if (slashes % 2 === 0 || end >= text.length) { out.push(cur); cur = undefined; }
    if (end >= text.length) break;
    i = next;
  }
  if (cur) out.push(cur);
  return out;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeProperty(raw: string): { value: string; bad?: string } {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c !== '\\') { out += c; continue; }
    const n = raw[++i] ?? '';
    if (n === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { value: out, bad: `\\u${hex}` };
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else out += ESCAPES[n] ?? n;
  }
  return { value: out };
}

/** One `key=value` entry of `.properties` text: unescaped key and value, and their offsets (end exclusive). */
export interface PropertyEntry {
  key: string;
  value: string;
  /** Malformed `\\u` escapes in the key and the value. */
  bad: string[];
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** The entries of `.properties` text (without a BOM), in file order; comments and blank lines skipped. */
export function propertyEntries(src: string): PropertyEntry[] {
  const out: PropertyEntry[] = [];
  for (const line of logicalLines(src)) {
    const s = line.chars;
    let k = 0;
    while (k < s.length && !/[=: \t\f]/.test(s[k] ?? '')) k += s[k] === '\\' ? 2 : 1;
    k = Math.min(k, s.length);
    let v = k;
    while (v < s.length && /[ \t\f]/.test(s[v] ?? '')) v++;
    if (s[v] === '=' || s[v] === ':') v++;
    while (v < s.length && /[ \t\f]/.test(s[v] ?? '')) v++;
    const keyOffset = line.offsets[0] ?? 0;
    const key = unescapeProperty(s.slice(0, k));
    const value = unescapeProperty(s.slice(v));
    const off = (idx: number): number => line.offsets[idx] ?? (line.offsets[line.offsets.length - 1] ?? keyOffset) + 1;
    const bad = [key.bad, value.bad].filter((b): b is string => b !== undefined);
    out.push({ key: key.value, value: value.value, bad, keyStart: keyOffset, keyEnd: off(k), valueStart: off(v), valueEnd: off(s.length) });
  }
  return out;
}

/** Parses Java `.properties` text (`key=value`, `key: value` or `key value`); shape `flat`, positions per key. */
export function parseConnectorProperties(text: string, fileName: string): ConnectorFile {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors do not count the BOM as a column
  const starts = lineStarts(src);
  const pos = (offset: number): SourcePosition => positionAt(starts, offset);
  const config: Record<string, string> = {};
  const positions: Record<string, SourcePosition> = {};
  const issues: ConfigIssue[] = [];
  const spans: PropertyEntry[] = [];

  for (const e of propertyEntries(src)) {
    const keyOffset = e.keyStart;
    for (const bad of e.bad) {
      issues.push({ field: e.key, severity: 'error', rule: 'properties.syntax', ...pos(keyOffset), message: `Malformed escape ${bad} on ${where(pos(keyOffset))}: Java refuses to load the whole file; write \\u followed by four hex digits, or \\\\ for a backslash` });
    }
    if (e.key === '') {
      issues.push({ field: '', severity: 'warning', rule: 'properties.syntax', ...pos(keyOffset), message: `Line ${pos(keyOffset).line} has a value but no key; write key=value` });
      continue;
    }
    if (e.key in config) {
      const first = positions[e.key];
      issues.push({ field: e.key, severity: 'warning', rule: 'json.duplicateKey', ...pos(keyOffset), message: `"${e.key}" appears twice${first ? ` (first at ${where(first)})` : ''}; the last value wins — remove one` });
    }
    config[e.key] = e.value;
    positions[e.key] = pos(keyOffset);
    spans.push(e);
  }

  for (const c of scanTypography(src)) {
    const span = spans.find((sp) => sp.keyStart <= c.offset && c.offset < sp.valueEnd);
    if (!span) continue; // comments may say anything
    if (c.offset < span.keyEnd) {
      issues.push({ field: span.key, severity: 'error', rule: 'json.smartQuotes', ...pos(c.offset), message: `The key "${span.key}" contains a ${describeTypographic(c)}, so Connect sees a different key; ${typographicFix(c, false)}` });
    } else if (c.offset >= span.valueStart && (c.kind !== 'dash' || dashLooksLikeAscii(src, c.offset))) {
      issues.push({ field: span.key, severity: 'warning', rule: 'json.smartQuotes', ...pos(c.offset), message: `The value of "${span.key}" contains a ${describeTypographic(c)} at ${where(pos(c.offset))}, typical of text pasted from a web page; ${typographicFix(c, false)}` });
    }
  }
  return { shape: 'flat', name: config['name'] ?? connectorNameFromFileName(fileName), config, positions, syntaxIssues: sortIssues(issues) };
}

// ------------------------------------------------------------------------------------------------------ REST

/** The connector as the REST API takes it: the name and the flat string map. */
export function restPayload(file: ConnectorFile): { name: string; config: Record<string, string> } {
  return { name: file.name, config: { ...file.config } };
}

/** One Connect REST call, described so a front end can run it or print it as curl. */
export interface ConnectorRestCall { method: 'PUT' | 'POST'; path: string; body: unknown; description: string }

/**
 * The REST call that matches the file's shape as written: a `flat` file is the body of
 * `PUT /connectors/{name}/config` (create or replace; idempotent), a `wrapped` file the body of `POST /connectors`
 * (create only; 409 if the name exists). Either shape can be applied with PUT using {@link restPayload}.
 */
export function restCallFor(file: ConnectorFile): ConnectorRestCall {
  const { name, config } = restPayload(file);
  if (file.shape === 'wrapped') {
    return { method: 'POST', path: '/connectors', body: { name, config }, description: `POST /connectors with {"name": "${name}", "config": {…}} creates the connector; it fails with 409 Conflict if "${name}" already exists (use PUT /connectors/${name}/config to update)` };
  }
  return { method: 'PUT', path: `/connectors/${encodeURIComponent(name)}/config`, body: config, description: `PUT /connectors/${name}/config with the flat config map creates "${name}" or replaces its whole config` };
}
