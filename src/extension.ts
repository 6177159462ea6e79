import * as vscode from 'vscode';
import { commandTable, registerCommands } from './commands/commandTable';
import { ShorelineContext } from './commands/shorelineContext';
import type { ServiceStatus } from './domain/stack/health';
import { createStackStatusBar } from './views/stack/stackStatusBar';
import { StackTreeProvider } from './views/stack/stackTree';

/** What activate() returns: a small API the VS Code test tier uses to look inside. */
export interface ShorelineTestApi {
  commandIds(): string[];
  /** The statuses the Stack view shows now (after a refresh). */
  stackStatus(): Promise<ServiceStatus[]>;
  /** Whether dist/engine.js (Docker and clients) has been loaded yet. */
  engineLoaded(): boolean;
}

/** Registers views and commands only: no Docker or network I/O until a view opens or a command runs. */
export function activate(context: vscode.ExtensionContext): ShorelineTestApi {
  const ctx = new ShorelineContext(context);
  const tree = new StackTreeProvider(ctx);
  const view = vscode.window.createTreeView('shoreline.stack', { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(
    ctx, tree, view,
    view.onDidChangeVisibility((e) => tree.setPolling(e.visible)),
    ctx.onDidChangeStack(() => tree.refresh()),
    createStackStatusBar(tree),
    ...registerCommands(ctx),
  );
  if (view.visible) tree.setPolling(true);
  return {
    commandIds: () => Object.keys(commandTable(ctx)),
    stackStatus: async () => { await tree.getChildren(); return tree.last; },
    engineLoaded: () => require.cache[require.resolve(`${context.extensionPath}/dist/engine.js`)] !== undefined,
  };
}

export function deactivate(): void {}
