/**
 * The record model the SMT preview works on: a Kafka Connect record (topic, partition, offset, timestamp, key,
 * value, headers) with optional Connect schemas in the JSON form JsonConverter writes (`schemas.enable=true`).
 * Values are kept as JsonConverter would print them: a Timestamp is epoch milliseconds, a Date days since the epoch.
 * Pure.
 */
import { ShorelineError } from '../errors';

export type SchemaType = 'int8' | 'int16' | 'int32' | 'int64' | 'float' | 'double' | 'boolean' | 'string' | 'bytes' | 'array' | 'map' | 'struct';

const SCHEMA_TYPES: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes', 'array', 'map', 'struct'];

/** A Connect schema as JsonConverter writes it (`{"type":"struct","fields":[…],"optional":false,"name":…}`). */
export interface ConnectSchema {
  type: SchemaType;
  optional?: boolean;
  name?: string;
  version?: number;
  doc?: string;
  parameters?: Record<string, string>;
  default?: unknown;
  fields?: ConnectField[];
  items?: ConnectSchema;
  keys?: ConnectSchema;
  values?: ConnectSchema;
}

export interface ConnectField extends ConnectSchema { field: string }

export const LOGICAL = {
  timestamp: 'org.apache.kafka.connect.data.Timestamp',
  date: 'org.apache.kafka.connect.data.Date',
  time: 'org.apache.kafka.connect.data.Time',
  decimal: 'org.apache.kafka.connect.data.Decimal',
} as const;

/**
 * A `java.util.Date` in a schemaless value (what TimestampConverter writes for Date/Time/Timestamp targets when the
 * record has no schema). Printed as ISO-8601.
 */
export class JavaDate {
  constructor(readonly epochMillis: number) {}
  toJSON(): string { return new Date(this.epochMillis).toISOString(); }
}

export interface ConnectHeader { key: string; value: unknown; schema?: ConnectSchema }

/** One record as a transformation sees it. `offset` exists only on records a sink task consumed. */
export interface SmtRecord {
  topic: string;
  partition: number | null;
  offset: number | null;
  timestamp: number | null;
  key: unknown;
  keySchema: ConnectSchema | null;
  value: unknown;
  valueSchema: ConnectSchema | null;
  headers: ConnectHeader[];
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JavaDate);

/** Deep copy that keeps {@link JavaDate}s. */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneValue(x)])) as T;
  return v;
}

export function cloneRecord(r: SmtRecord): SmtRecord {
  return {
    ...r, key: cloneValue(r.key), value: cloneValue(r.value), keySchema: cloneValue(r.keySchema), valueSchema: cloneValue(r.valueSchema),
    headers: r.headers.map((h) => ({ ...h, value: cloneValue(h.value) })),
  };
}

export const isOptional = (s: ConnectSchema | null | undefined): boolean => s?.optional === true;

export function fieldOf(schema: ConnectSchema | null | undefined, name: string): ConnectField | undefined {
  return schema?.type === 'struct' ? schema.fields?.find((f) => f.field === name) : undefined;
}

/** The schema of a struct field without its `field` name. */
export function fieldSchema(f: ConnectField): ConnectSchema {
  const schema: Partial<ConnectField> = { ...f };
  delete schema.field;
  return schema as ConnectSchema;
}

export const withField = (name: string, schema: ConnectSchema): ConnectField => ({ ...schema, field: name });

/** A struct schema with the same name, version, doc and parameters and other fields (Kafka's SchemaUtil.copySchemaBasics). */
export function copyStructBasics(schema: ConnectSchema, fields: ConnectField[]): ConnectSchema {
  const out: ConnectSchema = { type: 'struct', fields, optional: schema.optional ?? false };
  if (schema.name !== undefined) out.name = schema.name;
  if (schema.version !== undefined) out.version = schema.version;
  if (schema.doc !== undefined) out.doc = schema.doc;
  if (schema.parameters !== undefined) out.parameters = schema.parameters;
  return out;
}

/**
 * The Java class Connect holds a value as (for error messages): schemaless data as JsonConverter reads it (whole
 * numbers `Long`, others `Double`, objects `HashMap`), schema'd data by its schema type.
 */
export function javaClass(value: unknown, schema?: ConnectSchema | null): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof JavaDate) return 'java.util.Date';
  if (schema) {
    if (schema.name === LOGICAL.timestamp || schema.name === LOGICAL.date || schema.name === LOGICAL.time) return 'java.util.Date';
    if (schema.name === LOGICAL.decimal) return 'java.math.BigDecimal';
    const byType: Record<SchemaType, string> = {
      int8: 'java.lang.Byte', int16: 'java.lang.Short', int32: 'java.lang.Integer', int64: 'java.lang.Long', float: 'java.lang.Float', double: 'java.lang.Double',
      boolean: 'java.lang.Boolean', string: 'java.lang.String', bytes: 'byte[]', array: 'java.util.ArrayList', map: 'java.util.HashMap', struct: 'org.apache.kafka.connect.data.Struct',
    };
    return byType[schema.type];
  }
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.HashMap';
}

/** The schema type Connect infers for a schemaless value (ConnectSchema.schemaType), or undefined (e.g. java.util.Date). */
export function inferredType(value: unknown): SchemaType | undefined {
  if (value instanceof JavaDate) return undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'double';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'map';
  return undefined;
}

// ------------------------------------------------------------------------------------------------- parsing samples

function sampleError(message: string, fix = 'give a record {"topic", "key", "value", "headers", …}, a JsonConverter {"schema", "payload"} envelope, or any JSON value'): ShorelineError {
  return new ShorelineError('smt.badSample', message, fix);
}

function parseSchema(raw: unknown, path: string): ConnectSchema {
  if (!isPlainObject(raw) || typeof raw.type !== 'string') throw sampleError(`${path} is not a Connect schema (it needs a "type")`);
  const type = raw.type as SchemaType;
  if (!SCHEMA_TYPES.includes(type)) throw sampleError(`${path}.type is "${raw.type}"; JsonConverter schema types are ${SCHEMA_TYPES.join(', ')}`);
  const s: ConnectSchema = { type, optional: raw.optional === true };
  if (typeof raw.name === 'string') s.name = raw.name;
  if (typeof raw.version === 'number') s.version = raw.version;
  if (typeof raw.doc === 'string') s.doc = raw.doc;
  if (isPlainObject(raw.parameters)) s.parameters = Object.fromEntries(Object.entries(raw.parameters).map(([k, v]) => [k, String(v)]));
  if ('default' in raw) s.default = raw.default;
  if (type === 'struct') {
    if (!Array.isArray(raw.fields)) throw sampleError(`${path} is a struct without "fields"`);
    s.fields = raw.fields.map((f, i) => {
      if (!isPlainObject(f) || typeof f.field !== 'string') throw sampleError(`${path}.fields[${i}] has no "field" name`);
      return withField(f.field, parseSchema(f, `${path}.fields[${i}]`));
    });
  }
  if (type === 'array') s.items = parseSchema(raw.items, `${path}.items`);
  if (type === 'map') { s.keys = parseSchema(raw.keys, `${path}.keys`); s.values = parseSchema(raw.values, `${path}.values`); }
  return s;
}

/** `{"schema": …, "payload": …}` exactly, as JsonConverter writes with schemas enabled. */
export function isSchemaEnvelope(v: unknown): v is { schema: unknown; payload: unknown } {
  return isPlainObject(v) && Object.keys(v).length === 2 && 'schema' in v && 'payload' in v;
}

function schemaAndValue(raw: unknown, path: string): { value: unknown; schema: ConnectSchema | null } {
  if (isSchemaEnvelope(raw)) return { value: cloneValue(raw.payload), schema: raw.schema === null ? null : parseSchema(raw.schema, `${path}.schema`) };
  return { value: cloneValue(raw), schema: null };
}

const RECORD_KEYS = ['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers', 'keySchema', 'valueSchema'];

/** Whether JSON looks like a whole record rather than just a value: it has "value" and only record keys. */
export function looksLikeRecord(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && 'value' in v && Object.keys(v).every((k) => RECORD_KEYS.includes(k));
}

function optionalInt(raw: unknown, name: string): number | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw sampleError(`"${name}" is ${JSON.stringify(raw)}; give a whole number or null`);
  return raw;
}

function parseHeaders(raw: unknown): ConnectHeader[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) {
    return raw.map((h, i) => {
      if (!isPlainObject(h) || typeof h.key !== 'string') throw sampleError(`headers[${i}] needs a "key"`, 'write headers as {"name": value} or [{"key": "name", "value": …}]');
      return { key: h.key, value: cloneValue(h.value ?? null) };
    });
  }
  if (isPlainObject(raw)) return Object.entries(raw).map(([key, value]) => ({ key, value: cloneValue(value) }));
  throw sampleError('"headers" must be an object or a list', 'write headers as {"name": value} or [{"key": "name", "value": …}]');
}

/**
 * Reads a sample: a whole record (`{"topic", "partition", "offset", "timestamp", "key", "value", "headers"}`, key and
 * value optionally as `{"schema", "payload"}` envelopes), a bare envelope, or any other JSON taken as a schemaless
 * value. `defaultTopic` fills a missing topic.
 */
export function parseSampleRecord(json: unknown, defaultTopic: string): SmtRecord {
  if (!looksLikeRecord(json)) {
    const { value, schema } = schemaAndValue(json, 'value');
    return { topic: defaultTopic, partition: 0, offset: 0, timestamp: null, key: null, keySchema: null, value, valueSchema: schema, headers: [] };
  }
  if (json.topic !== undefined && (typeof json.topic !== 'string' || json.topic === '')) throw sampleError(`"topic" is ${JSON.stringify(json.topic)}; give a topic name`);
  const key = schemaAndValue(json.key ?? null, 'key');
  const value = schemaAndValue(json.value, 'value');
  return {
    topic: typeof json.topic === 'string' ? json.topic : defaultTopic,
    partition: optionalInt(json.partition, 'partition'),
    offset: optionalInt(json.offset, 'offset'),
    timestamp: optionalInt(json.timestamp, 'timestamp'),
    key: key.value, keySchema: json.keySchema !== undefined ? parseSchema(json.keySchema, 'keySchema') : key.schema,
    value: value.value, valueSchema: json.valueSchema !== undefined ? parseSchema(json.valueSchema, 'valueSchema') : value.schema,
    headers: parseHeaders(json.headers),
  };
}

/** Parses sample text (a file or the clipboard) as JSON, naming the problem when it is not. */
export function parseSampleText(text: string, defaultTopic: string, origin: string): SmtRecord {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw sampleError(`${origin} is not JSON (${e instanceof Error ? e.message : String(e)})`, 'give one JSON record or value, e.g. {"topic": "t", "value": {"id": 1}}');
  }
  return parseSampleRecord(json, defaultTopic);
}
