/**
 * Debezium's ExtractNewRecordState ("unwrap"), as the Debezium release on the worker runs it: the
 * `delete.tombstone.handling.mode` modes (Debezium 2.5+), the legacy `delete.handling.mode` + `drop.tombstones`
 * pair (read until 3.1, removed in 3.2), `add.fields`, `add.headers` and `route.by.field`. Pure.
 */
import { NotReproducible } from './javaFormats';
import { cloneValue, copyStructBasics, fieldOf, fieldSchema, isPlainObject, withField, type ConnectHeader, type ConnectSchema, type SmtRecord } from './smtRecord';
import { bool, ConnectError, done, str, type SmtApply, type SmtContext } from './smtRuntime';
import { uniqueFields } from './smtStructTransforms';

type Mode = 'drop' | 'tombstone' | 'rewrite' | 'rewrite-with-tombstone' | 'delete-to-tombstone' | 'legacy-none';

const MODES_25: readonly Mode[] = ['drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone'];
const MODES_32: readonly Mode[] = [...MODES_25, 'delete-to-tombstone'];

const atLeast = (ctx: SmtContext, major: number, minor: number): boolean =>
  ctx.debezium.major > major || (ctx.debezium.major === major && ctx.debezium.minor >= minor);

const invalidConfig = (why: string): ConnectError =>
  new ConnectError('org.apache.kafka.connect.errors.ConnectException', `Unable to validate config. (${why})`, 'configure');

/** The pre-2.5 pair as the LegacyDeleteHandlingStrategy reads it. */
function legacyMode(settings: Readonly<Record<string, string>>): { mode: Mode; keepTombstones: boolean } {
  const handling = (str(settings, 'delete.handling.mode') ?? 'drop').toLowerCase();
  if (!['drop', 'rewrite', 'none'].includes(handling)) throw invalidConfig(`delete.handling.mode "${handling}" is not one of drop, rewrite, none`);
  const keepTombstones = !bool(settings, 'drop.tombstones', true);
  return { mode: handling === 'none' ? 'legacy-none' : (handling as Mode), keepTombstones };
}

/** Which delete/tombstone handling applies on this Debezium release, and what the user should be told about it. */
export function deleteHandling(settings: Readonly<Record<string, string>>, ctx: SmtContext): { mode: Mode; keepTombstones: boolean; notes: string[] } {
  const notes: string[] = [];
  const legacyKeys = ['delete.handling.mode', 'drop.tombstones'].filter((k) => settings[k] !== undefined);
  const current = str(settings, 'delete.tombstone.handling.mode');
  const v = ctx.debezium.label;
  if (!atLeast(ctx, 2, 5)) {
    if (current !== undefined) notes.push(`delete.tombstone.handling.mode does not exist in Debezium ${v} (added in 2.5) and is ignored`);
    const l = legacyMode(settings);
    return { ...l, notes };
  }
  if (current === undefined || current === '') {
    if (!atLeast(ctx, 3, 2)) {
      // 2.5–3.1: the new key has no default; unset, the legacy pair (or its defaults drop / true) decides
      const l = legacyMode(settings);
      notes.push(legacyKeys.length > 0
        ? `${legacyKeys.join(' and ')} ${legacyKeys.length > 1 ? 'are' : 'is'} deprecated since Debezium 2.5 and removed in 3.2; Debezium ${v} still reads ${legacyKeys.length > 1 ? 'them' : 'it'} here`
        : `delete.tombstone.handling.mode is unset: Debezium ${v} falls back to the deprecated delete.handling.mode=drop and drop.tombstones=true (deletes and tombstones are dropped)`);
      return { ...l, notes };
    }
    if (legacyKeys.length > 0) {
      const l = legacyMode(settings);
      const meant = l.mode === 'legacy-none' ? (l.keepTombstones ? 'none (no exact replacement)' : 'delete-to-tombstone') : l.keepTombstones ? (l.mode === 'drop' ? 'tombstone' : 'rewrite-with-tombstone') : l.mode;
      notes.push(`${legacyKeys.join(' and ')} ${legacyKeys.length > 1 ? 'were' : 'was'} removed in Debezium 3.2 and ${legacyKeys.length > 1 ? 'are' : 'is'} ignored by Debezium ${v}: the default delete.tombstone.handling.mode=tombstone applies. On Debezium 3.1 and older ${legacyKeys.length > 1 ? 'these settings' : 'this setting'} meant delete.tombstone.handling.mode=${meant}; set that instead`);
    }
    return { mode: 'tombstone', keepTombstones: false, notes };
  }
  const allowed = atLeast(ctx, 3, 2) ? MODES_32 : MODES_25;
  const mode = current.toLowerCase() as Mode;
  if (!allowed.includes(mode)) throw invalidConfig(`delete.tombstone.handling.mode "${current}" is not one of ${allowed.join(', ')} in Debezium ${v}`);
  if (legacyKeys.length > 0) notes.push(`${legacyKeys.join(' and ')} ${legacyKeys.length > 1 ? 'are' : 'is'} ignored: delete.tombstone.handling.mode is set`);
  return { mode, keepTombstones: mode === 'rewrite-with-tombstone', notes };
}

interface FieldRef { struct: string | null; field: string; newField: string }

/** Debezium's FieldReference: `op`, `source.ts_ms`, `table:TABLE` (rename) … with the prefix. */
function fieldRefs(value: string | undefined, prefix: string, ctx: SmtContext): FieldRef[] {
  if (value === undefined || value.trim() === '') return [];
  const topLevel = ['op', 'ts_ms', ...(atLeast(ctx, 2, 6) ? ['ts_us', 'ts_ns'] : [])];
  return value.split(',').map((raw) => raw.trim()).map((entry) => {
    const parts = entry.split(':');
    if (parts.length > 2) throw new ConnectError('java.lang.IllegalArgumentException', `Unexpected field name: ${entry}`, 'configure');
    const splits = parts[0]!.split('.');
    const field = splits.length === 1 ? splits[0]! : splits[1]!;
    const struct = splits.length === 1 ? (topLevel.includes(field) ? null : ['id', 'total_order', 'data_collection_order'].includes(field) ? 'transaction' : 'source') : splits[0]!;
    const newField = prefix + (parts.length === 2 ? parts[1]! : splits.length === 1 ? field : `${struct}_${field}`);
    return { struct, field, newField };
  });
}

/** The schema and value a FieldReference finds in the envelope, or undefined when the envelope has no such field. */
function lookup(ref: FieldRef, envSchema: ConnectSchema, env: Record<string, unknown>): { schema: ConnectSchema; value: unknown } | undefined {
  const parentField = ref.struct !== null ? fieldOf(envSchema, ref.struct) : undefined;
  if (ref.struct !== null && !parentField) return undefined;
  const parentSchema = parentField ? fieldSchema(parentField) : envSchema;
  const own = fieldOf(parentSchema, ref.field);
  const top = fieldOf(envSchema, ref.field);
  const f = own ?? top;
  if (!f) return undefined;
  const parent = ref.struct !== null ? env[ref.struct] : env;
  const value = !isPlainObject(parent) ? null : own ? parent[ref.field] ?? null : env[ref.field] ?? null;
  return { schema: { ...fieldSchema(f), optional: true }, value: cloneValue(value) };
}

export const extractNewRecordState: SmtApply = (record, settings, ctx) => {
  const handling = deleteHandling(settings, ctx);
  const notes = [...handling.notes];
  if (str(settings, 'drop.fields.header.name')) throw new NotReproducible('drop.fields.header.name (dropping fields listed in a header)');
  for (const k of ['operation.header', 'add.source.fields']) if (settings[k] !== undefined) notes.push(`${k} is not read by Debezium ${ctx.debezium.label}; use ${k === 'operation.header' ? 'add.headers=op' : 'add.fields=source.<field>'}`);
  const fieldsPrefix = str(settings, 'add.fields.prefix') ?? '__';
  const headersPrefix = str(settings, 'add.headers.prefix') ?? '__';
  const addFields = fieldRefs(settings['add.fields'], fieldsPrefix, ctx);
  const addHeaders = fieldRefs(settings['add.headers'], headersPrefix, ctx);
  const routeBy = str(settings, 'route.by.field') ?? '';
  const rewrite = handling.mode === 'rewrite' || handling.mode === 'rewrite-with-tombstone';

  if (record.value === null) {
    if (!handling.keepTombstones) return done(null, ...notes, `A tombstone: dropped (delete handling "${handling.mode === 'legacy-none' ? 'none' : handling.mode}")`);
    const headers: ConnectHeader[] = addHeaders.filter((h) => h.struct === null && h.field === 'op').map((h) => ({ key: h.newField, value: 'd', schema: { type: 'string', optional: false } }));
    return done({ ...record, headers: [...record.headers, ...headers] }, ...notes, 'A tombstone: kept');
  }
  const envSchema = record.valueSchema;
  if (envSchema === null || !envSchema.name?.endsWith('.Envelope') || !isPlainObject(record.value)) {
    return done(record, ...notes, `Not a Debezium change event: the value ${envSchema === null ? 'has no schema (schemaless JSON, e.g. JsonConverter with schemas.enable=false)' : `schema is "${envSchema.name ?? 'unnamed'}", not a *.Envelope`}. ExtractNewRecordState passes it on unchanged ("Expected Envelope for transformation, passing it unchanged")`);
  }
  const env = record.value;
  const headers = [...record.headers];
  for (const ref of addHeaders) {
    const found = lookup(ref, envSchema, env);
    if (found) headers.push({ key: ref.newField, value: found.value, schema: found.schema });
  }
  const afterField = fieldOf(envSchema, 'after');
  const beforeField = fieldOf(envSchema, 'before');
  if (!afterField || !beforeField) throw new ConnectError('java.lang.IllegalArgumentException', `Unknown field: ${afterField ? 'before' : 'after'}`);
  const after = env.after ?? null;
  const before = env.before ?? null;
  const base: SmtRecord = { ...record, headers };
  const withTopic = (r: SmtRecord, state: unknown): SmtRecord => {
    if (routeBy === '' || !isPlainObject(state)) return r;
    const t = state[routeBy];
    return typeof t === 'string' && t.trim() !== '' ? { ...r, topic: t } : r;
  };
  const unwrapped = (state: Record<string, unknown>, stateSchema: ConnectSchema, deleted: 'true' | 'false' | undefined): SmtRecord => {
    const extra = addFields.map((ref) => ({ ref, found: lookup(ref, envSchema, env) })).filter((x) => x.found !== undefined);
    const fields = [...(stateSchema.fields ?? []), ...extra.map((x) => withField(x.ref.newField, x.found!.schema))];
    const value: Record<string, unknown> = { ...cloneValue(state) };
    for (const x of extra) value[x.ref.newField] = x.found!.value;
    if (deleted !== undefined) { fields.push(withField('__deleted', { type: 'string', optional: true })); value.__deleted = deleted; }
    return { ...base, value, valueSchema: copyStructBasics(stateSchema, uniqueFields(fields)) };
  };

  if (after === null && before === null) return done(null, ...notes, `op "${String(env.op)}" with neither before nor after (a truncate or message event): dropped`);
  if (after === null) {
    const mode = handling.mode;
    if (mode === 'drop') return done(null, ...notes, 'A delete event: dropped (delete handling "drop")');
    if (mode === 'tombstone' || mode === 'legacy-none') {
      return done(withTopic({ ...base, value: null, valueSchema: fieldSchema(afterField) }, before), ...notes, `A delete event: becomes a record with a null value (a tombstone for the sink; the value schema stays) — delete handling "${mode === 'legacy-none' ? 'none' : mode}"`);
    }
    if (mode === 'delete-to-tombstone') return done(withTopic({ ...base, value: null, valueSchema: null }, before), ...notes, 'A delete event: becomes a tombstone (delete handling "delete-to-tombstone")');
    if (!isPlainObject(before)) throw new ConnectError('org.apache.kafka.connect.errors.DataException', 'Only Struct objects supported for [field insertion], found: null');
    return done(withTopic(unwrapped(before, fieldSchema(beforeField), 'true'), before), ...notes, `A delete event: the before state with __deleted="true" (delete handling "${mode}")`);
  }
  if (!isPlainObject(after)) throw new ConnectError('org.apache.kafka.connect.errors.DataException', `Only Struct objects supported for [source field insertion], found: ${typeof after}`);
  return done(withTopic(unwrapped(after, fieldSchema(afterField), rewrite ? 'false' : undefined), after), ...notes);
};
