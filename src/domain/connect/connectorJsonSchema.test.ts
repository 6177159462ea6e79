import * as assert from 'node:assert/strict';
import { buildConnectorJsonSchema } from './connectorJsonSchema';

type S = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('connector JSON Schema', () => {
  const schema = buildConnectorJsonSchema() as S;
  const branch = (cls: string): S => (schema.definitions.config.allOf as S[]).find((b) => b.if.properties['connector.class'].const === cls)!;

  it('documents the framework keys for every connector', () => {
    const tasks = schema.definitions.config.properties['tasks.max'];
    assert.ok(tasks, 'tasks.max is described');
    assert.deepEqual(tasks.type, ['string', 'number']);
  });

  it('adds a connector\'s own keys only when connector.class names it, with defaults and allowed values', () => {
    const pg = branch('io.debezium.connector.postgresql.PostgresConnector');
    assert.ok(pg.then.properties['database.hostname'], 'database.hostname under Debezium PostgreSQL');
    assert.ok(pg.then.properties['plugin.name'].examples.includes('pgoutput'));
    assert.equal(schema.definitions.config.properties['database.hostname'], undefined, 'not offered for every connector');
    const s3 = branch('io.confluent.connect.s3.S3SinkConnector');
    assert.ok(s3.then.properties['s3.bucket.name']);
    assert.equal(s3.then.properties['table.name.format'], undefined, 'a JDBC sink key is not offered for the S3 sink');
  });

  it('accepts both file shapes and leaves unknown keys to the validator', () => {
    assert.deepEqual(schema.if, { required: ['config'] });
    assert.equal(schema.then.properties.config.$ref, '#/definitions/config');
    assert.equal(schema.else.$ref, '#/definitions/config');
    assert.equal(schema.definitions.config.additionalProperties, undefined);
  });
});
