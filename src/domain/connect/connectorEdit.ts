/**
 * Edits one config key of a connector file's text in place, the way a person would: the value is replaced where it
 * stands, a missing key is added at the end of the config object (or file), a cleared key is removed — everything
 * else (order, comments, indentation, line ends) stays as the user wrote it. Used by the connector form; the
 * schema is the one the form's webview boundary parses requests with. Pure.
 */
import { modify, parseTree, type Node } from 'jsonc-parser';
import { ShorelineError } from '../errors';
import { propertyEntries } from './connectorFile';
import type { ConfigEdit } from './connectorEditSchema';
import { lineStarts } from './textPosition';

export { configEditSchema, type ConfigEdit } from './connectorEditSchema';

/** A replacement of `length` characters at `offset` (in the text as given, BOM included). */
export interface TextEdit { offset: number; length: number; content: string }

export type ConnectorFormat = 'json' | 'properties';

/** The format of a connector file by name and content, as the parser decides it. */
export function connectorFormat(fileName: string, text: string): ConnectorFormat {
  return /\.properties$/i.test(fileName) && !/^\s*[{[]/.test(text.replace(/^\uFEFF/, '')) ? 'properties' : 'json';
}

/** The edits that apply `edit` to `text`; none when the text already says so. */
export function editConnectorText(text: string, format: ConnectorFormat, edit: ConfigEdit): TextEdit[] {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const src = bom ? text.slice(1) : text;
  const edits = format === 'json' ? editJson(src, edit) : editProperties(src, edit);
  return edits.map((e) => ({ ...e, offset: e.offset + bom }));
}

/** Applies edits (as returned above) to the text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.content + t.slice(e.offset + e.length), text);
}

// ---------------------------------------------------------------------------------------------------------- JSON

/** Indentation and line end the file already uses (two spaces and `\n` when it shows none). */
function detectLayout(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let tabSize = 0;
  for (const m of text.matchAll(/^([ \t]+)"/gm)) {
    const ws = m[1] ?? '';
    if (ws.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
    if (tabSize === 0 || ws.length < tabSize) tabSize = ws.length;
  }
  return { insertSpaces: true, tabSize: tabSize || 2, eol };
}

function configPath(root: Node): string[] {
  const config = root.children?.find((p) => p.children?.[0]?.value === 'config' && p.children?.[1]?.type === 'object');
  return config ? ['config'] : [];
}

function findValue(obj: Node | undefined, key: string): Node | undefined {
  return obj?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

function editJson(src: string, edit: ConfigEdit): TextEdit[] {
  const root = parseTree(src, [], { allowTrailingComma: true, disallowComments: false });
  if (src.trim() !== '' && root?.type !== 'object') {
    throw new ShorelineError('connect.editNotObject', `The file does not hold a JSON object, so "${edit.key}" cannot be set in it`, 'fix the JSON syntax shown in the Problems panel, then edit the field again');
  }
  let base = root ? configPath(root) : [];
  let obj = base.length ? findValue(root, 'config') : root;
  // a wrapped file names the connector at the top level, beside "config"
  if (base.length && edit.key === 'name' && !findValue(obj, 'name')) { base = []; obj = root; }
  const current = findValue(obj, edit.key);
  if (edit.value === null && !current) return [];
  let value: unknown = edit.value ?? undefined;
  if (current && edit.value !== null) {
    // keep the JSON type the user chose when the new value still fits it (Connect reads both as strings)
    if (current.type === 'string' && current.value === edit.value) return [];
    if (current.type === 'number' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(edit.value)) value = Number(edit.value);
    if (current.type === 'boolean' && (edit.value === 'true' || edit.value === 'false')) value = edit.value === 'true';
    if ((current.type === 'number' || current.type === 'boolean') && src.slice(current.offset, current.offset + current.length) === edit.value) return [];
  }
  return modify(src, [...base, edit.key], value, { formattingOptions: detectLayout(src) });
}

// ---------------------------------------------------------------------------------------------------- properties

/** Escapes a key or value for `.properties` (ISO-8859-1 as `Properties.load` reads it: others as `\uXXXX`). */
export function escapeProperty(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\f') out += '\\f';
    else if (isKey && (c === '=' || c === ':' || c === ' ' || ((c === '#' || c === '!') && i === 0))) out += `\\${c}`;
    else if (!isKey && c === ' ' && i === 0) out += '\\ ';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

function editProperties(src: string, edit: ConfigEdit): TextEdit[] {
  const entries = propertyEntries(src).filter((e) => e.key === edit.key);
  const last = entries[entries.length - 1]; // Properties.load keeps the last one
  const eol = src.includes('\r\n') ? '\r\n' : '\n';
  if (edit.value === null) {
    if (!last) return [];
    const starts = lineStarts(src);
    const lineOf = (offset: number): number => { let l = 0; while (l + 1 < starts.length && (starts[l + 1] ?? 0) <= offset) l++; return l; };
    // every occurrence goes, whole physical lines (continuations included)
    return entries.map((e) => {
      const from = starts[lineOf(e.keyStart)] ?? e.keyStart;
      const to = starts[lineOf(Math.max(e.valueEnd - 1, e.keyStart)) + 1] ?? src.length;
      return { offset: from, length: to - from, content: '' };
    }).reverse();
  }
  const escaped = escapeProperty(edit.value, false);
  if (last) {
    if (last.value === edit.value) return [];
    // `key` alone (no separator) needs one before the value
    const sep = last.valueStart === last.keyEnd ? '=' : '';
    return [{ offset: last.valueStart, length: last.valueEnd - last.valueStart, content: sep + escaped }];
  }
  const needsBreak = src.length > 0 && !src.endsWith('\n') && !src.endsWith('\r');
  return [{ offset: src.length, length: 0, content: `${needsBreak ? eol : ''}${escapeProperty(edit.key, true)}=${escaped}${eol}` }];
}
