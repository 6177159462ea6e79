import * as assert from 'node:assert/strict';
import type { StoredMessage } from './messageDecoding';
import { buildViewerPage, DEFAULT_QUERY, findMessage, filterResult, toCsv, toJsonLines, viewerQuerySchema } from './messagePage';
import { MessageStore } from './messageStore';

const msg = (i: number, over: Partial<StoredMessage> = {}): StoredMessage =>
  ({ partition: i % 3, offset: Math.floor(i / 3), timestamp: 1_700_000_000_000 + i * 1000, key: `k${i}`, value: `{"n":${i}}`, headers: [['source', i % 5 === 0 ? 'cli' : 'app']], ...over });

describe('message viewer page', () => {
  const store = new MessageStore(1000);
  store.add(Array.from({ length: 250 }, (_, i) => msg(i)));

  it('sends one page of at most pageSize rows with the totals and per-partition counts', () => {
    const p = buildViewerPage(store, DEFAULT_QUERY);
    assert.deepEqual([p.total, p.filteredTotal, p.rows.length, p.pages, p.page], [250, 250, 100, 3, 0]);
    assert.deepEqual(p.partitions, [{ partition: 0, stored: 84, matched: 84 }, { partition: 1, stored: 83, matched: 83 }, { partition: 2, stored: 83, matched: 83 }]);
    assert.deepEqual([p.rows[0]!.key, p.rows[0]!.preview, p.rows[0]!.headers, p.rows[0]!.kind], ['k0', '{"n":0}', 1, 'record']);
    const last = buildViewerPage(store, { ...DEFAULT_QUERY, page: 9 });
    assert.deepEqual([last.page, last.rows.length, last.rows.at(-1)!.key], [2, 50, 'k249']);
    assert.equal(buildViewerPage(store, { ...DEFAULT_QUERY, newestFirst: true }).rows[0]!.key, 'k249');
  });

  it('filters by text, partition and offset range, and the counts and timeline follow the filter', () => {
    const p = buildViewerPage(store, { ...DEFAULT_QUERY, filter: { text: 'k24', in: ['key'] } });
    assert.deepEqual(p.rows.map((r) => r.key), ['k24', 'k240', 'k241', 'k242', 'k243', 'k244', 'k245', 'k246', 'k247', 'k248', 'k249']);
    assert.deepEqual([p.total, p.filteredTotal], [250, 11]);
    assert.equal(p.timeline.counts.reduce((a, b) => a + b, 0), 11);
    const q = buildViewerPage(store, { ...DEFAULT_QUERY, filter: { partitions: [1], offsetFrom: 10, offsetTo: 19 } });
    assert.deepEqual([q.filteredTotal, q.partitions.map((c) => c.matched)], [10, [0, 10, 0]]);
    assert.equal(buildViewerPage(store, { ...DEFAULT_QUERY, filter: { text: 'nothing-like-this' } }).timeline.counts.length, 0);
  });

  it('buckets the rate timeline over the matched time span', () => {
    const p = buildViewerPage(store, DEFAULT_QUERY, 60);
    // 250 s of messages, one per second: 5 s buckets
    assert.equal(p.timeline.bucketMs, 5000);
    assert.equal(p.timeline.counts.reduce((a, b) => a + b, 0), 250);
    assert.ok(p.timeline.counts.length <= 60);
  });

  it('marks tombstones and Debezium changes as different kinds of rows', () => {
    const s = new MessageStore(10);
    s.add([msg(0, { value: null }), msg(1, { value: JSON.stringify({ op: 'd', before: { id: 7 }, after: null, source: { schema: 'public', table: 'address' } }) })]);
    const rows = buildViewerPage(s, DEFAULT_QUERY).rows;
    assert.deepEqual(rows.map((r) => [r.kind, r.op ?? '-']), [['tombstone', '-'], ['change', 'd']]);
    assert.match(rows[1]!.preview, /^delete from public\.address/);
  });

  it('finds a message by partition and offset and exports the filter result as JSON Lines and CSV', () => {
    assert.equal(findMessage(store, 1, 5)?.key, 'k16');
    assert.equal(findMessage(store, 1, 999), undefined);
    const sel = [...filterResult(store, { text: 'k24', in: ['key'] })];
    const lines = toJsonLines(sel).trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; value: unknown });
    assert.deepEqual([lines.length, lines[0]!.key, lines[0]!.value], [11, 'k24', { n: 24 }]);
    const csv = toCsv([msg(3, { key: 'a,"b"', headers: [['h', 'v']] }), msg(4, { value: null })]).split('\r\n');
    assert.equal(csv[0], 'partition,offset,timestamp,key,value,headers,kind');
    assert.equal(csv[1], '0,1,2023-11-14T22:13:23.000Z,"a,""b""","{""n"":3}","{""h"":""v""}",record');
    assert.match(csv[2]!, /,,\{""source""|,,"\{/);
    assert.ok(csv[2]!.endsWith(',tombstone'));
  });

  it('refuses queries the webview may not send', () => {
    assert.equal(viewerQuerySchema.safeParse(DEFAULT_QUERY).success, true);
    assert.equal(viewerQuerySchema.safeParse({ ...DEFAULT_QUERY, pageSize: 100_000 }).success, false);
    assert.equal(viewerQuerySchema.safeParse({ ...DEFAULT_QUERY, filter: { partitions: [-1] } }).success, false);
    assert.equal(viewerQuerySchema.safeParse({ ...DEFAULT_QUERY, page: 1.5 }).success, false);
  });
});
