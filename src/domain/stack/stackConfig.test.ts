import * as assert from 'node:assert/strict';
import { configFromEnv, DEFAULT_CONFIG, resolveConfig } from './stackConfig';

describe('stackConfig', () => {
  it('returns the defaults when no layer sets anything', () => {
    const c = resolveConfig([]);
    assert.deepEqual(c, DEFAULT_CONFIG);
    assert.equal(c.images.localstack, 'localstack/localstack:4.14.0');
  });

  it('lets later layers win and keeps untouched fields', () => {
    const c = resolveConfig([
      ['file', { ports: { kafka: 19092 }, images: { postgres: 'my/pg:15' } }],
      ['env', { ports: { kafka: '29092' } }],
    ]);
    assert.equal(c.ports.kafka, 29092);
    assert.equal(c.ports.postgres, 5432);
    assert.equal(c.images.postgres, 'my/pg:15');
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['port out of range', { ports: { kafka: 70000 } }, /"ports\.kafka" is 70000 .*between 1 and 65535/],
    ['unknown service in ports', { ports: { redis: 6379 } }, /unknown service "redis"/],
    ['unknown service in list', { services: 'kafka,zookeeper' }, /unknown service "zookeeper".*use one of kafka/],
    ['bad image', { images: { kafka: 'Apache/Kafka:latest' } }, /"images\.kafka" is "Apache\/Kafka:latest"/],
    ['bad project', { project: 'My Stack' }, /"project" is "My Stack".*lowercase/],
    ['unknown key', { kafkaPort: 1 }, /unknown setting "kafkaPort"/],
    ['bad docker host', { dockerHost: '/var/run/docker.sock' }, /"dockerHost".*unix:\/\//],
    ['timeout too small', { startTimeoutSeconds: 1 }, /startTimeoutSeconds/],
  ];
  for (const [name, raw, re] of bad) {
    it(`rejects ${name} with a message naming the field, the value and the fix`, () => {
      assert.throws(() => resolveConfig([['shoreline.config.json', raw]]), (e: Error & { fix?: string }) => {
        assert.match(`${e.message} — ${e.fix}`, re);
        assert.match(e.message, /^shoreline\.config\.json: /);
        return true;
      });
    });
  }

  it('never echoes the postgres password in an error', () => {
    assert.throws(() => resolveConfig([['env', { postgresPassword: '' }]]), (e: Error) => !e.message.includes('""') || e.message.includes('<hidden>'));
  });

  it('reads SHORELINE_* variables', () => {
    const raw = configFromEnv({ SHORELINE_IMAGE_KAFKA: 'shoreline-ci/kafka:4.3.1', SHORELINE_PORT_POSTGRES: '15432', SHORELINE_PROJECT: 'ci', SHORELINE_SERVICES: 'kafka,postgres', PATH: '/bin' });
    const c = resolveConfig([['env', raw]]);
    assert.equal(c.images.kafka, 'shoreline-ci/kafka:4.3.1');
    assert.equal(c.ports.postgres, 15432);
    assert.equal(c.project, 'ci');
    assert.deepEqual(c.services, ['kafka', 'postgres']);
  });
});
