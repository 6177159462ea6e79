/**
 * Kafka's value-converting SMTs (4.x semantics): Cast, MaskField, Flatten and TimestampConverter. Java number
 * narrowing, `Double.toString`, SimpleDateFormat and the exact exception texts are reproduced; where Kafka's
 * behaviour is not certain (null keys/values, arrays inside Flatten, Decimal) the step reports NotReproducible. Pure.
 */
import { formatJavaDate, javaDoubleToString, javaFloatToString, NotReproducible, parseJavaDate } from './javaFormats';
import {
  copyStructBasics, fieldSchema, inferredType, isPlainObject, JavaDate, javaClass, LOGICAL, withField,
  type ConnectField, type ConnectSchema, type SchemaType,
} from './smtRecord';
import { configError, ConnectError, dataError, done, oneOf, requiredList, str, type Side, type SmtApply } from './smtRuntime';
import { requireMap, requireStruct } from './smtStructTransforms';

const ENUM: Record<SchemaType, string> = {
  int8: 'INT8', int16: 'INT16', int32: 'INT32', int64: 'INT64', float: 'FLOAT32', double: 'FLOAT64', boolean: 'BOOLEAN', string: 'STRING',
  bytes: 'BYTES', array: 'ARRAY', map: 'MAP', struct: 'STRUCT',
};
const FROM_ENUM: Record<string, SchemaType> = Object.fromEntries(Object.entries(ENUM).map(([k, v]) => [v, k as SchemaType]));

/** Kafka's behaviour for a null key/value is not certain for this SMT: say so rather than guess. */
function nullGuard(smt: string, side: Side, value: unknown): void {
  if (value === null) throw new NotReproducible(`how Kafka 4's ${smt} treats a null ${side.name.toLowerCase()} (a tombstone)`);
}

// ----------------------------------------------------------------------------------------------------------- Cast

const CAST_INPUT: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes'];
const CAST_OUTPUT: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string'];
const enumList = (types: readonly SchemaType[]): string => `[${types.map((t) => ENUM[t]).join(', ')}]`;

/** Parses `spec`: one type for the whole key/value, or `field:type` pairs. */
export function parseCastSpec(mappings: string[]): { whole?: SchemaType; fields: Map<string, SchemaType> } {
  const fields = new Map<string, SchemaType>();
  let whole: SchemaType | undefined;
  const target = (name: string, invalid: () => ConnectError): SchemaType => {
    const t = FROM_ENUM[name.trim().toUpperCase()];
    if (!t) throw invalid();
    if (!CAST_OUTPUT.includes(t)) throw configError(`Cast transformation does not support casting to ${ENUM[t]}; supported types are ${enumList(CAST_OUTPUT)}`);
    return t;
  };
  for (const m of mappings) {
    const parts = m.split(':');
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length > 2) throw configError(`Invalid rename mapping: ${m}`, 'renames', `[${mappings.join(', ')}]`);
    if (parts.length === 1) {
      whole = target(parts[0]!, () => new ConnectError('java.lang.IllegalArgumentException', `No enum constant org.apache.kafka.connect.data.Schema.Type.${parts[0]!.trim().toUpperCase()}`, 'configure'));
    } else {
      fields.set(parts[0]!.trim(), target(parts[1]!, () => configError(`Invalid type found in casting spec: ${parts[1]!.trim()}`)));
    }
  }
  if (whole !== undefined && mappings.length > 1) throw configError('Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec');
  return { whole, fields };
}

const INT_BITS: Partial<Record<SchemaType, number>> = { int8: 8, int16: 16, int32: 32, int64: 64 };
const INT_RANGE: Record<number, [bigint, bigint]> = { 8: [-128n, 127n], 16: [-32768n, 32767n], 32: [-(2n ** 31n), 2n ** 31n - 1n], 64: [-(2n ** 63n), 2n ** 63n - 1n] };

/** `Number.byteValue()` … `longValue()`: whole numbers wrap, floating ones truncate and saturate first (NaN → 0). */
function narrow(n: number, fromFloating: boolean, bits: number): number {
  if (!fromFloating) return Number(BigInt.asIntN(bits, BigInt(Math.trunc(n))));
  if (Number.isNaN(n)) return 0;
  const [lo, hi] = INT_RANGE[bits === 64 ? 64 : 32]!;
  const t = Number.isFinite(n) ? BigInt(Math.trunc(n)) : n > 0 ? hi : lo;
  const sat = t < lo ? lo : t > hi ? hi : t;
  return Number(bits === 64 ? sat : BigInt.asIntN(bits, sat));
}

function parseJavaInt(s: string, bits: number): number {
  if (!/^[+-]?\d+$/.test(s)) throw new RangeError(s);
  const n = BigInt(s);
  const [lo, hi] = INT_RANGE[bits]!;
  if (n < lo || n > hi) throw new RangeError(s);
  return Number(n);
}

function parseJavaFloating(s: string): number {
  const t = s.trim();
  if (/^[+-]?NaN$/.test(t)) return NaN;
  if (/^[+-]?Infinity$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?0[xX]/.test(t)) throw new NotReproducible(`Java's parsing of the hexadecimal float "${s}"`);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(t)) throw new RangeError(s);
  return Number(t.replace(/[fFdD]$/, ''));
}

/** The Java value class of a (payload, schema) pair, as Cast sees it. */
function castInput(value: unknown, schema: ConnectSchema | null): SchemaType {
  const inferred = schema ? schema.type : inferredType(value);
  if (inferred === undefined) throw dataError(`Cast transformation was passed a value of type class ${javaClass(value)} which is not supported by Connect's data API`);
  if (!CAST_INPUT.includes(inferred)) throw dataError(`Cast transformation does not support casting from ${ENUM[inferred]}; supported types are ${enumList(CAST_INPUT)}`);
  return inferred;
}

/** `Values.dateFormatFor(date).format(date)` in UTC. */
function connectDateText(ms: number): string {
  if (ms < 86_400_000 && ms >= 0) return formatJavaDate("HH:mm:ss.SSS'Z'", ms);
  if (ms % 86_400_000 === 0) return formatJavaDate('yyyy-MM-dd', ms);
  return formatJavaDate("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", ms);
}

const logicalMillis = (schema: ConnectSchema | null, payload: number): number => (schema?.name === LOGICAL.date ? payload * 86_400_000 : payload);

/** Kafka's Cast.castValueToType on a payload value. */
export function castValue(value: unknown, schema: ConnectSchema | null, target: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const from = castInput(value, schema);
  if (schema?.name === LOGICAL.decimal) throw new NotReproducible('casting a Decimal');
  const isDate = schema?.name === LOGICAL.timestamp || schema?.name === LOGICAL.date || schema?.name === LOGICAL.time;
  if (target === 'string') {
    if (isDate) return connectDateText(logicalMillis(schema, value as number));
    if (from === 'float') return javaFloatToString(value as number);
    if (from === 'double') return javaDoubleToString(value as number);
    return String(value);
  }
  const cls = from === 'bytes' ? 'class [B' : `class ${javaClass(value, schema)}`;
  try {
    const bits = INT_BITS[target];
    if (typeof value === 'number') {
      const floating = from === 'float' || from === 'double';
      if (bits !== undefined) return narrow(value, floating, bits);
      if (target === 'boolean') return narrow(value, floating, 64) !== 0;
      return target === 'float' ? Math.fround(value) : value;
    }
    if (typeof value === 'boolean') return target === 'boolean' ? value : value ? 1 : 0;
    if (typeof value === 'string' && from === 'string') {
      if (bits !== undefined) return parseJavaInt(value, bits);
      if (target === 'boolean') return value.toLowerCase() === 'true';
      const n = parseJavaFloating(value);
      return target === 'float' ? Math.fround(n) : n;
    }
  } catch (e) {
    if (e instanceof RangeError) throw dataError(`Value (${String(value)}) was out of range for requested data type`);
    throw e;
  }
  throw dataError(`Unexpected type in Cast transformation: ${cls}`);
}

export const cast: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const spec = parseCastSpec(requiredList(settings, 'spec'));
  const { value, schema } = s.get(record);
  if (spec.whole !== undefined) {
    const out = castValue(value, schema, spec.whole);
    if (schema === null) return done(s.set(record, out, null));
    const updated: ConnectSchema = { type: spec.whole, optional: schema.optional ?? false };
    for (const k of ['name', 'version', 'doc', 'parameters'] as const) if (schema[k] !== undefined) Object.assign(updated, { [k]: schema[k] });
    if (schema.default !== undefined && schema.default !== null) updated.default = castValue(schema.default, schema, spec.whole);
    return done(s.set(record, out, updated));
  }
  nullGuard('Cast', s, value);
  const notes: string[] = [];
  if (schema === null) {
    const map = requireMap(value, 'cast types')!;
    const updated = { ...map };
    for (const [f, t] of spec.fields) {
      if (!(f in map)) notes.push(`The ${s.name.toLowerCase()} has no field "${f}": Cast writes "${f}": null`);
      updated[f] = castValue(map[f] ?? null, null, t);
    }
    return done(s.set(record, updated, null), ...notes);
  }
  const struct = requireStruct(value, schema, 'cast types')!;
  const fields: ConnectField[] = (schema.fields ?? []).map((f) => {
    const t = spec.fields.get(f.field);
    if (t === undefined) return f;
    const fsch = fieldSchema(f);
    return withField(f.field, { type: t, optional: f.optional ?? false, ...(f.default !== undefined && f.default !== null ? { default: castValue(f.default, fsch, t) } : {}) });
  });
  for (const f of spec.fields.keys()) if (!fields.some((x) => x.field === f)) notes.push(`The ${s.name.toLowerCase()} schema has no field "${f}": nothing is cast`);
  const updated = Object.fromEntries((schema.fields ?? []).map((f) => {
    const t = spec.fields.get(f.field);
    return [f.field, t === undefined ? struct[f.field] ?? null : castValue(struct[f.field] ?? null, fieldSchema(f), t)];
  }));
  return done(s.set(record, updated, copyStructBasics(schema, fields)), ...notes);
};

// ------------------------------------------------------------------------------------------------------ MaskField

function maskedValue(value: unknown, schema: ConnectSchema | null, replacement: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  const cls = javaClass(value, schema);
  if (schema?.name === LOGICAL.decimal) throw new NotReproducible('masking a Decimal');
  const numeric = ['java.lang.Byte', 'java.lang.Short', 'java.lang.Integer', 'java.lang.Long', 'java.lang.Float', 'java.lang.Double'].includes(cls);
  if (replacement === undefined) {
    if (numeric || cls === 'java.util.Date') return value instanceof JavaDate ? new JavaDate(0) : 0;
    if (cls === 'java.lang.String') return '';
    if (cls === 'java.lang.Boolean') return false;
    if (cls === 'java.util.ArrayList') return [];
    if (cls === 'java.util.HashMap') return {};
    throw dataError(`Cannot mask value of type: class ${cls}`);
  }
  if (cls === 'java.lang.String') return replacement;
  if (!numeric) throw dataError(`Cannot mask value of type class ${cls} with custom replacement.`);
  const whole = !['java.lang.Float', 'java.lang.Double'].includes(cls);
  if (whole ? !/^[+-]?\d+$/.test(replacement.trim()) : !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(replacement.trim())) {
    throw new NotReproducible(`Connect's conversion of the replacement "${replacement}" to ${cls} (Values.convertTo…)`);
  }
  const n = Number(replacement.trim());
  return cls === 'java.lang.Float' ? Math.fround(n) : n;
}

export const maskField: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const fields = requiredList(settings, 'fields');
  const replacement = str(settings, 'replacement');
  if (replacement === '') throw configError('String must be non-empty', 'replacement', '');
  const { value, schema } = s.get(record);
  nullGuard('MaskField', s, value);
  if (schema === null) {
    const map = requireMap(value, 'mask fields')!;
    const updated = { ...map };
    for (const f of fields) updated[f] = maskedValue(map[f] ?? null, null, replacement);
    return done(s.set(record, updated, null));
  }
  const struct = requireStruct(value, schema, 'mask fields')!;
  const updated = Object.fromEntries((schema.fields ?? []).map((f) => [f.field, fields.includes(f.field) ? maskedValue(struct[f.field] ?? null, fieldSchema(f), replacement) : struct[f.field] ?? null]));
  const missing = fields.filter((f) => !(schema.fields ?? []).some((x) => x.field === f));
  return done(s.set(record, updated, schema), ...missing.map((f) => `The ${s.name.toLowerCase()} schema has no field "${f}": nothing to mask`));
};

// -------------------------------------------------------------------------------------------------------- Flatten

const PRIMITIVES: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes'];

export const flatten: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const delimiter = str(settings, 'delimiter') ?? '.';
  const name = (prefix: string, f: string): string => (prefix === '' ? f : `${prefix}${delimiter}${f}`);
  const { value, schema } = s.get(record);
  nullGuard('Flatten', s, value);
  if (schema === null) {
    const out: Record<string, unknown> = {};
    const walk = (map: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(map)) {
        const fieldName = name(prefix, k);
        if (v === null) { out[fieldName] = null; continue; }
        if (v instanceof JavaDate) throw dataError(`Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API`);
        if (Array.isArray(v)) throw new NotReproducible(`how Kafka 4's Flatten treats the list in "${fieldName}"`);
        if (isPlainObject(v)) walk(v, fieldName);
        else out[fieldName] = v;
      }
    };
    walk(requireMap(value, 'flattening')!, '');
    return done(s.set(record, out, null));
  }
  const struct = requireStruct(value, schema, 'flattening')!;
  const fields: ConnectField[] = [];
  const out: Record<string, unknown> = {};
  const walk = (sch: ConnectSchema, v: Record<string, unknown> | null, prefix: string, optional: boolean): void => {
    for (const f of sch.fields ?? []) {
      const fieldName = name(prefix, f.field);
      const opt = optional || f.optional === true;
      if (PRIMITIVES.includes(f.type)) {
        fields.push(withField(fieldName, { ...fieldSchema(f), optional: opt }));
        out[fieldName] = v?.[f.field] ?? null;
      } else if (f.type === 'struct') {
        const child = v?.[f.field] ?? null;
        if (child === null) throw new NotReproducible(`how Kafka 4's Flatten treats the null struct "${fieldName}"`);
        walk(fieldSchema(f), child as Record<string, unknown>, fieldName, opt);
      } else throw new NotReproducible(`how Kafka 4's Flatten treats the ${f.type} field "${fieldName}"`);
    }
  };
  walk(schema, struct, '', schema.optional === true);
  return done(s.set(record, out, copyStructBasics(schema, fields)));
};

// -------------------------------------------------------------------------------------------- TimestampConverter

type TsType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
const DAY = 86_400_000;
const PRECISION: Record<string, number> = { seconds: 1000, milliseconds: 1, microseconds: 1 / 1000, nanoseconds: 1 / 1_000_000 };

function typeSchema(t: TsType, optional: boolean): ConnectSchema {
  if (t === 'string') return { type: 'string', optional };
  if (t === 'unix') return { type: 'int64', optional };
  if (t === 'Date') return { type: 'int32', optional, name: LOGICAL.date, version: 1 };
  if (t === 'Time') return { type: 'int32', optional, name: LOGICAL.time, version: 1 };
  return { type: 'int64', optional, name: LOGICAL.timestamp, version: 1 };
}

function typeFromSchema(schema: ConnectSchema): TsType {
  if (schema.name === LOGICAL.timestamp) return 'Timestamp';
  if (schema.name === LOGICAL.date) return 'Date';
  if (schema.name === LOGICAL.time) return 'Time';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'int64') return 'unix';
  throw new ConnectError('org.apache.kafka.connect.errors.ConnectException', `Schema Schema{${ENUM[schema.type]}} does not correspond to a known timestamp type format`);
}

export const timestampConverter: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const field = str(settings, 'field') ?? '';
  const target = oneOf(settings, 'target.type', ['string', 'unix', 'Date', 'Time', 'Timestamp']) as TsType;
  const format = str(settings, 'format') ?? '';
  const precision = oneOf(settings, 'unix.precision', ['nanoseconds', 'microseconds', 'milliseconds', 'seconds'], 'milliseconds');
  if (target === 'string' && format === '') throw configError('TimestampConverter requires format option to be specified when using string timestamps');
  const unit = PRECISION[precision]!;

  const toMillis = (v: unknown, from: TsType): number => {
    if (from === 'string') {
      if (format === '') throw new ConnectError('org.apache.kafka.connect.errors.ConnectException', 'TimestampConverter requires format option to be specified when using string timestamps');
      const ms = parseJavaDate(format, v as string);
      if (ms === undefined) throw new ConnectError('org.apache.kafka.connect.errors.ConnectException', `Could not parse timestamp: value (${String(v)}) does not match pattern (${format})`);
      return ms;
    }
    if (from === 'unix') return Math.trunc((v as number) * unit);
    if (v instanceof JavaDate) return v.epochMillis;
    return from === 'Date' ? (v as number) * DAY : (v as number);
  };
  const fromMillis = (ms: number, schemaless: boolean): unknown => {
    if (target === 'string') return formatJavaDate(format, ms);
    if (target === 'unix') return Math.trunc(ms / unit);
    const day = Math.floor(ms / DAY) * DAY;
    const v = target === 'Date' ? day : target === 'Time' ? ms - day : ms;
    if (schemaless) return new JavaDate(v);
    return target === 'Date' ? v / DAY : v;
  };
  const inferType = (v: unknown): TsType => {
    if (v instanceof JavaDate) return 'Timestamp';
    if (typeof v === 'string') return 'string';
    if (typeof v === 'number' && Number.isInteger(v)) return 'unix';
    throw dataError(`TimestampConverter does not support class ${javaClass(v)} objects as timestamps`);
  };

  const { value, schema } = s.get(record);
  nullGuard('TimestampConverter', s, value);
  if (schema === null) {
    if (field === '') return done(s.set(record, fromMillis(toMillis(value, inferType(value)), true), null));
    const map = requireMap(value, 'converting timestamp formats')!;
    const v = map[field] ?? null;
    if (v === null) throw new NotReproducible(`how Kafka 4's TimestampConverter treats the missing or null field "${field}"`);
    return done(s.set(record, { ...map, [field]: fromMillis(toMillis(v, inferType(v)), true) }, null));
  }
  if (field === '') return done(s.set(record, fromMillis(toMillis(value, typeFromSchema(schema)), false), typeSchema(target, schema.optional === true)));
  const struct = requireStruct(value, schema, 'converting timestamp formats')!;
  const target_ = (schema.fields ?? []).find((f) => f.field === field);
  if (!target_) return done(record, `The ${s.name.toLowerCase()} has no field "${field}": TimestampConverter leaves the record as it is`);
  const v = struct[field] ?? null;
  if (v === null) throw new NotReproducible(`how Kafka 4's TimestampConverter treats the null field "${field}"`);
  const converted = fromMillis(toMillis(v, typeFromSchema(fieldSchema(target_))), false);
  const fields = (schema.fields ?? []).map((f) => (f.field === field ? withField(field, typeSchema(target, f.optional === true)) : f));
  return done(s.set(record, { ...struct, [field]: converted }, copyStructBasics(schema, fields)));
};
