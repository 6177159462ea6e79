import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, webviewHtml } from './webviewHtml';

const page = (nonce: string) => webviewHtml({
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce, element: 'connector-form', title: 'a <b> & "c"',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/webview/dist/connectorForm.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/webview/dist/connectorForm.css',
});

describe('webview HTML', () => {
  it('sets exactly the house CSP: nonce scripts, own styles and images, nothing else', () => {
    assert.equal(contentSecurityPolicy('SRC', 'N0nce'),
      "default-src 'none'; script-src 'nonce-N0nce'; style-src SRC 'nonce-N0nce'; img-src SRC data:; font-src SRC");
    const html = page('abc123');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(csp, contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123'));
    assert.doesNotMatch(html, /unsafe-(eval|inline)/);
  });

  it('has no inline script: one external script carrying the nonce, and the root element', () => {
    const html = page('abc123');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]?.[1] ?? '', / nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/webview\/dist\/connectorForm\.js"/);
    assert.equal(scripts[0]?.[2], '');
    assert.match(html, /<connector-form><\/connector-form>/);
    assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes');
    assert.match(html, /<title>a &#60;b&#62; &#38; &#34;c&#34;<\/title>/);
  });

  it('makes a fresh nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}$/);
  });

  it('refuses an element name that is not a custom element', () => {
    assert.throws(() => webviewHtml({ cspSource: 's', nonce: 'n', element: 'div', title: '', scriptUri: '', styleUri: '' }), /not a custom element name/);
  });
});
