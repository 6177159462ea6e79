import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import type { ConfigIssue, ConnectorFile, ValidationReport } from '../../domain/connect/connectorModel';
import { authoring } from '../../commands/authoringBundle';
import { errorMessage } from '../../domain/errors';

/** Files Shoreline treats as connector configs. */
export function isConnectorDocument(doc: vscode.TextDocument): boolean {
  const f = doc.uri.path.toLowerCase();
  return f.endsWith('.connector.json') || f.endsWith('.connector.properties');
}

export function parseDocument(doc: vscode.TextDocument): ConnectorFile {
  const name = path.basename(doc.uri.path);
  return doc.uri.path.toLowerCase().endsWith('.properties') ? authoring().parseConnectorProperties(doc.getText(), name) : authoring().parseConnectorFile(doc.getText(), name);
}

const SEVERITY: Record<ConfigIssue['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information,
};

/**
 * Problems-panel diagnostics for connector files: the offline validator as you type (debounced), plus the worker's
 * own validate endpoint on save when the stack's Connect worker answers.
 */
export class ConnectorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('shoreline-connectors');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly ctx: ShorelineContext) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidSaveTextDocument((d) => { if (isConnectorDocument(d)) void this.validate(d, true); }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, ms: number): void {
    if (!isConnectorDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); void this.validate(doc, false); }, ms));
  }

  /** The offline validator's report on a document (the workspace's other connector files taken into account). */
  offlineReport(doc: vscode.TextDocument, file: ConnectorFile = parseDocument(doc)): ValidationReport {
    return authoring().validateOffline(file, { otherConnectors: this.otherConnectorFiles(doc) });
  }

  /** Shows a report in the Problems panel (e.g. one the connector form built with the worker's findings). */
  publish(doc: vscode.TextDocument, report: ValidationReport): void {
    this.collection.set(doc.uri, [...report.errors, ...report.warnings].map((i) => toDiagnostic(doc, i)));
  }

  /** Validates a document, publishes the diagnostics and returns the report. `online` adds the worker's checks. */
  async validate(doc: vscode.TextDocument, online: boolean): Promise<ValidationReport> {
    const file = parseDocument(doc);
    let report = this.offlineReport(doc, file);
    if (online && file.config['connector.class']) {
      try {
        // the worker must see the stack's values, not ${shoreline:…} references (unknown ones are left for it to flag)
        const { resolveStackReferences, stackValuesFor, workerIssues, mergeReports } = authoring();
        const config = resolveStackReferences(file.config, stackValuesFor(this.ctx.config())).config;
        const v = await this.ctx.connect(this.ctx.localConnectUrl()).validate(file.config['connector.class'], config);
        const issues = workerIssues(file, v);
        report = mergeReports(report, { valid: issues.length === 0, errors: issues, warnings: [] });
      } catch (e) {
        this.ctx.log.debug(`worker validation of ${doc.uri.fsPath} skipped: ${errorMessage(e)}`);
      }
    }
    this.publish(doc, report);
    return report;
  }

  private otherConnectorFiles(doc: vscode.TextDocument): ConnectorFile[] {
    return vscode.workspace.textDocuments.filter((d) => d !== doc && isConnectorDocument(d)).map((d) => parseDocument(d));
  }

  dispose(): void { for (const t of this.timers.values()) clearTimeout(t); for (const d of this.disposables) d.dispose(); }
}

function toDiagnostic(doc: vscode.TextDocument, issue: ConfigIssue): vscode.Diagnostic {
  let range: vscode.Range;
  if (issue.line !== undefined) {
    const line = doc.lineAt(Math.min(Math.max(issue.line - 1, 0), doc.lineCount - 1));
    const start = Math.max((issue.column ?? 1) - 1, 0);
    // underline the key: from its opening quote to the closing one when the line has it
    const text = line.text;
    const end = text[start] === '"' ? text.indexOf('"', start + 1) + 1 || text.length : text.length;
    range = new vscode.Range(line.lineNumber, Math.min(start, text.length), line.lineNumber, Math.max(end, Math.min(start + 1, text.length)));
  } else {
    range = new vscode.Range(0, 0, 0, doc.lineAt(0).text.length);
  }
  const d = new vscode.Diagnostic(range, issue.field ? `${issue.field}: ${issue.message}` : issue.message, SEVERITY[issue.severity]);
  d.source = issue.rule === 'worker' ? 'Kafka Connect worker' : 'Shoreline';
  d.code = issue.rule;
  return d;
}
