/**
 * Ready-made sample records for the SMT preview, taken from the seed documents (shared/notes/seeds-digest.md §3.6
 * and §3.8): Pagila address rows as the JDBC source produces them, Debezium change events for the same table, and a
 * Storefront order event. The default sample follows the connector class and its SMTs. Pure.
 */
import { findConnectorSpec } from './connectorCatalog';
import { consumedTopics, producedTopics } from './connectorTopics';
import { SMT } from './smtCatalog';
import { parseSmtChain } from './smtChain';
import { cloneRecord, LOGICAL, withField, type ConnectField, type ConnectSchema, type SmtRecord } from './smtRecord';

export interface SmtSample {
  id: string;
  title: string;
  description: string;
  record: SmtRecord;
}

const f = (name: string, type: ConnectSchema['type'], optional = false, more: Partial<ConnectSchema> = {}): ConnectField => withField(name, { type, optional, ...more });
const TIMESTAMP_FIELD = (name: string): ConnectField => f(name, 'int64', false, { name: LOGICAL.timestamp, version: 1 });

/** address as JdbcSourceConnector reads it (table mode, numeric.mapping=best_fit: smallint → int16). */
const JDBC_ADDRESS_SCHEMA: ConnectSchema = {
  type: 'struct', optional: false, name: 'address', fields: [
    f('address_id', 'int32'), f('address', 'string'), f('address2', 'string', true), f('district', 'string'), f('city_id', 'int16'),
    f('postal_code', 'string', true), f('phone', 'string'), TIMESTAMP_FIELD('last_update'),
  ],
};

/** The columns of JDBC source #3's query (query mode: the schema has no name). */
const JDBC_QUERY_SCHEMA: ConnectSchema = {
  type: 'struct', optional: false, fields: [
    f('address_id', 'int32'), f('address', 'string'), f('address2', 'string', true), f('city', 'string'), f('district', 'string'),
    f('postal_code', 'string', true), f('country', 'string'), f('phone', 'string'), TIMESTAMP_FIELD('last_update'),
  ],
};

const QUERY_ROW_599 = {
  address_id: 599, address: '1895 Zhezqazghan Drive', address2: '', city: 'Garden Grove', district: 'California',
  postal_code: '36693', country: 'United States', phone: '137809746111', last_update: 1487151930000,
};

/** Debezium PostgreSQL's row schema for pagila.public.address (last_update is timestamptz → ZonedTimestamp). */
const DBZ_ROW_SCHEMA: ConnectSchema = {
  type: 'struct', optional: true, name: 'pagila.public.address.Value', fields: [
    f('address_id', 'int32'), f('address', 'string'), f('address2', 'string', true), f('district', 'string'), f('city_id', 'int16'),
    f('postal_code', 'string', true), f('phone', 'string'), f('last_update', 'string', false, { name: 'io.debezium.time.ZonedTimestamp', version: 1 }),
  ],
};

const DBZ_SOURCE_SCHEMA: ConnectSchema = {
  type: 'struct', optional: false, name: 'io.debezium.connector.postgresql.Source', fields: [
    f('version', 'string'), f('connector', 'string'), f('name', 'string'), f('ts_ms', 'int64'),
    f('snapshot', 'string', true, { name: 'io.debezium.data.Enum', version: 1, parameters: { allowed: 'true,last,false,incremental' }, default: 'false' }),
    f('db', 'string'), f('sequence', 'string', true), f('schema', 'string'), f('table', 'string'), f('txId', 'int64', true), f('lsn', 'int64', true), f('xmin', 'int64', true),
  ],
};

const DBZ_ENVELOPE_SCHEMA: ConnectSchema = {
  type: 'struct', optional: false, name: 'pagila.public.address.Envelope', fields: [
    withField('before', DBZ_ROW_SCHEMA), withField('after', DBZ_ROW_SCHEMA), withField('source', DBZ_SOURCE_SCHEMA), f('op', 'string'), f('ts_ms', 'int64', true),
    withField('transaction', { type: 'struct', optional: true, name: 'event.block', version: 1, fields: [f('id', 'string'), f('total_order', 'int64'), f('data_collection_order', 'int64')] }),
  ],
};

const DBZ_KEY_SCHEMA: ConnectSchema = { type: 'struct', optional: false, name: 'pagila.public.address.Key', fields: [f('address_id', 'int32')] };

const source = (sequence: string, lsn: number, txId: number, tsMs: number): Record<string, unknown> => ({
  version: '1.6.1.Final', connector: 'postgresql', name: 'pagila', ts_ms: tsMs, snapshot: 'false', db: 'pagila',
  sequence, schema: 'public', table: 'address', txId, lsn, xmin: null,
});

const record = (r: Partial<SmtRecord> & Pick<SmtRecord, 'topic' | 'value'>): SmtRecord => ({
  partition: 0, offset: 0, timestamp: null, key: null, keySchema: null, valueSchema: null, headers: [], ...r,
});

export const SMT_SAMPLES: readonly SmtSample[] = [
  {
    id: 'pagila-address', title: 'Pagila address 105 from the JDBC source',
    description: 'The row after UPDATE address SET address2 = \'Apartment #1234\' WHERE address_id = 105, as JdbcSourceConnector (table mode) produces it: a struct with a schema, no key, last_update as a Connect Timestamp (epoch ms).',
    record: record({
      topic: 'pagila.public.address', offset: 104, timestamp: 1628815418600, valueSchema: JDBC_ADDRESS_SCHEMA,
      value: { address_id: 105, address: '733 Mandaluyong Place', address2: 'Apartment #1234', district: 'Asir', city_id: 2, postal_code: '77459', phone: '196568435814', last_update: 1628815418508 },
    }),
  },
  {
    id: 'pagila-query-row', title: 'Pagila address 599 from the JDBC source query (#3)',
    description: 'One row of JDBC source #3\'s address/city/country query, as the connector produces it (before any SMT): no key, no schema name.',
    record: record({ topic: 'pagila.query', offset: 598, timestamp: 1628815419000, valueSchema: JDBC_QUERY_SCHEMA, value: QUERY_ROW_599 }),
  },
  {
    id: 'pagila-query-topic', title: 'Pagila address 599 as it sits on topic pagila.query',
    description: 'The same row after JDBC source #3\'s SMTs, as S3 sink #3 reads it: key 599 (int32), value with message_topic added.',
    record: record({
      topic: 'pagila.query', offset: 598, timestamp: 1628815419000, key: 599, keySchema: { type: 'int32', optional: false },
      valueSchema: { ...JDBC_QUERY_SCHEMA, fields: [...JDBC_QUERY_SCHEMA.fields!, f('message_topic', 'string', true)] },
      value: { ...QUERY_ROW_599, message_topic: 'pagila.query' },
    }),
  },
  {
    id: 'debezium-address-update', title: 'Debezium update of address 105 (op u)',
    description: 'The Debezium PostgreSQL change event for the same UPDATE (seed payload, Debezium 1.6.1): before is null because address has REPLICA IDENTITY DEFAULT; key and value carry schemas as the Avro/JSON-with-schema converters give them.',
    record: record({
      topic: 'pagila.public.address', offset: 3, timestamp: 1628815418815, key: { address_id: 105 }, keySchema: DBZ_KEY_SCHEMA, valueSchema: DBZ_ENVELOPE_SCHEMA,
      value: {
        before: null,
        after: { address_id: 105, address: '733 Mandaluyong Place', address2: 'Apartment #1234', district: 'Asir', city_id: 2, postal_code: '77459', phone: '196568435814', last_update: '2021-08-13T00:43:38.508453Z' },
        source: source('["1090317720392","1090317720392"]', 1090317720624, 16973, 1628815418508), op: 'u', ts_ms: 1628815418815, transaction: null,
      },
    }),
  },
  {
    id: 'debezium-address-delete', title: 'Debezium delete of address 104 (op d)',
    description: 'The delete event (seed payload): with REPLICA IDENTITY DEFAULT the non-key columns of before are placeholders ("", 0, epoch).',
    record: record({
      topic: 'pagila.public.address', offset: 4, timestamp: 1628864251671, key: { address_id: 104 }, keySchema: DBZ_KEY_SCHEMA, valueSchema: DBZ_ENVELOPE_SCHEMA,
      value: {
        before: { address_id: 104, address: '', address2: null, district: '', city_id: 0, postal_code: null, phone: '', last_update: '1970-01-01T00:00:00Z' },
        after: null, source: source('["1101256482032","1101256482032"]', 1101256483936, 17137, 1628864251512), op: 'd', ts_ms: 1628864251671, transaction: null,
      },
    }),
  },
  {
    id: 'debezium-address-tombstone', title: 'Tombstone after the delete of address 104',
    description: 'The record Debezium writes right after the delete event (tombstones.on.delete=true): same key, null value and no value schema.',
    record: record({ topic: 'pagila.public.address', offset: 5, timestamp: 1628864251671, key: { address_id: 104 }, keySchema: DBZ_KEY_SCHEMA, value: null }),
  },
  {
    id: 'storefront-fulfillment-request', title: 'Storefront FulfillmentRequestEvent on orders.order.fulfill',
    description: 'The Orders service\'s event to Fulfillment (seed payload), as Spring Kafka\'s JsonSerializer writes it: schemaless JSON, no key.',
    record: record({
      topic: 'orders.order.fulfill', offset: 0, timestamp: 1528334218821,
      value: {
        timestamp: 1528334218821,
        name: { title: 'Mr.', firstName: 'John', middleName: 'S.', lastName: 'Doe', suffix: 'Jr.' },
        contact: { primaryPhone: '555-666-7777', secondaryPhone: '555-444-9898', email: 'john.doe@internet.com' },
        address: { type: 'SHIPPING', description: 'My home address', address1: '123 Oak Street', address2: null, city: 'Sunrise', state: 'CA', postalCode: '12345-6789' },
        order: {
          guid: 'facb2d0c-4ae7-4d6c-96a0-293d9c521652',
          orderStatusEvents: [{ timestamp: 1528333926586, orderStatusType: 'CREATED', note: null }, { timestamp: 1528333926586, orderStatusType: 'APPROVED', note: null }],
          orderItems: [{ product: { guid: '7f3c9c22-3c0a-47a5-9a92-2bd2e23f6e37', title: 'Green Widget', description: 'Gorgeous Green Widget', price: 11.99 }, quantity: 5 }],
        },
      },
    }),
  },
];

export function findSample(id: string): SmtSample | undefined {
  return SMT_SAMPLES.find((s) => s.id === id);
}

/** `source` or `sink` for a connector config (catalog first, then `topics`, then the class name). */
export function connectorKindOf(config: Readonly<Record<string, string>>): 'source' | 'sink' {
  const cls = config['connector.class']?.trim() ?? '';
  const spec = findConnectorSpec(cls);
  if (spec) return spec.kind;
  if (config['topics'] !== undefined || config['topics.regex'] !== undefined) return 'sink';
  return /sink/i.test(cls.slice(cls.lastIndexOf('.') + 1)) ? 'sink' : 'source';
}

/** The sample that fits the connector: Debezium events where a Debezium unwrap or source is involved, else by topic. */
export function defaultSampleId(config: Readonly<Record<string, string>>): string {
  const cls = config['connector.class']?.trim() ?? '';
  if (cls.startsWith('io.debezium.connector.') && !/Sink/.test(cls)) return 'debezium-address-update';
  if (parseSmtChain({ ...config }).some((s) => s.type === SMT.extractNewRecordState)) return 'debezium-address-update';
  const query = (config['query'] ?? '').trim() !== '';
  if (connectorKindOf(config) === 'source') return query ? 'pagila-query-row' : 'pagila-address';
  const topics = `${config['topics'] ?? ''} ${config['topics.regex'] ?? ''}`;
  if (/pagila\.query/.test(topics)) return 'pagila-query-topic';
  if (/(orders|fulfillment|accounts)\./.test(topics)) return 'storefront-fulfillment-request';
  return 'pagila-address';
}

/**
 * The sample as this connector would hand it to its SMTs: on a source, a SourceRecord (no offset; JDBC and Debezium
 * set no partition or timestamp) on the topic the connector writes; on a sink, a record from one of its topics.
 */
export function sampleForConnector(sample: SmtRecord, config: Readonly<Record<string, string>>): SmtRecord {
  const r = cloneRecord(sample);
  if (connectorKindOf(config) === 'source') {
    const produced = producedTopics({ shape: 'flat', name: '', config: { ...config, transforms: '' }, positions: {}, syntaxIssues: [] });
    const table = r.topic.slice(r.topic.lastIndexOf('.') + 1);
    const topic = produced?.topics.find((t) => t.endsWith(table)) ?? produced?.topics[0];
    return { ...r, topic: topic || r.topic, partition: null, offset: null, timestamp: null };
  }
  const consumed = consumedTopics({ shape: 'flat', name: '', config: { ...config }, positions: {}, syntaxIssues: [] });
  if (!consumed || consumed.topics.includes(r.topic) || consumed.regex?.test(r.topic)) return r;
  return { ...r, topic: consumed.topics[0] ?? r.topic };
}
