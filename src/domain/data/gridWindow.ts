/**
 * The Data viewer's virtualised grid, as arithmetic: which rows of a page are in the DOM for a scroll position (the
 * viewport plus an overscan, at a fixed row height), where a key moves the selected row, how far to scroll so a row
 * shows below the sticky header, and column widths fixed from the whole page (so widths do not jump while scrolling).
 * Pure: the webview bundle and unit tests import it.
 */

/** Rows drawn above and below the viewport, so a fast scroll does not show blank space before the next frame. */
export const OVERSCAN_ROWS = 12;

export interface WindowInput {
  /** Rows on the page. */
  rows: number;
  /** Height of one row in CSS pixels (fixed). */
  rowHeight: number;
  /** The scroll container's scrollTop. */
  scrollTop: number;
  /** The scroll container's visible height (header included). */
  viewHeight: number;
  overscan?: number;
}

/** The rows to draw: `[start, end)`, with the space the rows left out take above and below. */
export interface RowWindow { start: number; end: number; padTop: number; padBottom: number }

export function rowWindow({ rows, rowHeight, scrollTop, viewHeight, overscan = OVERSCAN_ROWS }: WindowInput): RowWindow {
  if (rows <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewHeight)) / rowHeight);
  const start = Math.min(rows, Math.max(0, first - overscan));
  const end = Math.min(rows, Math.max(start, last + overscan));
  return { start, end, padTop: start * rowHeight, padBottom: (rows - end) * rowHeight };
}

/** Rows that fit in the viewport below the header (at least 1): a PageUp/PageDown step. */
export function rowsPerView(viewHeight: number, headerHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor((viewHeight - headerHeight) / Math.max(1, rowHeight)));
}

const NAV_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;
export type NavKey = typeof NAV_KEYS[number];
export const isNavKey = (key: string): key is NavKey => (NAV_KEYS as readonly string[]).includes(key);

/** The row a key selects, from the selected row (none yet: Down/PageDown/Home pick the first row, Up/End the last). */
export function nextRow(key: NavKey, selected: number | undefined, rows: number, pageStep: number): number | undefined {
  if (rows <= 0) return undefined;
  const clamp = (i: number) => Math.min(rows - 1, Math.max(0, i));
  if (key === 'Home') return 0;
  if (key === 'End') return rows - 1;
  if (selected === undefined) return key === 'ArrowUp' || key === 'PageUp' ? rows - 1 : 0;
  switch (key) {
    case 'ArrowDown': return clamp(selected + 1);
    case 'ArrowUp': return clamp(selected - 1);
    case 'PageDown': return clamp(selected + pageStep);
    case 'PageUp': return clamp(selected - pageStep);
  }
}

/**
 * The scrollTop that shows `row` whole below a sticky header of `headerHeight`, changing the current one as little as
 * possible (unchanged when the row is in view already).
 */
export function scrollToShow(row: number, o: { rowHeight: number; headerHeight: number; viewHeight: number; scrollTop: number }): number {
  const top = row * o.rowHeight; // the row's top, as a scrollTop that puts it right under the header
  const bottom = o.headerHeight + (row + 1) * o.rowHeight - o.viewHeight;
  if (o.scrollTop > top) return top;
  if (o.scrollTop < bottom) return Math.max(0, bottom);
  return o.scrollTop;
}

/**
 * Column widths in characters (`ch`), fixed for the page: the longest of the header, its type and the cells (all
 * rows of the page: cheap next to drawing them), between `min` and `max`.
 */
export function columnWidths(columns: Array<{ name: string; type: string }>, cells: string[][], min = 4, max = 40): number[] {
  return columns.map((c, j) => {
    let w = Math.max(c.name.length + 2, Math.ceil(c.type.length * 0.85));
    for (const row of cells) {
      const len = row[j]?.length ?? 0;
      if (len > w) { w = len; if (w >= max) break; }
    }
    return Math.min(max, Math.max(min, w));
  });
}
