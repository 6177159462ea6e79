import * as assert from 'node:assert/strict';
import type { StoredMessage } from './messageDecoding';
import { DEFAULT_CAPACITY, MAX_CAPACITY, MessageStore, RingBuffer } from './messageStore';

const msg = (i: number, over: Partial<StoredMessage> = {}): StoredMessage =>
  ({ partition: i % 3, offset: Math.floor(i / 3), timestamp: 1_000_000 + i * 1000, key: `k${i}`, value: `{"n":${i},"city":"${i % 2 ? 'Sunrise' : 'Nowhere'}"}`, headers: [['source', i % 5 === 0 ? 'cli' : 'app']], ...over });

describe('ring buffer', () => {
  it('keeps the newest `capacity` items and counts the dropped ones', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 0; i < 5; i++) r.push(i);
    assert.deepEqual(r.toArray(), [2, 3, 4]);
    assert.deepEqual([r.size, r.dropped, r.at(0), r.at(2), r.at(3)], [3, 2, 2, 4, undefined]);
    r.clear();
    assert.deepEqual([r.size, r.dropped, r.toArray()], [0, 0, []]);
  });
  it('defaults to 100k, allows 1M, refuses more or less', () => {
    assert.equal(new RingBuffer().capacity, DEFAULT_CAPACITY);
    assert.equal(new RingBuffer(MAX_CAPACITY).capacity, 1_000_000);
    assert.throws(() => new RingBuffer(MAX_CAPACITY + 1), /1000001 messages is not allowed/);
    assert.throws(() => new RingBuffer(0), (e: Error & { fix: string }) => /0 messages is not allowed/.test(e.message) && e.fix.includes('between 1 and 1,000,000'));
  });
});

describe('message store paging and filters', () => {
  const store = new MessageStore(1000);
  store.add(Array.from({ length: 1200 }, (_, i) => msg(i)));
  it('holds the newest 1000 of 1200, pages of 100 oldest first (or newest first)', () => {
    const p = store.page();
    assert.deepEqual([p.stored, p.dropped, p.matched, p.pages, p.items.length, p.items[0]!.key], [1000, 200, 1000, 10, 100, 'k200']);
    assert.equal(store.page({ page: 9 }).items[99]!.key, 'k1199');
    assert.equal(store.page({ page: 99 }).page, 9, 'a page past the end is clamped');
    assert.equal(store.page({ newestFirst: true }).items[0]!.key, 'k1199');
    assert.throws(() => store.page({ pageSize: 0 }), /page of 0 messages/);
  });
  it('filters by text in key, value or headers (case-insensitive by default)', () => {
    assert.equal(store.page({ filter: { text: 'k1199' } }).matched, 1);
    assert.equal(store.page({ filter: { text: 'SUNRISE' } }).matched, 500);
    assert.equal(store.page({ filter: { text: 'SUNRISE', caseSensitive: true } }).matched, 0);
    assert.equal(store.page({ filter: { text: 'cli', in: ['headers'] } }).matched, 200);
    assert.equal(store.page({ filter: { text: 'cli', in: ['value'] } }).matched, 0);
    assert.equal(store.page({ filter: { text: '.*' } }).matched, 0, 'text is literal, not a regular expression');
  });
  it('filters by partition, offset and time range, combined with text', () => {
    assert.equal(store.page({ filter: { partitions: [0] } }).matched, 333);
    assert.deepEqual(store.page({ filter: { partitions: [1], offsetFrom: 100, offsetTo: 109 } }).items.map((m) => m.offset), [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const t = store.page({ filter: { timeFrom: 1_000_000 + 1100 * 1000, timeTo: 1_000_000 + 1109 * 1000, text: 'nowhere' } });
    assert.deepEqual(t.items.map((m) => m.key), ['k1100', 'k1102', 'k1104', 'k1106', 'k1108']);
  });
  it('recomputes matches after new messages arrive', () => {
    const s = new MessageStore(10);
    s.add([msg(1)]);
    assert.equal(s.page({ filter: { text: 'k2' } }).matched, 0);
    s.add([msg(2)]);
    assert.equal(s.page({ filter: { text: 'k2' } }).matched, 1);
  });
});
