import * as vscode from 'vscode';
import { summarizeLayers, type LayerProgress } from '../../domain/ecr/pushProgress';
import type { EcrPushReport } from '../../services/aws/ecrPushFlow';
import { withProgress } from '../runCommand';

/**
 * Push wizard, step 5: runs the push in a cancellable progress notification with per-layer progress, logs each
 * layer change (never a token), then shows the image URI and digest with "Copy URI".
 */
export async function runPushWithProgress(
  title: string,
  log: (line: string) => void,
  push: (hooks: { onProgress: (line: string) => void; onLayer: (l: LayerProgress) => void; signal: AbortSignal }) => Promise<EcrPushReport>,
  opts: { quiet?: boolean } = {},
): Promise<EcrPushReport> {
  const report = await withProgress(title, (reportLine, signal) => {
    const layers = new Map<string, LayerProgress>();
    let lastShown = 0;
    return push({
      signal,
      onProgress: (line) => { log(line); if (!layers.size) reportLine(line); },
      onLayer: (l) => {
        layers.set(l.id, l);
        const now = Date.now();
        // byte progress comes many times a second; the notification shows at most ~5 updates per second
        if (l.state !== 'pushing' || now - lastShown > 200) { lastShown = now; reportLine(summarizeLayers(layers.values(), l)); }
      },
    });
  });
  const layersText = `${report.pushed.length} layer(s) pushed, ${report.skipped.length} already there${report.mounted.length ? `, ${report.mounted.length} mounted` : ''}`;
  log(`pushed ${report.imageUri} (${report.digest}); ${layersText}${report.pushedRef.startsWith(report.imageUri.split('/')[0]!) ? '' : `; local mode: ${report.pushedRef}`}`);
  const message = `Shoreline: pushed ${report.imageUri}\n${report.digest} · ${layersText}`;
  const show = vscode.window.showInformationMessage(message, 'Copy URI').then((pick) => {
    if (pick === 'Copy URI') return vscode.env.clipboard.writeText(report.imageUri);
    return undefined;
  });
  if (!opts.quiet) await show;
  return report;
}
