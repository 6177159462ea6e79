import * as assert from 'node:assert/strict';
import type { ConfigIssue, ConnectorFile, ValidationReport, WorkerConfigDefinition } from './connectorModel';
import { parseConnectorFile, parseConnectorText } from './connectorFile';
import { mergeReports, RULES, validateOffline, workerIssues, type ValidateOptions } from './connectorValidator';
import * as S from './fixtures/seedConfigs';

// ------------------------------------------------------------------------------------------------- helpers

const json = (text: string, name = 'test.connector.json'): ConnectorFile => parseConnectorFile(text, name);
const props = (text: string, name = 'test.properties'): ConnectorFile => parseConnectorText(text, name);

/** The seed config with keys changed (`undefined` removes one), re-serialised one key per line. */
function variant(seed: string, changes: Record<string, string | undefined>, name = 'variant.connector.json'): { file: ConnectorFile; text: string } {
  const config: Record<string, string> = { ...parseConnectorFile(seed, name).config };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  const text = JSON.stringify(config, null, 2);
  return { file: json(text, name), text };
}

/** 1-based line/column of `"key"` in a JSON text, or of `key=` at a line start in properties. */
function at(text: string, key: string): [number, number] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const j = l.indexOf(`"${key}"`);
    if (j >= 0) return [i + 1, j + 1];
    if (l.startsWith(`${key}=`)) return [i + 1, 1];
  }
  throw new Error(`no key ${key}`);
}

const all = (r: ValidationReport): ConfigIssue[] => [...r.errors, ...r.warnings];

interface Expected { rule: string; field: string; severity: ConfigIssue['severity']; at?: [number, number]; suggestion?: string; message?: RegExp }

function expectIssue(r: ValidationReport, e: Expected): void {
  const hits = all(r).filter((i) => i.rule === e.rule && i.field === e.field);
  const listing = all(r).map((i) => `${i.rule}@${i.field}`).join(', ');
  assert.ok(hits.length > 0, `expected ${e.rule} on "${e.field}"; got: ${listing}`);
  const hit = hits.find((i) => i.severity === e.severity && (!e.at || (i.line === e.at[0] && i.column === e.at[1])) && (!e.message || e.message.test(i.message)));
  assert.ok(hit, `${e.rule} on "${e.field}" should be ${e.severity}${e.at ? ` at ${e.at.join(':')}` : ''}${e.message ? ` matching ${e.message}` : ''}; got ${JSON.stringify(hits)}`);
  if (e.suggestion !== undefined) assert.equal(hit.suggestion, e.suggestion);
  if (e.severity === 'error') assert.ok(r.errors.includes(hit) && !r.valid);
  else assert.ok(r.warnings.includes(hit));
}

const seedFiles = (): ConnectorFile[] => [
  json(S.SEED_JDBC_SOURCE_00, 'jdbc_source_connector_postgresql_00.json'), json(S.SEED_S3_SINK_00, 's3_sink_connector_00.json'),
  json(S.SEED_JDBC_SOURCE_01, 'jdbc_source_connector_postgresql_01.json'), json(S.SEED_S3_SINK_01, 's3_sink_connector_01.json'),
  json(S.SEED_JDBC_SOURCE_02, 'jdbc_source_connector_postgresql_02.json'), json(S.SEED_S3_SINK_02, 's3_sink_connector_02.json'),
  json(S.SEED_DEBEZIUM_PG_PRODUCTS, 'products-outbox.connector.json'), json(S.SEED_JDBC_SINK_FILMS, 'films-sink.connector.json'),
  props(S.SEED_DEBEZIUM_MYSQL_MSK, 'debezium-mysql-connector.properties'), props(S.SEED_S3_SINK_MSK, 's3-sink-connector.properties'),
];

const CLEAN_DEBEZIUM_PG = JSON.stringify({
  name: 'pagila-cdc',
  config: {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'tasks.max': '1',
    'database.hostname': 'postgres', 'database.port': '5432', 'database.user': 'postgres', 'database.password': 'shoreline',
    'database.dbname': 'pagila', 'topic.prefix': 'pagila', 'plugin.name': 'pgoutput', 'slot.name': 'pagila_cdc',
    'publication.autocreate.mode': 'filtered', 'table.include.list': 'public.address,public.city',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
  },
}, null, 2);

// ----------------------------------------------------------------------------------------- the §6 mistakes

interface Case { name: string; file: () => ConnectorFile; opts?: () => ValidateOptions; expect: Expected[]; absent?: Array<{ rule: string; field?: string }> }

const sinkWithout = (k: string) => variant(S.SEED_S3_SINK_00, { [k]: undefined });
const dlqSink = variant(S.SEED_JDBC_SINK_FILMS, { 'errors.deadletterqueue.topic.name': 'films-dlq' });
const mysqlTypo = S.SEED_DEBEZIUM_MYSQL_MSK.replace('database.hostname=', 'database.hostsname=');
const partitionOnDistrict = variant(S.SEED_S3_SINK_02, { 'partition.field.name': 'district' });
const schemaless = variant(S.SEED_S3_SINK_02, { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false' });
const unwrappedQuery = variant(S.SEED_JDBC_SOURCE_02, { query: 'SELECT a.address_id, a.last_update FROM address AS a WHERE a.district IS NOT NULL ORDER BY a.address_id' });
const localhostSink = variant(S.SEED_JDBC_SINK_FILMS, { 'connection.url': 'jdbc:postgresql://localhost:5432/pagila' });

const CASES: Case[] = [
  {
    name: '§6.11 seed JDBC source #3: trailing comma at its position, and the no-op InsertSourceDetails step',
    file: () => json(S.SEED_JDBC_SOURCE_02),
    expect: [
      { rule: 'json.syntax', field: '', severity: 'error', at: [20, 95], message: /Trailing comma.*remove the comma/ },
      { rule: 'smt.noop', field: 'transforms.InsertSourceDetails.type', severity: 'error', at: [20, 1], message: /No field insertion configured/ },
    ],
  },
  {
    name: '§6.12 typographic quotes in the seed\'s example schema',
    file: () => json(S.SEED_EXAMPLE_SCHEMA_HEAD),
    expect: [{ rule: 'json.smartQuotes', field: '', severity: 'error', at: [2, 5], message: /replace with straight quotes/ }],
  },
  {
    name: '§6.13 "auto-evolve" in the seed JDBC sink: unknown key with the auto.evolve suggestion',
    file: () => json(S.SEED_JDBC_SINK_FILMS),
    expect: [{ rule: 'key.unknown', field: 'auto-evolve', severity: 'error', at: at(S.SEED_JDBC_SINK_FILMS, 'auto-evolve'), suggestion: 'auto.evolve', message: /stays at its default \(false\)/ }],
    absent: [{ rule: 'key.unknown', field: 'auto.create' }],
  },
  {
    name: '§6.13 "table.name.format" in the seed S3 sink #1 is a JDBC-sink key',
    file: () => json(S.SEED_S3_SINK_00),
    expect: [{ rule: 'key.wrongConnector', field: 'table.name.format', severity: 'error', at: [5, 1], message: /JDBC sink \(Confluent\).*not of the S3 sink/ }],
  },
  {
    name: '§6.13 "database.hostsname" as the MSK Connect steps spell it (passed through to the driver, so a typo)',
    file: () => props(mysqlTypo),
    expect: [{ rule: 'key.unknown', field: 'database.hostsname', severity: 'error', at: [3, 1], suggestion: 'database.hostname' }],
  },
  {
    name: '§6.13 the <CONNERCOR-NAME> placeholder in the seed MSK S3 sink',
    file: () => props(S.SEED_S3_SINK_MSK),
    expect: [
      { rule: 'value.placeholder', field: 'name', severity: 'warning', at: [1, 1], message: /<CONNERCOR-NAME>/ },
      { rule: 'value.placeholder', field: 's3.bucket.name', severity: 'warning', at: [3, 1] },
    ],
  },
  {
    name: '§6.13 your-… and change_me placeholders',
    file: () => json(S.SEED_JDBC_SOURCE_00),
    expect: [
      { rule: 'value.placeholder', field: 'connection.user', severity: 'warning', at: [4, 1], message: /your-username.*"postgres"/ },
      { rule: 'value.placeholder', field: 'connection.url', severity: 'warning', at: [3, 1] },
    ],
  },
  {
    name: '§6.18 Debezium 1.x keys in the seed MSK MySQL source, with replacements',
    file: () => props(S.SEED_DEBEZIUM_MYSQL_MSK),
    expect: [
      { rule: 'key.removed', field: 'database.server.name', severity: 'error', at: [8, 1], suggestion: 'topic.prefix' },
      { rule: 'key.removed', field: 'table.whitelist', severity: 'error', at: [9, 1], suggestion: 'table.include.list' },
      { rule: 'key.removed', field: 'database.history.kafka.bootstrap.servers', severity: 'error', at: [10, 1], suggestion: 'schema.history.internal.kafka.bootstrap.servers' },
      { rule: 'key.removed', field: 'database.history.kafka.topic', severity: 'error', at: [11, 1], suggestion: 'schema.history.internal.kafka.topic' },
      { rule: 'key.removed', field: 'transforms.unwrap.delete.handling.mode', severity: 'error', at: [25, 1], suggestion: 'transforms.unwrap.delete.tombstone.handling.mode', message: /delete\.tombstone\.handling\.mode=rewrite-with-tombstone/ },
    ],
    absent: [{ rule: 'key.required', field: 'topic.prefix' }],
  },
  {
    name: '§6.18 database.server.name in the seed Debezium PG source',
    file: () => json(S.SEED_DEBEZIUM_PG_PRODUCTS),
    expect: [{ rule: 'key.removed', field: 'database.server.name', severity: 'error', at: [8, 1], suggestion: 'topic.prefix' }],
  },
  {
    name: 'Debezium PG without topic.prefix; plugin.name decoderbufs',
    file: () => variant(CLEAN_DEBEZIUM_PG, {}).file && json(JSON.stringify({ ...JSON.parse(CLEAN_DEBEZIUM_PG).config, 'topic.prefix': undefined, 'plugin.name': 'decoderbufs' })),
    expect: [
      { rule: 'key.required', field: 'topic.prefix', severity: 'error', message: /"topic\.prefix" is missing/ },
      { rule: 'debezium.pluginName', field: 'plugin.name', severity: 'warning', suggestion: 'pgoutput' },
    ],
  },
  {
    name: '§6.18/§6.26 JDBC source #1: table.whitelist, catalog.pattern on PostgreSQL, query-based CDC has no deletes',
    file: () => json(S.SEED_JDBC_SOURCE_00),
    expect: [
      { rule: 'jdbc.legacyTableList', field: 'table.whitelist', severity: 'info', at: [10, 1] },
      { rule: 'jdbc.catalogPattern', field: 'catalog.pattern', severity: 'warning', at: [9, 1], suggestion: 'schema.pattern', message: /schema\.pattern=public/ },
      { rule: 'jdbc.noDeletes', field: 'mode', severity: 'info', at: [8, 1], message: /cannot see DELETEs/ },
    ],
  },
  {
    name: '§6.26 JDBC source #3: incrementing.column.name has no effect in timestamp mode; query makes topic.prefix the topic',
    file: () => json(S.SEED_JDBC_SOURCE_02),
    expect: [
      { rule: 'jdbc.unusedColumn', field: 'incrementing.column.name', severity: 'warning', at: [11, 1] },
      { rule: 'jdbc.queryTopic', field: 'topic.prefix', severity: 'info', at: [6, 1], message: /"pagila\.query"/ },
    ],
    absent: [{ rule: 'jdbc.querySubquery' }],
  },
  {
    name: 'JDBC source query with a top-level WHERE/ORDER BY in timestamp mode must be wrapped as a subquery',
    file: () => unwrappedQuery.file,
    expect: [{ rule: 'jdbc.querySubquery', field: 'query', severity: 'warning', at: at(unwrappedQuery.text, 'query'), message: /WHERE, ORDER BY.*SELECT \* FROM \(<your query>\) AS subquery/ }],
  },
  {
    name: 'JDBC source mode=timestamp without its column; mode misspelt',
    file: () => variant(S.SEED_JDBC_SOURCE_00, { 'timestamp.column.name': undefined }).file,
    expect: [{ rule: 'jdbc.modeColumns', field: 'mode', severity: 'error', message: /timestamp\.column\.name/ }],
  },
  {
    name: 'value types and allowed values',
    file: () => variant(S.SEED_JDBC_SOURCE_00, { mode: 'timestamps', 'poll.interval.ms': '5s', 'validate.non.null': 'no' }).file,
    expect: [
      { rule: 'value.enum', field: 'mode', severity: 'error', suggestion: 'timestamp' },
      { rule: 'value.type', field: 'poll.interval.ms', severity: 'error', message: /not an integer/ },
      { rule: 'value.type', field: 'validate.non.null', severity: 'error', message: /true or false/ },
    ],
  },
  {
    name: '§6.24 rotate.schedule.interval.ms without timezone',
    file: () => sinkWithout('timezone').file,
    expect: [{ rule: 's3.timezone', field: 'rotate.schedule.interval.ms', severity: 'error', at: at(sinkWithout('timezone').text, 'rotate.schedule.interval.ms'), suggestion: 'UTC' }],
  },
  {
    name: '§6.23 ParquetFormat with schemaless JSON values',
    file: () => schemaless.file,
    expect: [{ rule: 's3.formatNeedsSchema', field: 'value.converter.schemas.enable', severity: 'error', at: at(schemaless.text, 'value.converter.schemas.enable'), suggestion: 'true' }],
  },
  {
    name: '§6.24 FieldPartitioner on a field the sink chain renames away',
    file: () => partitionOnDistrict.file,
    expect: [{ rule: 's3.partitionFieldRenamed', field: 'partition.field.name', severity: 'error', at: at(partitionOnDistrict.text, 'partition.field.name'), suggestion: 'state_province', message: /"RenameField".*renames it to "state_province"/ }],
  },
  {
    name: '§6.4 FieldPartitioner: Glue/Hive duplicate column; alias list with a space is fine',
    file: () => json(S.SEED_S3_SINK_02),
    expect: [{ rule: 's3.fieldPartitionerHive', field: 'partition.field.name', severity: 'info', at: [15, 1], message: /HIVE_INVALID_METADATA/ }],
    absent: [{ rule: 'smt.missingType' }, { rule: 's3.partitionFieldRenamed' }, { rule: 'smt.orphanKey' }],
  },
  {
    name: '§6.28 localhost inside the Connect container',
    file: () => json(S.SEED_DEBEZIUM_PG_PRODUCTS),
    expect: [{ rule: 'value.localhost', field: 'key.converter.apicurio.registry.url', severity: 'warning', at: [12, 1], message: /resolved inside the Connect container/ }],
  },
  {
    name: '§6.28 localhost:5432 gets the postgres:5432 replacement',
    file: () => localhostSink.file,
    expect: [{ rule: 'value.localhost', field: 'connection.url', severity: 'warning', suggestion: 'jdbc:postgresql://postgres:5432/pagila' }],
  },
  {
    name: '§6.25 the seed JDBC sink\'s rewrite+tombstones: placeholder row upserted before each delete',
    file: () => json(S.SEED_JDBC_SINK_FILMS),
    expect: [
      { rule: 'smt.deleteHandling', field: 'transforms.unwrap.type', severity: 'info', message: /__deleted=true.*then the tombstone deletes it/ },
      { rule: 'key.removed', field: 'transforms.unwrap.drop.tombstones', severity: 'error', at: [26, 1] },
    ],
  },
  {
    name: 'JDBC sink: upsert without a key, delete without record_key, record_key without pk.fields',
    file: () => variant(S.SEED_JDBC_SINK_FILMS, { 'pk.mode': 'none', 'pk.fields': undefined }).file,
    expect: [
      { rule: 'jdbcSink.upsertNeedsPk', field: 'pk.mode', severity: 'error', suggestion: 'record_key' },
      { rule: 'jdbcSink.deleteNeedsRecordKey', field: 'delete.enabled', severity: 'error', message: /pk\.mode=record_key/ },
    ],
  },
  {
    name: 'JDBC sink: record_key without pk.fields warns',
    file: () => variant(S.SEED_JDBC_SINK_FILMS, { 'pk.fields': undefined }).file,
    expect: [{ rule: 'jdbcSink.pkFields', field: 'pk.mode', severity: 'warning', message: /Need exactly one PK column/ }],
  },
  {
    name: 'Debezium JDBC sink: Confluent keys carried over, and upsert without primary.key.mode',
    file: () => json(JSON.stringify({ 'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector', topics: 'a', 'connection.url': 'jdbc:postgresql://postgres:5432/w', 'connection.user': 'postgres', 'pk.mode': 'record_key', 'insert.mode': 'upsert' })),
    expect: [
      { rule: 'key.wrongConnector', field: 'connection.user', severity: 'error', suggestion: 'connection.username' },
      { rule: 'key.wrongConnector', field: 'pk.mode', severity: 'error', suggestion: 'primary.key.mode' },
      { rule: 'jdbcSink.upsertNeedsPk', field: 'insert.mode', severity: 'error' },
    ],
  },
  {
    name: 'Iceberg sink without tables or catalog; dynamic routing without route-field',
    file: () => json('{"connector.class": "org.apache.iceberg.connect.IcebergSinkConnector", "topics": "a", "iceberg.tables.dynamic-enabled": "true"}'),
    expect: [
      { rule: 'iceberg.tables', field: 'iceberg.tables.dynamic-enabled', severity: 'error', message: /route-field/ },
      { rule: 'iceberg.catalog', field: 'iceberg.catalog.type', severity: 'error', message: /Must specify Iceberg catalog properties/ },
    ],
  },
  {
    name: 'Iceberg sink with no table list at all',
    file: () => json('{"connector.class": "org.apache.iceberg.connect.IcebergSinkConnector", "topics": "a", "iceberg.catalog.type": "rest"}'),
    expect: [
      { rule: 'iceberg.tables', field: 'iceberg.tables', severity: 'error', message: /needs "iceberg\.tables"/ },
      { rule: 'iceberg.catalog', field: 'iceberg.catalog.type', severity: 'error', message: /rest catalog needs iceberg\.catalog\.uri/ },
    ],
  },
  {
    name: 'tasks.max must be a positive integer',
    file: () => variant(S.SEED_S3_SINK_00, { 'tasks.max': '0' }).file,
    expect: [{ rule: 'tasks.max', field: 'tasks.max', severity: 'error', at: [3, 3], suggestion: '1' }],
  },
  {
    name: 'missing connector.class',
    file: () => json('{\n"name": "x",\n"topics": "a"\n}'),
    expect: [{ rule: 'connector.class', field: 'connector.class', severity: 'error', message: /missing/ }],
  },
  {
    name: 'class not installed on the worker, with the close match',
    file: () => json(S.SEED_JDBC_SINK_FILMS),
    opts: () => ({ plugins: [
      { class: 'io.debezium.connector.jdbc.JdbcSinkConnector', type: 'sink', version: '3.5.0.Final' },
      { class: 'io.debezium.connector.postgresql.PostgresConnector', type: 'source', version: '3.7.0.Final' },
    ] }),
    expect: [{ rule: 'plugin.missing', field: 'connector.class', severity: 'error', at: [2, 1], suggestion: 'io.debezium.connector.jdbc.JdbcSinkConnector' }],
  },
  {
    name: 'SMT chain: alias without type, orphan key, misspelt setting, Filter without predicate, abstract class, offset.field on a source',
    file: () => json(JSON.stringify({
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', 'connection.url': 'jdbc:postgresql://postgres:5432/pagila', mode: 'bulk', 'topic.prefix': 'p.', 'table.whitelist': 'address',
      transforms: 'a, b,drop,abs,off', 'transforms.b.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.b.static.feild': 'x',
      'transforms.c.type': 'org.apache.kafka.connect.transforms.Filter', 'transforms.drop.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.abs.type': 'org.apache.kafka.connect.transforms.InsertField', 'transforms.off.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.off.offset.field': 'off',
    })),
    expect: [
      { rule: 'smt.missingType', field: 'transforms', severity: 'error', message: /"a" listed in "transforms" has no "transforms\.a\.type"/ },
      { rule: 'smt.unknownKey', field: 'transforms.b.static.feild', severity: 'error', suggestion: 'transforms.b.static.field' },
      { rule: 'smt.orphanKey', field: 'transforms.c.type', severity: 'warning' },
      { rule: 'smt.filterAll', field: 'transforms.drop.type', severity: 'warning' },
      { rule: 'smt.variant', field: 'transforms.abs.type', severity: 'error', suggestion: 'org.apache.kafka.connect.transforms.InsertField$Value' },
      { rule: 'smt.sinkOnly', field: 'transforms.off.offset.field', severity: 'error' },
    ],
  },
  {
    name: 'the same field inserted twice in one chain',
    file: () => variant(S.SEED_S3_SINK_02, { 'transforms.insertStaticField3.static.field': 'message_source' }).file,
    expect: [{ rule: 'smt.duplicateField', field: 'transforms.insertStaticField3.static.field', severity: 'error', message: /"message_source" is inserted twice.*"insertStaticField1"/ }],
  },
  {
    name: 'a sink needs topics or topics.regex',
    file: () => sinkWithout('topics.regex').file,
    expect: [{ rule: 'sink.topics', field: '', severity: 'error' }],
  },
  {
    name: 'a dead letter queue without errors.tolerance=all, and RF 3 on a one-broker stack',
    file: () => dlqSink.file,
    expect: [
      { rule: 'errors.dlq', field: 'errors.deadletterqueue.topic.name', severity: 'warning', message: /errors\.tolerance=all/ },
      { rule: 'topic.replicationFactor', field: 'errors.deadletterqueue.topic.name', severity: 'warning', message: /one broker/ },
    ],
  },
  {
    name: '§6.7 dead letter queue keys on a source connector are ignored (DLQs exist only for sinks)',
    file: () => variant(S.SEED_JDBC_SOURCE_01, { 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq' }).file,
    expect: [{ rule: 'key.wrongConnector', field: 'errors.deadletterqueue.topic.name', severity: 'error', message: /only by sink connectors/ }],
    absent: [{ rule: 'errors.dlq' }],
  },
  {
    name: '§6.30 the compatibility mode the MSK config really registers with (FORWARD, not the BACKWARD the text claims)',
    file: () => props(S.SEED_DEBEZIUM_MYSQL_MSK),
    expect: [{ rule: 'converter.compatibility', field: 'value.converter.compatibility', severity: 'info', at: [19, 1], message: /FORWARD compatibility: consumers on the old schema/ }],
  },
  {
    name: 'a Debezium-style key in the Confluent JDBC source',
    file: () => variant(S.SEED_JDBC_SOURCE_01, { 'connection.username': 'postgres' }).file,
    expect: [{ rule: 'key.wrongConnector', field: 'connection.username', severity: 'error', suggestion: 'connection.user' }],
  },
  {
    name: 'wrapped name differs from the config name',
    file: () => json('{"name": "a", "config": {"name": "b", "connector.class": "io.confluent.connect.s3.S3SinkConnector"}}'),
    expect: [{ rule: 'name.mismatch', field: 'name', severity: 'error', at: [1, 26], suggestion: 'a' }],
  },
];

// ------------------------------------------------------------------------------------------------- tests

describe('connectorValidator', () => {
  describe('catches the mistakes of the seeds (§6)', () => {
    for (const c of CASES) {
      it(c.name, () => {
        const r = validateOffline(c.file(), c.opts?.() ?? {});
        for (const e of c.expect) expectIssue(r, e);
        for (const a of c.absent ?? []) {
          assert.equal(all(r).find((i) => i.rule === a.rule && (a.field === undefined || i.field === a.field)), undefined, `unexpected ${a.rule}`);
        }
      });
    }
  });

  describe('across the workspace\'s connector files', () => {
    it('§6.14 a Debezium source with server name "pagila" collides with JDBC source #1 on pagila.public.address', () => {
      const dbz = json(JSON.stringify({ ...JSON.parse(CLEAN_DEBEZIUM_PG).config, 'table.include.list': 'public.address' }, null, 2), 'pagila-cdc.connector.json');
      const r = validateOffline(dbz, { otherConnectors: seedFiles() });
      expectIssue(r, { rule: 'topic.collision', field: 'topic.prefix', severity: 'warning', at: at(JSON.stringify(JSON.parse(CLEAN_DEBEZIUM_PG).config, null, 2), 'topic.prefix'), message: /"jdbc_source_connector_postgresql_00".*"pagila\.public\.address"/ });
    });

    it('§6.15 sink #2\'s bucket "you-s3-bucket" is one character from "your-s3-bucket"', () => {
      const files = seedFiles();
      const sink2 = files[3];
      assert.ok(sink2);
      expectIssue(validateOffline(sink2, { otherConnectors: files }), { rule: 's3.bucketMismatch', field: 's3.bucket.name', severity: 'warning', at: [6, 1], suggestion: 'your-s3-bucket' });
    });

    it('§6.15 a sink reading a topic no source writes (with the near miss)', () => {
      const sink = variant(S.SEED_S3_SINK_01, { topics: 'pagila.public.alt.adress' });
      const r = validateOffline(sink.file, { otherConnectors: seedFiles().filter((f) => !f.config['connector.class']?.includes('Debezium') && !f.config['connector.class']?.includes('debezium')) });
      expectIssue(r, { rule: 'topic.dangling', field: 'topics', severity: 'info', suggestion: 'pagila.public.alt.address' });
    });

    it('the seed pairs read what their sources write: no dangling topics, no collisions', () => {
      const files = seedFiles();
      for (const f of files) {
        const r = validateOffline(f, { otherConnectors: files });
        assert.deepEqual(all(r).filter((i) => i.rule === 'topic.dangling' || i.rule === 'topic.collision' || i.rule === 'name.duplicate'), [], f.name);
      }
    });

    it('§6.11 completing source #3 like #2 inserts message_source at the source and again in sink #3', () => {
      const source = variant(S.SEED_JDBC_SOURCE_02, { 'transforms.InsertSourceDetails.static.field': 'message_source', 'transforms.InsertSourceDetails.static.value': 'pagila' }, 'jdbc_source_connector_postgresql_02.json');
      const sink = json(S.SEED_S3_SINK_02, 's3_sink_connector_02.json');
      expectIssue(validateOffline(sink, { otherConnectors: [source.file] }), { rule: 'smt.duplicateField', field: 'transforms.insertStaticField1.static.field', severity: 'warning', at: at(S.SEED_S3_SINK_02, 'transforms.insertStaticField1.static.field'), message: /already inserts it at the source.*"pagila\.query"/ });
      expectIssue(validateOffline(source.file, { otherConnectors: [sink] }), { rule: 'smt.duplicateField', field: 'transforms.InsertSourceDetails.static.field', severity: 'warning' });
      // as printed (no static.field) there is nothing to duplicate
      assert.equal(all(validateOffline(sink, { otherConnectors: [json(S.SEED_JDBC_SOURCE_02)] })).find((i) => i.rule === 'smt.duplicateField'), undefined);
    });

    it('a JDBC sink reading Debezium change events without the unwrap step', () => {
      const sink = variant(S.SEED_JDBC_SINK_FILMS, { transforms: undefined, 'transforms.unwrap.type': undefined, 'transforms.unwrap.drop.tombstones': undefined, 'transforms.unwrap.delete.handling.mode': undefined });
      const r = validateOffline(sink.file, { otherConnectors: [json(S.SEED_DEBEZIUM_PG_PRODUCTS, 'products.json')] });
      expectIssue(r, { rule: 'debezium.envelope', field: 'topics', severity: 'warning', message: /"products\.films\.outbox".*ExtractNewRecordState/ });
    });
  });

  describe('clean configs', () => {
    const clean: Array<[string, string]> = [
      ['Debezium PostgreSQL source for host postgres, db pagila', CLEAN_DEBEZIUM_PG],
      ['S3 sink to the local stack', JSON.stringify({
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 'tasks.max': '1', topics: 'pagila.public.address',
        's3.bucket.name': 'pagila-lake', 's3.region': 'us-east-1', 'store.url': 'http://localstack:4566', 's3.path.style.access.enabled': 'true',
        'aws.access.key.id': 'test', 'aws.secret.access.key': 'test', 'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat', 'flush.size': '100', 'rotate.schedule.interval.ms': '60000', timezone: 'UTC',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.DefaultPartitioner', 'schema.compatibility': 'NONE',
      })],
      ['Debezium JDBC sink', JSON.stringify({
        'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector', topics: 'pagila.public.address', 'connection.url': 'jdbc:postgresql://postgres:5432/warehouse',
        'connection.username': 'postgres', 'connection.password': 'shoreline', 'insert.mode': 'upsert', 'primary.key.mode': 'record_key',
        'primary.key.fields': 'address_id', 'delete.enabled': 'true', 'schema.evolution': 'basic', 'collection.name.format': 'address_copy',
      })],
      ['Iceberg sink with a JDBC catalog on the stack', JSON.stringify({
        'connector.class': 'org.apache.iceberg.connect.IcebergSinkConnector', topics: 'pagila.public.address', 'iceberg.tables': 'pagila.address',
        'iceberg.tables.auto-create-enabled': 'true', 'iceberg.tables.default-partition-by': 'district', 'iceberg.catalog.type': 'jdbc',
        'iceberg.catalog.uri': 'jdbc:postgresql://postgres:5432/iceberg', 'iceberg.catalog.jdbc.user': 'postgres', 'iceberg.catalog.jdbc.password': 'shoreline',
        'iceberg.catalog.warehouse': 's3://lake/warehouse', 'iceberg.catalog.io-impl': 'org.apache.iceberg.aws.s3.S3FileIO',
        'iceberg.catalog.s3.endpoint': 'http://localstack:4566', 'iceberg.catalog.s3.path-style-access': 'true', 'iceberg.control.commit.interval-ms': '10000',
      })],
    ];
    for (const [what, text] of clean) {
      it(`${what}: no findings at all`, () => {
        const r = validateOffline(json(text));
        assert.deepEqual(all(r), []);
        assert.equal(r.valid, true);
      });
    }

    it('the seed S3 sink #3 and JDBC source #2 have no errors (only advice)', () => {
      for (const text of [S.SEED_S3_SINK_02, S.SEED_JDBC_SOURCE_01, S.SEED_S3_SINK_01]) assert.deepEqual(validateOffline(json(text)).errors, []);
    });

    it('an unknown connector class gets framework checks only, and says so', () => {
      const r = validateOffline(json('{"connector.class": "com.example.CustomSink", "topics": "a", "custom.key": "1", "tasks.max": "1"}'));
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.warnings.map((i) => i.rule), ['connector.unknownClass']);
    });
  });

  describe('worker findings and merging', () => {
    const def = (name: string, errors: string[]): WorkerConfigDefinition => ({
      name, type: 'STRING', required: false, defaultValue: null, importance: 'HIGH', documentation: '', group: null, displayName: name,
      dependents: [], value: null, errors, recommendedValues: [], visible: true,
    });

    it('workerIssues positions each worker error at its key', () => {
      const file = json(S.SEED_JDBC_SINK_FILMS);
      const issues = workerIssues(file, { connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector', errorCount: 2, definitions: [
        def('connection.url', ['Could not connect: Connection refused']), def('pk.mode', []), def('topics', ['Unknown topic']),
      ] });
      assert.deepEqual(issues, [
        { field: 'connection.url', message: 'Could not connect: Connection refused', severity: 'error', rule: 'worker', line: 5, column: 1 },
        { field: 'topics', message: 'Unknown topic', severity: 'error', rule: 'worker', line: 4, column: 1 },
      ]);
    });

    it('mergeReports keeps each field+message once and recomputes validity', () => {
      const a = validateOffline(json(S.SEED_S3_SINK_00));
      const worker: ValidationReport = { valid: false, errors: [{ field: 'x', message: 'boom', severity: 'error', rule: 'worker' }], warnings: [] };
      const merged = mergeReports(a, a, worker);
      assert.equal(merged.errors.length, a.errors.length + 1);
      assert.equal(merged.warnings.length, a.warnings.length);
      assert.equal(merged.valid, false);
      assert.deepEqual(mergeReports({ valid: true, errors: [], warnings: [] }), { valid: true, errors: [], warnings: [] });
    });
  });

  it('reports only rules listed in RULES, and every file-level finding names its rule', () => {
    const ids = new Set(RULES.map((r) => r.id));
    const files = [...seedFiles(), json(S.SEED_EXAMPLE_SCHEMA_HEAD), ...CASES.map((c) => c.file())];
    for (const f of files) {
      for (const i of all(validateOffline(f, { otherConnectors: seedFiles() }))) assert.ok(ids.has(i.rule), `rule ${i.rule} is not in RULES`);
    }
  });
});
