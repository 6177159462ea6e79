import * as vscode from 'vscode';
import type { AwsSource } from '../../domain/ecr/awsSources';
import { lintRepositoryPolicy, type PolicyFinding } from '../../domain/ecr/policyLint';

/** Which repository an opened policy document belongs to, and where it was read from (to save it back there). */
export interface PolicyOrigin { ownerAccountId: string; repository: string; source?: AwsSource; region?: string }

/** Where a finding points: the first line that names its action or principal, else the statement's Sid, else line 1. */
export function findingRange(doc: vscode.TextDocument, f: PolicyFinding): vscode.Range {
  const needles = [f.action, f.principal, f.statement?.replace(/^"|"$/g, '')].filter((n): n is string => !!n && !n.startsWith('#'));
  for (const needle of needles) {
    const at = doc.getText().indexOf(`"${needle}"`);
    if (at >= 0) { const p = doc.positionAt(at); return new vscode.Range(p, p.translate(0, needle.length + 2)); }
  }
  return doc.lineAt(0).range;
}

/**
 * Repository policies opened from the AWS view: an untitled JSON editor per policy, with the policy linter's findings
 * as diagnostics, re-linted as the text changes.
 */
export class PolicyDocuments implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('shoreline-ecr-policy');
  /** open documents → the account that owns the repository, and which repository */
  private readonly open = new Map<string, PolicyOrigin>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => { if (this.open.has(e.document.uri.toString())) this.lint(e.document); }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (this.open.delete(d.uri.toString())) this.diagnostics.delete(d.uri); }),
    );
  }

  /** Opens the policy text; returns the document and the findings shown on it. */
  async show(text: string, ownerAccountId: string, repository: string, where: Pick<PolicyOrigin, 'source' | 'region'> = {}): Promise<{ document: vscode.TextDocument; findings: PolicyFinding[] }> {
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'json' });
    this.open.set(document.uri.toString(), { ownerAccountId, repository, ...where });
    const findings = this.lint(document);
    await vscode.window.showTextDocument(document, { preview: false });
    return { document, findings };
  }

  /** The repository a document opened by show() belongs to. */
  repositoryOf(document: vscode.TextDocument): PolicyOrigin | undefined {
    return this.open.get(document.uri.toString());
  }

  lint(document: vscode.TextDocument): PolicyFinding[] {
    const meta = this.open.get(document.uri.toString());
    const findings = lintRepositoryPolicy(document.getText(), meta ? { ownerAccountId: meta.ownerAccountId } : {});
    const S = vscode.DiagnosticSeverity;
    this.diagnostics.set(document.uri, findings.map((f) => {
      const d = new vscode.Diagnostic(findingRange(document, f), `${f.message}\nfix: ${f.fix}`, f.severity === 'error' ? S.Error : f.severity === 'warning' ? S.Warning : S.Information);
      d.source = 'shoreline ecr policy';
      d.code = f.code;
      return d;
    }));
    return findings;
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
