import * as vscode from 'vscode';
import { summarize } from '../../domain/stack/health';
import type { StackTreeProvider } from './stackTree';

/** Status-bar item with the stack state; clicking it opens the Stack view. */
export function createStackStatusBar(tree: StackTreeProvider): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('shoreline.stackStatus', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Shoreline Stack';
  item.command = 'shoreline.stack.focus';
  item.text = '$(server-environment) Shoreline';
  item.tooltip = 'Shoreline stack — open the Stack view';
  item.show();
  const sub = tree.onDidUpdateStatus(() => {
    if (tree.lastError) {
      item.text = '$(warning) Shoreline';
      item.tooltip = tree.lastError;
      return;
    }
    const s = summarize(tree.last);
    const icon = s.word === 'healthy' ? '$(pass-filled)' : s.word === 'starting' ? '$(loading~spin)' : s.word === 'unhealthy' ? '$(error)' : '$(circle-outline)';
    item.text = `${icon} Shoreline ${s.healthy}/${s.total}`;
    item.tooltip = `Shoreline stack: ${s.word} (${s.healthy} of ${s.total} services healthy)`;
  });
  return vscode.Disposable.from(item, sub);
}
