import * as vscode from 'vscode';
import { CONTEXT } from './contextValues';

/** A tree row that tells something true (an error, "nothing yet") and optionally offers the next step. */
export function messageItem(label: string, opts: { icon?: string; color?: string; tooltip?: string; command?: vscode.Command } = {}): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.contextValue = CONTEXT.message;
  item.iconPath = new vscode.ThemeIcon(opts.icon ?? 'info', opts.color ? new vscode.ThemeColor(opts.color) : undefined);
  item.tooltip = opts.tooltip ?? label;
  item.command = opts.command;
  return item;
}
