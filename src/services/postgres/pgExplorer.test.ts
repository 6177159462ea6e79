import * as assert from 'node:assert/strict';
import { qualifiedName, SqlQueryError, sqlErrorInfo } from './pgExplorer';

describe('pgExplorer pure parts', () => {
  it('quotes identifiers with pg escapeIdentifier (quotes doubled, case kept)', async () => {
    assert.equal(await qualifiedName('public', 'address'), '"public"."address"');
    assert.equal(await qualifiedName('My Schema', 'a"; drop table x; --'), '"My Schema"."a""; drop table x; --"');
  });
  it('maps a DatabaseError position to line and column', () => {
    const sql = 'select 1,\n  frm x';
    const info = sqlErrorInfo({ message: 'column "frm" does not exist', code: '42703', position: '13' }, sql);
    assert.deepEqual(info, { message: 'column "frm" does not exist', sqlState: '42703', position: { line: 2, column: 3 } });
    const err = new SqlQueryError(info!, 'pagila', sql);
    assert.match(err.message, /^SQL error at line 2, column 3 in database pagila: column "frm" does not exist \(SQLSTATE 42703\)$/);
    assert.equal(err.details, 'line 2, column 3\n  frm x\n  ^');
  });
  it('is not fooled by errors that are not from the server', () => {
    assert.equal(sqlErrorInfo(new Error('ECONNREFUSED'), 'x'), undefined);
    assert.equal(sqlErrorInfo(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'x'), undefined);
  });
});
