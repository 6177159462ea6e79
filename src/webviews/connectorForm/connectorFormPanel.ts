/**
 * The connector form: a webview beside a connector file's editor, generated from the plugin's config definitions
 * (the worker's validate endpoint; the offline catalog when no worker answers). The file stays the source of truth:
 * a field edited in the form becomes a WorkspaceEdit of that one key, and every change of the document (typing in
 * the JSON editor, undo, the form's own edits) sends the form a new full snapshot.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import type { ConfigEdit } from '../../domain/connect/connectorEditSchema';
import { authoring } from '../../commands/authoringBundle';
import type { WorkerValidation } from '../../domain/connect/connectorModel';
import { ShorelineError, errorMessage } from '../../domain/errors';
import { isConnectorDocument, parseDocument, type ConnectorDiagnostics } from '../../views/connect/connectorDiagnostics';
import { PanelHost } from '../panelHost';
import { ApplyConnector, ConnectorFormState, RevealKey, Revalidate, SetField, type ConnectorFormSnapshot } from './protocol';

/** Typing in the editor: the form follows after this pause. */
const SNAPSHOT_DEBOUNCE_MS = 150;
/** …and the worker re-validates after this one (a Debezium validation opens a database connection). */
const WORKER_DEBOUNCE_MS = 1200;

interface WorkerResult { validation: WorkerValidation; sent: Record<string, string>; connectorClass: string }

/** One form per connector file; opening it again reveals it. */
export class ConnectorFormPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ConnectorFormPanel>();

  constructor(private readonly ctx: ShorelineContext, private readonly diagnostics: ConnectorDiagnostics) {}

  /** Opens (or reveals) the form of a connector file; resolves with its snapshot once the worker answered or failed. */
  async open(doc: vscode.TextDocument): Promise<ConnectorFormSnapshot> {
    if (!isConnectorDocument(doc)) throw new ShorelineError('connect.noFile', `${path.basename(doc.uri.path)} is not a connector file`, 'open a *.connector.json or *.connector.properties file');
    const key = doc.uri.toString();
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else {
      panel = new ConnectorFormPanel(this.ctx, this.diagnostics, doc, () => this.panels.delete(key));
      this.panels.set(key, panel);
    }
    return panel.current();
  }

  dispose(): void { for (const p of [...this.panels.values()]) p.dispose(); }
}

class ConnectorFormPanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private readonly uri: vscode.Uri;
  private doc: vscode.TextDocument;
  private worker: WorkerResult | undefined;
  private offlineReason: string | undefined;
  private workerSeq = 0;
  private workerRun: Promise<void> | undefined;
  /** A worker validation is under way. */
  private validating = false;
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private workerTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly ctx: ShorelineContext, private readonly diagnostics: ConnectorDiagnostics, doc: vscode.TextDocument, private readonly onDispose: () => void) {
    this.doc = doc;
    this.uri = doc.uri;
    this.host = new PanelHost(ctx.extension.extensionUri, {
      viewType: 'shoreline.connectorForm', title: `${path.basename(doc.uri.path)} (form)`, bundle: 'connectorForm', element: 'connector-form',
      column: vscode.ViewColumn.Beside,
    }, ctx.log);
    this.host.onRequest(SetField, (edit) => this.setField(edit));
    this.host.onRequest(ApplyConnector, () => this.apply());
    this.host.onRequest(Revalidate, async () => { await this.validateWithWorker(); return { definitions: this.worker ? 'worker' as const : 'offline' as const }; });
    this.host.onRequest(RevealKey, ({ key }) => this.revealKey(key));
    this.disposables.push(
      this.host,
      this.host.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== this.uri.toString() || e.contentChanges.length === 0) return;
        this.doc = e.document;
        this.schedule('snapshot', SNAPSHOT_DEBOUNCE_MS);
        this.schedule('worker', WORKER_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.toString() === this.uri.toString()) this.schedule('worker', 0); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.push()),
      // the stack may have started or stopped: ask the worker again
      ctx.onDidChangeStack(() => this.schedule('worker', 0)),
    );
    this.push();
    this.workerRun = this.validateWithWorker();
  }

  reveal(): void { this.host.panel.reveal(undefined, false); }

  /** The snapshot after the running (or a first) worker validation, pushed to the page too. */
  async current(): Promise<ConnectorFormSnapshot> {
    if (this.snapshotTimer) { clearTimeout(this.snapshotTimer); this.snapshotTimer = undefined; }
    await this.workerRun;
    return this.push();
  }

  private schedule(what: 'snapshot' | 'worker', ms: number): void {
    if (this.disposed) return;
    if (what === 'snapshot') {
      clearTimeout(this.snapshotTimer);
      this.snapshotTimer = setTimeout(() => { this.snapshotTimer = undefined; this.push(); }, ms);
    } else {
      clearTimeout(this.workerTimer);
      this.workerTimer = setTimeout(() => { this.workerTimer = undefined; this.workerRun = this.validateWithWorker(); }, ms);
    }
  }

  private async document(): Promise<vscode.TextDocument> {
    if (this.doc.isClosed) this.doc = await vscode.workspace.openTextDocument(this.uri);
    return this.doc;
  }

  /** Builds the snapshot from the document as it is now and sends it (held by the host until the page is ready). */
  private push(): ConnectorFormSnapshot {
    const doc = this.doc;
    const file = parseDocument(doc);
    const offline = this.diagnostics.offlineReport(doc, file);
    const w = this.worker && this.worker.connectorClass === file.config['connector.class'] ? this.worker : undefined;
    const { mergeReports, currentWorkerIssues, connectorFormat, buildFormModel } = authoring();
    const report = w ? mergeReports(offline, { valid: true, errors: currentWorkerIssues(file, w.validation, w.sent), warnings: [] }) : offline;
    const snapshot: ConnectorFormSnapshot = {
      fileName: path.basename(doc.uri.path), version: doc.version, format: connectorFormat(doc.uri.path, doc.getText()),
      model: buildFormModel({ file, report, ...(w ? { worker: w.validation } : {}), ...(this.offlineReason ? { offlineReason: this.offlineReason } : {}) }),
      workerUrl: this.workerUrl(), validating: this.validating, canApply: vscode.workspace.isTrusted && report.valid,
    };
    this.host.notify(ConnectorFormState, snapshot);
    return snapshot;
  }

  private workerUrl(): string {
    try { return this.ctx.localConnectUrl(); } catch { return ''; }
  }

  /** Asks the stack's worker for definitions and errors of the config as it is now; falls back to offline on failure. */
  private async validateWithWorker(): Promise<void> {
    if (this.disposed) return;
    const seq = ++this.workerSeq;
    const doc = await this.document();
    const version = doc.version;
    const file = parseDocument(doc);
    const cls = file.config['connector.class'];
    if (!cls) {
      this.worker = undefined;
      this.offlineReason = 'the file sets no connector.class, so no worker can describe its keys';
      this.push();
      return;
    }
    const url = this.workerUrl();
    const sent = { ...file.config };
    this.validating = true;
    this.push();
    try {
      const validation = await this.ctx.connect(url).validate(cls, sent);
      if (seq !== this.workerSeq || this.disposed) return;
      this.worker = { validation, sent, connectorClass: cls };
      this.offlineReason = undefined;
      // the Problems panel shows the same findings as the form (unless the text moved on meanwhile)
      if (!doc.isClosed && doc.version === version) {
        const { mergeReports, currentWorkerIssues } = authoring();
        this.diagnostics.publish(doc, mergeReports(this.diagnostics.offlineReport(doc, file), { valid: true, errors: currentWorkerIssues(file, validation, sent), warnings: [] }));
      }
    } catch (e) {
      if (seq !== this.workerSeq || this.disposed) return;
      this.worker = undefined;
      this.offlineReason = `Kafka Connect at ${url} gave no definitions: ${errorMessage(e)}`;
      this.ctx.log.debug(`connector form ${path.basename(doc.uri.path)}: definitions offline (${e instanceof ShorelineError ? e.code : 'error'})`);
    } finally {
      if (seq === this.workerSeq && !this.disposed) { this.validating = false; this.push(); }
    }
  }

  private async setField(edit: ConfigEdit): Promise<{ version: number }> {
    const doc = await this.document();
    const text = doc.getText();
    const { editConnectorText, connectorFormat } = authoring();
    const edits = editConnectorText(text, connectorFormat(doc.uri.path, text), edit);
    if (edits.length) {
      const we = new vscode.WorkspaceEdit();
      for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      if (!(await vscode.workspace.applyEdit(we))) {
        throw new ShorelineError('connect.editRefused', `VS Code did not apply the edit of "${edit.key}" to ${path.basename(doc.uri.path)}`, 'check that the file is writable and not open in a read-only editor, then edit the field again');
      }
    }
    // keys only: values may be secrets
    this.ctx.log.debug(`connector form: ${edit.value === null ? 'removed' : 'set'} "${edit.key}" in ${path.basename(doc.uri.path)}`);
    return { version: doc.version };
  }

  private async apply(): Promise<{ message: string }> {
    const r = await vscode.commands.executeCommand<{ name: string; created: boolean } | undefined>('shoreline.connector.apply', this.uri);
    if (!r) throw new ShorelineError('connect.notApplied', 'The connector was not applied', 'see the notification and the Problems panel');
    return { message: `${r.name} ${r.created ? 'created' : 'updated'} on ${this.workerUrl()}` };
  }

  private async revealKey(key: string): Promise<boolean> {
    const doc = await this.document();
    const at = parseDocument(doc).positions[key];
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const shown = await vscode.window.showTextDocument(doc, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    if (!at) return false;
    const start = new vscode.Position(at.line - 1, at.column - 1);
    const quoted = authoring().connectorFormat(doc.uri.path, doc.getText()) === 'json' ? 2 : 0;
    shown.selection = new vscode.Selection(start, start.translate(0, key.length + quoted));
    shown.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.snapshotTimer);
    clearTimeout(this.workerTimer);
    for (const d of this.disposables) d.dispose();
    this.onDispose();
  }
}
