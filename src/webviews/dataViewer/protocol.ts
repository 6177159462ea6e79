/**
 * Messages between the Data viewer webview and its host (src/webviews/dataViewer/dataViewerPanel.ts). The host holds
 * the source and reads one page per request; the page holds that page only. Every request that changes what is shown
 * is parsed with the domain's schemas at the boundary.
 */
import * as z from 'zod/mini';
import { dataSourceSpecSchema, MAX_PAGE_SIZE, pageRequestSchema, type DataSourceSpec, type GridPage, type PageRequest } from '../../domain/data/dataGrid';
import { defineNotification, defineRequest } from '../ipc';

export type ViewerStatus = 'loading' | 'ready' | 'error';

/** Everything the page shows, sent whole after every change. */
export interface DataViewerSnapshot {
  title: string;
  /** What is open (the SQL text, the filter, the object), echoed into the page's fields. */
  source: DataSourceSpec;
  status: ViewerStatus;
  /** Why the last request failed; the grid of the last good page stays. */
  error?: string;
  /** More about the error, e.g. the statement's line with a caret under the position PostgreSQL reported. */
  errorDetail?: string;
  /** The last page read, if any. */
  grid?: GridPage;
  /** Bumped on every snapshot, so the page can tell a reply from an older one. */
  seq: number;
}

export const DataViewerState = defineNotification<DataViewerSnapshot>('dataViewer/state');

/** Turns a page, changes the page size or the sort; replies with the new snapshot. */
export const SetPage = defineRequest<PageRequest, DataViewerSnapshot>('dataViewer/setPage', pageRequestSchema);

/** Opens another source in the same panel (a new statement, filter or object); replies with its first page. */
export const SetSource = defineRequest<DataSourceSpec, DataViewerSnapshot>('dataViewer/setSource', dataSourceSpecSchema);

/** A row index of the current page (below the largest page size). */
const rowIndex = z.number().check(z.int(), z.gte(0), z.lt(MAX_PAGE_SIZE));
const rowRef = z.object({ row: rowIndex });
export type RowRef = z.infer<typeof rowRef>;

/** A row of the current page as JSON (documents whole), for the detail pane. */
export const GetRow = defineRequest<RowRef, unknown>('dataViewer/row', rowRef);

/** Copies a row of the current page (or the whole page when `row` is absent) to the clipboard as JSON. */
export const CopyRows = defineRequest<{ row?: number }, { copied: number }>('dataViewer/copy',
  z.object({ row: z.optional(rowIndex) }));
