import * as assert from 'node:assert/strict';
import { checkCreateTopic, checkReplicationFactor } from './createTopic';
import { checkTopicConfigs, parseConfigPairs } from './topicConfigCatalog';
import { checkTopicName, MAX_TOPIC_NAME_LENGTH, topicNamesCollide } from './topicName';

describe('kafka topic names', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['orders.order.fulfill', undefined],
    ['pagila.public.address', undefined],
    ['a-b_c', undefined],
    ['x'.repeat(MAX_TOPIC_NAME_LENGTH), undefined],
    ['', /cannot be empty/],
    ['.', /"\." is not allowed/],
    ['..', /"\.\." is not allowed/],
    ['x'.repeat(250), /250 characters long; Kafka allows at most 249/],
    ['orders/fulfill', /contains "\/" at position 7/],
    ['my topic', /contains a space \(" "\) at position 3/],
    ['café', /contains "é" at position 4/],
    ['tab\there', /control character U\+0009 at position 4/],
  ];
  for (const [name, error] of cases) {
    it(`${JSON.stringify(name.length > 30 ? `${name.slice(0, 10)}…(${name.length})` : name)} → ${error ? 'refused' : 'accepted'}`, () => {
      const r = checkTopicName(name);
      if (error) assert.match(r.error ?? '', error); else assert.equal(r.error, undefined);
    });
  }
  it('warns when "." and "_" are mixed, and on a leading "__"', () => {
    assert.match(checkTopicName('orders_v1.events').warnings.join(), /mixes "\." and "_"/);
    assert.deepEqual(checkTopicName('orders.v1.events').warnings, []);
    assert.match(checkTopicName('__mine').warnings.join(), /internal topics/);
  });
  it('knows which names collide in metric names', () => {
    assert.equal(topicNamesCollide('a.b', 'a_b'), true);
    assert.equal(topicNamesCollide('a.b', 'a-b'), false);
  });
});

describe('create-topic requests', () => {
  const ok = { name: 'foo-topic', partitions: 3, replicationFactor: 1, configs: {} };
  it('accepts a valid request', () => assert.deepEqual(checkCreateTopic(ok, 1), { errors: [], warnings: [] }));
  it('refuses RF 3 on one broker, naming both numbers', () => {
    const r = checkCreateTopic({ ...ok, replicationFactor: 3 }, 1);
    assert.deepEqual(r.errors, ['Replication factor 3 is larger than the number of brokers (1): each replica needs its own broker, so use at most 1 here']);
    assert.deepEqual(checkReplicationFactor(3, 3), []);
  });
  it('refuses 0 or fractional partitions and RF', () => {
    assert.match(checkCreateTopic({ ...ok, partitions: 0 }, 1).errors.join(), /Partitions must be a whole number of at least 1 \(got 0\)/);
    assert.match(checkCreateTopic({ ...ok, partitions: 1.5 }, 1).errors.join(), /got 1\.5/);
    assert.match(checkCreateTopic({ ...ok, replicationFactor: 0 }, 1).errors.join(), /Replication factor must be a whole number of at least 1/);
  });
  it('refuses a bad name and an existing topic, warns on a metric-name clash', () => {
    assert.match(checkCreateTopic({ ...ok, name: 'bad name' }, 1).errors.join(), /a space/);
    assert.match(checkCreateTopic(ok, 1, ['foo-topic']).errors.join(), /already exists/);
    assert.match(checkCreateTopic({ ...ok, name: 'a.b' }, 1, ['a_b']).warnings.join(), /differ only in "\." versus "_"/);
  });
  it('checks topic configs: unknown keys with a suggestion, bad values, min.insync.replicas above RF', () => {
    assert.deepEqual(checkTopicConfigs({ 'retention.ms': '86400000', 'cleanup.policy': 'compact,delete' }), []);
    assert.match(checkTopicConfigs({ 'retention.msx': '1' })[0]!.message, /did you mean "retention\.ms"/);
    assert.match(checkTopicConfigs({ 'retention.ms': 'a day' })[0]!.message, /not a whole number/);
    assert.match(checkTopicConfigs({ 'cleanup.policy': 'compacted' })[0]!.message, /use delete, compact or compact,delete/);
    assert.match(checkTopicConfigs({ 'compression.type': 'brotli' })[0]!.message, /not one of/);
    assert.match(checkTopicConfigs({ 'min.insync.replicas': '2' }, 1)[0]!.message, /replication factor is 1/);
    assert.match(checkCreateTopic({ ...ok, configs: { 'segment.bytes': '10' } }, 1).errors.join(), /below the minimum 1048576/);
  });
  it('parses k=v config pairs and names a bad one', () => {
    assert.deepEqual(parseConfigPairs(['retention.ms=1000', 'cleanup.policy=compact']), { 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    assert.throws(() => parseConfigPairs(['retention.ms']), /"retention\.ms" is not key=value/);
  });
});
