import * as assert from 'node:assert/strict';
import * as avsc from 'avsc';
import { AvroDecoder, confluentFrame, frameConfluent, type RegistrySchema } from './avroDecoding';
import { utf8Bytes } from './bytesText';
import type { RawMessage } from './kafkaModel';
import { decodeMessage, messageSummary, toStored } from './messageDecoding';
import { messageJson } from './messagePage';

const orderSchema = {
  type: 'record', name: 'Order', namespace: 'storefront',
  fields: [
    { name: 'id', type: 'long' }, { name: 'customer', type: 'string' }, { name: 'total', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null }, { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'raw', type: 'bytes' },
  ],
};
const orderType = avsc.Type.forSchema(orderSchema as avsc.Schema);
const keySchema = 'string';

/** A fake registry: ids 7 (orders-value), 8 (orders-key, a bare "string"), 9 (a PROTOBUF schema); counts lookups. */
function fakeRegistry() {
  const calls: number[] = [];
  const schemas = new Map<number, RegistrySchema>([
    [7, { schema: JSON.stringify(orderSchema), subject: 'orders-value', version: 1 }],
    [8, { schema: JSON.stringify(keySchema), subject: 'orders-key', version: 1 }],
    [9, { schema: 'syntax = "proto3"; message A {}', schemaType: 'PROTOBUF', subject: 'a-value' }],
  ]);
  const lookup = async (id: number): Promise<RegistrySchema> => {
    calls.push(id);
    const s = schemas.get(id);
    if (!s) throw new Error(`schema id ${id} is not in the schema registry http://fake (HTTP 404, error_code 40403)`);
    return s;
  };
  return { lookup, calls, schemas };
}

const order = (id: number) => ({ id, customer: `c${id}`, total: 12.5, note: id % 2 ? 'gift' : null, tags: ['a', 'b'], raw: Buffer.from([1, 2, 3]) });
const framed = (schemaId: number, type: avsc.Type, v: unknown) => frameConfluent(schemaId, type.toBuffer(v));
const raw = (value: Uint8Array | null, key: Uint8Array | null = null, offset = 0): RawMessage => ({ topic: 'orders', partition: 0, offset, timestamp: 1700000000000, key, value, headers: [] });

describe('Avro with a schema registry', () => {
  it('reads the Confluent wire format: magic byte 0, a big-endian schema id, the body', () => {
    const f = frameConfluent(0x01020304, new Uint8Array([9, 9]));
    assert.deepEqual([...f], [0, 1, 2, 3, 4, 9, 9]);
    assert.deepEqual(confluentFrame(f), { schemaId: 0x01020304, body: new Uint8Array([9, 9]) });
    assert.equal(confluentFrame(new Uint8Array([1, 0, 0, 0, 7, 0])), undefined, 'magic byte other than 0');
    assert.equal(confluentFrame(new Uint8Array([0, 0, 0, 7])), undefined, 'shorter than the header');
  });

  it('decodes key and value into JSON with the schema id and subject, fetching each schema once', async () => {
    const reg = fakeRegistry();
    const dec = new AvroDecoder(reg.lookup);
    const avroKey = avsc.Type.forSchema('string');
    const raws = [1, 2, 3].map((i) => raw(framed(7, orderType, order(i)), framed(8, avroKey, `order-${i}`), i));
    const stored = raws.map(toStored);
    assert.ok(stored.every((s) => s.valueBinary && s.keyBinary), 'framed Avro is binary before decoding');
    await dec.annotate(raws, stored);
    assert.deepEqual(reg.calls.sort(), [7, 8]);
    const d = decodeMessage(stored[0]!);
    assert.equal(d.value.kind, 'json');
    assert.deepEqual(d.value.json, { id: 1, customer: 'c1', total: 12.5, note: 'gift', tags: ['a', 'b'], raw: 'AQID' });
    assert.deepEqual([d.value.schemaId, d.value.subject, d.value.error], [7, 'orders-value', undefined]);
    assert.deepEqual([d.key.kind, d.key.json, d.key.schemaId, d.key.subject], ['json', 'order-1', 8, 'orders-key']);
    assert.equal(decodeMessage(stored[1]!).value.json && (decodeMessage(stored[1]!).value.json as { note: unknown }).note, null);
    assert.equal(messageSummary(d), '{"id":1,"customer":"c1","total":12.5,"note":"gift","tags":["a","b"],"raw":"AQID"}');
    assert.deepEqual(messageJson(stored[2]!).value, { id: 3, customer: 'c3', total: 12.5, note: 'gift', tags: ['a', 'b'], raw: 'AQID' });
    // a second batch with the same ids asks the registry nothing
    const more = [raw(framed(7, orderType, order(4)))];
    const s2 = more.map(toStored);
    await dec.annotate(more, s2);
    assert.equal(reg.calls.length, 2);
    assert.equal((decodeMessage(s2[0]!).value.json as { id: number }).id, 4);
  });

  it('keeps longs past 2^53 exact (as strings) and safe longs as numbers', async () => {
    const reg = fakeRegistry();
    reg.schemas.set(11, { schema: JSON.stringify({ type: 'record', name: 'L', fields: [{ name: 'big', type: 'long' }, { name: 'small', type: 'long' }] }) });
    const bigLong = avsc.types.LongType.__with({
      fromBuffer: (b: Buffer) => b.readBigInt64LE(), toBuffer: (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; },
      fromJSON: BigInt, toJSON: Number, isValid: (n: unknown) => typeof n === 'bigint', compare: () => 0,
    });
    const t = avsc.Type.forSchema({ type: 'record', name: 'L', fields: [{ name: 'big', type: 'long' }, { name: 'small', type: 'long' }] } as avsc.Schema, { registry: { long: bigLong } });
    const r = await new AvroDecoder(reg.lookup).decode(frameConfluent(11, t.toBuffer({ big: 9007199254740993n, small: -42n })));
    assert.equal(r?.json, '{"big":"9007199254740993","small":-42}');
  });

  it('an unknown id, a non-Avro schema and bytes of another schema fail on the row, with the reason, and keep the bytes', async () => {
    const reg = fakeRegistry();
    const dec = new AvroDecoder(reg.lookup);
    const other = avsc.Type.forSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'int' }] } as avsc.Schema);
    const raws = [
      raw(framed(99, orderType, order(1))),
      raw(frameConfluent(9, new Uint8Array([1, 2]))),
      raw(framed(7, other, { a: 5 })),
      raw(utf8Bytes('{"plain":"json"}')),
      raw(framed(7, orderType, order(2))),
    ];
    const stored = raws.map(toStored);
    await dec.annotate(raws, stored);
    const d = stored.map((s) => decodeMessage(s));
    assert.equal(d[0]!.value.kind, 'bytes');
    assert.equal(d[0]!.value.schemaId, 99);
    assert.match(d[0]!.value.error ?? '', /schema id 99 is not in the schema registry http:\/\/fake \(HTTP 404, error_code 40403\)/);
    assert.match(messageSummary(d[0]!), /^bytes \d+ B \(schema id 99 is not in the schema registry .*\): 0000000063/);
    assert.match(d[1]!.value.error ?? '', /schema id 9 \(a-value\) is a PROTOBUF schema; Shoreline decodes Avro only/);
    assert.equal(d[2]!.value.kind, 'bytes');
    assert.match(d[2]!.value.error ?? '', /schema id 7|another schema/);
    assert.deepEqual([d[3]!.value.kind, d[3]!.value.schemaId], ['json', undefined], 'plain JSON is left alone');
    assert.equal(d[4]!.value.kind, 'json', 'the rows after a failed one still decode');
    assert.equal(messageJson(stored[0]!).valueEncoding, 'hex');
  });

  it('remembers a failed lookup for a while instead of asking again for every record, then retries', async () => {
    let now = 1000;
    let up = false;
    const calls: number[] = [];
    const dec = new AvroDecoder(async (id) => {
      calls.push(id);
      if (!up) throw new Error('the schema registry http://127.0.0.1:9 is unreachable (ECONNREFUSED), so schema id 7 cannot be fetched; start it or fix the cluster\'s schema registry URL');
      return { schema: JSON.stringify(orderSchema), subject: 'orders-value' };
    }, { now: () => now, retryAfterMs: 30_000 });
    const bytes = framed(7, orderType, order(1));
    const first = await dec.decode(bytes);
    assert.match(first?.ref.error ?? '', /unreachable \(ECONNREFUSED\)/);
    await dec.decode(bytes);
    await dec.decode(bytes);
    assert.equal(calls.length, 1, 'one lookup while the failure is remembered');
    up = true;
    now += 30_001;
    const later = await dec.decode(bytes);
    assert.equal(calls.length, 2);
    assert.deepEqual([later?.ref.error, later?.ref.subject], [undefined, 'orders-value']);
  });

  it('concurrent batches share one lookup per id', async () => {
    const calls: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const dec = new AvroDecoder(async (id) => { calls.push(id); await gate; return { schema: JSON.stringify(orderSchema) }; });
    const a = dec.decode(framed(7, orderType, order(1)));
    const b = dec.decode(framed(7, orderType, order(2)));
    release();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(calls.length, 1);
    assert.deepEqual([JSON.parse(ra!.json!).id, JSON.parse(rb!.json!).id], [1, 2]);
  });
});
