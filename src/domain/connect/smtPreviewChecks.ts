/**
 * What the SMT preview says about a step's effect (one line per change) and about the final record, checked against
 * what the connector itself will do with it (e.g. the S3 sink's FieldPartitioner needs its partition fields). Pure.
 */
import { parseList } from './smtChain';
import { isPlainObject, type ConnectSchema, type SmtRecord } from './smtRecord';

export interface PreviewCheck { check: string; ok: boolean; message: string }

/** Short JSON for one-line summaries. */
export function shortJson(v: unknown, max = 60): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const schemaLabel = (s: ConnectSchema | null): string => (s === null ? 'none' : `${s.type}${s.name ? ` ${s.name}` : ''}${s.optional ? ' (optional)' : ''}`);

function describePart(label: 'key' | 'value', a: unknown, b: unknown, sa: ConnectSchema | null, sb: ConnectSchema | null): string[] {
  const out: string[] = [];
  if (isPlainObject(a) && isPlainObject(b)) {
    const added = Object.keys(b).filter((k) => !(k in a));
    const removed = Object.keys(a).filter((k) => !(k in b));
    const changed = Object.keys(b).filter((k) => k in a && !same(a[k], b[k]));
    if (added.length) out.push(`${label}: + ${added.map((k) => `${k}=${shortJson(b[k], 40)}`).join(', ')}`);
    if (removed.length) out.push(`${label}: − ${removed.join(', ')}`);
    for (const k of changed) out.push(`${label}.${k}: ${shortJson(a[k], 30)} → ${shortJson(b[k], 30)}`);
  } else if (!same(a, b)) {
    out.push(`${label}: ${shortJson(a)} → ${shortJson(b)}`);
  }
  if (!same(sa, sb) && (sa === null || sb === null || sa.type !== sb.type || sa.name !== sb.name || sa.optional !== sb.optional || sa.version !== sb.version)) {
    out.push(`${label} schema: ${schemaLabel(sa)} → ${schemaLabel(sb)}`);
  }
  return out;
}

/** One line per change between two records. */
export function describeChanges(a: SmtRecord, b: SmtRecord): string[] {
  const out: string[] = [];
  if (a.topic !== b.topic) out.push(`topic: ${a.topic} → ${b.topic}`);
  if (a.partition !== b.partition) out.push(`partition: ${a.partition ?? 'null'} → ${b.partition ?? 'null'}`);
  if (a.timestamp !== b.timestamp) out.push(`timestamp: ${a.timestamp ?? 'null'} → ${b.timestamp ?? 'null'}`);
  out.push(...describePart('key', a.key, b.key, a.keySchema, b.keySchema));
  out.push(...describePart('value', a.value, b.value, a.valueSchema, b.valueSchema));
  const ha = a.headers.map((h) => `${h.key}=${shortJson(h.value, 30)}`);
  const hb = b.headers.map((h) => `${h.key}=${shortJson(h.value, 30)}`);
  const addedH = hb.filter((h) => !ha.includes(h));
  const removedH = ha.filter((h) => !hb.includes(h));
  if (addedH.length) out.push(`headers: + ${addedH.join(', ')}`);
  if (removedH.length) out.push(`headers: − ${removedH.join(', ')}`);
  if (out.length === 0) out.push('no change');
  return out;
}

const FIELD_PARTITIONER = 'io.confluent.connect.storage.partitioner.FieldPartitioner';

/** The partition path segment Confluent's FieldPartitioner writes for one field (`country=United States`). */
function partitionSegment(name: string, v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? `${name}=${String(v)}` : undefined;
}

/** Checks the final record against what the sink connector does next. */
export function sinkChecks(config: Readonly<Record<string, string>>, r: SmtRecord): PreviewCheck[] {
  const checks: PreviewCheck[] = [];
  if ((config['partitioner.class'] ?? '').trim() === FIELD_PARTITIONER) {
    const names = parseList(config['partition.field.name']);
    const value = r.value;
    const segments: string[] = [];
    for (const name of names) {
      if (!isPlainObject(value)) {
        checks.push({ check: 'FieldPartitioner', ok: false, message: `partition.field.name=${name}: the value is not a struct or map (${shortJson(value, 30)}): FieldPartitioner fails with "Error encoding partition."` });
        continue;
      }
      const has = r.valueSchema ? (r.valueSchema.fields ?? []).some((f) => f.field === name) : name in value;
      if (!has) {
        const fields = Object.keys(value).join(', ');
        checks.push({
          check: 'FieldPartitioner', ok: false,
          message: `partition.field.name=${name}: the value after the SMTs has no field "${name}" (fields: ${fields}); ${r.valueSchema ? `FieldPartitioner fails with DataException "${name} is not a valid field name"` : 'FieldPartitioner cannot encode the partition'}`,
        });
        continue;
      }
      const seg = partitionSegment(name, value[name]);
      if (seg === undefined) checks.push({ check: 'FieldPartitioner', ok: false, message: `partition.field.name=${name}: ${shortJson(value[name], 30)} is not a string, number or boolean; FieldPartitioner fails with "Error encoding partition."` });
      else segments.push(seg);
    }
    if (segments.length === names.length && names.length > 0) {
      checks.push({ check: 'FieldPartitioner', ok: true, message: `The record goes to the partition path ${segments.join('/')} (e.g. topics/${r.topic}/${segments.join('/')}/…)` });
    }
  }
  return checks;
}
