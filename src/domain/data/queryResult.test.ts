import * as assert from 'node:assert/strict';
import { columnsOf, toCsv, toMarkdownTable, toTextTable, truncateRows } from './queryResult';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1 }));

describe('query results', () => {
  it('truncates at the limit and keeps the full row count', () => {
    const r = truncateRows(rows(5), 3);
    assert.deepEqual([r.rows.map((x) => x.id), r.rowCount, r.truncated], [[1, 2, 3], 5, true]);
  });
  it('exactly at the limit is not truncated', () => {
    const r = truncateRows(rows(3), 3);
    assert.deepEqual([r.rows.length, r.truncated], [3, false]);
  });
  it('a limit of 0 keeps no rows; a bad limit throws', () => {
    assert.deepEqual(truncateRows(rows(2), 0).rows, []);
    assert.throws(() => truncateRows(rows(2), -1), /whole number/);
    assert.throws(() => truncateRows(rows(2), 1.5), /whole number/);
  });
  it('DML keeps the affected count it is given', () => {
    assert.equal(truncateRows([], 10, 42).rowCount, 42);
  });
  it('columns of documents are their keys in first-seen order', () => {
    assert.deepEqual(columnsOf([{ a: 1, b: 2 }, { c: 3, a: 4 }]), ['a', 'b', 'c']);
  });
  it('CSV quotes commas, quotes and line breaks; objects as JSON; null empty', () => {
    const csv = toCsv({ columns: ['a', 'b'], rows: [{ a: 'x,y', b: 'say "hi"' }, { a: 'l1\nl2', b: null }, { a: { n: 1 }, b: 3 }] });
    assert.equal(csv, 'a,b\r\n"x,y","say ""hi"""\r\n"l1\nl2",\r\n"{""n"":1}",3\r\n');
  });
  it('Markdown escapes pipes and says when rows were cut', () => {
    const md = toMarkdownTable({ columns: ['a'], rows: [{ a: 'x|y' }], rowCount: 9, truncated: true });
    assert.equal(md, '| a |\n| --- |\n| x\\|y |\n\n_first 1 of 9 rows_\n');
    assert.match(toMarkdownTable({ columns: [], rows: [], rowCount: 3, truncated: false, command: 'UPDATE' }), /UPDATE: 3 row\(s\) affected/);
  });
  it('text table pads columns', () => {
    assert.equal(toTextTable({ columns: ['id', 'name'], rows: [{ id: 1, name: 'Ann' }], rowCount: 1, truncated: false }), 'id  name\n1   Ann\n(1 row)');
  });
});
