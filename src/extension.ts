import * as vscode from 'vscode';
import { commandTable, registerCommands } from './commands/commandTable';
import { ShorelineContext } from './commands/shorelineContext';
import type { ServiceStatus } from './domain/stack/health';
import { createStackStatusBar } from './views/stack/stackStatusBar';
import { StackTreeProvider } from './views/stack/stackTree';
import { ConnectTreeProvider } from './views/connect/connectTree';
import { ConnectorDiagnostics } from './views/connect/connectorDiagnostics';
import { ConnectorFormPanels } from './webviews/connectorForm/connectorFormPanel';
import type { ConnectorStatus } from './domain/connect/connectorModel';
import type { TopicSummary } from './domain/kafka/kafkaModel';
import { KafkaClusters } from './views/kafka/kafkaClusters';
import { KafkaTreeProvider } from './views/kafka/kafkaTree';
import { DataTreeProvider } from './views/data/dataTree';
import { AwsTreeProvider } from './views/aws/awsTree';
import { PolicyDocuments } from './views/aws/policyDocuments';

/** What activate() returns: a small API the VS Code test tier uses to look inside. */
export interface ShorelineTestApi {
  commandIds(): string[];
  /** The statuses the Stack view shows now (after a refresh). */
  stackStatus(): Promise<ServiceStatus[]>;
  /** Connectors the Connect view shows for the stack's worker (after a refresh); an error text if unreachable. */
  connectView(): Promise<ConnectorStatus[] | string>;
  /** Topics the Kafka view shows for the stack's Kafka (after a refresh); an error text if unreachable. */
  kafkaView(): Promise<TopicSummary[] | string>;
  /** Whether dist/engine.js (Docker and clients) has been loaded yet. */
  engineLoaded(): boolean;
  /** Whether dist/authoring.js (connector parser, validator catalog, form model, templates) has been loaded yet. */
  authoringLoaded(): boolean;
  /** The images the AWS view shows under a repository of a source row and region (after a listing); an error text otherwise. */
  awsView(sourceId: string, region: string, repository: string): Promise<Array<{ tags: string[]; digest: string }> | string>;
}

/** Registers views and commands only: no Docker or network I/O until a view opens or a command runs. */
export function activate(context: vscode.ExtensionContext): ShorelineTestApi {
  const ctx = new ShorelineContext(context);
  const tree = new StackTreeProvider(ctx);
  const view = vscode.window.createTreeView('shoreline.stack', { treeDataProvider: tree, showCollapseAll: false });
  const connectTree = new ConnectTreeProvider(ctx);
  const connectView = vscode.window.createTreeView('shoreline.connect', { treeDataProvider: connectTree, showCollapseAll: true });
  const connectorDiagnostics = new ConnectorDiagnostics(ctx);
  const connectorForms = new ConnectorFormPanels(ctx, connectorDiagnostics);
  const kafkaClusters = new KafkaClusters(ctx);
  const kafkaTree = new KafkaTreeProvider(ctx, kafkaClusters);
  const kafkaView = vscode.window.createTreeView('shoreline.kafka', { treeDataProvider: kafkaTree, showCollapseAll: true });
  const dataTree = new DataTreeProvider(ctx);
  const dataView = vscode.window.createTreeView('shoreline.data', { treeDataProvider: dataTree, showCollapseAll: true });
  const awsTree = new AwsTreeProvider(ctx);
  const awsView = vscode.window.createTreeView('shoreline.aws', { treeDataProvider: awsTree, showCollapseAll: true });
  const policyDocuments = new PolicyDocuments();
  const deps = { connectTree, connectorDiagnostics, connectorForms, kafkaTree, dataTree, awsTree, policyDocuments };
  context.subscriptions.push(
    ctx, tree, view, connectTree, connectView, connectorDiagnostics, connectorForms, kafkaClusters, kafkaTree, kafkaView, dataTree, dataView, awsTree, awsView, policyDocuments,
    kafkaView.onDidChangeVisibility((e) => kafkaTree.setPolling(e.visible)),
    view.onDidChangeVisibility((e) => tree.setPolling(e.visible)),
    connectView.onDidChangeVisibility((e) => connectTree.setPolling(e.visible)),
    ctx.onDidChangeStack(() => { tree.refresh(); connectTree.refresh(); kafkaTree.refresh(); dataTree.refresh(); }),
    createStackStatusBar(tree),
    ...registerCommands(ctx, deps),
  );
  if (view.visible) tree.setPolling(true);
  if (connectView.visible) connectTree.setPolling(true);
  if (kafkaView.visible) kafkaTree.setPolling(true);
  return {
    commandIds: () => Object.keys(commandTable(ctx, deps)),
    connectView: async () => {
      const url = ctx.localConnectUrl();
      const [worker] = await connectTree.getChildren();
      if (worker) await connectTree.getChildren(worker);
      const seen = connectTree.last.get(url);
      return !seen ? 'not refreshed' : 'error' in seen ? seen.error : seen.connectors;
    },
    kafkaView: async () => {
      const root = (await kafkaTree.getChildren()).find((n) => n.kind === 'cluster' && n.cluster.id === 'local');
      if (root) await kafkaTree.getChildren(root);
      const seen = kafkaTree.last.get('local');
      return !seen ? 'not refreshed' : 'error' in seen ? seen.error : seen.topics;
    },
    stackStatus: async () => { await tree.getChildren(); return tree.last; },
    awsView: async (sourceId, region, repository) => {
      const source = (await awsTree.loadSources()).find((s) => s.id === sourceId);
      if (!source) return `no AWS view row ${sourceId}`;
      const repo = (await awsTree.getChildren({ kind: 'region', source, region })).find((n) => n.kind === 'repository' && n.repository.name === repository);
      if (!repo) { const seen = awsTree.last.get(`${sourceId}|${region}`); return seen && 'error' in seen ? seen.error : `no repository ${repository}`; }
      await awsTree.getChildren(repo);
      const seen = awsTree.last.get(`${sourceId}|${region}|${repository}`);
      return !seen ? 'not listed' : 'error' in seen ? seen.error : (seen as Array<{ tags: string[]; digest: string }>);
    },
    engineLoaded: () => require.cache[require.resolve(`${context.extensionPath}/dist/engine.js`)] !== undefined,
    authoringLoaded: () => require.cache[require.resolve(`${context.extensionPath}/dist/authoring.js`)] !== undefined,
  };
}

export function deactivate(): void {}
