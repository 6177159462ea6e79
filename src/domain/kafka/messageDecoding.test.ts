import * as assert from 'node:assert/strict';
import { toBase64, toHex, utf8Bytes } from './bytesText';
import type { RawMessage } from './kafkaModel';
import { decodeMessage, decodePayload, fromBase64, messageSummary, toStored } from './messageDecoding';

const raw = (value: Uint8Array | string | null, key: Uint8Array | string | null = null, headers: RawMessage['headers'] = []): RawMessage => ({
  topic: 't', partition: 2, offset: 41, timestamp: 1700000000000,
  key: typeof key === 'string' ? utf8Bytes(key) : key, value: typeof value === 'string' ? utf8Bytes(value) : value, headers,
});
const decode = (value: Uint8Array | string | null, key: Uint8Array | string | null = null) => decodeMessage(toStored(raw(value, key)));

/** A Debezium PostgreSQL event as the JsonConverter writes it (schemas on). */
function debezium(op: string, before: unknown, after: unknown): string {
  return JSON.stringify({ schema: { type: 'struct' }, payload: { before, after, source: { connector: 'postgresql', db: 'pagila', schema: 'public', table: 'address', ts_ms: 1700000000123 }, op, ts_ms: 1700000000456 } });
}

describe('message decoding', () => {
  it('pretty-prints JSON, keeps text, and marks a null value as a tombstone', () => {
    const j = decode('{"id":1,"name":"x"}', 'k1');
    assert.equal(j.value.kind, 'json');
    assert.equal(j.value.text, '{\n  "id": 1,\n  "name": "x"\n}');
    assert.deepEqual([j.key.kind, j.key.text, j.kind], ['string', 'k1', 'record']);
    const s = decode('hello {not json');
    assert.deepEqual([s.value.kind, s.value.text, s.value.size], ['string', 'hello {not json', 15]);
    const t = decode(null, 'k1');
    assert.deepEqual([t.kind, t.value.kind, t.value.text], ['tombstone', 'null', '(null)']);
    assert.equal(messageSummary(t), '(tombstone: null value)');
  });
  it('shows bytes as hex or base64 and recognises the schema-registry wire format', () => {
    const bytes = new Uint8Array([0, 0, 0, 0, 7, 2, 0xff, 0x10]);
    const stored = toStored(raw(bytes));
    assert.equal(stored.valueBinary, true);
    const d = decodeMessage(stored);
    assert.deepEqual([d.value.kind, d.value.text, d.value.size, d.value.schemaId], ['bytes', '000000000702ff10', 8, 7]);
    assert.equal(decodeMessage(stored, { bytes: 'base64' }).value.text, toBase64(bytes));
    assert.equal(decodePayload(toBase64(new Uint8Array([0xde, 0xad])), true).text, 'dead');
  });
  it('round-trips base64 and hex for every length', () => {
    for (let n = 0; n < 9; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 200) & 0xff);
      assert.deepEqual([...fromBase64(toBase64(b))], [...b]);
      assert.equal(toBase64(b), Buffer.from(b).toString('base64'));
      assert.equal(toHex(b), Buffer.from(b).toString('hex'));
    }
  });
  it('treats invalid UTF-8 and control characters as bytes, decodes headers', () => {
    assert.equal(toStored(raw(new Uint8Array([0xc3, 0x28]))).valueBinary, true);
    assert.equal(toStored(raw('a\u0001b')).valueBinary, true);
    assert.equal(toStored(raw('tab\tand\nnewline')).valueBinary, undefined);
    const h = decodeMessage(toStored(raw('v', null, [{ key: 'source', value: utf8Bytes('cli') }, { key: 'empty', value: null }])));
    assert.deepEqual(h.headers, [{ key: 'source', value: 'cli' }, { key: 'empty', value: '' }]);
  });
  it('recognises Debezium envelopes (with and without the schema wrapper) as readable changes', () => {
    const key = JSON.stringify({ schema: {}, payload: { address_id: 5 } });
    const u = decode(debezium('u', { address_id: 5, city_id: 300, address: '1 Main St' }, { address_id: 5, city_id: 301, address: '1 Main St' }), key);
    assert.equal(u.kind, 'change');
    assert.deepEqual([u.change!.op, u.change!.operation, u.change!.table, u.change!.tsMs], ['u', 'update', 'public.address', 1700000000123]);
    assert.deepEqual(u.change!.changed, [{ field: 'city_id', before: 300, after: 301 }]);
    assert.equal(u.change!.summary, 'update public.address (address_id=5): city_id 300 → 301');
    const c = decode(JSON.stringify({ before: null, after: { address_id: 606, address: 'x' }, source: { schema: 'public', table: 'address' }, op: 'c' }));
    assert.equal(c.change!.summary, 'insert into public.address: address_id=606, address="x"');
    const r = decode(debezium('r', null, { address_id: 1 }));
    assert.equal(r.change!.operation, 'snapshot read');
    const noOld = decode(debezium('u', null, { address_id: 5 }));
    assert.match(noOld.change!.summary, /old values not captured: set REPLICA IDENTITY FULL/);
  });
  it('a Debezium delete and the tombstone after it are two different kinds of rows', () => {
    const key = JSON.stringify({ payload: { address_id: 5 } });
    const del = decode(debezium('d', { address_id: 5, city_id: 300 }, null), key);
    const tomb = decode(null, key);
    assert.equal(del.kind, 'change');
    assert.equal(del.change!.summary, 'delete from public.address (address_id=5): was address_id=5, city_id=300');
    assert.equal(tomb.kind, 'tombstone');
    assert.notEqual(messageSummary(del), messageSummary(tomb));
  });
  it('does not mistake ordinary JSON with an "op" field for a change event', () => {
    assert.equal(decode('{"op":"c","amount":3}').kind, 'record');
    assert.equal(decode('{"op":"x","before":null,"after":{}}').kind, 'record');
  });
  it('reads MongoDB-connector envelopes whose after is a JSON string', () => {
    const m = decode(JSON.stringify({ after: '{"_id": {"$oid": "5b18"}, "name": "John"}', op: 'c', source: { db: 'orders', collection: 'customer.orders' } }));
    assert.equal(m.change!.table, 'orders.customer.orders');
    assert.deepEqual(m.change!.after, { _id: { $oid: '5b18' }, name: 'John' });
  });
});
