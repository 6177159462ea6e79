import * as vscode from 'vscode';
import { ShorelineError, errorMessage } from '../domain/errors';
import type { ShorelineContext } from './shorelineContext';

/** Wraps a command: logs it, turns failures into one error notification with "Show Logs", never a stack trace. */
export function wrapCommand<A extends unknown[], R>(ctx: ShorelineContext, id: string, fn: (...args: A) => Promise<R> | R): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    ctx.log.debug(`command ${id}`);
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof ShorelineError && e.code === 'cancelled') { ctx.log.info(`${id}: cancelled`); return undefined; }
      const message = e instanceof ShorelineError ? e.oneLine() : errorMessage(e);
      ctx.log.error(`${id}: ${message}`);
      if (e instanceof ShorelineError && e.details) ctx.log.error(e.details);
      if (!(e instanceof ShorelineError) && e instanceof Error && e.stack) ctx.log.debug(e.stack);
      void vscode.window.showErrorMessage(`Shoreline: ${message.split('\n')[0]}`, 'Show Logs').then((pick) => {
        if (pick === 'Show Logs') ctx.output.show(true);
      });
      return undefined;
    }
  };
}

/** Runs long work with a cancellable progress notification; the signal aborts the work. */
export function withProgress<R>(title: string, work: (report: (m: string) => void, signal: AbortSignal) => Promise<R>): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return work((m) => progress.report({ message: m }), ac.signal);
  });
}

/** Refuses to act in an untrusted workspace, saying why and how to trust it. */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new ShorelineError('workspace.untrusted', `Shoreline does not ${action} in an untrusted workspace`,
      'trust the folder with "Workspaces: Manage Workspace Trust", then run the command again');
  }
}
