/**
 * The one HTML page every Shoreline webview gets (STYLE.md §3): a strict CSP with a fresh nonce, the panel's bundled
 * script and stylesheet, and its custom element. No inline script, no `unsafe-eval`, no `unsafe-inline`. Pure, so the
 * policy is unit-tested; {@link ../webviews/panelHost} fills in the URIs.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  /** `webview.cspSource`: the origin the panel's own files are served from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The panel's root custom element, e.g. `connector-form`. */
  element: string;
  title: string;
}

/** A fresh nonce for one render (128 bits from the OS's CSPRNG, base64 without padding). */
export function createNonce(): string {
  return randomBytes(16).toString('base64').replace(/=+$/, '');
}

/** The Content-Security-Policy of a page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function webviewHtml(p: WebviewPage): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(p.element)) throw new Error(`"${p.element}" is not a custom element name`);
  const nonce = escapeHtml(p.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(p.styleUri)}">
</head>
<body>
<${p.element}></${p.element}>
<script nonce="${nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}
