import * as assert from 'node:assert/strict';
import { positionExcerpt, sqlErrorPosition } from './sqlPosition';

describe('sqlErrorPosition', () => {
  const cases: Array<[string, string, string | number | undefined, { line: number; column: number } | undefined]> = [
    ['first character', 'selec 1', '1', { line: 1, column: 1 }],
    ['inside line 1', 'select * frm address', '10', { line: 1, column: 10 }],
    ['second line', 'select 1,\n  frm x', '13', { line: 2, column: 3 }],
    ['CRLF line ends count one line', 'select 1,\r\n  frm x', '14', { line: 2, column: 3 }],
    ['astral characters count once (code points, like the server)', "select '😀', frm", '14', { line: 1, column: 14 }],
    ['end of text (unexpected end of input)', 'select (', '9', { line: 1, column: 9 }],
    ['no position', 'select', undefined, undefined],
    ['zero', 'select', '0', undefined],
    ['past the end', 'select', '99', undefined],
    ['not a number', 'select', 'x', undefined],
  ];
  for (const [name, sql, pos, want] of cases) it(name, () => assert.deepEqual(sqlErrorPosition(sql, pos), want));

  it('excerpt puts a caret under the column', () => {
    assert.equal(positionExcerpt('select 1,\n  frm x', { line: 2, column: 3 }), 'line 2, column 3\n  frm x\n  ^');
  });
});
