/**
 * <message-viewer>: draws the one page of messages the host sends (MessageViewerState) and asks for others. Filtering
 * and paging run on the host over its ring buffer; this page holds one page of rows and the selected message only.
 * Only UI state (the filter fields) is kept across reloads of a hidden panel.
 */
import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { DecodedMessage } from '../../src/domain/kafka/messageDecoding';
import type { MessageRow, RateTimeline, ViewerQuery } from '../../src/domain/kafka/messagePage';
import {
  CopyMessage, ExportResult, GetDetail, MessageViewerState, ProduceAgain, Restart, SetPaused, SetQuery, StopRead, type MessageViewerSnapshot,
} from '../../src/webviews/messageViewer/protocol';
import { HostClient } from '../shared/hostClient';
import { messageViewerStyles } from './message-viewer.styles';

interface FilterFields { text: string; partitions: string; offsetFrom: string; offsetTo: string; timeFrom: string; timeTo: string }
interface UiState { fields: FilterFields; newestFirst: boolean }
type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const EMPTY: FilterFields = { text: '', partitions: '', offsetFrom: '', offsetTo: '', timeFrom: '', timeTo: '' };
const rowId = (r: { partition: number; offset: number }): string => `${r.partition}:${r.offset}`;

/** "0, 2" → [0, 2]; throws naming the bad part. */
function partitionList(s: string): number[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
    if (!/^\d+$/.test(x)) throw new Error(`"${x}" is not a partition number`);
    return Number(x);
  });
}
function offsetOrUndefined(s: string, what: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  if (!/^\d+$/.test(t)) throw new Error(`${what} "${t}" is not a whole number`);
  return Number(t);
}
function timeOrUndefined(s: string, what: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const ms = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${what} "${t}" is not an ISO time or epoch milliseconds`);
  return ms;
}

export class MessageViewer extends LitElement {
  static override styles = messageViewerStyles;
  static override properties = {
    snapshot: { state: true }, detail: { state: true }, banner: { state: true }, fields: { state: true },
  };

  snapshot: MessageViewerSnapshot | undefined;
  detail: DecodedMessage | undefined;
  banner: { text: string; error: boolean } | undefined;
  fields: FilterFields = { ...EMPTY };
  private newestFirst = false;
  private startKind = 'beginning';
  private startValue = '';
  private readPartitions = '';
  private tail = false;
  private readonly client = new HostClient<UiState>();
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.client.getState();
    this.fields = { ...EMPTY, ...(s.fields ?? {}) };
    this.newestFirst = s.newestFirst ?? false;
    this.client.onNotification(MessageViewerState, (snap) => {
      if (!this.snapshot) this.syncReadFields(snap);
      this.snapshot = snap;
      if (this.detail && !snap.page.rows.some((r) => rowId(r) === rowId(this.detail!))) this.detail = undefined;
    });
    this.client.ready();
  }

  private syncReadFields(snap: MessageViewerSnapshot): void {
    const f = snap.read.from;
    const m = /^(last|offset|timestamp):(.*)$/.exec(f);
    this.startKind = m ? m[1]! : f === 'latest' ? 'latest' : 'beginning';
    this.startValue = m ? m[2]! : '';
    this.readPartitions = snap.read.partitions.join(', ');
    this.tail = snap.read.tail;
  }

  private query(page: number): ViewerQuery {
    const f = this.fields;
    const partitions = partitionList(f.partitions);
    const filter: ViewerQuery['filter'] = {};
    if (f.text) filter.text = f.text;
    if (partitions.length) filter.partitions = partitions;
    const oFrom = offsetOrUndefined(f.offsetFrom, 'Offset from'); if (oFrom !== undefined) filter.offsetFrom = oFrom;
    const oTo = offsetOrUndefined(f.offsetTo, 'Offset to'); if (oTo !== undefined) filter.offsetTo = oTo;
    const tFrom = timeOrUndefined(f.timeFrom, 'Time from'); if (tFrom !== undefined) filter.timeFrom = tFrom;
    const tTo = timeOrUndefined(f.timeTo, 'Time to'); if (tTo !== undefined) filter.timeTo = tTo;
    return { page, pageSize: this.snapshot?.query.pageSize ?? 100, filter, newestFirst: this.newestFirst };
  }

  private async ask(page: number): Promise<void> {
    try {
      const q = this.query(page);
      this.banner = undefined;
      this.snapshot = await this.client.request(SetQuery, q);
    } catch (e) { this.banner = { text: errorText(e), error: true }; }
  }

  private setField(name: keyof FilterFields, value: string): void {
    this.fields = { ...this.fields, [name]: value };
    this.client.setState({ fields: this.fields, newestFirst: this.newestFirst });
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => { void this.ask(0); }, 250);
  }

  private async run<R>(what: () => Promise<R>, done?: (r: R) => string | undefined): Promise<void> {
    this.banner = undefined;
    try {
      const r = await what();
      const text = done?.(r);
      if (text) this.banner = { text, error: false };
    } catch (e) { this.banner = { text: errorText(e), error: true }; }
  }

  private restart(): Promise<void> {
    return this.run(async () => {
      const from = this.startKind === 'beginning' || this.startKind === 'latest' ? this.startKind : `${this.startKind}:${this.startValue.trim()}`;
      this.detail = undefined;
      this.snapshot = await this.client.request(Restart, { from, partitions: partitionList(this.readPartitions), tail: this.tail });
    });
  }

  private async select(r: MessageRow): Promise<void> {
    await this.run(async () => { this.detail = await this.client.request(GetDetail, { partition: r.partition, offset: r.offset }); });
  }

  override render(): TemplateResult {
    const snap = this.snapshot;
    if (!snap) return html`<p class="muted">Loading messages…</p>`;
    const p = snap.page;
    const busy = snap.status === 'reading' || snap.status === 'tailing' || snap.status === 'paused' || snap.status === 'disconnected';
    return html`
      <header>
        <h1>${snap.topic}</h1><span class="muted">${snap.cluster}</span>
        <span id="status" class="status ${snap.status === 'error' || snap.status === 'disconnected' ? 'error' : ''}" data-status=${snap.status}>${this.statusText(snap)}</span>
      </header>
      ${this.readBar(snap, busy)}
      ${this.filterBar()}
      ${this.banner ? html`<div id="banner" class="banner ${this.banner.error ? 'error' : ''}">${this.banner.text}</div>` : nothing}
      <div class="counts">
        <span id="counts">${p.filteredTotal.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} message(s) match${p.dropped ? html` <span class="muted">(${p.dropped.toLocaleString('en-US')} older ones dropped: the buffer keeps ${snap.capacity.toLocaleString('en-US')})</span>` : nothing}</span>
        <span class="muted" id="partition-counts">${p.partitions.map((c) => `p${c.partition}: ${c.matched}/${c.stored}`).join(' · ')}</span>
      </div>
      ${this.timeline(p.timeline)}
      <div class="bar">
        <vscode-button secondary ?disabled=${p.page === 0} @click=${() => this.ask(p.page - 1)}>Previous</vscode-button>
        <span id="page">Page ${p.page + 1} of ${p.pages}</span>
        <vscode-button secondary ?disabled=${p.page + 1 >= p.pages} @click=${() => this.ask(p.page + 1)}>Next</vscode-button>
        <vscode-checkbox label="Newest first" .checked=${this.newestFirst} @change=${(e: Event) => { this.newestFirst = (e.target as CheckElement).checked; this.client.setState({ fields: this.fields, newestFirst: this.newestFirst }); void this.ask(0); }}></vscode-checkbox>
        <vscode-button id="export-jsonl" secondary @click=${() => this.run(() => this.client.request(ExportResult, { format: 'jsonl' }), (r) => (r ? `Exported ${r.count} message(s) to ${r.path}` : undefined))}>Export as JSON Lines</vscode-button>
        <vscode-button id="export-csv" secondary @click=${() => this.run(() => this.client.request(ExportResult, { format: 'csv' }), (r) => (r ? `Exported ${r.count} message(s) to ${r.path}` : undefined))}>Export as CSV</vscode-button>
      </div>
      <div class="main">
        <div class="table-wrap">${this.table(p.rows)}</div>
        ${this.detail ? this.detailPane(this.detail) : nothing}
      </div>
    `;
  }

  private statusText(snap: MessageViewerSnapshot): string {
    switch (snap.status) {
      case 'reading': return 'reading…';
      case 'tailing': return 'live: new messages appear as they arrive';
      case 'paused': return `paused${snap.held ? ` (${snap.held} new message(s) held)` : ''}`;
      case 'done': return 'read to the end offsets seen at the start';
      case 'stopped': return snap.note ? `stopped: ${snap.note}` : 'stopped';
      case 'error': return `failed: ${snap.error ?? 'unknown error'}`;
      case 'disconnected': return `disconnected: ${snap.connection ?? 'the broker is not reachable'}; retrying, and resuming at the next offsets once it is back`;
    }
  }

  private readBar(snap: MessageViewerSnapshot, busy: boolean): TemplateResult {
    const needsValue = this.startKind === 'last' || this.startKind === 'offset' || this.startKind === 'timestamp';
    return html`<div class="bar" id="read-bar">
      <vscode-single-select id="start" .value=${this.startKind} @change=${(e: Event) => { this.startKind = (e.target as ValueElement).value; this.requestUpdate(); }}>
        <vscode-option value="beginning">From the beginning</vscode-option>
        <vscode-option value="last">The last N of each partition</vscode-option>
        <vscode-option value="offset">From an offset</vscode-option>
        <vscode-option value="timestamp">From a time</vscode-option>
        <vscode-option value="latest">New messages only</vscode-option>
      </vscode-single-select>
      ${needsValue ? html`<vscode-textfield placeholder=${this.startKind === 'timestamp' ? 'ISO time or epoch ms' : 'N'} .value=${this.startValue} @input=${(e: Event) => { this.startValue = (e.target as ValueElement).value; }}></vscode-textfield>` : nothing}
      <vscode-textfield placeholder=${`Partitions (all: ${snap.allPartitions.join(', ')})`} .value=${this.readPartitions} @input=${(e: Event) => { this.readPartitions = (e.target as ValueElement).value; }}></vscode-textfield>
      <vscode-checkbox label="Live tail" .checked=${this.tail} @change=${(e: Event) => { this.tail = (e.target as CheckElement).checked; }}></vscode-checkbox>
      <vscode-button id="read" @click=${() => this.restart()}>Read</vscode-button>
      ${snap.status === 'tailing' || snap.status === 'paused'
        ? html`<vscode-button id="pause" secondary @click=${() => this.run(async () => { this.snapshot = await this.client.request(SetPaused, { paused: snap.status !== 'paused' }); })}>${snap.status === 'paused' ? 'Resume' : 'Pause'}</vscode-button>`
        : nothing}
      ${busy ? html`<vscode-button id="stop" secondary @click=${() => this.run(async () => { this.snapshot = await this.client.request(StopRead, {}); })}>Stop</vscode-button>` : nothing}
    </div>`;
  }

  private filterBar(): TemplateResult {
    const field = (name: keyof FilterFields, placeholder: string, cls = '') => html`<vscode-textfield class=${cls} id=${`filter-${name}`} placeholder=${placeholder} .value=${this.fields[name]}
      @input=${(e: Event) => this.setField(name, (e.target as ValueElement).value)}></vscode-textfield>`;
    return html`<div class="bar" id="filter-bar">
      ${field('text', 'Search key, value and headers', 'wide')}
      ${field('partitions', 'Partitions, e.g. 0, 2')}
      ${field('offsetFrom', 'Offset from')}${field('offsetTo', 'Offset to')}
      ${field('timeFrom', 'Time from (ISO)')}${field('timeTo', 'Time to (ISO)')}
    </div>`;
  }

  /** SVG bars (attributes, not inline styles: the CSP allows no inline style). */
  private timeline(t: RateTimeline): TemplateResult | typeof nothing {
    if (!t.counts.length) return nothing;
    const max = Math.max(...t.counts);
    const w = 100 / t.counts.length;
    const span = `${new Date(t.from).toISOString()} – ${new Date(t.from + t.counts.length * t.bucketMs).toISOString()}, ${t.bucketMs / 1000} s per bar, busiest ${max}`;
    return html`<svg class="timeline" id="timeline" viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label=${`Messages over time: ${span}`}>
      <title>${span}</title>
      ${t.counts.map((c, i) => svg`<rect x=${i * w} width=${Math.max(w * 0.85, 0.1)} y=${40 - (c / max) * 40} height=${(c / max) * 40}></rect>`)}
    </svg>`;
  }

  private table(rows: MessageRow[]): TemplateResult {
    if (!rows.length) return html`<p class="muted" id="no-rows">No message matches.</p>`;
    const selected = this.detail ? rowId(this.detail) : '';
    return html`<table id="rows"><thead><tr><th>Partition</th><th>Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
      <tbody>${repeat(rows, rowId, (r) => html`<tr class="row ${r.kind} ${rowId(r) === selected ? 'selected' : ''}" data-id=${rowId(r)} @click=${() => this.select(r)}>
        <td>${r.partition}</td><td>${r.offset}</td><td>${new Date(r.timestamp).toISOString()}</td>
        <td title=${r.key ?? '(no key)'}>${r.key ?? html`<span class="muted">(no key)</span>`}</td>
        <td class="value" title=${r.preview}>${r.op ? html`<span class="op op-${r.op}" title=${r.operation ?? ''}>${r.op}</span>` : r.kind === 'tombstone' ? html`<span class="op op-tomb">⌫</span>` : nothing}${r.preview}</td>
        <td>${r.headers || ''}</td>
      </tr>`)}</tbody></table>`;
  }

  private detailPane(d: DecodedMessage): TemplateResult {
    const ref = { partition: d.partition, offset: d.offset };
    return html`<section class="detail" id="detail">
      <h2>Partition ${d.partition}, offset ${d.offset}</h2>
      <div class="muted">${new Date(d.timestamp).toISOString()} · ${d.kind === 'tombstone' ? 'tombstone (null value)' : d.change ? `Debezium ${d.change.operation}${d.change.table ? ` on ${d.change.table}` : ''}` : `${d.value.kind}, ${d.value.size} B`}</div>
      <div class="bar">
        <vscode-button id="copy" secondary @click=${() => this.run(() => this.client.request(CopyMessage, ref), () => 'Copied the message as JSON')}>Copy as JSON</vscode-button>
        <vscode-button id="produce-again" secondary @click=${() => this.run(() => this.client.request(ProduceAgain, ref), (r) => `Produced again: ${r.sent} sent`)}>Produce again</vscode-button>
      </div>
      ${d.change ? html`<h3>Change</h3><p>${d.change.summary}</p>
        <div class="pair"><div><h3>Before</h3><pre>${d.change.before ? JSON.stringify(d.change.before, null, 2) : '(none)'}</pre></div>
        <div><h3>After</h3><pre>${d.change.after ? JSON.stringify(d.change.after, null, 2) : '(none)'}</pre></div></div>` : nothing}
      <h3>Key (${payloadLabel(d.key)})</h3>${d.key.error ? html`<p class="error">${d.key.error}</p>` : nothing}<pre>${d.key.text}</pre>
      <h3>Value (${payloadLabel(d.value)})</h3>${d.value.error ? html`<p class="error" id="detail-value-error">${d.value.error}</p>` : nothing}<pre id="detail-value">${d.value.text}</pre>
      <h3>Headers (${d.headers.length})</h3>
      ${d.headers.length ? html`<table>${d.headers.map((h) => html`<tr><td>${h.key}</td><td>${h.value}</td></tr>`)}</table>` : html`<p class="muted">none</p>`}
    </section>`;
  }
}

/** "json, Avro schema id 7 (orders-value)", "bytes, schema id 9" or just the kind. */
function payloadLabel(p: DecodedMessage['value']): string {
  if (p.schemaId === undefined) return p.kind;
  return `${p.kind}, ${p.error ? '' : 'Avro '}schema id ${p.schemaId}${p.subject ? ` (${p.subject})` : ''}`;
}

customElements.define('message-viewer', MessageViewer);

declare global {
  interface HTMLElementTagNameMap { 'message-viewer': MessageViewer }
}
