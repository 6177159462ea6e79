/**
 * Types and builders for the offline catalog of connector, SMT and predicate config keys. The catalog is data,
 * written from the connectors' public documentation and config definitions; lookups live in connectorCatalog.ts.
 */

/** Connect's ConfigDef types, lower-cased. */
export type ConfigValueType = 'string' | 'int' | 'long' | 'short' | 'double' | 'boolean' | 'list' | 'class' | 'password';

export interface ConfigKeySpec {
  /**
   * The key. A trailing `*` makes it a prefix (`producer.override.*`); `<name>` stands for one free segment that may
   * itself contain dots (`transforms.<alias>.type`, `column.mask.with.<n>.chars`).
   */
  name: string;
  type: ConfigValueType;
  /** The default as Connect prints it; absent when the default is null. */
  default?: string;
  /** Connect (or the connector) refuses to start without it. */
  required?: boolean;
  /** One line, ours. */
  doc: string;
  /** Allowed values (compared case-insensitively). */
  values?: readonly string[];
  /** Smallest allowed number. */
  min?: number;
  /**
   * Prefix keys only: the keys it accepts are handed to another component (a JDBC driver, a Kafka client) and never
   * rejected, so a near-miss of an exact key under it (`database.hostsname`) is almost surely a typo.
   */
  passthrough?: boolean;
}

/** A key a newer release no longer reads; it is silently ignored (or passed through) instead. */
export interface RemovedKeySpec {
  key: string;
  /** The key to use instead (may be a prefix such as `schema.history.internal.*`). */
  replacement?: string;
  /** Release that removed or replaced it, e.g. `Debezium 2.0`. */
  since: string;
  note?: string;
}

export type ConnectorKind = 'source' | 'sink';

export interface ConnectorSpec {
  /** Fully qualified class name as `connector.class` takes it. */
  class: string;
  kind: ConnectorKind;
  /** Short human name: "JDBC sink (Confluent)". */
  title: string;
  /** Keys defined by the connector itself (the framework keys are added by the lookup). */
  keys: readonly ConfigKeySpec[];
  /** false when only a subset of the connector's keys is listed: unknown keys are then warnings, not errors. */
  complete: boolean;
  removed?: readonly RemovedKeySpec[];
  /** Keys of a sibling connector that users carry over, mapped to this connector's key (`pk.mode` → `primary.key.mode`). */
  equivalents?: Readonly<Record<string, string>>;
  /** Where the reference lives. */
  docs?: string;
}

export interface TransformSpec {
  /** Class as `transforms.<alias>.type` takes it, e.g. `org.apache.kafka.connect.transforms.InsertField$Value`. */
  class: string;
  kind: 'transformation' | 'predicate';
  title: string;
  keys: readonly ConfigKeySpec[];
  removed?: readonly RemovedKeySpec[];
}

/** A key with a default (`null` for none). */
export function key(name: string, type: ConfigValueType, dflt: string | null, doc: string, more: Partial<ConfigKeySpec> = {}): ConfigKeySpec {
  return { name, type, ...(dflt === null ? {} : { default: dflt }), doc, ...more };
}

/** A key without which the connector (or SMT) does not start. */
export function required(name: string, type: ConfigValueType, doc: string, more: Partial<ConfigKeySpec> = {}): ConfigKeySpec {
  return { name, type, required: true, doc, ...more };
}

/** A prefix whose keys go to another component unchecked. */
export function passthrough(prefix: string, doc: string): ConfigKeySpec {
  return { name: prefix, type: 'string', doc, passthrough: true };
}

/** `transforms.<alias>.type`-style names and `*` prefixes are patterns; everything else is an exact key. */
export function isPatternKey(name: string): boolean {
  return name.endsWith('*') || name.includes('<');
}

const patternCache = new Map<string, RegExp>();

/** The regular expression a pattern key name stands for. */
export function keyPattern(name: string): RegExp {
  let re = patternCache.get(name);
  if (!re) {
    const body = name
      .replace(/\*$/, '\u0000')
      .split(/(<[^>]+>|\u0000)/)
      .map((part) => (part === '\u0000' ? '.+' : part.startsWith('<') ? '.+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`);
    patternCache.set(name, re);
  }
  return re;
}
