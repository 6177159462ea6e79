import * as assert from 'node:assert/strict';
import { CONNECTOR_TEMPLATES, connectorFileText, findTemplate, slotNameFor, stackTemplateParams } from './connectorTemplates';

const params = (pw: string, name?: string) => stackTemplateParams({ postgresPassword: pw }, name);

describe('connector templates', () => {
  it('has unique ids, a class, and configs of strings naming that class', () => {
    const ids = CONNECTOR_TEMPLATES.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, ['debezium-postgres-pagila', 'outbox-event-router', 'outbox-jdbc-sink', 'iceberg-s3-datalake', 'jdbc-sink-upsert']);
    for (const t of CONNECTOR_TEMPLATES) {
      const d = t.build(params('pw'));
      assert.equal(d.config['connector.class'], t.connectorClass, t.id);
      for (const [k, v] of Object.entries(d.config)) assert.equal(typeof v, 'string', `${t.id} ${k}`);
      for (const p of t.pairsWith ?? []) assert.ok(findTemplate(p), `${t.id} pairs with unknown ${p}`);
    }
  });

  it('takes credentials from the parameters only', () => {
    for (const t of CONNECTOR_TEMPLATES) {
      const a = t.build(params('first-secret')).config;
      const b = t.build(params('second-secret')).config;
      const differ = Object.keys(a).filter((k) => a[k] !== b[k]);
      assert.ok(differ.length > 0, `${t.id} ignores the password`);
      for (const k of differ) {
        assert.match(k, /password/, `${t.id}: ${k} changed with the password`);
        assert.equal(a[k], 'first-secret');
      }
    }
  });

  it('reaches the stack by container names on the Docker network', () => {
    const all = CONNECTOR_TEMPLATES.map((t) => JSON.stringify(t.build(params('pw')).config)).join('\n');
    assert.doesNotMatch(all, /localhost|127\.0\.0\.1/);
    const cdc = findTemplate('debezium-postgres-pagila')!.build(params('pw')).config;
    assert.equal(`${cdc['database.hostname']}:${cdc['database.port']}`, 'postgres:5432');
    const ice = findTemplate('iceberg-s3-datalake')!.build(params('pw')).config;
    assert.equal(ice['iceberg.catalog.s3.endpoint'], 'http://localstack:4566');
    assert.equal(ice['iceberg.kafka.bootstrap.servers'], 'kafka:29092');
    assert.equal(ice['iceberg.catalog.warehouse'], 's3://shoreline-datalake/warehouse');
    assert.equal(ice['iceberg.tables.default-partition-by'], 'country');
  });

  it('builds the Pagila CDC source the seeds describe, log-based', () => {
    const t = findTemplate('debezium-postgres-pagila')!;
    const d = t.build(params('pw'));
    assert.equal(d.name, 'pagila-cdc');
    assert.deepEqual(
      [d.config['plugin.name'], d.config['topic.prefix'], d.config['table.include.list'], d.config['publication.autocreate.mode'], d.config['slot.name']],
      ['pgoutput', 'pagila', 'public.address,public.city,public.country', 'filtered', 'pagila_cdc']);
    assert.match(t.description, /JdbcSourceConnector/);
    assert.match(t.description, /Maven Central/);
    assert.equal(t.build(params('pw', 'My CDC-2')).config['slot.name'], 'my_cdc_2', 'slot follows the connector name');
  });

  it('builds the outbox pair: EventRouter source on films.outbox and an upserting JDBC sink', () => {
    const src = findTemplate('outbox-event-router')!;
    const s = src.build(params('pw')).config;
    assert.equal(s['table.include.list'], 'films.outbox');
    assert.equal(s['transforms.outbox.type'], 'io.debezium.transforms.outbox.EventRouter');
    assert.match(src.setupSql!, /CREATE TABLE IF NOT EXISTS films\.outbox/);
    const k = findTemplate('outbox-jdbc-sink')!.build(params('pw')).config;
    assert.deepEqual([k['connector.class'], k['insert.mode'], k['primary.key.mode'], k['delete.enabled'], k['schema.evolution']],
      ['io.debezium.connector.jdbc.JdbcSinkConnector', 'upsert', 'record_key', 'true', 'basic']);
    assert.equal(k.topics, 'outbox.event.film');
  });

  it('makes valid replication slot names', () => {
    assert.equal(slotNameFor('pagila-cdc'), 'pagila_cdc');
    assert.equal(slotNameFor('--'), 'shoreline');
    assert.equal(slotNameFor('x'.repeat(80)).length, 63);
  });

  it('writes the wrapped file shape', () => {
    const d = findTemplate('jdbc-sink-upsert')!.build(params('pw'));
    const parsed = JSON.parse(connectorFileText(d)) as { name: string; config: Record<string, string> };
    assert.equal(parsed.name, 'pagila-replica');
    assert.deepEqual(parsed.config, d.config);
  });
});
