import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SmtPreviewResult } from '../domain/connect/smtPreview';
import type { SmtRecord } from '../domain/connect/smtRecord';
import { authoring } from './authoringBundle';
import { ShorelineError } from '../domain/errors';
import { isConnectorDocument, parseDocument } from '../views/connect/connectorDiagnostics';
import type { ShorelineContext } from './shorelineContext';

/** The sample id that stands for "the JSON in the clipboard". */
export const CLIPBOARD_SAMPLE = 'clipboard';

const SCHEME = 'shoreline-smt-preview';

/** Read-only documents holding rendered previews, keyed by URI. */
class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string { return this.contents.get(uri.toString()) ?? ''; }
  set(uri: vscode.Uri, content: string): void { this.contents.set(uri.toString(), content); this.changed.fire(uri); }
  dispose(): void { this.changed.dispose(); this.contents.clear(); }
}

/** The connector file to preview: the one passed (explorer or editor menu, tests), else the active editor's. */
async function connectorDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !isConnectorDocument(doc)) {
    throw new ShorelineError('connect.noFile', 'No connector file is open', 'open a *.connector.json or *.connector.properties file, then run "Preview SMT Chain…" again');
  }
  return doc;
}

type SamplePick = vscode.QuickPickItem & { id: string };

async function pickSample(defaultId: string): Promise<string | undefined> {
  const items: SamplePick[] = [...authoring().SMT_SAMPLES]
    .sort((a, b) => Number(b.id === defaultId) - Number(a.id === defaultId))
    .map((s) => ({ id: s.id, label: s.title, description: s.id === defaultId ? `${s.id} (default for this connector)` : s.id, detail: s.description }));
  items.push({ id: CLIPBOARD_SAMPLE, label: '$(clippy) Use the JSON in the clipboard', detail: 'A record {"topic", "key", "value", "headers", …}, a JsonConverter {"schema", "payload"} envelope, or any JSON value' });
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Sample record to run through the SMT chain', matchOnDetail: true }))?.id;
}

/** The SMT chain preview: runs a connector file's transforms on a sample record and shows each step. */
export function smtPreviewCommands(ctx: ShorelineContext) {
  let documents: PreviewDocuments | undefined;
  const docs = (): PreviewDocuments => {
    if (!documents) {
      documents = new PreviewDocuments();
      ctx.extension.subscriptions.push(documents, vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents));
    }
    return documents;
  };
  return {
    /** `uri`: the connector file (default: the active editor); `sampleId`: a sample id or "clipboard" (default: ask). */
    'shoreline.connector.previewSmt': async (uri?: vscode.Uri, sampleId?: string): Promise<SmtPreviewResult | undefined> => {
      const doc = await connectorDocument(uri);
      const file = parseDocument(doc);
      const { defaultSampleId, findSample, parseSampleText, previewChain, previewMarkdown, sampleForConnector, SMT_SAMPLES } = authoring();
      const id = sampleId ?? await pickSample(defaultSampleId(file.config));
      if (id === undefined) return undefined;
      let sample: SmtRecord;
      let label: string;
      if (id === CLIPBOARD_SAMPLE) {
        const text = await vscode.env.clipboard.readText();
        if (!text.trim()) throw new ShorelineError('smt.emptyClipboard', 'The clipboard is empty', 'copy a record or value as JSON (e.g. from a consumer), then run "Preview SMT Chain…" again');
        sample = parseSampleText(text, sampleForConnector(findSample('pagila-address')!.record, file.config).topic, 'The clipboard');
        label = 'the JSON in the clipboard';
      } else {
        const s = findSample(id);
        if (!s) throw new ShorelineError('smt.unknownSample', `There is no sample "${id}"`, `use one of ${SMT_SAMPLES.map((x) => x.id).join(', ')}, or "${CLIPBOARD_SAMPLE}"`);
        sample = sampleForConnector(s.record, file.config);
        label = `${s.title} (\`${s.id}\`)`;
      }
      const result = previewChain(file.config, sample);
      ctx.log.info(`SMT preview of ${file.name} with ${id}: ${result.outcome} — ${result.summary}`);
      const target = vscode.Uri.from({ scheme: SCHEME, path: `/${path.basename(doc.uri.path)}.smt-preview.md` });
      docs().set(target, previewMarkdown(result, { connectorName: file.name, sample: label }));
      const shown = await vscode.workspace.openTextDocument(target);
      await vscode.window.showTextDocument(shown, { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
      return result;
    },
  };
}
