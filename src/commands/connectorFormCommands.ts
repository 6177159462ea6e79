import * as vscode from 'vscode';
import type { ConnectorFormPanels } from '../webviews/connectorForm/connectorFormPanel';
import type { ConnectorFormSnapshot } from '../webviews/connectorForm/protocol';
import { connectorDocument } from './connectCommands';

/** The connector form webview. */
export function connectorFormCommands(forms: ConnectorFormPanels) {
  return {
    /** Opens the form beside the file's editor; returns the form's snapshot (what the page shows), which tests read. */
    'shoreline.connector.openForm': async (uri?: vscode.Uri): Promise<ConnectorFormSnapshot> => {
      const doc = await connectorDocument(uri);
      // from the explorer: show the file too, so the JSON editor and the form sit side by side
      if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === doc.uri.toString())) await vscode.window.showTextDocument(doc);
      return forms.open(doc);
    },
  };
}
