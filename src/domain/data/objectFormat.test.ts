import * as assert from 'node:assert/strict';
import { slotWarning, type PgReplicationSlot } from './dataModel';
import { parseJsonDocuments, sniffFormat } from './objectFormat';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('object formats', () => {
  it('sniffs magic numbers before extensions', () => {
    assert.equal(sniffFormat('x.json', bytes(0x50, 0x41, 0x52, 0x31, 0)), 'parquet');
    assert.equal(sniffFormat('x.parquet', bytes(0x1f, 0x8b, 8)), 'gzip');
    assert.equal(sniffFormat('x.jsonl.gz', bytes(0x7b)), 'jsonl');
    assert.equal(sniffFormat('x.json', bytes(0x7b)), 'json');
    assert.equal(sniffFormat('x.txt', bytes(0x7b)), 'text');
  });
  it('parses an array, one document or JSON Lines, naming a bad line', () => {
    assert.deepEqual(parseJsonDocuments('[{"a":1},{"a":2}]'), [{ a: 1 }, { a: 2 }]);
    assert.deepEqual(parseJsonDocuments('{"a":1}\n'), [{ a: 1 }]);
    assert.deepEqual(parseJsonDocuments('{"a":1}\n\n{"a":2}\n'), [{ a: 1 }, { a: 2 }]);
    assert.throws(() => parseJsonDocuments('{"a":1}\n{oops'), /line 2 is not JSON/);
  });
});

describe('replication slot warning', () => {
  const slot = (p: Partial<PgReplicationSlot>): PgReplicationSlot => ({ name: 's', plugin: 'pgoutput', type: 'logical', database: 'pagila', active: false, retainedBytes: 1024, lagBytes: 0, walStatus: 'reserved', ...p });
  it('warns about an inactive slot holding WAL', () => assert.match(slotWarning(slot({}))!, /inactive slot s holds 1024 bytes of WAL/));
  it('is quiet for an active slot or one holding nothing', () => {
    assert.equal(slotWarning(slot({ active: true })), undefined);
    assert.equal(slotWarning(slot({ retainedBytes: 0 })), undefined);
  });
  it('says when WAL was lost', () => assert.match(slotWarning(slot({ active: true, walStatus: 'lost' }))!, /lost required WAL/));
});
