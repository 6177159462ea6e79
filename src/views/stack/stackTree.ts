import * as vscode from 'vscode';
import { errorMessage, ShorelineError } from '../../domain/errors';
import type { Health, ServiceStatus } from '../../domain/stack/health';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { CONTEXT } from '../contextValues';
import { messageItem } from '../messageNode';

export type StackNode = { kind: 'service'; status: ServiceStatus } | { kind: 'message'; item: vscode.TreeItem };

const HEALTH_ICON: Record<Health, [string, string | undefined]> = {
  healthy: ['pass-filled', 'testing.iconPassed'],
  starting: ['loading~spin', undefined],
  unhealthy: ['error', 'testing.iconFailed'],
  stopped: ['circle-outline', 'disabledForeground'],
  missing: ['circle-slash', 'disabledForeground'],
};

/** The Stack view: one row per service with state, health, host port and image; polls while visible. */
export class StackTreeProvider implements vscode.TreeDataProvider<StackNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StackNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  /** Last statuses shown (also read by the status bar and tests). */
  last: ServiceStatus[] = [];
  lastError: string | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<void>();
  readonly onDidUpdateStatus = this.statusEmitter.event;

  constructor(private readonly ctx: ShorelineContext) {}

  /** Starts polling (the view became visible) or stops it. */
  setPolling(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => this.refresh(), 3000);
    if (!on && this.timer) { clearInterval(this.timer); this.timer = undefined; }
  }

  refresh(): void { this.emitter.fire(undefined); }

  getTreeItem(node: StackNode): vscode.TreeItem {
    if (node.kind === 'message') return node.item;
    const s = node.status;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    item.id = `service:${s.name}`;
    const port = Object.values(s.ports)[0];
    item.description = `${s.health}${port ? ` · :${port}` : ''}`;
    const [icon, color] = HEALTH_ICON[s.health];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = s.state === 'running' ? CONTEXT.serviceRunning : s.health === 'missing' ? CONTEXT.serviceMissing : CONTEXT.serviceStopped;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${s.name}** — ${s.health} (${s.state})\n\n`);
    md.appendMarkdown(`- image: \`${s.image}\`\n- container: \`${s.container}\`\n`);
    for (const [c, h] of Object.entries(s.ports)) md.appendMarkdown(`- port: \`${h}\` → ${c}\n`);
    if (s.detail) md.appendMarkdown(`\n${s.detail.replace(/[\\`*_{}[\]()#+!|<>-]/g, '\\$&')}`);
    item.tooltip = md;
    return item;
  }

  async getChildren(node?: StackNode): Promise<StackNode[]> {
    if (node) return [];
    try {
      const stack = await this.ctx.getStack();
      this.last = await stack.status();
      this.lastError = undefined;
      this.statusEmitter.fire();
      return this.last.map((status) => ({ kind: 'service', status }));
    } catch (e) {
      this.lastError = errorMessage(e);
      this.last = [];
      this.statusEmitter.fire();
      const err = e instanceof ShorelineError ? e : undefined;
      return [
        { kind: 'message', item: messageItem(err?.message ?? this.lastError, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: this.lastError }) },
        ...(err?.fix ? [{ kind: 'message' as const, item: messageItem(err.fix, { icon: 'lightbulb', command: { command: 'shoreline.docker.checkEngine', title: 'Check Docker Engine' } }) }] : []),
      ];
    }
  }

  dispose(): void { this.setPolling(false); this.emitter.dispose(); this.statusEmitter.dispose(); }
}
