/**
 * What the SMT implementations share: the exceptions Connect raises (with Connect's own messages), ConfigDef-style
 * reading of `transforms.<alias>.*` settings, and key/value accessors for `$Key` / `$Value` variants. Pure.
 */
import type { ConnectSchema, SmtRecord } from './smtRecord';

/**
 * An exception as Connect would raise it. `phase` says when: `configure` (the worker rejects the config or fails
 * the task at start) or `apply` (this record fails the task, unless errors.tolerance=all skips it).
 */
export class ConnectError extends Error {
  constructor(readonly exception: string, message: string, readonly phase: 'configure' | 'apply' = 'apply') {
    super(message);
    this.name = 'ConnectError';
  }
}

export const dataError = (message: string): ConnectError => new ConnectError('org.apache.kafka.connect.errors.DataException', message);

/** ConfigException(name, value, message) as Kafka formats it. */
export function configError(message: string, name?: string, value?: string): ConnectError {
  const text = name !== undefined ? `Invalid value ${value ?? 'null'} for configuration ${name}${message ? `: ${message}` : ''}` : message;
  return new ConnectError('org.apache.kafka.common.config.ConfigException', text, 'configure');
}

/** What a transformation needs besides the record. */
export interface SmtContext {
  /** Source tasks transform SourceRecords (no offset); sink tasks SinkRecords. */
  kind: 'source' | 'sink';
  /** Debezium release whose SMTs run on the worker (major, minor). */
  debezium: { major: number; minor: number; label: string };
}

/** The step's result: the new record (null = dropped) and what the user should know about it. */
export interface SmtOutcome { record: SmtRecord | null; notes: string[] }

export type SmtApply = (record: SmtRecord, settings: Readonly<Record<string, string>>, ctx: SmtContext, side: Side | undefined) => SmtOutcome;

// ------------------------------------------------------------------------------------------------ ConfigDef reading

/** A STRING setting (ConfigDef trims it); undefined when unset (the null default). */
export function str(settings: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = settings[name];
  return v === undefined ? undefined : v.trim();
}

export function requiredStr(settings: Readonly<Record<string, string>>, name: string): string {
  const v = str(settings, name);
  if (v === undefined) throw configError(`Missing required configuration "${name}" which has no default value.`);
  return v;
}

/** A LIST setting as ConfigDef splits it (trimmed, on commas; "" is the empty list). */
export function list(settings: Readonly<Record<string, string>>, name: string, dflt: string[] = []): string[] {
  const v = settings[name];
  if (v === undefined) return dflt;
  const t = v.trim();
  return t === '' ? [] : t.split(/\s*,\s*/);
}

export function requiredList(settings: Readonly<Record<string, string>>, name: string, nonEmpty = true): string[] {
  if (settings[name] === undefined) throw configError(`Missing required configuration "${name}" which has no default value.`);
  const l = list(settings, name);
  if (nonEmpty && l.length === 0) throw configError('Empty list', name, '[]');
  return l;
}

export function bool(settings: Readonly<Record<string, string>>, name: string, dflt: boolean): boolean {
  const v = str(settings, name);
  if (v === undefined) return dflt;
  if (v.toLowerCase() === 'true') return true;
  if (v.toLowerCase() === 'false') return false;
  throw configError('Expected value to be either true or false', name, v);
}

export function oneOf(settings: Readonly<Record<string, string>>, name: string, values: readonly string[], dflt?: string): string {
  const v = str(settings, name) ?? dflt;
  if (v === undefined) throw configError(`Missing required configuration "${name}" which has no default value.`);
  if (!values.includes(v)) throw configError(`String must be one of: ${values.join(', ')}`, name, v);
  return v;
}

export function int(settings: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = str(settings, name);
  if (v === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw configError('Not a number of type INT', name, v);
  return Number(v);
}

// --------------------------------------------------------------------------------------------------- key / value

/** The part of the record a `$Key` or `$Value` transformation operates on. */
export interface Side {
  name: 'Key' | 'Value';
  get(r: SmtRecord): { value: unknown; schema: ConnectSchema | null };
  set(r: SmtRecord, value: unknown, schema: ConnectSchema | null): SmtRecord;
}

export const KEY_SIDE: Side = {
  name: 'Key',
  get: (r) => ({ value: r.key, schema: r.keySchema }),
  set: (r, value, schema) => ({ ...r, key: value, keySchema: schema }),
};

export const VALUE_SIDE: Side = {
  name: 'Value',
  get: (r) => ({ value: r.value, schema: r.valueSchema }),
  set: (r, value, schema) => ({ ...r, value, valueSchema: schema }),
};

export const done = (record: SmtRecord | null, ...notes: string[]): SmtOutcome => ({ record, notes });
