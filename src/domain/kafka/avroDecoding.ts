/**
 * Avro in the Confluent Schema Registry wire format: magic byte 0, the schema id (4 bytes, big-endian), then the Avro
 * binary body. The schema comes from a registry lookup (the port is a plain function, so tests pass a fake one) and
 * is cached per decoder: schema ids never change meaning, so a decoder per cluster keeps every schema it has seen.
 * A failed lookup is remembered for a short while, so an unreachable registry costs one timeout, not one per record.
 *
 * Uses avsc (pure JavaScript Avro); this module is loaded by the extension host and the CLI only, never by a webview.
 */
import * as avsc from 'avsc';
import type { RawMessage } from './kafkaModel';
import type { StoredMessage } from './messageDecoding';

/** What a registry returns for `GET /schemas/ids/<id>` (plus, when known, the subject and version it is registered under). */
export interface RegistrySchema {
  schema: string;
  /** AVRO when absent (the Confluent API leaves it out for Avro). */
  schemaType?: string;
  subject?: string;
  version?: number;
}

/** Fetches one schema by id; rejects with an Error whose message is one line saying what failed (shown on the row). */
export type SchemaLookup = (id: number) => Promise<RegistrySchema>;

/** Which schema a key or value was decoded with, or why it could not be (the row then keeps the bytes). */
export interface SchemaRef {
  id: number;
  subject?: string;
  error?: string;
}

/** The schema id and the Avro body of framed bytes, or undefined when the bytes are not in the wire format. */
export function confluentFrame(bytes: Uint8Array): { schemaId: number; body: Uint8Array } | undefined {
  if (bytes.length < 5 || bytes[0] !== 0) return undefined;
  const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  return { schemaId, body: bytes.subarray(5) };
}

/** Frames an Avro body with a schema id (what a Confluent serializer writes). */
export function frameConfluent(schemaId: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 5);
  out[1] = (schemaId >>> 24) & 0xff; out[2] = (schemaId >>> 16) & 0xff; out[3] = (schemaId >>> 8) & 0xff; out[4] = schemaId & 0xff;
  out.set(body, 5);
  return out;
}

/** Avro longs as BigInt: avsc's default long type refuses values past 2^53 rather than round them. */
const BigLong = avsc.types.LongType.__with({
  fromBuffer: (b: Buffer) => b.readBigInt64LE(),
  toBuffer: (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; },
  fromJSON: (v: unknown) => BigInt(v as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** An avsc value as plain JSON: bytes/fixed as base64, longs as numbers (strings past 2^53), maps and records as objects. */
export function avroToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(avroToJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = avroToJson(x);
    return out;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // NaN / Infinity floats have no JSON form
  return v;
}

/** Decoded framed bytes: the schema used and the value as compact JSON text, or the schema id and why decoding failed. */
export interface AvroResult { ref: SchemaRef; json?: string }

interface Loaded { type: avsc.Type; subject?: string }

export interface AvroDecoderOptions {
  /** How long a failed lookup is remembered before it is tried again (default 30 s). */
  retryAfterMs?: number;
  now?: () => number;
}

/** Decodes framed Avro with schemas from one registry. One per cluster; safe to share between viewers and reads. */
export class AvroDecoder {
  private readonly loaded = new Map<number, Loaded>();
  private readonly failed = new Map<number, { reason: string; until: number }>();
  private readonly pending = new Map<number, Promise<void>>();
  private readonly now: () => number;
  private readonly retryAfterMs: number;

  constructor(private readonly lookup: SchemaLookup, opts: AvroDecoderOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.retryAfterMs = opts.retryAfterMs ?? 30_000;
  }

  /** Whether the schema of an id must still be fetched (not cached, no recent failure). */
  needs(id: number): boolean {
    if (this.loaded.has(id)) return false;
    const f = this.failed.get(id);
    return !f || f.until <= this.now();
  }

  /** Fetches the schemas of these ids that are not cached; never rejects (failures are kept as the rows' reason). */
  async load(ids: Iterable<number>): Promise<void> {
    const waits: Array<Promise<void>> = [];
    for (const id of new Set(ids)) {
      if (!this.needs(id)) continue;
      let p = this.pending.get(id);
      if (!p) {
        p = this.fetch(id).finally(() => this.pending.delete(id));
        this.pending.set(id, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  private async fetch(id: number): Promise<void> {
    try {
      const s = await this.lookup(id);
      const kind = (s.schemaType ?? 'AVRO').toUpperCase();
      if (kind !== 'AVRO') throw new Error(`schema id ${id}${s.subject ? ` (${s.subject})` : ''} is a ${kind} schema; Shoreline decodes Avro only`);
      let parsed: unknown;
      try { parsed = JSON.parse(s.schema); } catch { parsed = s.schema; } // a bare primitive name such as string
      let type: avsc.Type;
      try {
        type = avsc.Type.forSchema(parsed as avsc.Schema, { registry: { long: BigLong }, wrapUnions: 'auto' });
      } catch (e) {
        throw new Error(`schema id ${id} from the registry is not a valid Avro schema: ${oneLine(e)}`);
      }
      this.loaded.set(id, { type, ...(s.subject ? { subject: s.subject } : {}) });
      this.failed.delete(id);
    } catch (e) {
      this.failed.set(id, { reason: oneLine(e), until: this.now() + this.retryAfterMs });
    }
  }

  /** Decodes framed bytes with what is cached (call `load` first); undefined when the bytes are not framed. */
  decodeLoaded(bytes: Uint8Array): AvroResult | undefined {
    const frame = confluentFrame(bytes);
    if (!frame) return undefined;
    const id = frame.schemaId;
    const s = this.loaded.get(id);
    if (!s) {
      const why = this.failed.get(id)?.reason ?? `schema id ${id} has not been fetched`;
      return { ref: { id, error: why } };
    }
    const ref: SchemaRef = { id, ...(s.subject ? { subject: s.subject } : {}) };
    try {
      const body = Buffer.from(frame.body.buffer, frame.body.byteOffset, frame.body.length);
      const { value, offset } = s.type.decode(body, 0);
      if (offset < 0) return { ref: { ...ref, error: `the Avro body (${body.length} B) is shorter than schema id ${id} needs` } };
      if (offset !== body.length) return { ref: { ...ref, error: `schema id ${id} decodes ${offset} of the ${body.length} body bytes: the bytes were written with another schema` } };
      return { ref, json: JSON.stringify(avroToJson(value)) };
    } catch (e) {
      return { ref: { ...ref, error: `the bytes do not decode with schema id ${id}: ${oneLine(e)}` } };
    }
  }

  /** Fetches what is missing, then decodes. */
  async decode(bytes: Uint8Array): Promise<AvroResult | undefined> {
    const frame = confluentFrame(bytes);
    if (!frame) return undefined;
    await this.load([frame.schemaId]);
    return this.decodeLoaded(bytes);
  }

  /** The schema ids of a batch's framed binary keys and values that must still be fetched. */
  missing(raws: readonly RawMessage[]): number[] {
    const out = new Set<number>();
    for (const m of raws) {
      for (const b of [m.key, m.value]) {
        const f = b ? confluentFrame(b) : undefined;
        if (f && this.needs(f.schemaId)) out.add(f.schemaId);
      }
    }
    return [...out];
  }

  /**
   * Decodes the framed binary keys and values of a batch into its stored form (same order, same length): a decoded
   * payload becomes its JSON text with `keySchema` / `valueSchema` naming the schema; one that cannot be decoded keeps
   * its bytes and gets the reason in `error`. Call `load(missing(raws))` first, or use {@link annotate}.
   */
  annotateLoaded(raws: readonly RawMessage[], stored: StoredMessage[]): void {
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i]!, s = stored[i]!;
      if (r.value && s.valueBinary) {
        const d = this.decodeLoaded(r.value);
        if (d) {
          s.valueSchema = d.ref;
          if (d.json !== undefined) { s.value = d.json; delete s.valueBinary; }
        }
      }
      if (r.key && s.keyBinary) {
        const d = this.decodeLoaded(r.key);
        if (d) {
          s.keySchema = d.ref;
          if (d.json !== undefined) { s.key = d.json; delete s.keyBinary; }
        }
      }
    }
  }

  /** {@link annotateLoaded} after fetching the batch's missing schemas. */
  async annotate(raws: readonly RawMessage[], stored: StoredMessage[]): Promise<void> {
    const ids = this.missing(raws);
    if (ids.length) await this.load(ids);
    this.annotateLoaded(raws, stored);
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}
