/**
 * The webview side of a panel's channel: wraps `acquireVsCodeApi()` in the typed {@link IpcEndpoint} of
 * src/webviews/ipc.ts, says `ready` once the page listens, and keeps UI-only state across reloads of a hidden panel.
 */
import { IpcEndpoint, WebviewReady, type NotificationType, type RequestType } from '../../src/webviews/ipc';

interface VsCodeApi { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;
/** acquireVsCodeApi may be called once per page. */
function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export class HostClient<UiState extends object> {
  private readonly ipc: IpcEndpoint;
  private readonly api = vscodeApi();

  constructor(timeoutMs = 20_000) {
    this.ipc = new IpcEndpoint((m) => this.api.postMessage(m), { timeoutMs, log: (m) => console.warn(`[shoreline] ${m}`) });
    window.addEventListener('message', (e: MessageEvent<unknown>) => { void this.ipc.receive(e.data); });
  }

  request<P, R>(type: RequestType<P, R>, params: P): Promise<R> { return this.ipc.request(type, params); }

  onNotification<S>(type: NotificationType<S>, handle: (params: S) => void): void { this.ipc.onNotification(type, handle); }

  /** Tells the host the page listens: it then sends the current snapshots. Call after registering the handlers. */
  ready(): void { this.ipc.notify(WebviewReady, {}); }

  /** UI state kept while the panel is hidden and reloaded (collapsed groups, filter): never data. */
  getState(): Partial<UiState> {
    const s = this.api.getState();
    return s && typeof s === 'object' ? (s as Partial<UiState>) : {};
  }

  setState(state: UiState): void { this.api.setState(state); }
}
