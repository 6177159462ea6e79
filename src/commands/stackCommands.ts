import * as vscode from 'vscode';
import { ShorelineError } from '../domain/errors';
import { SERVICE_NAMES, isServiceName, type ServiceName } from '../domain/stack/serviceNames';
import type { StackNode } from '../views/stack/stackTree';
import { requireTrust, withProgress } from './runCommand';
import { LOCALSTACK_TOKEN_KEY, type ShorelineContext } from './shorelineContext';

/** The service a command acts on: the tree row it was invoked on, or a quick pick. */
async function pickService(node: StackNode | undefined, verb: string): Promise<ServiceName | undefined> {
  if (node?.kind === 'service') return node.status.name;
  const pick = await vscode.window.showQuickPick([...SERVICE_NAMES], { placeHolder: `Service to ${verb}` });
  return pick && isServiceName(pick) ? pick : undefined;
}

export function stackCommands(ctx: ShorelineContext): Record<string, (...args: never[]) => unknown> {
  return {
    'shoreline.stack.up': async () => {
      requireTrust('start containers');
      const stack = await ctx.getStack();
      const t0 = Date.now();
      try {
        await withProgress('Shoreline: starting the stack', (report, signal) => stack.up({ wait: true, onProgress: (m) => { ctx.log.info(m); report(m); }, signal }));
      } finally {
        ctx.stackChanged();
      }
      void vscode.window.showInformationMessage(`Shoreline: stack healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return true;
    },
    'shoreline.stack.down': async () => {
      const stack = await ctx.getStack();
      try {
        await withProgress('Shoreline: stopping the stack (data kept)', (report) => stack.down({ onProgress: (m) => { ctx.log.info(m); report(m); } }));
      } finally {
        ctx.stackChanged();
      }
      return true;
    },
    'shoreline.stack.reset': async (confirmed?: unknown) => {
      // Data is deleted only after an explicit confirmation (tests pass the exact confirmation word).
      if (confirmed !== 'DELETE') {
        const answer = await vscode.window.showWarningMessage('Delete all Shoreline stack data?',
          { modal: true, detail: 'Removes the containers and the data volumes (Kafka topics, PostgreSQL databases, MongoDB documents, S3 objects). This cannot be undone.' },
          'Delete Data');
        if (answer !== 'Delete Data') return false;
      }
      const stack = await ctx.getStack();
      try {
        await withProgress('Shoreline: removing the stack and its data', (report) => stack.down({ volumes: true, onProgress: (m) => { ctx.log.info(m); report(m); } }));
      } finally {
        ctx.stackChanged();
      }
      return true;
    },
    'shoreline.stack.refresh': () => { ctx.stackChanged(); },
    'shoreline.stack.showOutput': () => { ctx.output.show(true); },
    'shoreline.service.start': async (node?: StackNode) => {
      requireTrust('start containers');
      const name = await pickService(node, 'start');
      if (!name) return;
      const stack = await ctx.getStack();
      try {
        await withProgress(`Shoreline: starting ${name}`, (report, signal) => stack.up({ services: [name], wait: true, onProgress: report, signal }));
      } finally { ctx.stackChanged(); }
    },
    'shoreline.service.stop': async (node?: StackNode) => {
      const name = await pickService(node, 'stop');
      if (!name) return;
      const stack = await ctx.getStack();
      try { await stack.stopService(name); } finally { ctx.stackChanged(); }
    },
    'shoreline.service.restart': async (node?: StackNode) => {
      requireTrust('start containers');
      const name = await pickService(node, 'restart');
      if (!name) return;
      const stack = await ctx.getStack();
      try {
        await withProgress(`Shoreline: restarting ${name}`, (report) => stack.restart(name, { wait: true, onProgress: report }));
      } finally { ctx.stackChanged(); }
    },
    'shoreline.service.logs': async (node?: StackNode) => {
      const name = await pickService(node, 'show logs of');
      if (!name) return;
      const stack = await ctx.getStack();
      const write = new vscode.EventEmitter<string>();
      let stop: (() => void) | undefined;
      const pty: vscode.Pseudoterminal = {
        onDidWrite: write.event,
        open: () => {
          stack.followLogs(name, 500, (l) => write.fire(l.replace(/\r?$/, '\r\n')), () => write.fire('\r\n[log stream ended]\r\n'))
            .then((s) => { stop = s; }, (e: unknown) => write.fire(`\r\n${e instanceof ShorelineError ? e.oneLine() : String(e)}\r\n`));
        },
        close: () => { stop?.(); write.dispose(); },
      };
      vscode.window.createTerminal({ name: `Shoreline: ${name} logs`, pty }).show();
    },
    'shoreline.service.copyConnectionString': async (node?: StackNode) => {
      const name = await pickService(node, 'copy the connection string of');
      if (!name) return;
      const stack = await ctx.getStack();
      const value = ctx.engine().connectionString(stack.serviceSpec(name), stack.spec.hostAddress, stack.config.postgresPassword);
      await vscode.env.clipboard.writeText(value);
      void vscode.window.showInformationMessage(`Shoreline: copied the ${name} connection string`);
      return value;
    },
    'shoreline.localstack.setAuthToken': async () => {
      const token = await vscode.window.showInputBox({ prompt: 'LocalStack auth token (kept in VS Code SecretStorage; empty removes it)', password: true, ignoreFocusOut: true });
      if (token === undefined) return;
      if (token) await ctx.extension.secrets.store(LOCALSTACK_TOKEN_KEY, token.trim());
      else await ctx.extension.secrets.delete(LOCALSTACK_TOKEN_KEY);
      ctx.invalidate();
      void vscode.window.showInformationMessage(token ? 'Shoreline: LocalStack auth token saved; restart localstack to use it.' : 'Shoreline: LocalStack auth token removed.');
    },
    'shoreline.docker.checkEngine': async () => {
      const stack = await ctx.getStack();
      const v = await stack.checkEngine();
      const msg = `Docker ${v.version} (API ${v.apiVersion}) at ${v.where}`;
      ctx.log.info(msg);
      void vscode.window.showInformationMessage(`Shoreline: ${msg}`);
      ctx.stackChanged();
      return msg;
    },
  };
}
