import * as assert from 'node:assert/strict';
import { describeConnection, localCluster, needsPassword, parseBootstrapServers, parseClusterEntry, secretKey } from './kafkaConnection';

describe('kafka cluster connections', () => {
  it('parses a SCRAM + TLS entry', () => {
    const c = parseClusterEntry({ name: 'prod', bootstrapServers: 'b-1.x.kafka.us-east-1.amazonaws.com:9096, b-2.x.kafka.us-east-1.amazonaws.com:9096', sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice' }, tls: { ca: 'certs/ca.pem' } }, 0);
    assert.deepEqual(c, {
      id: 'prod', name: 'prod', local: false,
      bootstrapServers: ['b-1.x.kafka.us-east-1.amazonaws.com:9096', 'b-2.x.kafka.us-east-1.amazonaws.com:9096'],
      sasl: { mechanism: 'scram-sha-512', username: 'alice' },
      tls: { caFile: 'certs/ca.pem', certFile: undefined, keyFile: undefined, serverName: undefined },
    });
    assert.equal(needsPassword(c), true);
    assert.equal(secretKey('prod', 'password'), 'shoreline.kafka.prod.password');
    assert.equal(describeConnection(c), 'b-1.x.kafka.us-east-1.amazonaws.com:9096,b-2.x.kafka.us-east-1.amazonaws.com:9096 · TLS · SASL SCRAM-SHA-512 as alice');
  });
  it('MSK IAM needs a region, turns TLS on, and checks the role ARN', () => {
    const c = parseClusterEntry({ name: 'msk', bootstrapServers: ['b-1.msk.amazonaws.com:9098'], sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/KafkaReader' } }, 1);
    assert.deepEqual([c.tls, c.sasl?.region, c.sasl?.roleArn, needsPassword(c)], [{}, 'eu-west-1', 'arn:aws:iam::123456789012:role/KafkaReader', false]);
    assert.throws(() => parseClusterEntry({ name: 'msk', bootstrapServers: 'h:9098', sasl: { mechanism: 'aws-msk-iam' } }, 1), /sasl\.region is required for aws-msk-iam/);
    assert.throws(() => parseClusterEntry({ name: 'msk', bootstrapServers: 'h:9098', sasl: { mechanism: 'aws-msk-iam', region: 'us-east-1', roleArn: 'KafkaReader' } }, 1), /not an IAM role ARN/);
  });
  it('refuses passwords in settings and bad entries, naming the entry', () => {
    assert.throws(() => parseClusterEntry({ name: 'p', bootstrapServers: 'h:1', sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } }, 2),
      (e: Error & { code: string }) => e.code === 'kafka.secretInSettings' && e.message.startsWith('shoreline.kafka.clusters[2] (p): sasl.password') && !e.message.includes('hunter2'));
    assert.throws(() => parseClusterEntry({ name: 'p', bootstrapServers: 'h:1', tls: { key: 'k.pem' } }, 0), /needs both cert and key/);
    assert.throws(() => parseClusterEntry({ name: 'p', bootstrapServers: 'h:1', sasl: { mechanism: 'gssapi' } }, 0), /use one of plain, scram-sha-256, scram-sha-512, aws-msk-iam/);
    assert.throws(() => parseClusterEntry({ name: 'local', bootstrapServers: 'h:1' }, 0), /not "local"/);
    assert.throws(() => parseBootstrapServers('localhost', 'x'), /"localhost", which is not host:port/);
    assert.deepEqual(parseBootstrapServers('[::1]:9092', 'x'), ['[::1]:9092']);
  });
  it('the local stack is plaintext without auth', () => {
    assert.equal(describeConnection(localCluster('127.0.0.1', 9092)), '127.0.0.1:9092 · plaintext · no auth');
  });
});
