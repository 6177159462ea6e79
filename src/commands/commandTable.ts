import * as vscode from 'vscode';
import { wrapCommand } from './runCommand';
import type { ShorelineContext } from './shorelineContext';
import { stackCommands } from './stackCommands';

/** Every command Shoreline registers; a test checks this equals `contributes.commands`. */
export function commandTable(ctx: ShorelineContext): Record<string, (...args: never[]) => unknown> {
  return { ...stackCommands(ctx) };
}

export function registerCommands(ctx: ShorelineContext): vscode.Disposable[] {
  return Object.entries(commandTable(ctx)).map(([id, fn]) =>
    vscode.commands.registerCommand(id, wrapCommand(ctx, id, fn as (...a: unknown[]) => unknown)));
}
