import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PipelineReport } from '../domain/connect/pipelineReport';
import { authoring } from './authoringBundle';
import { ShorelineError } from '../domain/errors';
import { requireTrust, withProgress } from './runCommand';
import type { ShorelineContext } from './shorelineContext';

/** A pipeline folder: the explorer selection (the folder or its pipeline.json), a path, or one picked from the workspace. */
async function pipelineDir(arg: vscode.Uri | string | undefined): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return path.basename(arg.fsPath) === 'pipeline.json' ? path.dirname(arg.fsPath) : arg.fsPath;
  const found = await vscode.workspace.findFiles('**/pipeline.json', '**/node_modules/**', 50);
  if (!found.length) {
    throw new ShorelineError('pipeline.none', 'No pipeline.json in this workspace',
      'a pipeline is a folder with a pipeline.json, its connector files and SQL; see docker/pipelines/pagila-datalake in the Shoreline repository');
  }
  const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(path.dirname(u.fsPath)), dir: path.dirname(u.fsPath) })), { placeHolder: 'Pipeline to run' });
  return pick?.dir;
}

/** "Run Pipeline": the same engine as `shoreline pipeline run`, with the report in a document. */
export function pipelineCommands(ctx: ShorelineContext) {
  return {
    'shoreline.pipeline.run': async (arg?: vscode.Uri | string, keep?: boolean): Promise<PipelineReport | undefined> => {
      requireTrust('apply connectors or run SQL from workspace files');
      const dir = await pipelineDir(arg);
      if (!dir) return undefined;
      const engine = ctx.engine();
      const pipeline = engine.loadPipelineDir(dir);
      const stack = await ctx.getStack();
      const cfg = ctx.config();
      const env = engine.stackPipelineEnvironment(cfg, {
        hostAddress: stack.spec.hostAddress, connectUrl: ctx.localConnectUrl(), timeoutMs: 30_000,
        clientId: `shoreline-pipeline-${pipeline.manifest.name}`, progress: (line) => ctx.log.info(`pipeline: ${line}`),
      });
      const check = engine.checkPipelineConnectors(pipeline, env.variables);
      if (check.errors.length) {
        await env.close();
        throw new ShorelineError('pipeline.connectorInvalid', `${pipeline.manifest.name}: ${check.errors.length} error(s) in its connector files; first: ${check.errors[0]}`,
          'fix the connector files (their problems show in the Problems panel when opened)', check.errors.join('\n'));
      }
      const report = await withProgress(`Shoreline: pipeline ${pipeline.manifest.name}`, async (progress) => {
        env.progress = (line) => { ctx.log.info(`pipeline: ${line}`); progress(line); };
        try { return await engine.runPipeline(pipeline, env, { keep: keep === true }); } finally { await env.close(); }
      });
      const text = authoring().pipelineReportText(report, vscode.workspace.asRelativePath(dir));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }), { preview: true });
      const sum = report.summary;
      const msg = `Shoreline: pipeline ${report.pipeline} ${report.passed ? 'passed' : 'FAILED'} — ${sum.passed} assertion(s) passed, ${sum.failed} failed, ${sum.stepsFailed} step(s) failed`;
      if (report.passed) void vscode.window.showInformationMessage(msg); else void vscode.window.showErrorMessage(msg, 'Show Logs').then((p) => { if (p) ctx.output.show(true); });
      return report;
    },
  };
}
