/**
 * Decoding Kafka records for people: keys and values as JSON (pretty), text, or bytes (hex / base64); tombstones
 * marked; Debezium change envelopes (op c/u/d/r/t with before/after) summarised as a readable change. Pure: runs in
 * the extension host, the CLI and the webview.
 */
import type { SchemaRef } from './avroDecoding';
import { isPrintable, toBase64, toHex, utf8OrUndefined } from './bytesText';
import { summarizeChange, type ChangeEvent } from './debeziumEnvelope';
import type { RawMessage } from './kafkaModel';

/**
 * A record as Shoreline keeps it (the ring buffer holds these): text where the bytes are UTF-8, base64 otherwise.
 * Compact on purpose: a million of these must fit in a few hundred MB.
 */
export interface StoredMessage {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  /** Set when key / value are base64 of bytes that are not printable UTF-8. */
  keyBinary?: true;
  valueBinary?: true;
  headers: Array<[string, string]>;
  /** Set when the key / value was Avro in the schema-registry wire format: the schema, and `error` when it did not decode (then the bytes stay). */
  keySchema?: SchemaRef;
  valueSchema?: SchemaRef;
}

export type BytesDisplay = 'hex' | 'base64';

export interface DecodedPayload {
  kind: 'null' | 'json' | 'string' | 'bytes';
  /** What to show: pretty JSON, the text, or the bytes as hex / base64. */
  text: string;
  /** The parsed value, for kind json. */
  json?: unknown;
  /** Size in bytes (UTF-8 length for text). */
  size: number;
  /** For bytes in the Confluent Schema Registry wire format (magic 0 + 4-byte id): the schema id. */
  schemaId?: number;
  /** Avro decoded with the registry's schema: its subject, when the registry says. */
  subject?: string;
  /** Why Avro decoding failed (registry unreachable, unknown id, other schema); the payload is shown as bytes. */
  error?: string;
}

export type MessageKind = 'record' | 'tombstone' | 'change';

export interface DecodedMessage {
  partition: number;
  offset: number;
  timestamp: number;
  key: DecodedPayload;
  value: DecodedPayload;
  headers: Array<{ key: string; value: string }>;
  /** tombstone: null value (deletes the key on compacted topics); change: a Debezium envelope. */
  kind: MessageKind;
  change?: ChangeEvent;
}

/** Raw record → stored form: UTF-8 text when it is printable text, else base64 flagged as binary. */
export function toStored(raw: RawMessage): StoredMessage {
  const m: StoredMessage = { partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp, key: null, value: null, headers: [] };
  if (raw.key) { const t = text(raw.key); m.key = t.text; if (t.binary) m.keyBinary = true; }
  if (raw.value) { const t = text(raw.value); m.value = t.text; if (t.binary) m.valueBinary = true; }
  for (const h of raw.headers) m.headers.push([h.key, h.value ? text(h.value).text : '']);
  return m;
}

/** Bytes in the stored form: the UTF-8 text when it is printable, else base64 with `binary` set. */
export function storedText(bytes: Uint8Array): { text: string; binary: boolean } { return text(bytes); }

function text(bytes: Uint8Array): { text: string; binary: boolean } {
  const t = utf8OrUndefined(bytes);
  if (t !== undefined && isPrintable(t)) return { text: t, binary: false };
  return { text: toBase64(bytes), binary: true };
}

/** Stored record → what a person reads. */
export function decodeMessage(m: StoredMessage, opts: { bytes?: BytesDisplay } = {}): DecodedMessage {
  const key = withSchema(decodePayload(m.key, m.keyBinary === true, opts.bytes), m.keySchema);
  const value = withSchema(decodePayload(m.value, m.valueBinary === true, opts.bytes), m.valueSchema);
  const out: DecodedMessage = {
    partition: m.partition, offset: m.offset, timestamp: m.timestamp, key, value,
    headers: m.headers.map(([k, v]) => ({ key: k, value: v })),
    kind: value.kind === 'null' ? 'tombstone' : 'record',
  };
  if (value.kind === 'json') {
    const change = summarizeChange(value.json, key.kind === 'json' ? key.json : undefined);
    if (change) { out.kind = 'change'; out.change = change; }
  }
  return out;
}

function withSchema(p: DecodedPayload, ref: SchemaRef | undefined): DecodedPayload {
  if (!ref) return p;
  p.schemaId = ref.id;
  if (ref.subject) p.subject = ref.subject;
  if (ref.error) p.error = ref.error;
  return p;
}

/** One payload: null, JSON (pretty), text, or bytes. */
export function decodePayload(stored: string | null, binary: boolean, bytes: BytesDisplay = 'hex'): DecodedPayload {
  if (stored === null) return { kind: 'null', text: '(null)', size: 0 };
  if (binary) {
    const raw = fromBase64(stored);
    const out: DecodedPayload = { kind: 'bytes', text: bytes === 'hex' ? toHex(raw) : stored, size: raw.length };
    if (raw.length >= 5 && raw[0] === 0) out.schemaId = ((raw[1]! << 24) | (raw[2]! << 16) | (raw[3]! << 8) | raw[4]!) >>> 0;
    return out;
  }
  const size = utf8Length(stored);
  const trimmed = stored.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
    try {
      const json: unknown = JSON.parse(stored);
      return { kind: 'json', text: JSON.stringify(json, null, 2), json, size };
    } catch { /* text that merely starts like JSON */ }
  }
  return { kind: 'string', text: stored, size };
}

/** One-line form for lists and the CLI: the change summary, "(tombstone)", or the value cut to `max` characters. */
export function messageSummary(d: DecodedMessage, max = 160): string {
  if (d.kind === 'tombstone') return '(tombstone: null value)';
  if (d.change) return d.change.summary;
  const t = d.value.kind === 'json' ? JSON.stringify(d.value.json) : d.value.kind === 'bytes' ? `bytes ${d.value.size} B${d.value.error ? ` (${d.value.error})` : ''}: ${d.value.text}` : d.value.text;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; } else n += 3;
  }
  return n;
}

const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => { t[c.charCodeAt(0)] = i; });
  return t;
})();

export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, j = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64_INDEX[clean.charCodeAt(i)] ?? -1;
    if (v < 0) continue;
    acc = (acc << 6) | v; bits += 6;
    if (bits >= 8) { bits -= 8; out[j++] = (acc >> bits) & 0xff; }
  }
  return out.subarray(0, j);
}
