import * as assert from 'node:assert/strict';
import { previewChain, type SmtStepResult } from './smtPreview';
import { JavaDate, parseSampleRecord, type SmtRecord } from './smtRecord';
import { findSample } from './smtSamples';

const K = 'org.apache.kafka.connect.transforms';
const SINK = 'io.confluent.connect.s3.S3SinkConnector';
const SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';

/** Runs one SMT step (alias "t") on a record; a source connector when `source` is set. */
function one(type: string, settings: Record<string, string>, record: SmtRecord, source = false): SmtStepResult {
  const config: Record<string, string> = { 'connector.class': source ? SOURCE : SINK, transforms: 't', 'transforms.t.type': type };
  if (!source) config['topics'] = record.topic;
  for (const [k, v] of Object.entries(settings)) config[`transforms.t.${k}`] = v;
  return previewChain(config, record).steps[0]!;
}

const rec = (value: unknown, more: Record<string, unknown> = {}): SmtRecord =>
  parseSampleRecord({ topic: 'pagila.public.address', partition: 0, offset: 104, timestamp: 1628815418815, key: null, value, ...more }, 'x');
const JDBC = findSample('pagila-address')!.record;
const DBZ_UPDATE = findSample('debezium-address-update')!.record;
const STOREFRONT = findSample('storefront-fulfillment-request')!.record;
const ROW = { address_id: 105, district: 'Asir', phone: '196568435814', price: 11.99 };

interface Case {
  name: string;
  type: string;
  settings: Record<string, string>;
  record: SmtRecord;
  source?: boolean;
  /** Expected output parts, the error message, or the status. */
  value?: unknown;
  key?: unknown;
  topic?: string;
  headers?: Array<{ key: string; value: unknown }>;
  error?: string | RegExp;
  status?: SmtStepResult['status'];
  note?: RegExp;
}

const CASES: Case[] = [
  // InsertField
  { name: 'InsertField$Value inserts topic, partition, offset, timestamp and a static value (schemaless)', type: `${K}.InsertField$Value`,
    settings: { 'topic.field': 't', 'partition.field': 'p', 'offset.field': 'o', 'timestamp.field': 'ts', 'static.field': 's', 'static.value': 'v' },
    record: rec({ a: 1 }), value: { a: 1, t: 'pagila.public.address', p: 0, o: 104, ts: 1628815418815, s: 'v' } },
  { name: 'InsertField offset.field on a source connector: only SinkRecords have offsets', type: `${K}.InsertField$Value`, settings: { 'offset.field': 'o' },
    record: rec({ a: 1 }), source: true, error: 'Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord' },
  { name: 'InsertField on a string value', type: `${K}.InsertField$Value`, settings: { 'topic.field': 't' }, record: rec('plain'),
    error: 'Only Map objects supported in absence of schema for [field insertion], found: java.lang.String' },
  { name: 'InsertField$Key passes a null key (tombstone-like) on unchanged', type: `${K}.InsertField$Key`, settings: { 'topic.field': 't' }, record: rec({ a: 1 }), key: null },
  { name: 'InsertField static.field without static.value', type: `${K}.InsertField$Value`, settings: { 'static.field': 's' }, record: rec({}),
    error: /^Invalid value null for configuration static.value: No value specified for static field/ },
  // ReplaceField
  { name: 'ReplaceField$Value exclude + renames (schemaless)', type: `${K}.ReplaceField$Value`, settings: { exclude: 'phone', renames: 'district:state_province' },
    record: rec(ROW), value: { address_id: 105, state_province: 'Asir', price: 11.99 } },
  { name: 'ReplaceField$Value include keeps only the listed fields', type: `${K}.ReplaceField$Value`, settings: { include: 'address_id,price' },
    record: rec(ROW), value: { address_id: 105, price: 11.99 } },
  { name: 'ReplaceField blacklist was removed in Kafka 4: ignored, with a note', type: `${K}.ReplaceField$Value`, settings: { blacklist: 'phone' },
    record: rec(ROW), value: ROW, note: /"blacklist" was removed in Kafka 4\.0 and is ignored/ },
  { name: 'ReplaceField rejects a rename without a colon', type: `${K}.ReplaceField$Value`, settings: { renames: 'a:b, c' }, record: rec(ROW),
    error: 'Invalid value [a:b, c] for configuration renames: Invalid rename mapping: c' },
  // ValueToKey / ExtractField / HoistField
  { name: 'ValueToKey with a schema and a missing field', type: `${K}.ValueToKey`, settings: { fields: 'address_id,nope' }, record: JDBC, error: 'Field does not exist: nope' },
  { name: 'ValueToKey schemaless builds a map key', type: `${K}.ValueToKey`, settings: { fields: 'address_id,district' }, record: rec(ROW), key: { address_id: 105, district: 'Asir' } },
  { name: 'ExtractField$Value V2 follows a nested path', type: `${K}.ExtractField$Value`, settings: { field: 'order.guid', 'field.syntax.version': 'V2' },
    record: STOREFRONT, value: 'facb2d0c-4ae7-4d6c-96a0-293d9c521652' },
  { name: 'ExtractField$Value V1 reads "order.guid" as one field name: schemaless gives null', type: `${K}.ExtractField$Value`, settings: { field: 'order.guid' },
    record: STOREFRONT, value: null, note: /has no field "order\.guid"/ },
  { name: 'ExtractField$Key with a schema and a missing field', type: `${K}.ExtractField$Key`, settings: { field: 'id' }, record: DBZ_UPDATE, error: 'Unknown field: id' },
  { name: 'HoistField$Value wraps the value', type: `${K}.HoistField$Value`, settings: { field: 'row' }, record: rec(ROW), value: { row: ROW } },
  // Cast
  { name: 'Cast$Value field:type pairs on a schema\'d record', type: `${K}.Cast$Value`, settings: { spec: 'address_id:string, city_id:float64' },
    record: JDBC, value: { ...(JDBC.value as object), address_id: '105', city_id: 2 } },
  { name: 'Cast$Value narrows like Java: double → int32 truncates, long → int8 wraps, double → string', type: `${K}.Cast$Value`,
    settings: { spec: 'price:int32,big:int8,d:string,b:boolean' }, record: rec({ price: 11.99, big: 300, d: 100.5, b: 'TRUE' }), value: { price: 11, big: 44, d: '100.5', b: true } },
  { name: 'Cast of a non-number string', type: `${K}.Cast$Value`, settings: { spec: 'district:int32' }, record: rec(ROW), error: 'Value (Asir) was out of range for requested data type' },
  { name: 'Cast with an unknown type', type: `${K}.Cast$Value`, settings: { spec: 'a:int99' }, record: rec(ROW), error: 'Invalid type found in casting spec: int99' },
  { name: 'Cast$Key of the whole key', type: `${K}.Cast$Key`, settings: { spec: 'string' }, record: rec({}, { key: { schema: { type: 'int32' }, payload: 105 } }), key: '105' },
  { name: 'Cast of a Timestamp field to string uses Connect\'s ISO format', type: `${K}.Cast$Value`, settings: { spec: 'last_update:string' }, record: JDBC,
    value: { ...(JDBC.value as object), last_update: '2021-08-13T00:43:38.508Z' } },
  // MaskField / Flatten
  { name: 'MaskField$Value empties strings and zeroes numbers', type: `${K}.MaskField$Value`, settings: { fields: 'phone,address_id,price' }, record: rec(ROW),
    value: { address_id: 0, district: 'Asir', phone: '', price: 0 } },
  { name: 'MaskField$Value with a replacement', type: `${K}.MaskField$Value`, settings: { fields: 'phone', replacement: '***' }, record: rec(ROW), value: { ...ROW, phone: '***' } },
  { name: 'MaskField replacement on a boolean', type: `${K}.MaskField$Value`, settings: { fields: 'b', replacement: 'x' }, record: rec({ b: true }),
    error: 'Cannot mask value of type class java.lang.Boolean with custom replacement.' },
  { name: 'Flatten$Value joins nested names with the delimiter', type: `${K}.Flatten$Value`, settings: { delimiter: '_' },
    record: rec({ a: { b: 1, c: { d: 'x' } }, e: null }), value: { a_b: 1, a_c_d: 'x', e: null } },
  { name: 'Flatten on a list: Kafka 4\'s exact behaviour is not reproduced', type: `${K}.Flatten$Value`, settings: {}, record: STOREFRONT, status: 'not-supported' },
  // Routing, headers, filter
  { name: 'RegexRouter rewrites a topic that matches as a whole', type: `${K}.RegexRouter`, settings: { regex: 'pagila\\.public\\.(.*)', replacement: 'pg_$1' },
    record: rec({}), topic: 'pg_address' },
  { name: 'RegexRouter keeps a topic that matches only in part', type: `${K}.RegexRouter`, settings: { regex: 'public', replacement: 'x' }, record: rec({}),
    topic: 'pagila.public.address', note: /does not match/ },
  { name: 'RegexRouter with a missing group', type: `${K}.RegexRouter`, settings: { regex: 'pagila\\.(.*)', replacement: '$2' }, record: rec({}), error: 'No group 2' },
  { name: 'RegexRouter with a possessive quantifier JS cannot run', type: `${K}.RegexRouter`, settings: { regex: 'pagila.*+', replacement: 'x' }, record: rec({}), status: 'not-supported' },
  { name: 'TimestampRouter formats the record timestamp (UTC)', type: `${K}.TimestampRouter`, settings: {}, record: rec({}), topic: 'pagila.public.address-20210813' },
  { name: 'TimestampRouter on a source record without a timestamp', type: `${K}.TimestampRouter`, settings: { 'topic.format': '${topic}_${timestamp}', 'timestamp.format': 'yyyy-MM' },
    record: rec({}, { timestamp: null }), source: true, error: /^Timestamp missing on record: SourceRecord\{topic='pagila\.public\.address'/ },
  { name: 'Filter without a predicate drops every record', type: `${K}.Filter`, settings: {}, record: rec({}), status: 'dropped' },
  { name: 'InsertHeader parses the literal as Connect does', type: `${K}.InsertHeader`, settings: { header: 'n', 'value.literal': '42' }, record: rec({}),
    headers: [{ key: 'n', value: 42 }], note: /as int8/ },
  { name: 'DropHeaders removes every header with the name', type: `${K}.DropHeaders`, settings: { headers: 'a' },
    record: rec({}, { headers: [{ key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'a', value: 3 }] }), headers: [{ key: 'b', value: 2 }] },
  { name: 'HeaderFrom$Value move takes the field out of the value', type: `${K}.HeaderFrom$Value`, settings: { fields: 'district', headers: 'region', operation: 'move' },
    record: rec(ROW), headers: [{ key: 'region', value: 'Asir' }], value: { address_id: 105, phone: '196568435814', price: 11.99 } },
  { name: 'HeaderFrom needs as many headers as fields', type: `${K}.HeaderFrom$Value`, settings: { fields: 'a,b', headers: 'x', operation: 'copy' }, record: rec(ROW),
    error: "'fields' config must have the same number of elements as 'headers' config." },
  // SetSchemaMetadata / TimestampConverter
  { name: 'SetSchemaMetadata on schemaless data', type: `${K}.SetSchemaMetadata$Value`, settings: { 'schema.name': 'x' }, record: rec(ROW), error: 'Schema required for [updating schema metadata]' },
  { name: 'TimestampConverter$Value Timestamp field → string', type: `${K}.TimestampConverter$Value`, settings: { field: 'last_update', 'target.type': 'string', format: 'yyyy-MM-dd' },
    record: JDBC, value: { ...(JDBC.value as object), last_update: '2021-08-13' } },
  { name: 'TimestampConverter$Value string → unix seconds', type: `${K}.TimestampConverter$Value`,
    settings: { field: 'ts', 'target.type': 'unix', format: "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 'unix.precision': 'seconds' }, record: rec({ ts: '2021-08-13T00:43:38.508Z' }), value: { ts: 1628815418 } },
  { name: 'TimestampConverter$Value epoch millis → Timestamp (a java.util.Date without schema)', type: `${K}.TimestampConverter$Value`, settings: { field: 'ts', 'target.type': 'Timestamp' },
    record: rec({ ts: 1628815418508 }), value: { ts: new JavaDate(1628815418508) } },
  { name: 'TimestampConverter on a string that does not fit the format', type: `${K}.TimestampConverter$Value`, settings: { field: 'ts', 'target.type': 'unix', format: 'yyyy-MM-dd' },
    record: rec({ ts: 'Friday' }), error: 'Could not parse timestamp: value (Friday) does not match pattern (yyyy-MM-dd)' },
  { name: 'TimestampConverter to string without a format', type: `${K}.TimestampConverter$Value`, settings: { 'target.type': 'string' }, record: rec(1),
    error: 'TimestampConverter requires format option to be specified when using string timestamps' },
];

describe('SMT implementations (one step each)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const step = one(c.type, c.settings, c.record, c.source);
      if (c.error !== undefined) {
        assert.equal(step.status, 'failed', `expected a failure, got ${step.status}: ${JSON.stringify(step.output?.value)}`);
        if (typeof c.error === 'string') assert.equal(step.error!.message, c.error);
        else assert.match(step.error!.message, c.error);
        return;
      }
      assert.equal(step.status, c.status ?? 'applied', `${step.error?.message ?? step.reason ?? ''}`);
      if (c.status === 'not-supported') assert.equal(step.ran, false);
      if (c.value !== undefined) assert.deepEqual(step.output!.value, c.value);
      if (c.key !== undefined) assert.deepEqual(step.output!.key, c.key);
      if (c.topic !== undefined) assert.equal(step.output!.topic, c.topic);
      if (c.headers !== undefined) assert.deepEqual(step.output!.headers.map((h) => ({ key: h.key, value: h.value })), c.headers);
      if (c.note) assert.ok(step.notes.some((n) => c.note!.test(n)), `no note matching ${c.note}: ${step.notes.join(' | ')}`);
    });
  }

  it('Cast changes the schema of cast fields and keeps optionality', () => {
    const step = one(`${K}.Cast$Value`, { spec: 'postal_code:int32,city_id:string' }, JDBC);
    const fields = step.output!.valueSchema!.fields!;
    assert.deepEqual(fields.find((f) => f.field === 'city_id'), { field: 'city_id', type: 'string', optional: false });
    assert.deepEqual(fields.find((f) => f.field === 'postal_code'), { field: 'postal_code', type: 'int32', optional: true });
    assert.deepEqual([(step.output!.value as Record<string, unknown>).postal_code, (step.output!.value as Record<string, unknown>).city_id], [77459, '2']);
    assert.equal(one(`${K}.Cast$Value`, { spec: 'address2:int32' }, JDBC).error!.message, 'Value (Apartment #1234) was out of range for requested data type');
  });

  it('InsertField with ! makes the inserted field required in the schema', () => {
    const step = one(`${K}.InsertField$Value`, { 'topic.field': 'topic!' }, JDBC);
    assert.deepEqual(step.output!.valueSchema!.fields!.at(-1), { type: 'string', optional: false, field: 'topic' });
  });

  it('SetSchemaMetadata renames the schema and keeps the payload', () => {
    const step = one(`${K}.SetSchemaMetadata$Value`, { 'schema.name': 'com.example.Address', 'schema.version': '3' }, JDBC);
    assert.equal(step.output!.valueSchema!.name, 'com.example.Address');
    assert.equal(step.output!.valueSchema!.version, 3);
    assert.deepEqual(step.output!.value, JDBC.value);
  });

  it('a RecordIsTombstone predicate lets a Filter drop tombstones only', () => {
    const config = {
      'connector.class': SINK, topics: 'pagila.public.address', transforms: 'dropTombstones', 'transforms.dropTombstones.type': `${K}.Filter`,
      'transforms.dropTombstones.predicate': 'tomb', predicates: 'tomb', 'predicates.tomb.type': `${K}.predicates.RecordIsTombstone`,
    };
    assert.equal(previewChain(config, findSample('debezium-address-tombstone')!.record).outcome, 'dropped');
    assert.equal(previewChain(config, DBZ_UPDATE).outcome, 'delivered');
    const hasHeader = { ...config, 'predicates.tomb.type': `${K}.predicates.HasHeaderKey`, 'predicates.tomb.name': 'skip' };
    assert.equal(previewChain(hasHeader, rec({}, { headers: { skip: 'yes' } })).outcome, 'dropped');
    assert.equal(previewChain(hasHeader, rec({})).outcome, 'delivered');
  });
});

describe('ExtractNewRecordState (Debezium unwrap)', () => {
  const UNWRAP = 'io.debezium.transforms.ExtractNewRecordState';
  const DELETE = findSample('debezium-address-delete')!.record;
  const TOMBSTONE = findSample('debezium-address-tombstone')!.record;
  const config = (settings: Record<string, string>): Record<string, string> => ({
    'connector.class': SINK, topics: 'pagila.public.address', transforms: 'unwrap', 'transforms.unwrap.type': UNWRAP,
    ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [`transforms.unwrap.${k}`, v])),
  });
  const value = (r: ReturnType<typeof previewChain>): Record<string, unknown> | null => r.output?.value as Record<string, unknown> | null;

  const modes: Array<[string, string, SmtRecord, string, (r: ReturnType<typeof previewChain>) => void]> = [
    ['3.7', 'rewrite', DELETE, 'delivered', (r) => assert.equal(value(r)!.__deleted, 'true')],
    ['3.7', 'rewrite', TOMBSTONE, 'dropped', () => undefined],
    ['3.7', 'rewrite-with-tombstone', TOMBSTONE, 'delivered', (r) => assert.equal(r.output!.value, null)],
    ['3.7', 'drop', DELETE, 'dropped', () => undefined],
    ['3.7', 'tombstone', DELETE, 'delivered', (r) => { assert.equal(r.output!.value, null); assert.equal(r.output!.valueSchema!.name, 'pagila.public.address.Value'); }],
    ['3.7', 'delete-to-tombstone', DELETE, 'delivered', (r) => { assert.equal(r.output!.value, null); assert.equal(r.output!.valueSchema, null); }],
    ['3.1', 'delete-to-tombstone', DELETE, 'failed', (r) => assert.equal(r.steps[0]!.error!.phase, 'configure')],
    ['3.7', 'rewrite', DBZ_UPDATE, 'delivered', (r) => assert.equal(value(r)!.__deleted, 'false')],
  ];
  for (const [version, mode, record, outcome, check] of modes) {
    it(`delete.tombstone.handling.mode=${mode} on Debezium ${version}: ${record === DELETE ? 'delete' : record === TOMBSTONE ? 'tombstone' : 'update'} → ${outcome}`, () => {
      const r = previewChain(config({ 'delete.tombstone.handling.mode': mode }), record, { debeziumVersion: version });
      assert.equal(r.outcome, outcome, r.summary);
      check(r);
    });
  }

  it('add.headers and renamed add.fields read the envelope (op, source.table)', () => {
    const r = previewChain(config({ 'add.headers': 'op,source.table', 'add.fields': 'source.table:tbl,ts_ms', 'add.fields.prefix': '_' }), DBZ_UPDATE);
    assert.deepEqual(r.output!.headers.map((h) => [h.key, h.value]), [['__op', 'u'], ['__source_table', 'address']]);
    assert.deepEqual([value(r)!._tbl, value(r)!._ts_ms], ['address', 1628815418815]);
    assert.deepEqual(r.output!.valueSchema!.fields!.slice(-2).map((f) => [f.field, f.type, f.optional]), [['_tbl', 'string', true], ['_ts_ms', 'int64', true]]);
  });

  it('on Debezium 2.x the legacy pair still applies when the new key is unset, and defaults to dropping deletes', () => {
    assert.equal(previewChain(config({}), DELETE, { debeziumVersion: '2.7' }).outcome, 'dropped');
    assert.equal(previewChain(config({ 'delete.handling.mode': 'none' }), DELETE, { debeziumVersion: '1.9' }).output!.value, null);
    assert.equal(previewChain(config({}), DELETE).output!.value, null, 'Debezium 3.7 defaults to tombstone');
  });
});

describe('replace.null.with.default', () => {
  const withDefault = parseSampleRecord({ topic: 't', value: { schema: { type: 'struct', fields: [{ field: 'a', type: 'int32' }, { field: 'region', type: 'string', optional: true, default: 'EU' }] }, payload: { a: 1, region: null } } }, 't');
  for (const [flag, expected] of [[undefined, 'EU'], ['false', null]] as const) {
    it(`ReplaceField and InsertField read a null field ${expected === null ? 'as null with replace.null.with.default=false' : 'as its schema default by default'}`, () => {
      const settings: Record<string, string> = flag === undefined ? {} : { 'replace.null.with.default': flag };
      assert.equal((one(`${K}.ReplaceField$Value`, { renames: 'a:b', ...settings }, withDefault).output!.value as Record<string, unknown>).region, expected);
      assert.equal((one(`${K}.InsertField$Value`, { 'topic.field': 't', ...settings }, withDefault).output!.value as Record<string, unknown>).region, expected);
    });
  }
});
