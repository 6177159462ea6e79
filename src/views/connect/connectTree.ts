import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import type { ConnectorState, ConnectorStatus, PluginInfo, TaskStatus } from '../../domain/connect/connectorModel';
import { errorMessage, ShorelineError } from '../../domain/errors';
import { CONTEXT } from '../contextValues';
import { messageItem } from '../messageNode';

/** A Kafka Connect worker the tree shows: the stack's own, or one the user added (setting shoreline.connect.workers). */
export interface WorkerRef { label: string; url: string; local: boolean }

export type ConnectNode =
  | { kind: 'worker'; worker: WorkerRef }
  | { kind: 'connectors'; worker: WorkerRef; connectors: ConnectorStatus[] }
  | { kind: 'plugins'; worker: WorkerRef; plugins: PluginInfo[] }
  | { kind: 'connector'; worker: WorkerRef; status: ConnectorStatus }
  | { kind: 'task'; worker: WorkerRef; connector: string; task: TaskStatus | { id: -1; state: ConnectorState; workerId: string; trace?: string } }
  | { kind: 'plugin'; worker: WorkerRef; plugin: PluginInfo }
  | { kind: 'message'; item: vscode.TreeItem };

const STATE_ICON: Record<ConnectorState, [string, string | undefined]> = {
  RUNNING: ['pass-filled', 'testing.iconPassed'],
  PAUSED: ['debug-pause', 'charts.yellow'],
  STOPPED: ['debug-stop', 'disabledForeground'],
  FAILED: ['error', 'testing.iconFailed'],
  RESTARTING: ['loading~spin', undefined],
  UNASSIGNED: ['circle-outline', 'disabledForeground'],
};

function icon(state: ConnectorState): vscode.ThemeIcon {
  const [id, color] = STATE_ICON[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/**
 * The Connect view: workers → connectors (state, type, tasks) → the connector itself and each task with its own
 * state and trace (connector-level and task-level failures are never folded into one), and the worker's plugins.
 */
export class ConnectTreeProvider implements vscode.TreeDataProvider<ConnectNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConnectNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  /** What the last refresh saw per worker URL (tests and commands read it). */
  readonly last = new Map<string, { connectors: ConnectorStatus[]; plugins: PluginInfo[] } | { error: string }>();

  constructor(private readonly ctx: ShorelineContext) {}

  setPolling(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => this.refresh(), 5000);
    if (!on && this.timer) { clearInterval(this.timer); this.timer = undefined; }
  }

  refresh(): void { this.emitter.fire(undefined); }

  workers(): WorkerRef[] {
    const out: WorkerRef[] = [];
    try {
      out.push({ label: 'local stack', url: this.ctx.localConnectUrl(), local: true });
    } catch { /* invalid settings: the Stack view reports them */ }
    const extra = vscode.workspace.getConfiguration('shoreline').get<Array<string | { name?: string; url: string }>>('connect.workers') ?? [];
    for (const w of extra) {
      const url = typeof w === 'string' ? w : w.url;
      if (url) out.push({ label: typeof w === 'string' ? url : w.name ?? url, url: url.replace(/\/+$/, ''), local: false });
    }
    return out;
  }

  getTreeItem(node: ConnectNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'message': return node.item;
      case 'worker': {
        const item = new vscode.TreeItem(node.worker.label, C.Expanded);
        item.id = `worker:${node.worker.url}`;
        item.description = node.worker.url;
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.contextValue = CONTEXT.connectWorker;
        return item;
      }
      case 'connectors': {
        const item = new vscode.TreeItem(`Connectors (${node.connectors.length})`, C.Expanded);
        item.id = `connectors:${node.worker.url}`;
        item.contextValue = CONTEXT.group;
        return item;
      }
      case 'plugins': {
        const item = new vscode.TreeItem(`Plugins (${node.plugins.length})`, C.Collapsed);
        item.id = `plugins:${node.worker.url}`;
        item.contextValue = CONTEXT.group;
        return item;
      }
      case 'connector': {
        const s = node.status;
        const running = s.tasks.filter((t) => t.state === 'RUNNING').length;
        const item = new vscode.TreeItem(s.name, C.Collapsed);
        item.id = `connector:${node.worker.url}:${s.name}`;
        item.description = `${s.connector.state} · ${s.type} · ${running}/${s.tasks.length} tasks running`;
        item.iconPath = icon(worstState(s));
        item.contextValue = `${CONTEXT.connectorPrefix}${s.connector.state.toLowerCase()}`;
        item.tooltip = new vscode.MarkdownString(`**${s.name}** (${s.type})\n\n- connector: ${s.connector.state} on \`${s.connector.workerId}\`\n`
          + s.tasks.map((t) => `- task ${t.id}: ${t.state} on \`${t.workerId}\``).join('\n'));
        return item;
      }
      case 'task': {
        const t = node.task;
        const label = t.id < 0 ? 'connector' : `task ${t.id}`;
        const item = new vscode.TreeItem(label, C.None);
        item.id = `task:${node.worker.url}:${node.connector}:${t.id}`;
        item.description = `${t.state}${t.trace ? ` · ${firstLine(t.trace)}` : ''}`;
        item.iconPath = icon(t.state);
        item.contextValue = t.id < 0 ? CONTEXT.group : t.state === 'FAILED' ? CONTEXT.taskFailed : CONTEXT.taskOk;
        if (t.trace) {
          item.tooltip = firstLine(t.trace);
          item.command = { command: 'shoreline.connector.showTrace', title: 'Show Failure Trace', arguments: [node] };
        }
        return item;
      }
      case 'plugin': {
        const p = node.plugin;
        const item = new vscode.TreeItem(p.class.split('.').pop() ?? p.class, C.None);
        item.id = `plugin:${node.worker.url}:${p.class}`;
        item.description = `${p.type} · ${p.version}`;
        item.tooltip = p.class;
        item.iconPath = new vscode.ThemeIcon(p.type === 'source' ? 'arrow-right' : p.type === 'sink' ? 'arrow-left' : 'symbol-method');
        item.contextValue = CONTEXT.plugin;
        return item;
      }
    }
  }

  async getChildren(node?: ConnectNode): Promise<ConnectNode[]> {
    if (!node) return this.workers().map((worker) => ({ kind: 'worker', worker }));
    switch (node.kind) {
      case 'worker': return this.workerChildren(node.worker);
      case 'connectors':
        return node.connectors.length
          ? node.connectors.map((status) => ({ kind: 'connector', worker: node.worker, status }))
          : [{ kind: 'message', item: messageItem('No connectors yet', { icon: 'add', command: { command: 'shoreline.connector.newFromTemplate', title: 'New Connector from Template' } }) }];
      case 'plugins': return node.plugins.map((plugin) => ({ kind: 'plugin', worker: node.worker, plugin }));
      case 'connector': return [
        // the connector's own state first, then each task: a failed connector and a failed task are different rows
        { kind: 'task', worker: node.worker, connector: node.status.name, task: { id: -1, ...node.status.connector } },
        ...node.status.tasks.map((task) => ({ kind: 'task' as const, worker: node.worker, connector: node.status.name, task })),
      ];
      default: return [];
    }
  }

  private async workerChildren(worker: WorkerRef): Promise<ConnectNode[]> {
    try {
      const client = this.ctx.connect(worker.url);
      const [list, plugins] = await Promise.all([client.list(), client.plugins()]);
      const connectors = list.map((c) => c.status ?? { name: c.name, type: c.type, connector: { state: 'UNASSIGNED' as const, workerId: '' }, tasks: [] });
      const connectorPlugins = plugins.filter((p) => p.type === 'source' || p.type === 'sink');
      this.last.set(worker.url, { connectors, plugins });
      return [{ kind: 'connectors', worker, connectors }, { kind: 'plugins', worker, plugins: connectorPlugins }];
    } catch (e) {
      const msg = errorMessage(e);
      this.last.set(worker.url, { error: msg });
      const err = e instanceof ShorelineError ? e : undefined;
      return [
        { kind: 'message', item: messageItem(err?.message ?? msg, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: msg }) },
        ...(worker.local ? [{ kind: 'message' as const, item: messageItem('Start the stack to use its Connect worker', { icon: 'play', command: { command: 'shoreline.stack.up', title: 'Start Stack' } }) }] : []),
      ];
    }
  }

  dispose(): void { this.setPolling(false); this.emitter.dispose(); }
}

/** The state a connector row shows: FAILED if the connector or any task failed, else the connector's own. */
export function worstState(s: ConnectorStatus): ConnectorState {
  if (s.connector.state === 'FAILED' || s.tasks.some((t) => t.state === 'FAILED')) return 'FAILED';
  return s.connector.state;
}

function firstLine(trace: string): string { return trace.split('\n')[0]!.slice(0, 200); }
