import * as vscode from 'vscode';
import { wrapCommand } from './runCommand';
import type { ShorelineContext } from './shorelineContext';
import { stackCommands } from './stackCommands';
import { connectCommands } from './connectCommands';
import type { ConnectTreeProvider } from '../views/connect/connectTree';
import type { ConnectorDiagnostics } from '../views/connect/connectorDiagnostics';

/** What commands act on besides the context: the views and the diagnostics they refresh. */
export interface CommandDeps { connectTree: ConnectTreeProvider; connectorDiagnostics: ConnectorDiagnostics }

/** Every command Shoreline registers; a test checks this equals `contributes.commands`. */
export function commandTable(ctx: ShorelineContext, deps: CommandDeps): Record<string, (...args: never[]) => unknown> {
  return { ...stackCommands(ctx), ...connectCommands(ctx, deps.connectTree, deps.connectorDiagnostics) };
}

export function registerCommands(ctx: ShorelineContext, deps: CommandDeps): vscode.Disposable[] {
  return Object.entries(commandTable(ctx, deps)).map(([id, fn]) =>
    vscode.commands.registerCommand(id, wrapCommand(ctx, id, fn as (...a: unknown[]) => unknown)));
}
