import * as vscode from 'vscode';
import { wrapCommand } from './runCommand';
import type { ShorelineContext } from './shorelineContext';
import { stackCommands } from './stackCommands';
import { connectCommands } from './connectCommands';
import { pipelineCommands } from './pipelineCommands';
import { connectorFormCommands } from './connectorFormCommands';
import { smtPreviewCommands } from './smtPreviewCommands';
import { kafkaCommands } from './kafkaCommands';
import { dataCommands } from './dataCommands';
import { awsCommands } from './awsCommands';
import type { ConnectTreeProvider } from '../views/connect/connectTree';
import type { ConnectorDiagnostics } from '../views/connect/connectorDiagnostics';
import type { KafkaTreeProvider } from '../views/kafka/kafkaTree';
import type { DataTreeProvider } from '../views/data/dataTree';
import type { AwsTreeProvider } from '../views/aws/awsTree';
import type { PolicyDocuments } from '../views/aws/policyDocuments';
import type { ConnectorFormPanels } from '../webviews/connectorForm/connectorFormPanel';

/** What commands act on besides the context: the views and the diagnostics they refresh. */
export interface CommandDeps { connectTree: ConnectTreeProvider; connectorDiagnostics: ConnectorDiagnostics; connectorForms: ConnectorFormPanels; kafkaTree: KafkaTreeProvider; dataTree: DataTreeProvider; awsTree: AwsTreeProvider; policyDocuments: PolicyDocuments }

/** Every command Shoreline registers; a test checks this equals `contributes.commands`. */
export function commandTable(ctx: ShorelineContext, deps: CommandDeps): Record<string, (...args: never[]) => unknown> {
  return { ...stackCommands(ctx), ...connectCommands(ctx, deps.connectTree, deps.connectorDiagnostics), ...connectorFormCommands(deps.connectorForms), ...smtPreviewCommands(ctx), ...pipelineCommands(ctx), ...kafkaCommands(ctx, deps.kafkaTree), ...dataCommands(ctx, deps.dataTree), ...awsCommands(ctx, deps.awsTree, deps.policyDocuments) };
}

export function registerCommands(ctx: ShorelineContext, deps: CommandDeps): vscode.Disposable[] {
  return Object.entries(commandTable(ctx, deps)).map(([id, fn]) =>
    vscode.commands.registerCommand(id, wrapCommand(ctx, id, fn as (...a: unknown[]) => unknown)));
}
