import * as assert from 'node:assert/strict';
import { columnWidths, isNavKey, nextRow, rowsPerView, rowWindow, scrollToShow } from './gridWindow';

describe('gridWindow', () => {
  it('draws only the rows in the viewport plus the overscan, padding the rest', () => {
    assert.deepEqual(rowWindow({ rows: 5000, rowHeight: 20, scrollTop: 0, viewHeight: 400, overscan: 10 }), { start: 0, end: 30, padTop: 0, padBottom: 4970 * 20 });
    assert.deepEqual(rowWindow({ rows: 5000, rowHeight: 20, scrollTop: 2000, viewHeight: 400, overscan: 10 }), { start: 90, end: 130, padTop: 1800, padBottom: 4870 * 20 });
    const end = rowWindow({ rows: 5000, rowHeight: 20, scrollTop: 5000 * 20 - 400, viewHeight: 400, overscan: 10 });
    assert.deepEqual([end.start, end.end, end.padBottom], [4970, 5000, 0]);
    assert.deepEqual(rowWindow({ rows: 3, rowHeight: 20, scrollTop: 0, viewHeight: 400 }), { start: 0, end: 3, padTop: 0, padBottom: 0 });
    assert.deepEqual(rowWindow({ rows: 0, rowHeight: 20, scrollTop: 0, viewHeight: 400 }), { start: 0, end: 0, padTop: 0, padBottom: 0 });
    // a scrollTop past the end (the page shrank) still draws the last rows
    const past = rowWindow({ rows: 100, rowHeight: 20, scrollTop: 99_999, viewHeight: 400, overscan: 5 });
    assert.deepEqual([past.start, past.end], [100, 100]);
  });

  it('moves the selection with the navigation keys, clamped to the page', () => {
    assert.ok(isNavKey('PageDown') && !isNavKey('Enter'));
    assert.equal(nextRow('ArrowDown', undefined, 10, 4), 0);
    assert.equal(nextRow('ArrowUp', undefined, 10, 4), 9);
    assert.equal(nextRow('ArrowDown', 3, 10, 4), 4);
    assert.equal(nextRow('ArrowDown', 9, 10, 4), 9);
    assert.equal(nextRow('ArrowUp', 0, 10, 4), 0);
    assert.equal(nextRow('PageDown', 3, 10, 4), 7);
    assert.equal(nextRow('PageDown', 8, 10, 4), 9);
    assert.equal(nextRow('PageUp', 2, 10, 4), 0);
    assert.equal(nextRow('Home', 5, 10, 4), 0);
    assert.equal(nextRow('End', 5, 10, 4), 9);
    assert.equal(nextRow('End', undefined, 0, 4), undefined);
    assert.equal(rowsPerView(440, 40, 20), 20);
    assert.equal(rowsPerView(30, 40, 20), 1);
  });

  it('scrolls just enough to show a row below the sticky header', () => {
    const o = { rowHeight: 20, headerHeight: 40, viewHeight: 440 };
    assert.equal(scrollToShow(5, { ...o, scrollTop: 0 }), 0, 'already in view');
    assert.equal(scrollToShow(19, { ...o, scrollTop: 0 }), 0, 'the last whole row in view');
    assert.equal(scrollToShow(20, { ...o, scrollTop: 0 }), 20, 'one row down');
    assert.equal(scrollToShow(4999, { ...o, scrollTop: 0 }), 4999 * 20 + 40 + 20 - 440);
    assert.equal(scrollToShow(3, { ...o, scrollTop: 1000 }), 60, 'up: the row right under the header');
  });

  it('fixes column widths from the header, the type and every cell of the page, within bounds', () => {
    const cols = [{ name: 'id', type: 'integer' }, { name: 'note', type: 'text' }, { name: 'blob', type: 'jsonb' }];
    const cells = [['1', 'short', 'x'.repeat(500)], ['22', 'a longer note here', '']];
    assert.deepEqual(columnWidths(cols, cells), [6, 18, 40]);
    assert.deepEqual(columnWidths([{ name: 'a', type: 'b' }], [], 4, 40), [4]);
  });
});
