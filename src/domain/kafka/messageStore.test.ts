import * as assert from 'node:assert/strict';
import type { RawMessage } from './kafkaModel';
import { toStored, type StoredMessage } from './messageDecoding';
import { DEFAULT_CAPACITY, MAX_CAPACITY, MessageStore, RingBuffer, type ChunkSpill } from './messageStore';

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

describe('message store with raw records (addRaw)', () => {
  const enc = new TextEncoder();
  const raw = (i: number, over: Partial<RawMessage> = {}): RawMessage => ({
    topic: 't', partition: i % 3, offset: Math.floor(i / 3), timestamp: 1_000_000 + i * 1000,
    key: enc.encode(`k${i}`), value: enc.encode(`{"n":${i},"city":"${i % 2 ? 'Sunrise' : 'Nowhere'}"}`),
    headers: i % 5 === 0 ? [{ key: 'source', value: enc.encode('cli') }] : [], ...over,
  });

  it('gives back exactly what toStored makes of each record: text, bytes as base64, null, empty, headers', () => {
    const odd: RawMessage[] = [
      raw(0), raw(1, { key: null }), raw(2, { value: null }), raw(3, { key: new Uint8Array(0), value: new Uint8Array(0) }),
      raw(4, { value: new Uint8Array([0, 0, 0, 0, 7, 0xc3, 0x28]) }), raw(5, { value: enc.encode('a\u0001b'), headers: [{ key: 'e', value: null }, { key: 'x', value: new Uint8Array([0xff]) }] }),
      raw(6, { value: enc.encode('Zürich ✓ 🚀\ttab') }),
    ];
    const s = new MessageStore(10);
    s.addRaw(odd);
    assert.equal(s.size, odd.length);
    for (let i = 0; i < odd.length; i++) assert.deepEqual(s.at(i), toStored(odd[i]!), `record ${i}`);
  });

  it('keeps the newest `capacity` over many chunks and still decodes the oldest kept one', () => {
    const s = new MessageStore(1000);
    const big = (i: number) => raw(i, { value: enc.encode(`${i}:${'x'.repeat(100_000)}`) });
    // 5,000 records of 100 KB: 500 MB went through, ~100 MB kept (chunks of the dropped ones are released)
    for (let i = 0; i < 5000; i += 50) s.addRaw(Array.from({ length: 50 }, (_, k) => big(i + k)));
    assert.deepEqual([s.size, s.dropped], [1000, 4000]);
    assert.ok(s.at(0)!.value!.startsWith('4000:x'), s.at(0)!.value!.slice(0, 10));
    assert.ok(s.at(999)!.value!.startsWith('4999:x'));
    const live = (s as unknown as { chunks: Array<Uint8Array | undefined> }).chunks.filter(Boolean).length;
    assert.ok(live <= 26, `${live} chunks of 4 MB still held for ~100 MB of records`);
  });

  it('pages, filters and counts raw and stored records alike', () => {
    const a = new MessageStore(1000);
    const b = new MessageStore(1000);
    const raws = Array.from({ length: 1200 }, (_, i) => raw(i));
    a.addRaw(raws.slice(0, 600)); a.add(raws.slice(600, 700).map(toStored)); a.addRaw(raws.slice(700));
    b.add(raws.map(toStored));
    for (const filter of [{}, { text: 'SUNRISE' }, { text: 'cli', in: ['headers' as const] }, { partitions: [1], offsetFrom: 300, offsetTo: 309 }, { timeFrom: 1_000_000 + 1100 * 1000, text: 'k11' }]) {
      const pa = a.page({ filter, pageSize: 50, page: 1 });
      const pb = b.page({ filter, pageSize: 50, page: 1 });
      assert.deepEqual(pa, pb, JSON.stringify(filter));
    }
    assert.deepEqual([...a.storedByPartition()].sort(), [[0, 333], [1, 333], [2, 334]]);
    assert.deepEqual([a.partitionAt(0), a.offsetAt(0), a.timestampAt(0)], [200 % 3, Math.floor(200 / 3), 1_000_000 + 200 * 1000]);
    a.clear();
    assert.deepEqual([a.size, a.dropped, a.page().items.length, a.storedByPartition().size], [0, 0, 0, 0]);
  });
});

describe('message store spilling payload chunks past its memory budget', () => {
  class FakeSpill implements ChunkSpill {
    files = new Map<number, Uint8Array>();
    reads = 0;
    write(id: number, bytes: Uint8Array): void { this.files.set(id, bytes.slice()); }
    read(id: number): Uint8Array { this.reads++; const b = this.files.get(id); if (!b) throw new Error(`no chunk ${id}`); return b; }
    drop(id: number): void { this.files.delete(id); }
    clear(): void { this.files.clear(); }
  }
  const enc = new TextEncoder();
  const big = (i: number): RawMessage => ({ topic: 't', partition: 0, offset: i, timestamp: i, key: enc.encode(`k${i}`), value: enc.encode(`${i}:${'v'.repeat(50_000)}`), headers: [] });

  it('reads spilled records back, drops spilled chunks the ring leaves behind, and clears the spill', () => {
    const spill = new FakeSpill();
    const s = new MessageStore(2000, { spill, memoryBytes: 8 << 20 });
    for (let i = 0; i < 3000; i += 100) s.addRaw(Array.from({ length: 100 }, (_, k) => big(i + k)));
    assert.deepEqual([s.size, s.dropped], [2000, 1000]);
    assert.ok(spill.files.size >= 20, `${spill.files.size} chunks spilled`);
    // 2,000 kept records of 50 KB are ~100 MB: at most the budget plus the chunk being filled stay in memory
    const inMemory = (s as unknown as { chunks: Array<Uint8Array | undefined> }).chunks.filter(Boolean).length;
    assert.ok(inMemory <= 4, `${inMemory} chunks of 4 MB in memory`);
    assert.ok(spill.files.size <= 26, `${spill.files.size} spilled chunks kept for ~100 MB of records (the dropped ones are deleted)`);
    for (const i of [0, 1, 999, 1000, 1999]) assert.equal(s.at(i)!.key, `k${1000 + i}`);
    assert.ok(s.at(0)!.value!.startsWith('1000:vvv'));
    const text = s.page({ filter: { text: '2500:', in: ['value'] } });
    assert.deepEqual(text.items.map((m) => m.key), ['k2500']);
    s.clear();
    assert.deepEqual([spill.files.size, s.size], [0, 0]);
  });

  it('without a spill keeps every chunk in memory whatever the budget', () => {
    const s = new MessageStore(500, { memoryBytes: 1 });
    s.addRaw(Array.from({ length: 200 }, (_, i) => big(i)));
    assert.equal(s.at(0)!.key, 'k0');
    assert.equal(s.at(199)!.value!.length, '199:'.length + 50_000);
  });
});
