import * as path from 'node:path';
import * as vscode from 'vscode';
import { authoring } from './authoringBundle';
import type { RestartOptions } from '../domain/connect/connectorModel';
import { ShorelineError } from '../domain/errors';
import type { ConnectNode, ConnectTreeProvider } from '../views/connect/connectTree';
import { isConnectorDocument, parseDocument, type ConnectorDiagnostics } from '../views/connect/connectorDiagnostics';
import { requireTrust, withProgress } from './runCommand';
import type { ShorelineContext } from './shorelineContext';

type ConnectorTarget = { url: string; name: string };

/** The connector a command acts on: the tree row it was run from, or one picked from the stack's worker. */
async function pickConnector(ctx: ShorelineContext, node: ConnectNode | undefined, verb: string): Promise<ConnectorTarget | undefined> {
  if (node?.kind === 'connector') return { url: node.worker.url, name: node.status.name };
  if (node?.kind === 'task') return { url: node.worker.url, name: node.connector };
  const url = ctx.localConnectUrl();
  const names = (await ctx.connect(url).list()).map((c) => c.name);
  if (!names.length) throw new ShorelineError('connect.noConnectors', `There is no connector to ${verb} on ${url}`, 'create one with "Shoreline: New Connector from Template…"');
  const name = await vscode.window.showQuickPick(names, { placeHolder: `Connector to ${verb}` });
  return name ? { url, name } : undefined;
}

/** The connector file a command acts on: the explorer selection, or the active editor. */
export async function connectorDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !isConnectorDocument(doc)) {
    throw new ShorelineError('connect.noFile', 'No connector file is open', 'open a *.connector.json file (or create one with "Shoreline: New Connector from Template…")');
  }
  return doc;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

async function showText(content: string, language: string): Promise<void> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language }), { preview: true });
}

const RESTART_MODES: Array<vscode.QuickPickItem & { options: RestartOptions }> = [
  { label: 'Connector only', description: 'includeTasks=false', options: { includeTasks: false, onlyFailed: false } },
  { label: 'Connector and all its tasks', description: 'includeTasks=true', options: { includeTasks: true, onlyFailed: false } },
  { label: 'Only what failed (connector and tasks)', description: 'includeTasks=true&onlyFailed=true', options: { includeTasks: true, onlyFailed: true } },
];

/** Connect view and connector-file commands. */
export function connectCommands(ctx: ShorelineContext, tree: ConnectTreeProvider, diagnostics: ConnectorDiagnostics) {
  const lifecycle = (verb: 'pause' | 'resume' | 'stop') => async (node?: ConnectNode) => {
    const t = await pickConnector(ctx, node, verb);
    if (!t) return false;
    await ctx.connect(t.url)[verb](t.name);
    ctx.log.info(`connector ${t.name}: ${verb} requested`);
    tree.refresh();
    return true;
  };
  return {
    'shoreline.connect.refresh': () => { tree.refresh(); },
    'shoreline.connect.addWorker': async () => {
      const url = await vscode.window.showInputBox({
        prompt: 'Kafka Connect REST URL', placeHolder: 'http://connect.example.internal:8083',
        validateInput: (v) => (/^https?:\/\/[^\s/]+/.test(v.trim()) ? undefined : 'Enter an http(s) URL, e.g. http://localhost:8083'),
      });
      if (!url) return false;
      const cfg = vscode.workspace.getConfiguration('shoreline');
      const workers = cfg.get<unknown[]>('connect.workers') ?? [];
      await cfg.update('connect.workers', [...workers, url.trim()], vscode.ConfigurationTarget.Global);
      tree.refresh();
      return true;
    },
    'shoreline.connector.pause': lifecycle('pause'),
    'shoreline.connector.resume': lifecycle('resume'),
    'shoreline.connector.stop': lifecycle('stop'),
    'shoreline.connector.restart': async (node?: ConnectNode, mode?: RestartOptions) => {
      const t = await pickConnector(ctx, node, 'restart');
      if (!t) return undefined;
      const options = mode ?? (await vscode.window.showQuickPick(RESTART_MODES, { placeHolder: `Restart ${t.name}` }))?.options;
      if (!options) return undefined;
      const r = await ctx.connect(t.url).restart(t.name, options);
      tree.refresh();
      return r;
    },
    'shoreline.connector.restartTask': async (node?: ConnectNode) => {
      if (node?.kind !== 'task' || node.task.id < 0) throw new ShorelineError('connect.noTask', 'Run this on a task row of the Connect view', 'expand a connector and use the task\'s context menu');
      await ctx.connect(node.worker.url).restartTask(node.connector, node.task.id);
      tree.refresh();
      return true;
    },
    'shoreline.connector.delete': async (node?: ConnectNode, confirmation?: string) => {
      const t = await pickConnector(ctx, node, 'delete');
      if (!t) return false;
      if (confirmation !== t.name) {
        const answer = await vscode.window.showWarningMessage(`Delete connector "${t.name}" from ${t.url}?`,
          { modal: true, detail: 'Its config and status are removed from the worker; topics and committed offsets stay.' }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      await ctx.connect(t.url).delete(t.name);
      tree.refresh();
      return true;
    },
    'shoreline.connector.showTrace': async (node?: ConnectNode) => {
      if (node?.kind !== 'task' || !node.task.trace) throw new ShorelineError('connect.noTrace', 'This row has no failure trace', 'pick a FAILED connector or task in the Connect view');
      await showText(`${node.connector} ${node.task.id < 0 ? 'connector' : `task ${node.task.id}`}: ${node.task.state} on ${node.task.workerId}\n\n${node.task.trace}`, 'log');
    },
    'shoreline.connector.showConfig': async (node?: ConnectNode) => {
      const t = await pickConnector(ctx, node, 'show');
      if (!t) return;
      const config = await ctx.connect(t.url).config(t.name);
      await showText(JSON.stringify({ name: t.name, config }, null, 2), 'json');
    },
    'shoreline.connector.showOffsets': async (node?: ConnectNode) => {
      const t = await pickConnector(ctx, node, 'show offsets of');
      if (!t) return;
      await showText(JSON.stringify(await ctx.connect(t.url).offsets(t.name), null, 2), 'json');
    },
    'shoreline.connector.validate': async (uri?: vscode.Uri) => {
      const doc = await connectorDocument(uri);
      const report = await diagnostics.validate(doc, true);
      const n = report.errors.length, w = report.warnings.length;
      void vscode.window.showInformationMessage(`Shoreline: ${path.basename(doc.uri.path)}: ${n} error(s), ${w} warning(s) — see the Problems panel`);
      return report;
    },
    'shoreline.connector.apply': async (uri?: vscode.Uri) => {
      requireTrust('apply connectors from workspace files');
      const doc = await connectorDocument(uri);
      const report = await diagnostics.validate(doc, true);
      if (!report.valid) {
        const first = report.errors[0]!;
        throw new ShorelineError('connect.invalid', `${path.basename(doc.uri.path)} has ${report.errors.length} error(s), first: ${first.field ? `${first.field}: ` : ''}${first.message}`,
          'fix the problems shown in the Problems panel, then apply again');
      }
      const { restPayload, withStackValues } = authoring();
      const parsed = restPayload(parseDocument(doc));
      // ${shoreline:postgres.password}-style references (pipeline files use them) get the stack's values
      const payload = { name: parsed.name, config: withStackValues(parsed.config, ctx.config()) };
      const url = ctx.localConnectUrl();
      const r = await withProgress(`Shoreline: applying ${payload.name}`, async (report) => {
        const res = await ctx.connect(url).apply(payload.name, payload.config);
        report(res.created ? 'created' : 'updated');
        return res;
      });
      tree.refresh();
      void vscode.window.showInformationMessage(`Shoreline: connector ${payload.name} ${r.created ? 'created' : 'updated'} on ${url}`);
      return r;
    },
    'shoreline.connector.newFromTemplate': async (templateId?: string, targetDir?: string) => {
      const { CONNECTOR_TEMPLATES, stackTemplateParams } = authoring();
      const picked = templateId ? CONNECTOR_TEMPLATES.find((t) => t.id === templateId)
        : await vscode.window.showQuickPick(CONNECTOR_TEMPLATES.map((t) => ({ label: t.title, detail: t.description, t })), { placeHolder: 'Connector template', matchOnDetail: true }).then((p) => p?.t);
      if (!picked) return undefined;
      const folder = targetDir ? vscode.Uri.file(targetDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) throw new ShorelineError('workspace.none', 'Open a folder first: connector configs are files in the workspace', 'File → Open Folder…, then run the command again');
      const draft = picked.build(stackTemplateParams(ctx.config()));
      let file = vscode.Uri.joinPath(folder, 'connectors', `${draft.name}.connector.json`);
      // never overwrite a file the user may have edited: pick the next free name instead
      for (let i = 2; await exists(file); i++) file = vscode.Uri.joinPath(folder, 'connectors', `${draft.name}-${i}.connector.json`);
      await vscode.workspace.fs.writeFile(file, Buffer.from(`${JSON.stringify(draft, null, 2)}\n`));
      await vscode.window.showTextDocument(file);
      return file.fsPath;
    },
  };
}
