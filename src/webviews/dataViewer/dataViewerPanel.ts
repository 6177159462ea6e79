/**
 * The Data viewer: one panel per source (a PostgreSQL table, a SQL result, a MongoDB collection, an S3 object). The
 * host opens the source with the engine's {@link openDataSource} and reads one page per request; the page holds that
 * page only. A failed request (bad SQL, a filter that is not JSON, a missing bucket, a corrupt Parquet file) is shown
 * in the panel with the last good page kept where it still applies, and the next valid request works.
 */
import * as vscode from 'vscode';
import { requireTrust } from '../../commands/runCommand';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { DEFAULT_PAGE_SIZE, sourceKey, sourceTitle, toCells, type DataSourceSpec, type PageRequest } from '../../domain/data/dataGrid';
import { ShorelineError } from '../../domain/errors';
import type { DataServices } from '../../services/data/dataServices';
import type { DataSource } from '../../services/data/dataSources';
import { PanelHost } from '../panelHost';
import { CopyRows, DataViewerState, GetRow, SetPage, SetSource, type DataViewerSnapshot, type ViewerStatus } from './protocol';

/** The error of anything thrown, as the panel shows it (engine errors come from another bundle: duck-typed). */
function describe(e: unknown): { error: string; errorDetail?: string } {
  const x = e as { message?: unknown; fix?: unknown; details?: unknown };
  const message = typeof x?.message === 'string' ? x.message : String(e);
  const error = typeof x?.fix === 'string' && x.fix ? `${message} — ${x.fix}` : message;
  return typeof x?.details === 'string' && x.details ? { error, errorDetail: x.details } : { error };
}

/** One viewer per source; opening the same source again reveals it and reads its first page again. */
export class DataViewerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DataViewerPanel>();

  constructor(private readonly ctx: ShorelineContext, private readonly services: (spec: DataSourceSpec) => Promise<DataServices>) {}

  async open(spec: DataSourceSpec, req: Partial<PageRequest> = {}): Promise<DataViewerSnapshot> {
    const key = sourceKey(spec);
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else {
      panel = new DataViewerPanel(this.ctx, this.services, () => this.panels.delete(key));
      this.panels.set(key, panel);
    }
    return panel.setSource(spec, req);
  }

  dispose(): void { for (const p of [...this.panels.values()]) p.dispose(); }
}

class DataViewerPanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private source: DataSourceSpec | undefined;
  private dataSource: DataSource | undefined;
  private request: PageRequest = { page: 0, pageSize: DEFAULT_PAGE_SIZE, sort: null };
  private rows: Array<Record<string, unknown>> = [];
  private grid: DataViewerSnapshot['grid'];
  private status: ViewerStatus = 'loading';
  private error: { error: string; errorDetail?: string } | undefined;
  private seq = 0;
  /** Requests run one after another: a slow page cannot overwrite a newer one. */
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly closing: vscode.Disposable;

  constructor(private readonly ctx: ShorelineContext, private readonly services: (spec: DataSourceSpec) => Promise<DataServices>, private readonly onDispose: () => void) {
    this.host = new PanelHost(ctx.extension.extensionUri, {
      viewType: 'shoreline.dataViewer', title: 'Data viewer', bundle: 'dataViewer', element: 'data-viewer', column: vscode.ViewColumn.Active,
    }, ctx.log);
    this.host.onRequest(SetPage, (req) => this.setPage(req));
    this.host.onRequest(SetSource, (spec) => this.setSource(spec));
    this.host.onRequest(GetRow, ({ row }) => this.row(row));
    this.host.onRequest(CopyRows, async ({ row }) => {
      const value = row === undefined ? this.rows : this.row(row);
      await vscode.env.clipboard.writeText(JSON.stringify(value, null, 2));
      return { copied: row === undefined ? this.rows.length : 1 };
    });
    this.closing = this.host.panel.onDidDispose(() => this.dispose());
  }

  reveal(): void { this.host.panel.reveal(undefined, false); }

  private serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Opens a source (its first page); a failure is shown in the panel and returned in the snapshot. */
  setSource(spec: DataSourceSpec, req: Partial<PageRequest> = {}): Promise<DataViewerSnapshot> {
    return this.serial(async () => {
      this.source = spec;
      this.host.panel.title = `${sourceTitle(spec)} (data)`;
      this.dataSource = undefined;
      this.grid = undefined;
      this.rows = [];
      this.status = 'loading';
      this.error = undefined;
      this.push();
      this.request = { page: req.page ?? 0, pageSize: req.pageSize ?? this.request.pageSize, sort: req.sort ?? null };
      try {
        if (spec.kind === 'sql') requireTrust('run SQL');
        // a table's WHERE filter is user SQL too (run read-only, but SQL all the same)
        if (spec.kind === 'pgTable' && spec.where?.trim()) requireTrust('run a SQL WHERE filter');
        const services = await this.services(spec);
        this.dataSource = await this.ctx.engine().openDataSource(services, spec);
      } catch (e) {
        return this.failed(e, `open ${sourceTitle(spec)}`);
      }
      return this.read();
    });
  }

  /** Turns a page or changes the sort; a failure keeps the last good page on screen. */
  setPage(req: PageRequest): Promise<DataViewerSnapshot> {
    return this.serial(async () => {
      if (!this.dataSource) throw new ShorelineError('data.nothingOpen', 'Nothing is open in this viewer', 'fix the statement, filter or object above and open it again');
      const before = this.request;
      this.request = { page: req.page, pageSize: req.pageSize, sort: req.sort ?? null };
      const snap = await this.read();
      if (snap.status === 'error') this.request = before;
      return snap;
    });
  }

  private async read(): Promise<DataViewerSnapshot> {
    const ds = this.dataSource!;
    const t0 = performance.now();
    try {
      const page = await ds.fetch(this.request);
      const elapsedMs = Math.round(performance.now() - t0);
      this.rows = page.rows;
      this.grid = {
        columns: page.columns, cells: toCells(page.columns, page.rows), page: this.request.page, pageSize: this.request.pageSize,
        hasMore: page.hasMore, sortable: page.sortable, elapsedMs,
        ...(page.total ? { total: page.total } : {}), ...(this.request.sort ? { sort: this.request.sort } : {}),
        ...(page.orderedBy ? { orderedBy: page.orderedBy } : {}), ...(page.note ? { note: page.note } : {}),
      };
      this.status = 'ready';
      this.error = undefined;
      this.ctx.log.info(`data viewer: ${sourceTitle(ds.spec)} page ${this.request.page + 1} (${page.rows.length} row(s)) in ${elapsedMs} ms`);
      return this.push();
    } catch (e) {
      return this.failed(e, `read ${sourceTitle(ds.spec)}`);
    }
  }

  private failed(e: unknown, what: string): DataViewerSnapshot {
    this.status = 'error';
    this.error = describe(e);
    this.ctx.log.warn(`data viewer: could not ${what}: ${this.error.error}`);
    return this.push();
  }

  private row(index: number): Record<string, unknown> {
    const r = this.rows[index];
    if (!r) throw new ShorelineError('data.noRow', `Row ${index + 1} is not on the current page (${this.rows.length} rows)`, 'pick a row of the page shown');
    return r;
  }

  /** Sends the snapshot (held by the host until the page is ready) and returns it. */
  private push(): DataViewerSnapshot {
    const snapshot: DataViewerSnapshot = {
      title: this.source ? sourceTitle(this.source) : 'Data viewer',
      source: this.source ?? { kind: 'sql', database: 'pagila', sql: 'select 1' },
      status: this.status, seq: ++this.seq,
      ...(this.error ?? {}), ...(this.grid ? { grid: this.grid } : {}),
    };
    if (!this.disposed) this.host.notify(DataViewerState, snapshot);
    return snapshot;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closing.dispose();
    this.host.dispose();
    this.onDispose();
  }
}
