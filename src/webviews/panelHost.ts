/**
 * Host side of a Shoreline webview panel: builds the page ({@link webviewHtml}: CSP, fresh nonce per render), limits
 * what the page may load to the built webview folder and `media/`, and runs the typed channel of {@link IpcEndpoint}
 * behind a ready gate: notifications are held until the page says `webview/ready`, and the latest snapshot of each
 * notification is replayed whenever the page (re)loads — a hidden panel's page is discarded, since
 * `retainContextWhenHidden` is off.
 */
import * as vscode from 'vscode';
import type { Logger } from '../services/logger';
import { IpcEndpoint, WebviewReady, type NotificationType, type RequestType } from './ipc';
import { createNonce, webviewHtml } from './webviewHtml';

export interface PanelHostOptions {
  /** Webview type id, e.g. `shoreline.connectorForm`. */
  viewType: string;
  title: string;
  /** The bundle scripts/build.mjs writes: `webview/dist/<bundle>.js` and `.css`. */
  bundle: string;
  /** The page's root custom element. */
  element: string;
  column: vscode.ViewColumn;
  preserveFocus?: boolean;
}

export class PanelHost implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly ipc: IpcEndpoint;
  private ready = false;
  /** The latest params of every notification sent: full snapshots, replayed on each `ready`. */
  private readonly latest = new Map<string, { type: NotificationType<unknown>; params: unknown }>();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time the page has loaded and asked for state. */
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.readyEmitter];

  private disposed = false;

  constructor(private readonly extensionUri: vscode.Uri, private readonly opts: PanelHostOptions, private readonly log: Logger) {
    const dist = vscode.Uri.joinPath(extensionUri, 'webview', 'dist');
    this.panel = vscode.window.createWebviewPanel(opts.viewType, opts.title, { viewColumn: opts.column, preserveFocus: opts.preserveFocus ?? false }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [dist, vscode.Uri.joinPath(extensionUri, 'media')],
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'shoreline.svg');
    this.ipc = new IpcEndpoint((m) => { void this.panel.webview.postMessage(m); }, {
      log: (m) => this.log.warn(`${opts.viewType}: ${m}`),
    });
    this.ipc.onNotification(WebviewReady, () => this.becomeReady());
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => { void this.ipc.receive(raw); }),
      // a hidden page is torn down: hold notifications until the new page says ready
      this.panel.onDidChangeViewState((e) => { if (!e.webviewPanel.visible) this.ready = false; }),
      this.panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** (Re)writes the page with a fresh nonce; the page then sends `ready` again. */
  render(): void {
    const webview = this.panel.webview;
    const dist = (ext: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'webview', 'dist', `${this.opts.bundle}.${ext}`)).toString();
    this.ready = false;
    webview.html = webviewHtml({
      cspSource: webview.cspSource, nonce: createNonce(), scriptUri: dist('js'), styleUri: dist('css'), element: this.opts.element, title: this.opts.title,
    });
  }

  onRequest<P, R>(type: RequestType<P, R>, handle: (params: P) => R | Promise<R>): void {
    this.ipc.onRequest(type, handle);
  }

  onNotification<S>(type: NotificationType<S>, handle: (params: S) => void): void {
    this.ipc.onNotification(type, handle);
  }

  /** Sends a full snapshot now if the page is ready, else when it is; only the latest one per method is kept. */
  notify<S>(type: NotificationType<S>, params: S): void {
    this.latest.set(type.method, { type: type as NotificationType<unknown>, params });
    if (this.ready) this.ipc.notify(type, params);
  }

  get isReady(): boolean { return this.ready; }

  private becomeReady(): void {
    this.ready = true;
    for (const { type, params } of this.latest.values()) this.ipc.notify(type, params);
    this.readyEmitter.fire();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ipc.dispose();
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
