import * as assert from 'node:assert/strict';
import { lagByTopic, partitionLags, totalLag } from './consumerLag';
import { parseResetStrategy, planOffsetReset, type ResetPlanInput } from './offsetReset';
import { parseStartPosition } from './startPosition';

describe('consumer lag', () => {
  const ends = [{ partition: 1, low: 0, high: 334 }, { partition: 0, low: 0, high: 333 }, { partition: 2, low: 10, high: 333 }];
  it('is end − committed per partition, sorted, and sums per group and topic', () => {
    const lags = partitionLags('t', ends, [{ partition: 0, offset: 133 }, { partition: 1, offset: 334 }, { partition: 2, offset: 200 }]);
    assert.deepEqual(lags.map((l) => [l.partition, l.committed, l.end, l.lag]), [[0, 133, 333, 200], [1, 334, 334, 0], [2, 200, 333, 133]]);
    assert.equal(totalLag(lags), 333);
    assert.deepEqual(lagByTopic(lags), [{ topic: 't', lag: 333, partitions: 3 }]);
  });
  it('treats −1 and missing commits as "nothing committed" (lag unknown, 0 in the total)', () => {
    const lags = partitionLags('t', ends, [{ partition: 0, offset: -1 }]);
    assert.deepEqual(lags.map((l) => [l.committed, l.lag]), [[null, null], [null, null], [null, null]]);
    assert.equal(totalLag(lags), 0);
  });
  it('counts from the low watermark when the committed offset was deleted by retention', () => {
    assert.equal(partitionLags('t', [{ partition: 0, low: 100, high: 150 }], [{ partition: 0, offset: 20 }])[0]!.lag, 50);
  });
});

describe('offset reset planning', () => {
  const base: ResetPlanInput = {
    groupId: 'orders', state: 'Empty', members: [], topic: 't',
    partitions: [{ partition: 0, low: 5, high: 100 }, { partition: 1, low: 0, high: 40 }],
    current: [{ partition: 0, offset: 50 }, { partition: 1, offset: -1 }],
    strategy: { kind: 'earliest' },
  };
  it('plans earliest, latest, offset (clamped, with a note) and timestamp per partition', () => {
    assert.deepEqual(planOffsetReset(base).targets, [{ partition: 0, from: 50, to: 5 }, { partition: 1, from: null, to: 0 }]);
    assert.deepEqual(planOffsetReset({ ...base, strategy: { kind: 'latest' } }).targets.map((t) => t.to), [100, 40]);
    const byOffset = planOffsetReset({ ...base, strategy: { kind: 'offset', offset: 60 } });
    assert.deepEqual(byOffset.targets.map((t) => t.to), [60, 40]);
    assert.match(byOffset.notes.join(), /partition 1: offset 60 is outside 0\.\.40; using 40/);
    const byTs = planOffsetReset({ ...base, strategy: { kind: 'timestamp', timestamp: 1 }, timestampOffsets: [{ partition: 0, offset: 70 }, { partition: 1, offset: -1 }] });
    assert.deepEqual(byTs.targets.map((t) => t.to), [70, 40]);
  });
  it('can limit the reset to some partitions and names a missing one', () => {
    assert.deepEqual(planOffsetReset({ ...base, only: [1] }).targets.map((t) => t.partition), [1]);
    assert.throws(() => planOffsetReset({ ...base, only: [7] }), /has no partition 7 \(it has 2\)/);
  });
  it('is refused while the group has members, naming the state and the members', () => {
    const members = [{ memberId: 'm1', clientId: 'orders-1', host: '/10.0.0.5', assignment: {} }, { memberId: 'm2', clientId: 'orders-2', host: '/10.0.0.6', assignment: {} }];
    assert.throws(() => planOffsetReset({ ...base, state: 'Stable', members }), (e: Error & { code: string }) =>
      e.code === 'kafka.groupNotEmpty' && e.message === 'Consumer group "orders" is Stable with 2 members (orders-1 on /10.0.0.5, orders-2 on /10.0.0.6): offsets can only be reset while the group is empty');
    assert.throws(() => planOffsetReset({ ...base, state: 'PreparingRebalance' }), /is PreparingRebalance with 0 members/);
    assert.doesNotThrow(() => planOffsetReset({ ...base, state: 'Dead' }));
  });
  it('parses the CLI strategies', () => {
    assert.deepEqual(parseResetStrategy('earliest'), { kind: 'earliest' });
    assert.deepEqual(parseResetStrategy('latest'), { kind: 'latest' });
    assert.deepEqual(parseResetStrategy('offset:42'), { kind: 'offset', offset: 42 });
    assert.deepEqual(parseResetStrategy('timestamp:1717000000000'), { kind: 'timestamp', timestamp: 1717000000000 });
    assert.deepEqual(parseResetStrategy('timestamp:2024-05-29T16:26:40Z'), { kind: 'timestamp', timestamp: 1717000000000 });
    assert.throws(() => parseResetStrategy('offset:-3'), /"offset:-3" is not a reset target/);
    assert.throws(() => parseResetStrategy('yesterday'), /not a reset target/);
  });
});

describe('read start positions', () => {
  it('parses every form people type', () => {
    assert.deepEqual(parseStartPosition('beginning'), { from: { kind: 'beginning' }, follow: false });
    assert.deepEqual(parseStartPosition('latest'), { from: { kind: 'latest', count: 0 }, follow: true });
    assert.deepEqual(parseStartPosition('last:10'), { from: { kind: 'latest', count: 10 }, follow: false });
    assert.deepEqual(parseStartPosition('offset:42'), { from: { kind: 'offset', offset: 42 }, follow: false });
    assert.deepEqual(parseStartPosition('42'), { from: { kind: 'offset', offset: 42 }, follow: false });
    assert.deepEqual(parseStartPosition('timestamp:1717000000000'), { from: { kind: 'timestamp', timestamp: 1717000000000 }, follow: false });
    assert.deepEqual(parseStartPosition('2024-05-29T16:26:40Z'), { from: { kind: 'timestamp', timestamp: 1717000000000 }, follow: false });
    assert.throws(() => parseStartPosition('yesterday'), /"yesterday" is not a start position/);
  });
});
