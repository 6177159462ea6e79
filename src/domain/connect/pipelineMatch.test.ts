import * as assert from 'node:assert/strict';
import { describeCount, inPartition, matchesWhere, meetsCount, partitionsOf, rowsContain, rowsEqual, toJsonValue } from './pipelineMatch';

describe('pipeline checks', () => {
  it('counts: equals, bounds and their description', () => {
    const table: Array<[number, Parameters<typeof meetsCount>[1], boolean, string]> = [
      [603, { equals: 603 }, true, '= 603'],
      [604, { equals: 603 }, false, '= 603'],
      [603, { atLeast: 603 }, true, '≥ 603'],
      [602, { atLeast: 603 }, false, '≥ 603'],
      [3, { atLeast: 1, atMost: 5 }, true, 'between 1 and 5'],
      [6, { atLeast: 1, atMost: 5 }, false, 'between 1 and 5'],
      [0, { atMost: 0 }, true, '≤ 0'],
    ];
    for (const [n, e, ok, text] of table) {
      assert.equal(meetsCount(n, e), ok, `${n} ${JSON.stringify(e)}`);
      assert.equal(describeCount(e), text);
    }
  });

  it('where: dotted paths, literals compared deeply, operators', () => {
    const msg = { key: { payload: { address_id: 105 } }, value: { payload: { op: 'u', after: { address_id: 105, address2: 'Apartment #1234', tags: ['a'] }, before: null } } };
    assert.ok(matchesWhere(msg, { 'value.payload.op': 'u', 'value.payload.after.address_id': 105 }));
    assert.ok(matchesWhere(msg, { 'value.payload.after.tags': ['a'], 'key.payload': { address_id: 105 } }));
    assert.ok(!matchesWhere(msg, { 'value.payload.after.address_id': '105' }), 'a string is not the number');
    assert.ok(!matchesWhere(msg, { 'value.payload.op': 'c' }));
    assert.ok(matchesWhere(msg, { 'value.payload.after.address2': { $regex: '^Apartment #\\d+$' } }));
    assert.ok(matchesWhere(msg, { 'value.payload.op': { $in: ['c', 'u'] }, 'value.payload.before': { $exists: false }, 'value.payload.after.district': { $exists: false } }));
    assert.ok(matchesWhere(msg, { 'value.payload.after.address_id': { $gte: 100, $lt: 106 } }));
    assert.ok(!matchesWhere(msg, { 'value.payload.after.address_id': { $gt: 105 } }));
    assert.ok(matchesWhere(msg, { 'value.payload.op': { $ne: 'd' } }));
    assert.ok(!matchesWhere(msg, { 'value.payload.missing.deeper': 1 }));
  });

  it('turns client values into JSON: INT64 bigint, dates, bytes', () => {
    assert.deepEqual(toJsonValue({ id: 599n, big: 2n ** 60n, at: new Date('2022-02-15T09:45:30Z'), raw: new Uint8Array([104, 105]), list: [1n] }),
      { id: 599, big: '1152921504606846976', at: '2022-02-15T09:45:30.000Z', raw: 'hi', list: [1] });
  });

  it('partition folders: Iceberg URL-encoding and Hive-style raw values', () => {
    const iceberg = 'warehouse/pagila/address_location/data/country=United+States/00001-x.parquet';
    assert.deepEqual(partitionsOf(iceberg), { country: 'United States' });
    assert.ok(inPartition(iceberg, { country: 'United States' }));
    assert.ok(inPartition('topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet', { country: 'United States' }));
    assert.ok(inPartition('data/country=C%C3%B4te+d%27Ivoire/x.parquet', { country: "Côte d'Ivoire" }));
    assert.ok(!inPartition('data/country=United+Kingdom/x.parquet', { country: 'United States' }));
    assert.ok(!inPartition('data/x.parquet', { country: 'United States' }));
    assert.deepEqual(partitionsOf('a=1/x=y.parquet'), { a: '1' }, 'the file name is not a folder');
  });

  it('sql rows: equals is exact and ordered, contains is partial', () => {
    const rows = [{ film_id: 389, title: 'Gunfighter Mussolini' }, { film_id: 581, title: 'Minority Kiss' }];
    assert.ok(rowsEqual(rows, [{ title: 'Gunfighter Mussolini', film_id: 389 }, { film_id: 581, title: 'Minority Kiss' }]));
    assert.ok(!rowsEqual(rows, [...rows].reverse()));
    assert.ok(!rowsEqual(rows, [{ film_id: 389 }, { film_id: 581 }]));
    assert.ok(rowsContain(rows, [{ film_id: 581 }]));
    assert.ok(!rowsContain(rows, [{ film_id: 17 }]));
  });
});
