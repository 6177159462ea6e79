import * as assert from 'node:assert/strict';
import { parseConnectorFile, parseConnectorProperties } from './connectorFile';
import { SEED_DEBEZIUM_MYSQL_MSK, SEED_JDBC_SINK_FILMS, SEED_JDBC_SOURCE_01, SEED_JDBC_SOURCE_02, SEED_S3_SINK_02 } from './fixtures/seedConfigs';
import { previewChain, type SmtPreviewResult } from './smtPreview';
import { previewMarkdown, previewText } from './smtPreviewText';
import { parseSampleRecord, type SmtRecord } from './smtRecord';
import { defaultSampleId, findSample, sampleForConnector } from './smtSamples';

const json = (text: string): Record<string, string> => parseConnectorFile(text, 'x.json').config;
const sample = (id: string, config: Record<string, string>): SmtRecord => sampleForConnector(findSample(id)!.record, config);
const run = (config: Record<string, string>, id: string, debeziumVersion?: string): SmtPreviewResult =>
  previewChain(config, sample(id, config), debeziumVersion ? { debeziumVersion } : {});

const ADDRESS_105 = { address_id: 105, address: '733 Mandaluyong Place', address2: 'Apartment #1234', district: 'Asir', city_id: 2, postal_code: '77459', phone: '196568435814', last_update: 1628815418508 };

describe('smtPreview: the seed connectors\' chains', () => {
  it('JDBC source #2: createKey/extractInt make the key the int32 address_id, InsertTopic/InsertSourceDetails add message_topic and message_source', () => {
    const config = json(SEED_JDBC_SOURCE_01);
    assert.equal(defaultSampleId(config), 'pagila-address');
    const r = run(config, 'pagila-address');
    assert.deepEqual(r.steps.map((s) => [s.alias, s.status]), [['createKey', 'applied'], ['extractInt', 'applied'], ['InsertTopic', 'applied'], ['InsertSourceDetails', 'applied']]);
    assert.deepEqual(r.steps[0]!.output!.key, { address_id: 105 });
    assert.deepEqual(r.steps[0]!.output!.keySchema, { type: 'struct', optional: false, fields: [{ type: 'int32', optional: false, field: 'address_id' }] });
    assert.equal(r.outcome, 'delivered');
    assert.equal(r.output!.key, 105);
    assert.deepEqual(r.output!.keySchema, { type: 'int32', optional: false }, 'the seed prints the key as {"type":"int32","optional":false}');
    assert.equal(r.output!.topic, 'pagila.public.alt.address');
    assert.deepEqual(r.output!.value, { ...ADDRESS_105, message_topic: 'pagila.public.alt.address', message_source: 'pagila' });
    assert.deepEqual(r.output!.valueSchema!.fields!.slice(-2), [
      { type: 'string', optional: true, field: 'message_topic' }, { type: 'string', optional: true, field: 'message_source' },
    ]);
    assert.deepEqual(r.steps[2]!.changes, ['value: + message_topic="pagila.public.alt.address"']);
  });

  it('JDBC source #3: InsertSourceDetails without static.field/static.value is a configuration error, not a no-op', () => {
    const config = json(SEED_JDBC_SOURCE_02);
    assert.equal(defaultSampleId(config), 'pagila-query-row');
    const r = run(config, 'pagila-query-row');
    assert.deepEqual(r.steps.map((s) => s.status), ['applied', 'applied', 'applied', 'failed']);
    assert.deepEqual(r.steps[3]!.error, { exception: 'org.apache.kafka.common.config.ConfigException', message: 'No field insertion configured', phase: 'configure' });
    assert.equal(r.outcome, 'failed');
    assert.match(r.summary, /no record flows at all/);
  });

  it('S3 sink #3: RenameField turns district into state_province, then three static fields — the S3 record of the seed', () => {
    const config = json(SEED_S3_SINK_02);
    assert.equal(defaultSampleId(config), 'pagila-query-topic');
    const r = run(config, 'pagila-query-topic');
    assert.equal(r.outcome, 'delivered');
    assert.deepEqual(r.output!.value, {
      address_id: 599, address: '1895 Zhezqazghan Drive', address2: '', city: 'Garden Grove', state_province: 'California', postal_code: '36693',
      country: 'United States', phone: '137809746111', last_update: 1487151930000, message_topic: 'pagila.query', message_source: 'pagila',
      message_source_engine: 'postgresql', environment: 'development',
    });
    assert.deepEqual(Object.keys(r.output!.value as object), r.output!.valueSchema!.fields!.map((f) => f.field), 'payload and schema agree on fields and order');
    assert.deepEqual(r.steps[0]!.changes, ['value: + state_province="California"', 'value: − district']);
    assert.deepEqual(r.checks, [{ check: 'FieldPartitioner', ok: true, message: 'The record goes to the partition path country=United States (e.g. topics/pagila.query/country=United States/…)' }]);
  });

  it('S3 sink #3 with a FieldPartitioner on district: the renamed record has no district, so the partitioner fails', () => {
    const config = { ...json(SEED_S3_SINK_02), 'partition.field.name': 'district' };
    const r = run(config, 'pagila-query-topic');
    assert.equal(r.checks.length, 1);
    assert.equal(r.checks[0]!.ok, false);
    assert.match(r.checks[0]!.message, /has no field "district".*DataException "district is not a valid field name"/);
  });

  describe('the Monolith JDBC sink\'s unwrap (drop.tombstones=false, delete.handling.mode=rewrite)', () => {
    const config = json(SEED_JDBC_SINK_FILMS);

    it('on Debezium 2.7 (keys still read): the delete becomes the before state with __deleted "true"; the tombstone is kept', () => {
      const del = run(config, 'debezium-address-delete', '2.7');
      assert.equal(del.outcome, 'delivered');
      assert.deepEqual(del.output!.value, { address_id: 104, address: '', address2: null, district: '', city_id: 0, postal_code: null, phone: '', last_update: '1970-01-01T00:00:00Z', __deleted: 'true' });
      assert.equal(del.output!.valueSchema!.name, 'pagila.public.address.Value');
      assert.deepEqual(del.output!.valueSchema!.fields!.at(-1), { type: 'string', optional: true, field: '__deleted' });
      assert.deepEqual(del.output!.key, { address_id: 104 });
      const upd = run(config, 'debezium-address-update', '2.7');
      assert.equal((upd.output!.value as Record<string, unknown>).__deleted, 'false');
      assert.equal((upd.output!.value as Record<string, unknown>).address2, 'Apartment #1234');
      const tomb = run(config, 'debezium-address-tombstone', '2.7');
      assert.equal(tomb.outcome, 'delivered');
      assert.equal(tomb.output!.value, null);
    });

    it('on the stack\'s Debezium 3.7 the removed keys are ignored: the delete becomes a null value, the tombstone is dropped', () => {
      const del = run(config, 'debezium-address-delete');
      assert.equal(del.debeziumVersion, '3.7');
      assert.equal(del.output!.value, null);
      assert.ok(del.steps[0]!.notes.some((n) => /removed in Debezium 3\.2.*delete\.tombstone\.handling\.mode=rewrite-with-tombstone/.test(n)), del.steps[0]!.notes.join('\n'));
      const tomb = run(config, 'debezium-address-tombstone');
      assert.equal(tomb.outcome, 'dropped');
      assert.equal(tomb.steps[0]!.dropped, true);
    });
  });

  it('the MSK Debezium source\'s unwrap adds __op and __source_ts_ms before __deleted, in the seed\'s Avro field order', () => {
    const config = parseConnectorProperties(SEED_DEBEZIUM_MYSQL_MSK, 'x.properties').config;
    const r = run(config, 'debezium-address-update', '3.1');
    const fields = r.output!.valueSchema!.fields!.map((f) => f.field);
    assert.deepEqual(fields.slice(-3), ['__op', '__source_ts_ms', '__deleted']);
    assert.deepEqual(r.output!.valueSchema!.fields!.slice(-3, -1), [{ type: 'string', optional: true, field: '__op' }, { type: 'int64', optional: true, field: '__source_ts_ms' }]);
    const v = r.output!.value as Record<string, unknown>;
    assert.deepEqual([v.__op, v.__source_ts_ms, v.__deleted], ['u', 1628815418508, 'false']);
    assert.equal(r.output!.topic, 'db1.sampledatabase.movies', 'a source\'s sample takes the topic the connector writes');
  });
});

describe('smtPreview: predicates, drops and what Shoreline cannot run', () => {
  const filterConfig = {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: 'pagila.public.address,pagila.public.city',
    transforms: 'keepAddress,tag', 'transforms.keepAddress.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.keepAddress.predicate': 'isAddress', 'transforms.keepAddress.negate': 'true',
    'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.tag.static.field': 'kept', 'transforms.tag.static.value': 'yes',
    predicates: 'isAddress', 'predicates.isAddress.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicates.isAddress.pattern': 'pagila\\.public\\.address',
  };

  it('Filter with a negated predicate keeps records whose topic matches and drops the others', () => {
    const kept = previewChain(filterConfig, sample('pagila-address', filterConfig));
    assert.deepEqual(kept.steps[0]!.predicate, { alias: 'isAddress', type: 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', negate: true, matched: true });
    assert.deepEqual(kept.steps.map((s) => s.status), ['skipped', 'applied']);
    assert.equal((kept.output!.value as Record<string, unknown>).kept, 'yes');
    assert.equal(kept.summary, '1 step(s) applied, 1 skipped by its predicate; the record goes to the sink "pagila.public.address"');
    const city = previewChain(filterConfig, { ...sample('pagila-address', filterConfig), topic: 'pagila.public.city' });
    assert.deepEqual(city.steps.map((s) => s.status), ['dropped', 'not-run']);
    assert.equal(city.outcome, 'dropped');
    assert.equal(city.output, null);
    assert.match(city.steps[1]!.reason!, /"keepAddress" dropped the record/);
  });

  it('a class Shoreline cannot run is reported as not run, and so is every later step', () => {
    const config = {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', transforms: 'outbox,tag',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.tag.static.field': 'x', 'transforms.tag.static.value': 'y',
    };
    const r = previewChain(config, sample('debezium-address-update', config));
    assert.equal(r.steps[0]!.ran, false);
    assert.equal(r.steps[0]!.status, 'not-supported');
    assert.equal(r.steps[0]!.reason, 'Shoreline cannot run io.debezium.transforms.outbox.EventRouter; the record is passed on unchanged after this step only for display');
    assert.deepEqual(r.steps[0]!.output, r.steps[0]!.input);
    assert.equal(r.steps[1]!.status, 'not-run');
    assert.equal(r.steps[1]!.ran, false);
    assert.equal(r.steps[1]!.output, undefined);
    assert.equal(r.outcome, 'incomplete');
  });

  it('an unknown predicate class stops the preview too; an undefined predicate alias is a config error', () => {
    const base = { 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: 't', transforms: 'f', 'transforms.f.type': 'org.apache.kafka.connect.transforms.Filter', 'transforms.f.predicate': 'p' };
    const unknown = previewChain({ ...base, predicates: 'p', 'predicates.p.type': 'com.example.MyPredicate' }, parseSampleRecord({ topic: 't', value: {} }, 't'));
    assert.equal(unknown.steps[0]!.status, 'not-supported');
    assert.match(unknown.steps[0]!.reason!, /^Shoreline cannot run com\.example\.MyPredicate/);
    const undef = previewChain(base, parseSampleRecord({ topic: 't', value: {} }, 't'));
    assert.equal(undef.steps[0]!.status, 'failed');
    assert.equal(undef.steps[0]!.error!.phase, 'configure');
  });

  it('a failing step names the field as Connect does and stops the chain; errors.tolerance=all is mentioned', () => {
    const config = {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: 'pagila.public.address', 'errors.tolerance': 'all', transforms: 'k,t',
      'transforms.k.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.k.field': 'country',
      'transforms.t.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.t.topic.field': 'topic',
    };
    const r = previewChain(config, sample('pagila-address', config));
    assert.deepEqual(r.steps[0]!.error, { exception: 'java.lang.IllegalArgumentException', message: 'Unknown field: country', phase: 'apply' });
    assert.ok(r.steps[0]!.notes.includes('errors.tolerance=all: Connect skips this record and goes on with the next one'));
    assert.equal(r.steps[1]!.status, 'not-run');
    assert.equal(r.summary, '"k" fails: IllegalArgumentException: Unknown field: country');
  });

  it('a Debezium event without a schema (JsonConverter schemas.enable=false) passes the unwrap unchanged, as Debezium does', () => {
    const config = json(SEED_JDBC_SINK_FILMS);
    const upd = findSample('debezium-address-update')!.record;
    const schemaless = parseSampleRecord({ topic: 'products.films.outbox', key: upd.key, value: upd.value }, 'x');
    const r = previewChain(config, schemaless);
    assert.deepEqual(r.output!.value, upd.value);
    assert.match(r.steps[0]!.notes.at(-1)!, /Not a Debezium change event: the value has no schema/);
  });

  it('renders the chain as a pipeline in Markdown and plain text', () => {
    const config = json(SEED_JDBC_SOURCE_01);
    const r = run(config, 'pagila-address');
    const md = previewMarkdown(r, { connectorName: 'jdbc_source_connector_postgresql_01', sample: 'pagila-address' });
    assert.match(md, /createKey \(ValueToKey\) → extractInt \(ExtractField\$Key\) → InsertTopic \(InsertField\$Value\) → InsertSourceDetails \(InsertField\$Value\)/);
    assert.match(md, /## 2\. extractInt — ExtractField\$Key ✅ applied/);
    const text = previewText(r, { connectorName: 'x', sample: 'pagila-address' });
    assert.match(text, /^2\. extractInt {2}org\.apache\.kafka\.connect\.transforms\.ExtractField\$Key {2}→ applied$/m);
    assert.match(text, /^ +key=105$/m);
  });
});
