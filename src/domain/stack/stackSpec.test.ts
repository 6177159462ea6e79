import * as assert from 'node:assert/strict';
import { resolveConfig } from './stackConfig';
import { buildStackSpec, clusterIdFor, connectionString, LABELS, withDependencies } from './stackSpec';

describe('stackSpec', () => {
  const cfg = resolveConfig([['test', { project: 'demo', ports: { kafka: 19092 } }]]);
  const spec = buildStackSpec(cfg, '127.0.0.1', { localstackAuthToken: 'tok-123' });
  const svc = (n: string) => spec.services.find((s) => s.service === n)!;

  it('names containers, volumes and the network after the project', () => {
    assert.equal(spec.network, 'demo-net');
    assert.deepEqual(spec.services.map((s) => s.containerName), ['demo-kafka', 'demo-connect', 'demo-postgres', 'demo-mongo', 'demo-localstack']);
    assert.deepEqual(svc('postgres').volumes, [{ name: 'demo-postgres-data', target: '/var/lib/postgresql/data' }]);
  });

  it('advertises Kafka on the host port and on the network alias', () => {
    assert.equal(svc('kafka').env.KAFKA_ADVERTISED_LISTENERS, 'INTERNAL://kafka:29092,EXTERNAL://127.0.0.1:19092');
    assert.equal(svc('kafka').env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS, '0');
    assert.equal(svc('kafka').env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, '1');
    assert.equal(svc('connect').env.CONNECT_BOOTSTRAP_SERVERS, 'kafka:29092');
  });

  it('turns on logical replication for Debezium', () => {
    assert.deepEqual(svc('postgres').cmd?.slice(0, 3), ['postgres', '-c', 'wal_level=logical']);
  });

  it('marks secrets and labels every container', () => {
    assert.ok(svc('localstack').secretEnv.includes('LOCALSTACK_AUTH_TOKEN'));
    assert.equal(svc('localstack').env.LOCALSTACK_AUTH_TOKEN, 'tok-123');
    for (const s of spec.services) {
      assert.equal(s.labels[LABELS.managed], 'true');
      assert.equal(s.labels[LABELS.project], 'demo');
      assert.match(s.labels[LABELS.specHash]!, /^[0-9a-f]{8}$/);
    }
  });

  it('changes the spec hash when a setting that needs a new container changes', () => {
    const other = buildStackSpec(resolveConfig([['t', { project: 'demo', ports: { kafka: 29092 } }]]));
    assert.notEqual(other.services[0]!.labels[LABELS.specHash], svc('kafka').labels[LABELS.specHash]);
    assert.equal(other.services[2]!.labels[LABELS.specHash], svc('postgres').labels[LABELS.specHash]);
  });

  it('derives a stable 22-character cluster id per project', () => {
    assert.equal(clusterIdFor('demo'), clusterIdFor('demo'));
    assert.notEqual(clusterIdFor('demo'), clusterIdFor('other'));
    assert.match(clusterIdFor('demo'), /^[A-Za-z0-9_-]{22}$/);
  });

  it('adds dependencies in order', () => {
    assert.deepEqual(withDependencies(['connect'], spec.services).map((s) => s.service), ['kafka', 'connect']);
    assert.deepEqual(withDependencies(['mongo'], spec.services).map((s) => s.service), ['mongo']);
  });

  it('builds connection strings for the host', () => {
    assert.equal(connectionString(svc('postgres'), '127.0.0.1', 'p@ss'), 'postgresql://postgres:p%40ss@127.0.0.1:5432/pagila');
    assert.equal(connectionString(svc('mongo'), '127.0.0.1', ''), 'mongodb://127.0.0.1:27017/?directConnection=true');
    assert.equal(connectionString(svc('kafka'), '127.0.0.1', ''), '127.0.0.1:19092');
  });
});
