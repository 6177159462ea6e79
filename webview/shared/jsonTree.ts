/**
 * A JSON value as a collapsible tree: objects and arrays are <details> elements (the first levels open), leaves are
 * one line each. The text reads as JSON (`"key": value,`), so a search or a copy of the text finds what the JSON has;
 * a closed node shows how many keys or items it holds. No inline styles (the webview's CSP allows none): the classes
 * below are styled by {@link jsonTreeStyles}.
 */
import { css, html, nothing, type TemplateResult } from 'lit';

export const jsonTreeStyles = css`
  .json-tree { font-family: var(--vscode-editor-font-family); font-size: 0.92em; padding: 6px; background: var(--vscode-textCodeBlock-background); overflow-wrap: anywhere; }
  .json-tree details > summary { cursor: pointer; list-style: none; }
  .json-tree details > summary::-webkit-details-marker { display: none; }
  .json-tree details > summary::before { content: '▸'; display: inline-block; width: 1em; color: var(--vscode-descriptionForeground); }
  .json-tree details[open] > summary::before { content: '▾'; }
  .json-tree details[open] > summary .jc { display: none; }
  .json-tree .jb { padding-left: 1.2em; border-left: 1px solid var(--vscode-editorIndentGuide-background, transparent); margin-left: 0.35em; }
  .json-tree .jl { padding-left: 1em; }
  .json-tree .jb > .jl, .json-tree .jb > details { padding-left: 0; }
  .json-tree details > .jl { padding-left: 1em; }
  .json-tree .jk { color: var(--vscode-symbolIcon-propertyForeground, var(--vscode-foreground)); }
  .json-tree .jc { color: var(--vscode-descriptionForeground); }
  .json-tree .js { color: var(--vscode-debugTokenExpression-string, var(--vscode-foreground)); }
  .json-tree .jn { color: var(--vscode-debugTokenExpression-number, var(--vscode-foreground)); }
  .json-tree .jo { color: var(--vscode-debugTokenExpression-boolean, var(--vscode-foreground)); }
`;

const leafClass = (v: unknown): string => (typeof v === 'string' ? 'js' : typeof v === 'number' ? 'jn' : 'jo');

function entry(key: string | undefined, value: unknown, last: boolean, depth: number, openDepth: number): TemplateResult {
  const k = key === undefined ? nothing : html`<span class="jk">${JSON.stringify(key)}</span>: `;
  const comma = last ? '' : ',';
  if (value !== null && typeof value === 'object') {
    const array = Array.isArray(value);
    const items: Array<[string | undefined, unknown]> = array ? (value as unknown[]).map((x) => [undefined, x]) : Object.entries(value as Record<string, unknown>);
    const [open, close] = array ? ['[', ']'] : ['{', '}'];
    if (!items.length) return html`<div class="jl">${k}${open}${close}${comma}</div>`;
    const count = `${items.length} ${array ? (items.length === 1 ? 'item' : 'items') : items.length === 1 ? 'key' : 'keys'}`;
    return html`<details ?open=${depth < openDepth}><summary>${k}${open}<span class="jc"> ${count} ${close}${comma}</span></summary>
      <div class="jb">${items.map(([ik, iv], i) => entry(ik, iv, i === items.length - 1, depth + 1, openDepth))}</div><div class="jl">${close}${comma}</div></details>`;
  }
  return html`<div class="jl">${k}<span class=${leafClass(value)}>${JSON.stringify(value) ?? 'null'}</span>${comma}</div>`;
}

/** The tree of `value`; objects and arrays nested deeper than `openDepth` start closed. */
export function jsonTree(value: unknown, opts: { id?: string; openDepth?: number } = {}): TemplateResult {
  return html`<div class="json-tree" id=${opts.id ?? nothing}>${entry(undefined, value, true, 0, opts.openDepth ?? 2)}</div>`;
}

/** Opens (or closes) every node of the trees under `root`. */
export function setJsonTreeOpen(root: ParentNode, open: boolean): void {
  root.querySelectorAll<HTMLDetailsElement>('.json-tree details').forEach((d) => { d.open = open; });
}
