/**
 * Kafka's field-level SMTs (4.x semantics): InsertField, ReplaceField, ValueToKey, ExtractField, HoistField,
 * HeaderFrom and SetSchemaMetadata, on schemaless maps and on schema'd structs, raising what Connect raises. Pure.
 */
import {
  cloneValue, copyStructBasics, fieldOf, fieldSchema, isPlainObject, javaClass, LOGICAL, withField,
  type ConnectField, type ConnectSchema,
} from './smtRecord';
import {
  bool, configError, ConnectError, dataError, done, int, list, requiredList, requiredStr, str,
  type SmtApply,
} from './smtRuntime';

// ----------------------------------------------------------------------------------------- Requirements (Kafka)

export function requireMap(value: unknown, purpose: string, orNull = false): Record<string, unknown> | null {
  if (orNull && value === null) return null;
  if (!isPlainObject(value)) throw dataError(`Only Map objects supported in absence of schema for [${purpose}], found: ${javaClass(value)}`);
  return value;
}

export function requireStruct(value: unknown, schema: ConnectSchema | null, purpose: string, orNull = false): Record<string, unknown> | null {
  if (orNull && value === null) return null;
  if (schema?.type !== 'struct' || !isPlainObject(value)) throw dataError(`Only Struct objects supported for [${purpose}], found: ${javaClass(value, schema)}`);
  return value;
}

/** SchemaBuilder refuses a second field with the same name. */
export function uniqueFields(fields: ConnectField[]): ConnectField[] {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.field)) throw new ConnectError('org.apache.kafka.connect.errors.SchemaBuilderException', `Cannot create field because of field name duplication ${f.field}`);
    seen.add(f.field);
  }
  return fields;
}

/** Java's String.split(":"): trailing empty strings are dropped. */
export function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const javaList = (items: string[]): string => `[${items.join(', ')}]`;

/**
 * `Struct.get(field)` (replace.null.with.default=true, the default: a null field reads as its schema default) or
 * `Struct.getWithoutDefault` (false).
 */
export function structGet(struct: Record<string, unknown>, f: ConnectField, replaceNullWithDefault = true): unknown {
  const v = struct[f.field] ?? null;
  return v === null && replaceNullWithDefault && f.default !== undefined ? cloneValue(f.default) : v;
}

// ------------------------------------------------------------------------------------------------- InsertField

interface InsertionSpec { name: string; optional: boolean }

function insertionSpec(spec: string | undefined): InsertionSpec | undefined {
  if (spec === undefined) return undefined;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

const STRING: ConnectSchema = { type: 'string', optional: false };
const TIMESTAMP: ConnectSchema = { type: 'int64', optional: false, name: LOGICAL.timestamp, version: 1 };

export const insertField: SmtApply = (record, settings, ctx, side) => {
  const s = side!;
  const topic = insertionSpec(str(settings, 'topic.field'));
  const partition = insertionSpec(str(settings, 'partition.field'));
  const offset = insertionSpec(str(settings, 'offset.field'));
  const timestamp = insertionSpec(str(settings, 'timestamp.field'));
  const staticField = insertionSpec(str(settings, 'static.field'));
  const staticValue = str(settings, 'static.value');
  if (!topic && !partition && !offset && !timestamp && !staticField) {
    throw configError('No field insertion configured');
  }
  if (staticField && staticValue === undefined) {
    throw configError(`No value specified for static field: org.apache.kafka.connect.transforms.InsertField$InsertionSpec@… (static.field=${staticField.name})`, 'static.value');
  }
  const { value, schema } = s.get(record);
  if (value === null) return done(record, `The ${s.name.toLowerCase()} is null (a tombstone): InsertField passes the record on unchanged`);
  const notes: string[] = [];
  const offsetValue = (): number => {
    if (ctx.kind !== 'sink') throw dataError('Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord');
    if (record.offset === null) notes.push('The sample has no offset; 0 is used (a SinkRecord always has one)');
    return record.offset ?? 0;
  };
  const inserts: Array<[InsertionSpec, ConnectSchema, () => unknown]> = [];
  if (topic) inserts.push([topic, STRING, () => record.topic]);
  if (partition) inserts.push([partition, { type: 'int32', optional: false }, () => record.partition]);
  if (offset) inserts.push([offset, { type: 'int64', optional: false }, offsetValue]);
  if (timestamp) inserts.push([timestamp, TIMESTAMP, () => record.timestamp]);
  if (staticField) inserts.push([staticField, STRING, () => staticValue]);
  if (schema === null) {
    const updated = { ...requireMap(value, 'field insertion') };
    for (const [spec, , get] of inserts) {
      const v = get();
      if (v === null) { notes.push(`The record has no ${spec === partition ? 'partition' : 'timestamp'}: "${spec.name}" is not inserted`); continue; }
      updated[spec.name] = v;
    }
    return done(s.set(record, updated, null), ...notes);
  }
  const struct = requireStruct(value, schema, 'field insertion')!;
  const fields = uniqueFields([...(schema.fields ?? []), ...inserts.map(([spec, fs]) => withField(spec.name, { ...fs, optional: spec.optional }))]);
  const updated: Record<string, unknown> = {};
  const replaceNull = bool(settings, 'replace.null.with.default', true);
  for (const f of schema.fields ?? []) updated[f.field] = structGet(struct, f, replaceNull);
  for (const [spec, , get] of inserts) {
    const v = get();
    updated[spec.name] = v;
    if (v === null && !spec.optional) notes.push(`"${spec.name}" is required (!) but the record has none: the converter would fail with "Conversion error: null value for field that is required and has no default value"`);
  }
  return done(s.set(record, updated, copyStructBasics(schema, fields)), ...notes);
};

// ------------------------------------------------------------------------------------------------ ReplaceField

export const replaceField: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const notes: string[] = [];
  for (const [old, now] of [['blacklist', 'exclude'], ['whitelist', 'include']] as const) {
    if (settings[old] !== undefined) notes.push(`"${old}" was removed in Kafka 4.0 and is ignored (nothing is ${old === 'blacklist' ? 'excluded' : 'filtered'} by it); use "${now}"`);
  }
  const exclude = new Set(list(settings, 'exclude'));
  const include = new Set(list(settings, 'include'));
  const mappings = list(settings, 'renames');
  const renames = new Map<string, string>();
  for (const m of mappings) {
    const parts = javaSplit(m, ':');
    if (parts.length !== 2) throw configError(`Invalid rename mapping: ${m}`, 'renames', javaList(mappings));
    renames.set(parts[0]!, parts[1]!);
  }
  const replaceNull = bool(settings, 'replace.null.with.default', true);
  const keep = (f: string): boolean => !exclude.has(f) && (include.size === 0 || include.has(f));
  const renamed = (f: string): string => renames.get(f) ?? f;
  const { value, schema } = s.get(record);
  if (value === null) return done(record, ...notes, `The ${s.name.toLowerCase()} is null (a tombstone): ReplaceField passes the record on unchanged`);
  if (schema === null) requireMap(value, 'field replacement');
  else requireStruct(value, schema, 'field replacement');
  const names = schema === null ? Object.keys(value as Record<string, unknown>) : (schema.fields ?? []).map((f) => f.field);
  for (const from of renames.keys()) if (!names.includes(from)) notes.push(`renames: the ${s.name.toLowerCase()} has no field "${from}", so nothing is renamed to "${renames.get(from)}"`);
  for (const f of include) if (!names.includes(f)) notes.push(`include: the ${s.name.toLowerCase()} has no field "${f}"`);
  const src = value as Record<string, unknown>;
  const updated: Record<string, unknown> = {};
  if (schema === null) {
    for (const n of names) if (keep(n)) updated[renamed(n)] = src[n];
    return done(s.set(record, updated, null), ...notes);
  }
  const fields = uniqueFields((schema.fields ?? []).filter((f) => keep(f.field)).map((f) => withField(renamed(f.field), fieldSchema(f))));
  for (const f of schema.fields ?? []) if (keep(f.field)) updated[renamed(f.field)] = structGet(src, f, replaceNull);
  return done(s.set(record, updated, copyStructBasics(schema, fields)), ...notes);
};

// -------------------------------------------------------------------------------------------------- ValueToKey

export const valueToKey: SmtApply = (record, settings) => {
  const fields = requiredList(settings, 'fields');
  if (record.valueSchema === null) {
    const value = requireMap(record.value, 'copying fields from value to key')!;
    const key = Object.fromEntries(fields.map((f) => [f, value[f] ?? null]));
    const missing = fields.filter((f) => !(f in value));
    return done({ ...record, key, keySchema: null }, ...missing.map((f) => `The value has no field "${f}": the key gets "${f}": null (schemaless ValueToKey does not fail)`));
  }
  const value = requireStruct(record.value, record.valueSchema, 'copying fields from value to key')!;
  const keyFields = fields.map((f) => {
    const from = fieldOf(record.valueSchema, f);
    if (!from) throw dataError(`Field does not exist: ${f}`);
    return withField(f, fieldSchema(from));
  });
  const replaceNull = bool(settings, 'replace.null.with.default', true);
  const key = Object.fromEntries(fields.map((f) => [f, cloneValue(structGet(value, fieldOf(record.valueSchema, f)!, replaceNull))]));
  return done({ ...record, key, keySchema: { type: 'struct', optional: false, fields: keyFields } });
};

// ------------------------------------------------------------------------------------------------ ExtractField

/** A `field` path: one name (V1), or dotted steps with backtick quoting (V2, KIP-821). */
export function fieldPath(text: string, version: 'V1' | 'V2'): string[] {
  if (version === 'V1') return [text];
  const steps: string[] = [];
  let idx = 0;
  const incomplete = (at: number): ConnectError => configError(`Incomplete backtick pair in path: [${text}], consider adding a backslash before backtick at position ${at} to escape it`);
  while (idx < text.length && idx >= 0) {
    if (text[idx] !== '`') {
      const start = idx;
      idx = text.indexOf('.', idx);
      if (idx >= 0) { steps.push(text.slice(start, idx)); idx++; } else steps.push(text.slice(start));
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    for (;;) {
      idx = text.indexOf('`', idx);
      if (idx === -1) throw incomplete(backtickAt);
      const escaped = text[idx - 1] === '\\';
      if (idx >= text.length - 1) {
        if (escaped) throw incomplete(backtickAt);
        steps.push(field + text.slice(start, idx));
        idx++;
        break;
      }
      if (text[idx + 1] !== '.') { idx++; continue; }
      if (escaped) { field += `${text.slice(start, idx - 1)}\``; idx++; start = idx; continue; }
      steps.push(field + text.slice(start, idx));
      idx += 2;
      break;
    }
  }
  if (text.endsWith('.')) steps.push('');
  return steps;
}

export function syntaxVersion(settings: Readonly<Record<string, string>>): 'V1' | 'V2' {
  const v = (str(settings, 'field.syntax.version') ?? 'V1').toUpperCase();
  if (v !== 'V1' && v !== 'V2') throw configError('String must be one of (case insensitive): V1, V2', 'field.syntax.version', str(settings, 'field.syntax.version'));
  return v;
}

export const extractField: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const original = requiredStr(settings, 'field');
  const path = fieldPath(original, syntaxVersion(settings));
  const { value, schema } = s.get(record);
  const last = path[path.length - 1]!;
  if (schema === null) {
    let current = requireMap(value, 'field extraction', true);
    for (const step of path.slice(0, -1)) { if (current === null) break; current = requireMap(current[step] ?? null, 'nested field access', true); }
    const found = current !== null && last in current;
    const out = current === null ? null : current[last] ?? null;
    return done(s.set(record, out, null), ...(value !== null && !found ? [`The ${s.name.toLowerCase()} has no field "${original}": the ${s.name.toLowerCase()} becomes null (schemaless ExtractField does not fail)`] : []));
  }
  const struct = requireStruct(value, schema, 'field extraction', true);
  let curSchema: ConnectSchema | undefined = schema;
  for (const step of path.slice(0, -1)) { const f = fieldOf(curSchema, step); curSchema = f ? fieldSchema(f) : undefined; }
  const target = fieldOf(curSchema, last);
  if (!target) throw new ConnectError('java.lang.IllegalArgumentException', `Unknown field: ${original}`);
  let current: Record<string, unknown> | null = struct;
  let currentSchema: ConnectSchema = schema;
  for (const step of path.slice(0, -1)) {
    if (current === null) break;
    const f = fieldOf(currentSchema, step)!;
    currentSchema = fieldSchema(f);
    current = requireStruct(current[step] ?? null, currentSchema, 'nested field access', true);
  }
  return done(s.set(record, current === null ? null : cloneValue(current[last] ?? null), fieldSchema(target)));
};

// -------------------------------------------------------------------------------------------------- HoistField

export const hoistField: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const field = requiredStr(settings, 'field');
  const { value, schema } = s.get(record);
  if (schema === null) return done(s.set(record, { [field]: value }, null));
  return done(s.set(record, { [field]: value }, { type: 'struct', optional: false, fields: [withField(field, schema)] }));
};

// -------------------------------------------------------------------------------------------------- HeaderFrom

export const headerFrom: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const fields = requiredList(settings, 'fields');
  const headers = requiredList(settings, 'headers');
  const operation = str(settings, 'operation');
  if (operation === undefined) throw configError('Missing required configuration "operation" which has no default value.');
  if (operation !== 'move' && operation !== 'copy') throw configError('String must be one of: move, copy', 'operation', operation);
  if (fields.length !== headers.length) throw configError("'fields' config must have the same number of elements as 'headers' config.");
  const { value, schema } = s.get(record);
  const purpose = `header ${operation}`;
  const added = [...record.headers];
  if (schema === null) {
    const map = requireMap(value, purpose)!;
    const updated = { ...map };
    fields.forEach((f, i) => {
      if (operation === 'move') delete updated[f];
      added.push({ key: headers[i]!, value: cloneValue(map[f] ?? null) });
    });
    return done({ ...s.set(record, updated, null), headers: added });
  }
  const struct = requireStruct(value, schema, purpose)!;
  fields.forEach((f, i) => {
    const fs = fieldOf(schema, f);
    if (!fs) throw new ConnectError('java.lang.NullPointerException', `HeaderFrom: the ${s.name.toLowerCase()} schema has no field "${f}" (Connect fails with a NullPointerException here)`);
    added.push({ key: headers[i]!, value: cloneValue(struct[f] ?? null), schema: fieldSchema(fs) });
  });
  if (operation === 'copy') return done({ ...record, headers: added });
  const kept = (schema.fields ?? []).filter((f) => !fields.includes(f.field));
  const updated = Object.fromEntries(kept.map((f) => [f.field, struct[f.field] ?? null]));
  return done({ ...s.set(record, updated, copyStructBasics(schema, kept)), headers: added });
};

// ------------------------------------------------------------------------------------------- SetSchemaMetadata

export const setSchemaMetadata: SmtApply = (record, settings, _ctx, side) => {
  const s = side!;
  const name = str(settings, 'schema.name');
  const version = int(settings, 'schema.version');
  if (name === undefined && version === undefined) throw configError('Neither schema name nor version configured');
  const { value, schema } = s.get(record);
  if (schema === null) throw dataError('Schema required for [updating schema metadata]');
  const updated: ConnectSchema = { ...schema, ...(name !== undefined ? { name } : {}), ...(version !== undefined ? { version } : {}) };
  return done(s.set(record, value, updated));
};
