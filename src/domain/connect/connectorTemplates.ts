/**
 * Connector templates for the local stack. Hosts are the containers' names on the stack network (`postgres:5432`,
 * `kafka:29092`, `http://localstack:4566`), because the Connect worker resolves them from inside that network.
 * Credentials come in as parameters (from the stack config), never from this file.
 */
import type { StackConfig } from '../stack/stackConfig';

/** What a template needs to know about the stack. */
export interface TemplateParams {
  /** Connector name; each template has a default. Also names the replication slot and publication of sources. */
  name?: string;
  postgres: { host: string; port: number; user: string; password: string; database: string };
  /** Bootstrap servers as the Connect worker reaches them. */
  kafkaBootstrap: string;
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; bucket: string };
}

/** A connector ready to write to `<name>.connector.json` or to PUT to `/connectors/{name}/config`. */
export interface ConnectorDraft { name: string; config: Record<string, string> }

export interface ConnectorTemplate {
  id: string;
  title: string;
  description: string;
  connectorClass: string;
  /** SQL to run on the stack's `pagila` database before the connector starts (tables the template expects). */
  setupSql?: string;
  /** Templates that complete the pipeline (e.g. the sink for a source). */
  pairsWith?: string[];
  build(params: TemplateParams): ConnectorDraft;
}

const PG_SOURCE = 'io.debezium.connector.postgresql.PostgresConnector';
const JDBC_SINK = 'io.debezium.connector.jdbc.JdbcSinkConnector';
const ICEBERG_SINK = 'org.apache.iceberg.connect.IcebergSinkConnector';

const NO_JDBC_SOURCE = 'The seeds use Confluent\'s query-based JdbcSourceConnector (mode=timestamp on last_update); it is '
  + 'distributed through Confluent Hub only, not Maven Central, so it is not available offline. Debezium is the '
  + 'log-based alternative: it reads the write-ahead log, so it also sees deletes and never re-reads unchanged rows.';

/** The stack's values: container hosts, the configured Postgres password, the emulator's conventional test keys. */
export function stackTemplateParams(cfg: Pick<StackConfig, 'postgresPassword'>, name?: string): TemplateParams {
  return {
    ...(name ? { name } : {}),
    postgres: { host: 'postgres', port: 5432, user: 'postgres', password: cfg.postgresPassword, database: 'pagila' },
    kafkaBootstrap: 'kafka:29092',
    // LocalStack (and moto) accept any key pair; "test"/"test" is their documented default.
    s3: { endpoint: 'http://localstack:4566', region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test', bucket: 'shoreline-datalake' },
  };
}

/** Replication slot and publication names: lowercase letters, digits and `_` only (PostgreSQL's rule for slots). */
export function slotNameFor(connectorName: string): string {
  const s = connectorName.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return (s || 'shoreline').slice(0, 63);
}

const jdbcUrl = (p: TemplateParams, database = p.postgres.database) => `jdbc:postgresql://${p.postgres.host}:${p.postgres.port}/${database}`;

function debeziumSource(p: TemplateParams, name: string): Record<string, string> {
  const slot = slotNameFor(name);
  return {
    'connector.class': PG_SOURCE,
    'tasks.max': '1',
    'database.hostname': p.postgres.host,
    'database.port': String(p.postgres.port),
    'database.user': p.postgres.user,
    'database.password': p.postgres.password,
    'database.dbname': p.postgres.database,
    'plugin.name': 'pgoutput',
    'slot.name': slot,
    'publication.name': slot,
    // filtered: the publication covers only table.include.list, so it can be created without superuser rights on all tables
    'publication.autocreate.mode': 'filtered',
  };
}

/** The sink side writes into the stack's `postgres` database, next to (not into) the Pagila source tables. */
function jdbcSink(p: TemplateParams): Record<string, string> {
  return {
    'connector.class': JDBC_SINK,
    'tasks.max': '1',
    'connection.url': jdbcUrl(p, 'postgres'),
    'connection.username': p.postgres.user,
    'connection.password': p.postgres.password,
    'insert.mode': 'upsert',
    'primary.key.mode': 'record_key',
    'delete.enabled': 'true',
    'schema.evolution': 'basic',
  };
}

export const CONNECTOR_TEMPLATES: readonly ConnectorTemplate[] = [
  {
    id: 'debezium-postgres-pagila',
    title: 'Debezium PostgreSQL CDC on Pagila (address, city, country)',
    description: 'Log-based change data capture of public.address, public.city and public.country in the stack\'s Pagila '
      + 'database through logical decoding (pgoutput). Writes Debezium change envelopes (op c/u/d/r, before, after) to '
      + 'pagila.public.address, pagila.public.city and pagila.public.country, and a tombstone after each delete. '
      + NO_JDBC_SOURCE,
    connectorClass: PG_SOURCE,
    pairsWith: ['jdbc-sink-upsert', 'iceberg-s3-datalake'],
    build(p) {
      const name = p.name ?? 'pagila-cdc';
      return {
        name,
        config: {
          ...debeziumSource(p, name),
          'topic.prefix': 'pagila',
          'table.include.list': 'public.address,public.city,public.country',
          'snapshot.mode': 'initial',
          'tombstones.on.delete': 'true',
        },
      };
    },
  },
  {
    id: 'outbox-event-router',
    title: 'Outbox pattern: Debezium PostgreSQL + EventRouter on films.outbox',
    description: 'Captures inserts into films.outbox (Debezium\'s outbox layout: id, aggregatetype, aggregateid, type, '
      + 'payload; setupSql creates it) and routes each row with io.debezium.transforms.outbox.EventRouter to topic '
      + 'outbox.event.<aggregatetype> (e.g. outbox.event.film), keyed by aggregateid, with the JSON payload as the '
      + 'value and the event type in header eventType. A row with a NULL payload becomes a tombstone. The seeds\' '
      + 'films.outbox holds whole film rows instead; the EventRouter needs the outbox columns. Pair it with '
      + 'outbox-jdbc-sink. ' + NO_JDBC_SOURCE,
    connectorClass: PG_SOURCE,
    setupSql: [
      'CREATE SCHEMA IF NOT EXISTS films;',
      'CREATE TABLE IF NOT EXISTS films.outbox (',
      '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
      '  aggregatetype varchar(255) NOT NULL,',
      '  aggregateid varchar(255) NOT NULL,',
      '  type varchar(255) NOT NULL,',
      '  payload jsonb,',
      '  created_at timestamptz NOT NULL DEFAULT now()',
      ');',
    ].join('\n'),
    pairsWith: ['outbox-jdbc-sink'],
    build(p) {
      const name = p.name ?? 'films-outbox';
      return {
        name,
        config: {
          ...debeziumSource(p, name),
          'topic.prefix': 'products',
          'table.include.list': 'films.outbox',
          // the outbox is an event log: only new rows matter, not the rows already there
          'snapshot.mode': 'no_data',
          'tombstones.on.delete': 'false',
          'transforms': 'outbox',
          'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
          'transforms.outbox.route.by.field': 'aggregatetype',
          'transforms.outbox.route.topic.replacement': 'outbox.event.${routedByValue}',
          'transforms.outbox.table.field.event.key': 'aggregateid',
          'transforms.outbox.table.expand.json.payload': 'true',
          'transforms.outbox.route.tombstone.on.empty.payload': 'true',
          'transforms.outbox.table.fields.additional.placement': 'type:header:eventType',
        },
      };
    },
  },
  {
    id: 'outbox-jdbc-sink',
    title: 'Outbox pattern: Debezium JDBC sink upserting film events',
    description: 'Reads outbox.event.film (written by outbox-event-router) and upserts each event\'s payload into table '
      + 'film_catalog of the stack\'s postgres database: insert.mode upsert, primary.key.mode record_key (the '
      + 'aggregateid, wrapped and cast by two SMTs, becomes integer column film_id), delete.enabled (a tombstone deletes the row), schema.evolution basic '
      + '(the table is created and widened from the payload). Replaces the seeds\' Confluent JdbcSinkConnector, which '
      + 'is not on Maven Central.',
    connectorClass: JDBC_SINK,
    pairsWith: ['outbox-event-router'],
    build(p) {
      return {
        name: p.name ?? 'films-outbox-sink',
        config: {
          ...jdbcSink(p),
          'topics': 'outbox.event.film',
          'collection.name.format': 'film_catalog',
          // The EventRouter's key is the bare aggregateid string; the sink needs a struct key for record_key, and
          // Pagila's film_id is an integer: wrap the key as {film_id} and cast it.
          'transforms': 'keyStruct,keyType',
          'transforms.keyStruct.type': 'org.apache.kafka.connect.transforms.HoistField$Key',
          'transforms.keyStruct.field': 'film_id',
          'transforms.keyType.type': 'org.apache.kafka.connect.transforms.Cast$Key',
          'transforms.keyType.spec': 'film_id:int32',
        },
      };
    },
  },
  {
    id: 'iceberg-s3-datalake',
    title: 'Iceberg sink: Parquet on LocalStack S3, partitioned by country',
    description: 'Writes the rows of pagila.public.country (Debezium envelopes flattened by ExtractNewRecordState) as '
      + 'Parquet data files of Iceberg table pagila.country in s3://shoreline-datalake/warehouse, partitioned by '
      + 'country, with the Iceberg catalog in the stack\'s PostgreSQL (JdbcCatalog, database postgres). Needs the '
      + 'localstack service and debezium-postgres-pagila. Confluent\'s S3 sink (the seeds\' JSON and Parquet writer) is '
      + 'not on Maven Central; objects land under warehouse/pagila/country/data/country=<value>/ next to Iceberg '
      + 'metadata, not as plain S3 sink keys. Commits every 10 s.',
    connectorClass: ICEBERG_SINK,
    pairsWith: ['debezium-postgres-pagila'],
    build(p) {
      return {
        name: p.name ?? 'pagila-datalake',
        config: {
          'connector.class': ICEBERG_SINK,
          'tasks.max': '1',
          'topics': 'pagila.public.country',
          'iceberg.tables': 'pagila.country',
          'iceberg.tables.auto-create-enabled': 'true',
          'iceberg.tables.evolve-schema-enabled': 'true',
          'iceberg.tables.default-partition-by': 'country',
          'iceberg.control.commit.interval-ms': '10000',
          'iceberg.catalog': 'shoreline',
          'iceberg.catalog.catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
          'iceberg.catalog.uri': jdbcUrl(p, 'postgres'),
          'iceberg.catalog.jdbc.user': p.postgres.user,
          'iceberg.catalog.jdbc.password': p.postgres.password,
          'iceberg.catalog.warehouse': `s3://${p.s3.bucket}/warehouse`,
          'iceberg.catalog.io-impl': 'org.apache.iceberg.aws.s3.S3FileIO',
          'iceberg.catalog.s3.endpoint': p.s3.endpoint,
          'iceberg.catalog.s3.path-style-access': 'true',
          'iceberg.catalog.s3.access-key-id': p.s3.accessKeyId,
          'iceberg.catalog.s3.secret-access-key': p.s3.secretAccessKey,
          'iceberg.catalog.client.region': p.s3.region,
          'iceberg.kafka.bootstrap.servers': p.kafkaBootstrap,
          'transforms': 'unwrap',
          'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
          'transforms.unwrap.delete.tombstone.handling.mode': 'drop',
        },
      };
    },
  },
  {
    id: 'jdbc-sink-upsert',
    title: 'Debezium JDBC sink: upsert Pagila changes into PostgreSQL',
    description: 'Reads the Debezium change events of pagila.public.address, pagila.public.city and pagila.public.country '
      + '(from debezium-postgres-pagila) and keeps copies of the three tables in the stack\'s postgres database '
      + '(tables pagila_public_address, ...): insert.mode upsert on the record key, deletes applied (delete.enabled), '
      + 'tables created and widened (schema.evolution basic). It understands Debezium envelopes without an unwrap SMT.',
    connectorClass: JDBC_SINK,
    pairsWith: ['debezium-postgres-pagila'],
    build(p) {
      return {
        name: p.name ?? 'pagila-replica',
        config: {
          ...jdbcSink(p),
          'topics': 'pagila.public.address,pagila.public.city,pagila.public.country',
          'collection.name.format': '${topic}',
        },
      };
    },
  },
];

/** The text of a `<name>.connector.json` file for a draft (the wrapped shape, as `POST /connectors` takes it). */
export function connectorFileText(d: ConnectorDraft): string {
  return `${JSON.stringify({ name: d.name, config: d.config }, null, 2)}\n`;
}

/** The template with this id, or undefined. */
export function findTemplate(id: string): ConnectorTemplate | undefined {
  return CONNECTOR_TEMPLATES.find((t) => t.id === id);
}
