import * as assert from 'node:assert/strict';
import { dataSourceSpecSchema, gridCell, inferColumns, pageableStatement, pageBounds, pageRequestSchema, parseCsv, parseS3Uri, sourceKey, toCells } from './dataGrid';

describe('dataGrid', () => {
  it('pages only single read-only statements on the server', () => {
    const cases: Array<[string, string | undefined]> = [
      ['select * from address;', 'select * from address'],
      ['  -- lead comment\nSELECT 1 ;  \n', '  -- lead comment\nSELECT 1'],
      ['with a as (select 1) select * from a', 'with a as (select 1) select * from a'],
      ['values (1),(2)', 'values (1),(2)'],
      ['select 1; select 2', undefined],
      ['insert into t values (1)', undefined],
      ['with x as (delete from t returning *) select * from x', undefined],
      ['select * into t2 from t', undefined],
      ['select * from t for update', undefined],
      ['update t set a = 1', undefined],
      ['explain select 1', undefined],
    ];
    for (const [sql, want] of cases) assert.equal(pageableStatement(sql), want, sql);
  });

  it('parses RFC 4180 CSV with quotes, embedded line breaks, CRLF and a BOM', () => {
    const r = parseCsv('\ufeffid,name,note\r\n1,"Doe, John","said ""hi""\nthen left"\r\n2,Ann,\n');
    assert.deepEqual(r.columns, ['id', 'name', 'note']);
    assert.deepEqual(r.rows, [{ id: '1', name: 'Doe, John', note: 'said "hi"\nthen left' }, { id: '2', name: 'Ann', note: '' }]);
    assert.deepEqual(parseCsv('a,b\n1').rows, [{ a: '1', b: '' }]);
    assert.throws(() => parseCsv('a\n"open\n'), /quoted field starting on line 2 is never closed/);
  });

  it('types schemaless columns by their values and marks the key', () => {
    const cols = inferColumns([{ _id: { $oid: 'ab' }, n: 1, s: 'x', d: { $date: '2020-01-01T00:00:00Z' } }, { _id: { $oid: 'cd' }, n: 1.5, s: null, tags: ['a'] }], '_id');
    assert.deepEqual(cols, [
      { name: '_id', type: 'objectId', primaryKey: true }, { name: 'n', type: 'double' }, { name: 's', type: 'string | null' },
      { name: 'd', type: 'date' }, { name: 'tags', type: 'array' },
    ]);
  });

  it('turns rows into cells aligned to the columns, cut at a length', () => {
    assert.deepEqual(toCells([{ name: 'a', type: 'int' }, { name: 'b', type: 'object' }], [{ b: { x: 1 }, a: 2 }, { a: null }]), [['2', '{"x":1}'], ['', '']]);
    assert.equal(gridCell('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
  });

  it('validates sources and page requests at the boundary', () => {
    assert.ok(dataSourceSpecSchema.safeParse({ kind: 's3', bucket: 'b', key: 'k.parquet' }).success);
    assert.ok(!dataSourceSpecSchema.safeParse({ kind: 's3', bucket: '', key: 'k' }).success);
    assert.ok(!dataSourceSpecSchema.safeParse({ kind: 'shell', cmd: 'rm' }).success);
    assert.ok(pageRequestSchema.safeParse({ page: 1, pageSize: 100, sort: { column: 'a', descending: true } }).success);
    assert.ok(!pageRequestSchema.safeParse({ page: -1, pageSize: 100 }).success);
    assert.ok(pageRequestSchema.safeParse({ page: 0, pageSize: 10_000 }).success, 'the largest page size');
    assert.ok(!pageRequestSchema.safeParse({ page: 0, pageSize: 10_001 }).success);
    assert.ok(dataSourceSpecSchema.safeParse({ kind: 'pgTable', database: 'pagila', schema: 'public', table: 'address', where: "district = 'Alberta'" }).success);
    assert.ok(!dataSourceSpecSchema.safeParse({ kind: 'pgTable', database: 'pagila', schema: 'public', table: 'address', where: 'x'.repeat(1_000_001) }).success, 'a WHERE longer than the SQL field');
    assert.ok(!dataSourceSpecSchema.safeParse({ kind: 'pgTable', database: 'pagila', schema: 'public', table: 'address', where: 1 }).success);
    assert.deepEqual(pageBounds({ page: 2, pageSize: 100 }), { offset: 200, limit: 100 });
    assert.equal(sourceKey({ kind: 'mongo', database: 'orders', collection: 'customer.orders', filter: '{}' }), 'mongo:orders:customer.orders');
  });

  it('reads s3:// addresses and names a bad one', () => {
    assert.deepEqual(parseS3Uri('s3://sink/a/b.parquet'), { bucket: 'sink', key: 'a/b.parquet' });
    assert.deepEqual(parseS3Uri('sink/x'), { bucket: 'sink', key: 'x' });
    assert.throws(() => parseS3Uri('s3://sink/'), /"s3:\/\/sink\/" is not an S3 object: give s3:\/\/bucket\/key/);
  });
});
