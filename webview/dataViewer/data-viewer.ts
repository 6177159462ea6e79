/**
 * <data-viewer>: draws the one page the host sends (DataViewerState) — typed column headers, rows, the total where the
 * source knows it cheaply — and asks for other pages, another sort, or another statement/filter/object (a table's
 * WHERE filter). Reading, paging and sorting run on the host; this page holds one page of cells and the selected row.
 * The grid is virtualised: a page may hold up to 10,000 rows, but only those in the viewport (plus an overscan) are in
 * the DOM, at a fixed row height under a sticky header, with column widths fixed from the whole page; the arrow keys,
 * PageUp/PageDown and Home/End move the selected row and open its detail. A failed request shows its error above the
 * grid and leaves every control usable.
 */
import { LitElement, html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, directive, type AttributePart } from 'lit/directive.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { PAGE_SIZES, parseS3Uri, type DataSourceSpec, type GridPage, type SortSpec } from '../../src/domain/data/dataGrid';
import { columnWidths, isNavKey, nextRow, rowsPerView, rowWindow, scrollToShow } from '../../src/domain/data/gridWindow';
import { CopyRows, DataViewerState, GetRow, SetPage, SetSource, type DataViewerSnapshot } from '../../src/webviews/dataViewer/protocol';
import { HostClient } from '../shared/hostClient';
import { jsonTree, jsonTreeStyles, setJsonTreeOpen } from '../shared/jsonTree';
import { dataViewerStyles } from './data-viewer.styles';

type ValueElement = HTMLElement & { value: string };
interface UiState { pageSize: number }

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const n = (x: number): string => x.toLocaleString('en-US');

/** Row height the CSS sets (tr.row); the first drawn row is measured and wins if the theme's font makes it differ. */
const ROW_HEIGHT = 22;

/**
 * Sets style properties through the CSSOM (allowed by the panel's CSP, unlike a style attribute, which Lit's styleMap
 * writes on its first render).
 */
class CssomStyle extends Directive {
  render(props: Record<string, string>): typeof nothing { void props; return nothing; }
  override update(part: AttributePart, [props]: [Record<string, string>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [k, v] of Object.entries(props)) if (style.getPropertyValue(k) !== v) style.setProperty(k, v);
    return noChange;
  }
}
const cssom = directive(CssomStyle);

export class DataViewer extends LitElement {
  static override styles = [dataViewerStyles, jsonTreeStyles];
  static override properties = {
    snapshot: { state: true }, detail: { state: true }, banner: { state: true }, busy: { state: true },
    selected: { state: true }, gridTop: { state: true }, viewHeight: { state: true }, rowHeight: { state: true },
  };

  snapshot: DataViewerSnapshot | undefined;
  /** The selected row of the page (highlighted; its detail is shown once read). */
  selected: number | undefined;
  detail: { row: number; value: unknown } | undefined;
  /** The grid's scroll position and size, and the measured row height: what decides the rows in the DOM. */
  gridTop = 0;
  viewHeight = 600;
  rowHeight = ROW_HEIGHT;
  private headerHeight = 40;
  /** Column widths of the page shown (computed once per page). */
  private widths: { grid: GridPage; ch: number[] } | undefined;
  /** Set when a new page arrives: the grid scrolls back to its top after drawing it. */
  private scrollReset = false;
  private resizes: ResizeObserver | undefined;
  /** Errors of this page (a bad S3 address) and confirmations (copied). */
  banner: { text: string; error: boolean } | undefined;
  busy = false;
  /** The editable part of the source (SQL text, filter, s3:// address), as typed. */
  private draft = '';
  private draftFor = '';
  private readonly client = new HostClient<UiState>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.client.onNotification(DataViewerState, (snap) => this.show(snap));
    this.client.ready();
  }

  private show(snap: DataViewerSnapshot): void {
    // a request's reply and the notification carry the same snapshot: draw it once
    if (this.snapshot && snap.seq <= this.snapshot.seq) return;
    const key = JSON.stringify(snap.source);
    if (key !== this.draftFor) { this.draftFor = key; this.draft = this.editable(snap.source); }
    if (this.snapshot?.grid !== snap.grid || snap.status !== 'ready') { this.detail = undefined; this.selected = undefined; }
    if (snap.grid && snap.grid !== this.snapshot?.grid) this.scrollReset = true;
    this.snapshot = snap;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizes?.disconnect();
    this.resizes = undefined;
  }

  private get wrap(): HTMLElement | null { return this.renderRoot.querySelector('.table-wrap'); }

  /** After drawing: follow the scroll container's size, measure the real row and header height, apply a scroll reset. */
  protected override updated(): void {
    const wrap = this.wrap;
    if (!wrap) return;
    if (!this.resizes) {
      this.resizes = new ResizeObserver(() => { const w = this.wrap; if (w && w.clientHeight !== this.viewHeight) this.viewHeight = w.clientHeight; });
    }
    if (wrap.dataset.observed !== '1') { wrap.dataset.observed = '1'; this.resizes.observe(wrap); this.viewHeight = wrap.clientHeight || this.viewHeight; }
    const head = wrap.querySelector('thead');
    if (head) this.headerHeight = head.getBoundingClientRect().height || this.headerHeight;
    const row = wrap.querySelector('tr.row');
    const h = row?.getBoundingClientRect().height;
    if (h && Math.abs(h - this.rowHeight) > 0.5) this.rowHeight = h;
    if (this.scrollReset) {
      this.scrollReset = false;
      wrap.scrollTop = 0;
      this.gridTop = 0;
    }
  }

  private onScroll(e: Event): void {
    const wrap = e.currentTarget as HTMLElement;
    this.gridTop = wrap.scrollTop;
    if (wrap.clientHeight && wrap.clientHeight !== this.viewHeight) this.viewHeight = wrap.clientHeight;
  }

  /** Up/Down/PageUp/PageDown/Home/End on the grid: move the selection, keep it in view, open its detail. */
  private onKey(e: KeyboardEvent): void {
    const g = this.snapshot?.grid;
    if (!g || !isNavKey(e.key)) return;
    e.preventDefault();
    const to = nextRow(e.key, this.selected, g.cells.length, rowsPerView(this.viewHeight, this.headerHeight, this.rowHeight));
    if (to !== undefined) void this.select(to);
  }

  private editable(s: DataSourceSpec): string {
    switch (s.kind) {
      case 'sql': return s.sql;
      case 'mongo': return s.filter;
      case 's3': return `s3://${s.bucket}/${s.key}`;
      case 'pgTable': return s.where ?? '';
    }
  }

  private async call(work: () => Promise<DataViewerSnapshot | void>): Promise<void> {
    this.busy = true;
    this.banner = undefined;
    try {
      const snap = await work();
      if (snap) this.show(snap);
    } catch (e) { this.banner = { text: errorText(e), error: true }; } finally { this.busy = false; }
  }

  private page(page: number, sort?: SortSpec | null, pageSize?: number): Promise<void> {
    const g = this.snapshot?.grid;
    const size = pageSize ?? g?.pageSize ?? this.client.getState().pageSize ?? 100;
    return this.call(() => this.client.request(SetPage, { page, pageSize: size, sort: sort === undefined ? g?.sort ?? null : sort }));
  }

  /** Runs the edited statement / filter / object in this panel. */
  private submit(): Promise<void> {
    return this.call(async () => {
      const s = this.snapshot!.source;
      let next: DataSourceSpec;
      if (s.kind === 'sql') next = { ...s, sql: this.draft };
      else if (s.kind === 'mongo') next = { ...s, filter: this.draft };
      else if (s.kind === 's3') next = { kind: 's3', ...parseS3Uri(this.draft) };
      else {
        // an empty WHERE clears the filter
        const table: DataSourceSpec = { ...s };
        delete table.where;
        next = this.draft.trim() ? { ...table, where: this.draft } : table;
      }
      this.draftFor = JSON.stringify(next);
      return this.client.request(SetSource, next);
    });
  }

  private toggleSort(column: string): Promise<void> {
    const cur = this.snapshot?.grid?.sort;
    const sort: SortSpec | null = cur?.column !== column ? { column, descending: false } : cur.descending ? null : { column, descending: true };
    return this.page(0, sort);
  }

  /** Selects a row, scrolls it into view and reads its detail (a later selection wins over a slower earlier read). */
  private async select(row: number): Promise<void> {
    this.selected = row;
    const wrap = this.wrap;
    if (wrap) {
      const top = scrollToShow(row, { rowHeight: this.rowHeight, headerHeight: this.headerHeight, viewHeight: wrap.clientHeight || this.viewHeight, scrollTop: wrap.scrollTop });
      if (top !== wrap.scrollTop) { wrap.scrollTop = top; this.gridTop = top; }
      if (this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== wrap) wrap.focus({ preventScroll: true });
    }
    const grid = this.snapshot?.grid;
    try {
      const value = await this.client.request(GetRow, { row });
      if (this.selected === row && this.snapshot?.grid === grid) this.detail = { row, value };
    } catch (e) { this.banner = { text: errorText(e), error: true }; }
  }

  private copy(row?: number): Promise<void> {
    return this.call(async () => {
      const r = await this.client.request(CopyRows, row === undefined ? {} : { row });
      this.banner = { text: `Copied ${r.copied} row(s) as JSON`, error: false };
    });
  }

  override render(): TemplateResult {
    const snap = this.snapshot;
    if (!snap) return html`<p class="muted">Loading…</p>`;
    const g = snap.grid;
    return html`
      <header>
        <h1 id="title">${snap.title}</h1><span class="muted" id="source">${this.sourceText(snap.source)}</span>
        <span id="status" class="status ${snap.status === 'error' ? 'error' : ''}">${snap.status === 'loading' || this.busy ? 'reading…' : snap.status === 'error' ? 'failed' : g ? `page read in ${g.elapsedMs} ms` : ''}</span>
      </header>
      ${this.sourceBar(snap.source)}
      ${snap.status === 'error' && snap.error ? html`<div id="error" class="banner error">${snap.error}${snap.errorDetail ? html`<pre id="error-detail">${snap.errorDetail}</pre>` : nothing}</div>` : nothing}
      ${this.banner ? html`<div id="banner" class="banner ${this.banner.error ? 'error' : ''}">${this.banner.text}</div>` : nothing}
      ${g ? this.gridView(g) : nothing}
    `;
  }

  private sourceText(s: DataSourceSpec): string {
    switch (s.kind) {
      case 'pgTable': return `PostgreSQL · ${s.database}`;
      case 'sql': return `PostgreSQL · ${s.database}`;
      case 'mongo': return `MongoDB · ${s.database}.${s.collection}`;
      case 's3': return `S3 · s3://${s.bucket}/${s.key}`;
    }
  }

  private sourceBar(s: DataSourceSpec): TemplateResult {
    const input = (e: Event) => { this.draft = (e.target as ValueElement).value; };
    const enter = (e: KeyboardEvent) => { if (e.key === 'Enter' && (s.kind !== 'sql' || e.ctrlKey || e.metaKey)) { e.preventDefault(); void this.submit(); } };
    switch (s.kind) {
      case 'sql': return html`<div id="source-bar">
        <vscode-textarea id="sql" rows="4" .value=${this.draft} @input=${input} @keydown=${enter} placeholder="select * from address"></vscode-textarea>
        <div class="bar"><vscode-button id="run" ?disabled=${this.busy} @click=${() => this.submit()}>Run (Ctrl+Enter)</vscode-button></div></div>`;
      case 'mongo': return html`<div class="bar" id="source-bar">
        <vscode-textfield id="filter" class="wide" .value=${this.draft} @input=${input} @keydown=${enter} placeholder='Filter (JSON), e.g. {"name.lastName": "Doe"}'></vscode-textfield>
        <vscode-button id="apply" ?disabled=${this.busy} @click=${() => this.submit()}>Apply filter</vscode-button></div>`;
      case 's3': return html`<div class="bar" id="source-bar">
        <vscode-textfield id="object" class="wide" .value=${this.draft} @input=${input} @keydown=${enter} placeholder="s3://bucket/key"></vscode-textfield>
        <vscode-button id="open" ?disabled=${this.busy} @click=${() => this.submit()}>Open</vscode-button></div>`;
      case 'pgTable': return html`<div class="bar" id="source-bar">
        <span class="keyword">WHERE</span>
        <vscode-textfield id="where" class="wide" .value=${this.draft} @input=${input} @keydown=${enter} placeholder="SQL condition, e.g. district = 'Alberta' (Enter applies, empty shows all rows)"></vscode-textfield>
        <vscode-button id="apply-where" ?disabled=${this.busy} @click=${() => this.submit()}>Apply</vscode-button>
        <vscode-button id="reload" secondary ?disabled=${this.busy} @click=${() => this.submit()}>Reload</vscode-button></div>`;
    }
  }

  private gridView(g: GridPage): TemplateResult {
    const first = g.page * g.pageSize;
    const shown = g.cells.length;
    const pages = g.total ? Math.max(1, Math.ceil(g.total.count / g.pageSize)) : undefined;
    const total = g.total ? html`<span id="total" title=${g.total.how}>${g.total.exact ? '' : '~'}${n(g.total.count)} ${g.total.count === 1 ? 'row' : 'rows'}${g.total.exact ? '' : ' (estimate)'}</span>` : html`<span id="total" class="muted">total not counted</span>`;
    return html`
      <div class="bar">
        <vscode-button id="first" secondary ?disabled=${g.page === 0 || this.busy} @click=${() => this.page(0)}>First</vscode-button>
        <vscode-button id="prev" secondary ?disabled=${g.page === 0 || this.busy} @click=${() => this.page(g.page - 1)}>Previous</vscode-button>
        <span id="page">Page ${n(g.page + 1)}${pages ? ` of ${n(pages)}` : ''}</span>
        <vscode-button id="next" secondary ?disabled=${!g.hasMore || this.busy} @click=${() => this.page(g.page + 1)}>Next</vscode-button>
        <vscode-single-select id="page-size" .value=${String(g.pageSize)} @change=${(e: Event) => { const size = Number((e.target as ValueElement).value); this.client.setState({ pageSize: size }); void this.page(0, undefined, size); }}>
          ${PAGE_SIZES.map((s) => html`<vscode-option value=${String(s)}>${s} per page</vscode-option>`)}
        </vscode-single-select>
        <span id="range">${shown ? `Rows ${n(first + 1)}–${n(first + shown)}` : 'No rows'}</span> ${total}
        <vscode-button id="copy-page" secondary ?disabled=${!shown} @click=${() => this.copy()}>Copy page as JSON</vscode-button>
      </div>
      <div class="muted" id="info">${[g.orderedBy ? `ordered by ${g.orderedBy}` : '', g.sortable ? 'click a column to sort' : 'file order (not sortable)', g.note ?? ''].filter(Boolean).join(' · ')}</div>
      <div class="main">
        <div class="table-wrap" tabindex="0" aria-label="Rows of the page: arrow keys, Page Up/Down, Home and End select a row"
          @scroll=${this.onScroll} @keydown=${this.onKey}>${this.table(g, first)}</div>
        ${this.detail ? html`<section class="detail" id="detail">
          <h2>Row ${n(first + this.detail.row + 1)}</h2>
          <div class="bar"><vscode-button id="copy-row" secondary @click=${() => this.copy(this.detail!.row)}>Copy as JSON</vscode-button>
            <vscode-button id="expand-all" secondary @click=${() => setJsonTreeOpen(this.renderRoot, true)}>Expand all</vscode-button>
            <vscode-button id="collapse-all" secondary @click=${() => setJsonTreeOpen(this.renderRoot, false)}>Collapse all</vscode-button></div>
          ${jsonTree(this.detail.value, { id: 'detail-json' })}</section>` : nothing}
      </div>`;
  }

  private table(g: GridPage, first: number): TemplateResult {
    if (!g.columns.length) return html`<p class="muted" id="no-rows">The statement returned no columns.</p>`;
    const arrow = (c: string) => (g.sort?.column === c ? (g.sort.descending ? ' ▼' : ' ▲') : '');
    if (this.widths?.grid !== g) this.widths = { grid: g, ch: columnWidths(g.columns, g.cells) };
    const ch = this.widths.ch;
    const numCh = String(first + g.cells.length).length + 1;
    const cols = g.columns.length + 1;
    // table-layout: fixed with widths from the whole page: the columns keep their width while rows come and go
    const width = `calc(${numCh + ch.reduce((a, b) => a + b, 0)}ch + ${cols * 13}px)`;
    const w = rowWindow({ rows: g.cells.length, rowHeight: this.rowHeight, scrollTop: this.gridTop, viewHeight: this.viewHeight });
    const rows = g.cells.slice(w.start, w.end);
    return html`<table id="grid" style=${cssom({ width })} aria-rowcount=${g.cells.length + 1}>
      <colgroup><col style=${cssom({ width: `calc(${numCh}ch + 13px)` })}>${ch.map((c) => html`<col style=${cssom({ width: `calc(${c}ch + 13px)` })}>`)}</colgroup>
      <thead><tr><th class="num">#</th>${g.columns.map((c) => html`<th class=${g.sortable ? 'sortable' : ''} data-col=${c.name} title=${`${c.name}: ${c.type}${c.primaryKey ? ' (key)' : ''}`}
        @click=${() => { if (g.sortable && !this.busy) void this.toggleSort(c.name); }}><span class="name ${c.primaryKey ? 'key' : ''}">${c.name}${arrow(c.name)}</span><span class="type">${c.type}</span></th>`)}</tr></thead>
      <tbody>${w.padTop ? html`<tr class="pad" aria-hidden="true"><td colspan=${cols} style=${cssom({ height: `${w.padTop}px` })}></td></tr>` : nothing}${rows.map((cells, k) => {
        const i = w.start + k;
        return html`<tr class="row ${this.selected === i ? 'selected' : ''}" aria-rowindex=${i + 2} data-row=${i} @click=${() => this.select(i)}><td class="num">${first + i + 1}</td>${cells.map((c) => html`<td title=${c}>${c}</td>`)}</tr>`;
      })}${w.padBottom ? html`<tr class="pad" aria-hidden="true"><td colspan=${cols} style=${cssom({ height: `${w.padBottom}px` })}></td></tr>` : nothing}</tbody></table>
      ${g.cells.length ? nothing : html`<p class="muted" id="no-rows">No rows on this page.</p>`}`;
  }
}

customElements.define('data-viewer', DataViewer);

declare global {
  interface HTMLElementTagNameMap { 'data-viewer': DataViewer }
}
