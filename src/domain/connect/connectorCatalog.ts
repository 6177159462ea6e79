/**
 * The offline key catalog: which keys each known connector, SMT and predicate reads, with type, default and a
 * one-line description. Used by the offline validator, and by the editor for completion and hovers. Pure data and
 * lookups; the data lives in connectorCatalog{Common,Jdbc,Debezium,Storage}.ts and smtCatalog.ts.
 */
import { COMMON_KEYS, SINK_KEYS, SOURCE_KEYS } from './connectorCatalogCommon';
import { DEBEZIUM_MYSQL_SPEC, DEBEZIUM_POSTGRES_SPEC } from './connectorCatalogDebezium';
import { DEBEZIUM_JDBC_SINK_SPEC, JDBC_SINK_SPEC, JDBC_SOURCE_SPEC } from './connectorCatalogJdbc';
import { ICEBERG_SINK_SPEC, S3_SINK_SPEC } from './connectorCatalogStorage';
import { isPatternKey, keyPattern, type ConfigKeySpec, type ConnectorKind, type ConnectorSpec, type RemovedKeySpec, type TransformSpec } from './connectorCatalogTypes';
import { PREDICATE_SPECS, TRANSFORM_SPECS } from './smtCatalog';

export type { ConfigKeySpec, ConnectorKind, ConnectorSpec, RemovedKeySpec, TransformSpec } from './connectorCatalogTypes';

export const CONNECTOR_SPECS: readonly ConnectorSpec[] = [
  JDBC_SOURCE_SPEC, JDBC_SINK_SPEC, DEBEZIUM_JDBC_SINK_SPEC, DEBEZIUM_POSTGRES_SPEC, DEBEZIUM_MYSQL_SPEC, S3_SINK_SPEC, ICEBERG_SINK_SPEC,
];

/** The class name after the last dot (`io.x.FooConnector` → `FooConnector`). */
export function simpleClassName(cls: string): string {
  return cls.slice(cls.lastIndexOf('.') + 1);
}

/**
 * Finds a plugin by class name the way the worker does: the fully qualified name, the simple name, or the simple
 * name without the type suffix (`JdbcSourceConnector`, `JdbcSource`) when only one plugin has it.
 */
function findByClass<T extends { class: string }>(specs: readonly T[], name: string, suffix: string): T | undefined {
  const n = name.trim();
  const exact = specs.find((s) => s.class === n);
  if (exact) return exact;
  const hits = specs.filter((s) => {
    const simple = simpleClassName(s.class);
    return simple === n || (suffix !== '' && simple.endsWith(suffix) && simple.slice(0, -suffix.length) === n);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

export function findConnectorSpec(connectorClass: string): ConnectorSpec | undefined {
  return findByClass(CONNECTOR_SPECS, connectorClass, 'Connector');
}

export function findTransformSpec(type: string): TransformSpec | undefined {
  return findByClass(TRANSFORM_SPECS, type, '');
}

export function findPredicateSpec(type: string): TransformSpec | undefined {
  return findByClass(PREDICATE_SPECS, type, '');
}

/** Framework keys for a connector of this kind (all connectors, plus source- or sink-only keys). */
export function frameworkKeys(kind: ConnectorKind | undefined): readonly ConfigKeySpec[] {
  if (kind === 'source') return [...COMMON_KEYS, ...SOURCE_KEYS];
  if (kind === 'sink') return [...COMMON_KEYS, ...SINK_KEYS];
  return COMMON_KEYS;
}

/** Every key a connector reads: the framework's and its own. */
export function keysOf(spec: ConnectorSpec): readonly ConfigKeySpec[] {
  return [...frameworkKeys(spec.kind), ...spec.keys];
}

/** The spec of a key: an exact key first, then the most specific pattern. */
export function findKey(keys: readonly ConfigKeySpec[], name: string): ConfigKeySpec | undefined {
  const exact = keys.find((k) => k.name === name && !isPatternKey(k.name));
  if (exact) return exact;
  return keys
    .filter((k) => isPatternKey(k.name) && keyPattern(k.name).test(name))
    .sort((a, b) => Number(a.passthrough ?? false) - Number(b.passthrough ?? false) || b.name.length - a.name.length)[0];
}

/** Exact (non-pattern) key names, for spelling suggestions. */
export function exactKeyNames(keys: readonly ConfigKeySpec[]): string[] {
  return keys.filter((k) => !isPatternKey(k.name)).map((k) => k.name);
}

/** A removed key and its replacement, with a `*` replacement expanded for this key. */
export function findRemovedKey(removed: readonly RemovedKeySpec[] | undefined, name: string): { spec: RemovedKeySpec; replacement?: string } | undefined {
  for (const r of removed ?? []) {
    if (r.key === name) return { spec: r, ...(r.replacement ? { replacement: r.replacement } : {}) };
    if (r.key.endsWith('*') && name.startsWith(r.key.slice(0, -1))) {
      const rest = name.slice(r.key.length - 1);
      return { spec: r, ...(r.replacement ? { replacement: r.replacement.endsWith('*') ? r.replacement.slice(0, -1) + rest : r.replacement } : {}) };
    }
  }
  return undefined;
}

/** Connectors in the catalog (other than `except`) that define this exact key themselves. */
export function connectorsDefining(name: string, except?: ConnectorSpec): ConnectorSpec[] {
  return CONNECTOR_SPECS.filter((s) => s !== except && s.keys.some((k) => k.name === name && !isPatternKey(k.name)));
}

/** `source` or `sink` when the key is a framework key of only that kind (`topics`, `topic.creation.*`, …). */
export function kindOnlyKey(name: string): ConnectorKind | undefined {
  if (findKey(SOURCE_KEYS, name)) return 'source';
  if (findKey(SINK_KEYS, name)) return 'sink';
  return undefined;
}

/** The description of one config key of a connector class, for hovers and completion. */
export function describeConfigKey(connectorClass: string, name: string): ConfigKeySpec | undefined {
  const spec = findConnectorSpec(connectorClass);
  return findKey(spec ? keysOf(spec) : COMMON_KEYS, name);
}

