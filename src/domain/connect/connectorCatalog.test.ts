import * as assert from 'node:assert/strict';
import { closestMatch, closestMatches, editDistance } from './closestMatch';
import {
  CONNECTOR_SPECS, connectorsDefining, describeConfigKey, findConnectorSpec, findKey, findRemovedKey, findTransformSpec, keysOf, kindOnlyKey,
} from './connectorCatalog';
import { isPatternKey, keyPattern } from './connectorCatalogTypes';
import { PREDICATE_SPECS, TRANSFORM_SPECS } from './smtCatalog';
import { RULES } from './validationRules';

describe('closestMatch', () => {
  const distances: Array<[string, string, number]> = [
    ['database.hostsname', 'database.hostname', 1],
    ['adress', 'address', 1],
    ['evlove', 'evolve', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ];
  for (const [a, b, d] of distances) it(`editDistance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));

  it('treats separator and case differences as no distance', () => {
    assert.deepEqual(closestMatches('auto-evolve', ['auto.create', 'auto.evolve', 'auto.evolved']), [{ candidate: 'auto.evolve', distance: 0 }, { candidate: 'auto.evolved', distance: 1 }]);
    assert.equal(closestMatch('Auto_Evolve', ['auto.evolve']), 'auto.evolve');
  });

  it('returns nothing beyond the budget', () => {
    assert.equal(closestMatch('topic.prefix', ['s3.bucket.name']), undefined);
  });
});

describe('connectorCatalog', () => {
  it('covers the connector classes the brief names', () => {
    assert.deepEqual(CONNECTOR_SPECS.map((s) => s.class).sort(), [
      'io.confluent.connect.jdbc.JdbcSinkConnector', 'io.confluent.connect.jdbc.JdbcSourceConnector', 'io.confluent.connect.s3.S3SinkConnector',
      'io.debezium.connector.jdbc.JdbcSinkConnector', 'io.debezium.connector.mysql.MySqlConnector', 'io.debezium.connector.postgresql.PostgresConnector',
      'org.apache.iceberg.connect.IcebergSinkConnector',
    ]);
  });

  it('has one documented entry per key in every spec', () => {
    for (const spec of [...CONNECTOR_SPECS, ...TRANSFORM_SPECS, ...PREDICATE_SPECS]) {
      const names = spec.keys.map((k) => k.name);
      assert.equal(new Set(names).size, names.length, `duplicate key in ${spec.class}`);
      for (const k of spec.keys) assert.ok(k.doc.length > 5, `${spec.class} ${k.name} lacks a description`);
    }
  });

  it('resolves classes like the worker: full name, simple name, simple name without "Connector"; ambiguous aliases stay unresolved', () => {
    assert.equal(findConnectorSpec('io.confluent.connect.s3.S3SinkConnector')?.title, 'S3 sink (Confluent)');
    assert.equal(findConnectorSpec('PostgresConnector')?.class, 'io.debezium.connector.postgresql.PostgresConnector');
    assert.equal(findConnectorSpec('JdbcSource')?.class, 'io.confluent.connect.jdbc.JdbcSourceConnector');
    assert.equal(findConnectorSpec('JdbcSinkConnector'), undefined); // Confluent and Debezium both have one
    assert.equal(findTransformSpec('InsertField$Value')?.class, 'org.apache.kafka.connect.transforms.InsertField$Value');
  });

  it('matches pattern keys, preferring specific patterns over pass-through prefixes', () => {
    const pg = findConnectorSpec('io.debezium.connector.postgresql.PostgresConnector');
    assert.ok(pg);
    const keys = keysOf(pg);
    assert.equal(findKey(keys, 'column.mask.with.12.chars')?.name, 'column.mask.with.<n>.chars');
    assert.equal(findKey(keys, 'database.sslmode')?.name, 'database.sslmode');
    assert.equal(findKey(keys, 'database.loginTimeout')?.passthrough, true);
    assert.equal(findKey(keys, 'transforms.unwrap.type')?.name, 'transforms.<alias>.type');
    assert.equal(findKey(keys, 'producer.override.linger.ms')?.name, 'producer.override.*');
    assert.equal(findKey(keys, 'no.such.key'), undefined);
    assert.ok(keyPattern('iceberg.table.<table>.id-columns').test('iceberg.table.pagila.address.id-columns'));
    assert.ok(isPatternKey('driver.*') && !isPatternKey('driver'));
  });

  it('expands a removed prefix to the key it replaces', () => {
    const pg = findConnectorSpec('PostgresConnector');
    assert.equal(findRemovedKey(pg?.removed, 'database.history.kafka.topic')?.replacement, 'schema.history.internal.kafka.topic');
    assert.equal(findRemovedKey(pg?.removed, 'database.server.name')?.replacement, 'topic.prefix');
    assert.equal(findRemovedKey(pg?.removed, 'database.hostname'), undefined);
  });

  it('knows which connectors define a key and which keys belong to one connector kind', () => {
    assert.deepEqual(connectorsDefining('table.name.format').map((s) => s.title).sort(), ['JDBC sink (Confluent)', 'JDBC sink (Debezium)']);
    assert.equal(kindOnlyKey('topics'), 'sink');
    assert.equal(kindOnlyKey('topic.creation.default.partitions'), 'source');
    assert.equal(kindOnlyKey('tasks.max'), undefined);
  });

  it('describes a key for hovers, falling back to framework keys for unknown classes', () => {
    assert.equal(describeConfigKey('io.confluent.connect.jdbc.JdbcSinkConnector', 'auto.evolve')?.default, 'false');
    assert.equal(describeConfigKey('com.example.Unknown', 'tasks.max')?.type, 'int');
  });

  it('lists every rule once, with a description', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) assert.ok(r.description.length > 10, r.id);
  });
});
