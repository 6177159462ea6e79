/**
 * <connector-form>: draws the snapshot the host sends (ConnectorFormState) and turns edits into SetField requests.
 * The page keeps no config data of its own: the file is the truth, every change comes back as a new snapshot.
 * Only UI state (collapsed groups, filter) is kept across reloads of a hidden panel.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FormField, FormGroup, FormIssue, FormSmtStep } from '../../src/domain/connect/connectorFormModel';
import { ApplyConnector, ConnectorFormState, RevealKey, Revalidate, SetField, type ConnectorFormSnapshot } from '../../src/webviews/connectorForm/protocol';
import { HostClient } from '../shared/hostClient';
import { connectorFormStyles } from './connector-form.styles';

interface UiState { collapsed: string[]; filter: string; onlySet: boolean }
type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const fieldId = (key: string): string => `f-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export class ConnectorForm extends LitElement {
  static override styles = connectorFormStyles;
  static override properties = {
    snapshot: { state: true }, filter: { state: true }, onlySet: { state: true }, banner: { state: true },
  };

  snapshot: ConnectorFormSnapshot | undefined;
  filter = '';
  onlySet = false;
  banner: { text: string; error: boolean } | undefined;
  private readonly client = new HostClient<UiState>();
  private collapsed = new Set<string>();
  /** Text typed into a field and not committed yet (kept across snapshots so typing is never overwritten). */
  private readonly drafts = new Map<string, string>();
  private readonly saving = new Set<string>();
  private readonly failed = new Map<string, string>();

  override connectedCallback(): void {
    super.connectedCallback();
    const s = this.client.getState();
    this.collapsed = new Set(s.collapsed ?? []);
    this.filter = s.filter ?? '';
    this.onlySet = s.onlySet ?? false;
    this.client.onNotification(ConnectorFormState, (snap) => {
      for (const f of snap.model.groups.flatMap((g) => g.fields)) if (this.drafts.get(f.key) === (f.value ?? '')) this.drafts.delete(f.key);
      this.snapshot = snap;
    });
    this.client.ready();
  }

  private saveUiState(): void {
    this.client.setState({ collapsed: [...this.collapsed], filter: this.filter, onlySet: this.onlySet });
  }

  private async commit(field: FormField, raw: string | null): Promise<void> {
    const value = raw === '' ? null : raw;
    if ((field.value ?? null) === value) { this.drafts.delete(field.key); return; }
    this.saving.add(field.key);
    this.failed.delete(field.key);
    this.requestUpdate();
    try {
      await this.client.request(SetField, { key: field.key, value });
      this.drafts.delete(field.key);
      // shown until the host's next snapshot confirms it
      if (value === null) delete field.value; else field.value = value;
    } catch (e) {
      this.failed.set(field.key, errorText(e));
    } finally {
      this.saving.delete(field.key);
      this.requestUpdate();
    }
  }

  private async run(what: 'apply' | 'revalidate'): Promise<void> {
    this.banner = undefined;
    try {
      if (what === 'apply') this.banner = { text: `Applied: ${(await this.client.request(ApplyConnector, {})).message}`, error: false };
      else await this.client.request(Revalidate, {});
    } catch (e) {
      this.banner = { text: errorText(e), error: true };
    }
  }

  override render(): TemplateResult {
    const snap = this.snapshot;
    if (!snap) return html`<p class="empty">Loading the connector form…</p>`;
    const m = snap.model;
    const offline = m.definitions === 'offline';
    return html`
      <header>
        <div><h1>${m.name}</h1><span class="cls">${m.connectorClass || 'no connector.class'}</span></div>
        <div class="actions">
          <vscode-button id="apply" ?disabled=${!snap.canApply} title=${snap.canApply ? 'Validate and apply the file to the stack\'s worker' : 'Fix the errors first (or trust the workspace)'} @click=${() => this.run('apply')}>Apply</vscode-button>
          <vscode-button id="revalidate" secondary @click=${() => this.run('revalidate')}>Validate with worker</vscode-button>
        </div>
      </header>
      <div class="status">
        <span class="summary ${m.counts.errors ? 'has-errors' : 'ok'}" id="summary">${m.counts.errors} error${m.counts.errors === 1 ? '' : 's'}, ${m.counts.warnings} warning${m.counts.warnings === 1 ? '' : 's'}</span>
        <span class="source ${offline ? 'offline' : ''}" id="source">${offline ? `Definitions are offline (${m.offlineReason ?? 'no worker'}): keys and docs from Shoreline's catalog` : `Definitions from the worker at ${snap.workerUrl}`}</span>
        ${snap.validating ? html`<span class="saving">validating…</span>` : nothing}
      </div>
      ${this.banner ? html`<div class="banner ${this.banner.error ? 'error' : ''}">${this.banner.text}</div>` : nothing}
      ${m.fileIssues.length ? html`<section id="file-issues"><h2>File</h2>${m.fileIssues.map((i) => this.issue(i, i.field))}</section>` : nothing}
      ${m.smt.length ? this.pipeline(m.smt) : nothing}
      <div class="toolbar">
        <vscode-textfield placeholder="Filter keys" .value=${this.filter} @input=${(e: Event) => { this.filter = (e.target as ValueElement).value; this.saveUiState(); }}></vscode-textfield>
        <vscode-checkbox label="Only keys set in the file" .checked=${this.onlySet} @change=${(e: Event) => { this.onlySet = (e.target as CheckElement).checked; this.saveUiState(); }}></vscode-checkbox>
      </div>
      ${repeat(m.groups, (g) => g.name, (g) => this.group(g))}
    `;
  }

  private group(g: FormGroup): TemplateResult | typeof nothing {
    const f = this.filter.trim().toLowerCase();
    const fields = g.fields.filter((x) => (!f || x.key.toLowerCase().includes(f) || x.label.toLowerCase().includes(f))
      && (!this.onlySet || x.value !== undefined || x.issues.length > 0));
    if (!fields.length) return nothing;
    const errors = fields.reduce((n, x) => n + x.issues.filter((i) => i.severity === 'error').length, 0);
    return html`<vscode-collapsible class="group" data-group=${g.name} heading=${g.name} description=${`${fields.length} key${fields.length === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`}
        ?open=${!this.collapsed.has(g.name)}
        @vsc-collapsible-toggle=${(e: CustomEvent<{ open: boolean }>) => { if (e.detail.open) this.collapsed.delete(g.name); else this.collapsed.add(g.name); this.saveUiState(); }}>
      <div class="fields">${repeat(fields, (x) => x.key, (x) => this.field(x))}</div>
    </vscode-collapsible>`;
  }

  private field(f: FormField): TemplateResult {
    const id = fieldId(f.key);
    const invalid = f.issues.some((i) => i.severity === 'error') || this.failed.has(f.key);
    return html`<div class="field ${invalid ? 'invalid' : ''}" data-key=${f.key}>
      <div class="label-row">
        <vscode-label for=${id} ?required=${f.required}>${f.label}</vscode-label>
        <button class="link key" title="Show in the editor" @click=${() => { void this.client.request(RevealKey, { key: f.key }).catch(() => undefined); }}>${f.key}</button>
        ${f.value !== undefined ? html`<button class="link reset" title="Remove the key from the file (the default applies)" @click=${() => this.commit(f, null)}>remove</button>` : nothing}
        ${this.saving.has(f.key) ? html`<span class="saving">saving…</span>` : nothing}
      </div>
      ${this.control(f, id, invalid)}
      ${f.help ? html`<p class="help">${f.help}</p>` : nothing}
      ${this.failed.has(f.key) ? html`<div class="issue error">${this.failed.get(f.key)}</div>` : nothing}
      ${f.issues.map((i) => this.issue(i))}
    </div>`;
  }

  private control(f: FormField, id: string, invalid: boolean): TemplateResult {
    const shown = this.drafts.get(f.key) ?? f.value ?? '';
    if (f.control === 'checkbox') {
      const checked = (f.value ?? f.defaultValue ?? 'false').toLowerCase() === 'true';
      return html`<vscode-checkbox id=${id} .checked=${checked} label=${f.value === undefined ? `not set (default: ${f.defaultValue ?? 'none'})` : f.value}
        @change=${(e: Event) => this.commit(f, (e.target as CheckElement).checked ? 'true' : 'false')}></vscode-checkbox>`;
    }
    if (f.control === 'select') {
      const options = f.value !== undefined && !f.options.includes(f.value) ? [f.value, ...f.options] : f.options;
      return html`<vscode-single-select id=${id} ?invalid=${invalid} .value=${f.value ?? ''} @change=${(e: Event) => this.commit(f, (e.target as ValueElement).value)}>
        <vscode-option value="" ?selected=${f.value === undefined}>${f.defaultValue !== undefined && f.defaultValue !== '' ? `(default: ${f.defaultValue})` : '(not set)'}</vscode-option>
        ${options.map((o) => html`<vscode-option value=${o} ?selected=${o === f.value}>${o}</vscode-option>`)}
      </vscode-single-select>`;
    }
    return html`<vscode-textfield id=${id} type=${f.control === 'password' ? 'password' : 'text'} ?invalid=${invalid} .value=${shown}
      placeholder=${f.defaultValue ? `default: ${f.defaultValue}` : f.required ? 'required' : ''}
      @input=${(e: Event) => this.drafts.set(f.key, (e.target as ValueElement).value)}
      @change=${(e: Event) => this.commit(f, (e.target as ValueElement).value)}></vscode-textfield>`;
  }

  private issue(i: FormIssue, field?: string): TemplateResult {
    return html`<div class="issue ${i.severity}">${field ? html`<code>${field}</code>: ` : nothing}${i.message} <span class="origin">(${i.source === 'worker' ? 'worker' : 'Shoreline'})</span></div>`;
  }

  private pipeline(steps: FormSmtStep[]): TemplateResult {
    return html`<section id="smt"><h2>Transforms, in the order Connect applies them</h2>
      <ol class="pipeline">${steps.map((s, n) => html`<li class="step" data-alias=${s.alias}>
        <div class="step-head"><span class="step-n">${n + 1}</span><strong>${s.alias}</strong><code>${s.type || '(no transforms.' + s.alias + '.type)'}</code></div>
        ${s.settings.length ? html`<dl>${s.settings.map((kv) => html`<dt>${kv.key}</dt><dd>${kv.value}</dd>`)}</dl>` : nothing}
        ${s.issues.map((i) => this.issue(i))}
      </li>`)}</ol>
    </section>`;
  }
}

customElements.define('connector-form', ConnectorForm);

declare global {
  interface HTMLElementTagNameMap { 'connector-form': ConnectorForm }
}
