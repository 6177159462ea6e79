import { css } from 'lit';

/** Styles of <data-viewer>: VS Code's theme variables only. */
export const dataViewerStyles = css`
  :host { display: block; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0; }
  .muted, .status { color: var(--vscode-descriptionForeground); }
  .status.error { color: var(--vscode-errorForeground); }
  .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
  .bar vscode-textfield.wide { width: min(640px, 90%); }
  #page-size { width: 140px; }
  vscode-textarea { width: 100%; font-family: var(--vscode-editor-font-family); }
  .banner { padding: 6px 8px; margin: 8px 0; border-left: 3px solid var(--vscode-focusBorder); background: var(--vscode-textBlockQuote-background); }
  .banner.error { border-left-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
  .main { display: flex; gap: 12px; align-items: flex-start; }
  .keyword { font-family: var(--vscode-editor-font-family); color: var(--vscode-descriptionForeground); }
  /* the virtualised grid: one scroll container, fixed column widths (set per page), fixed row height (tr.row) */
  .table-wrap { flex: 3; min-width: 0; overflow: auto; max-height: 70vh; outline: none; }
  .table-wrap:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  table { border-collapse: collapse; table-layout: fixed; font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
  th { text-align: left; position: sticky; top: 0; z-index: 1; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border); padding: 2px 6px; vertical-align: bottom; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  th.sortable { cursor: pointer; }
  th.sortable:hover { background: var(--vscode-list-hoverBackground); }
  th .type { display: block; font-weight: normal; font-size: 0.85em; color: var(--vscode-descriptionForeground); }
  th .key { color: var(--vscode-charts-yellow, var(--vscode-focusBorder)); }
  td { padding: 0 6px; height: 22px; box-sizing: border-box; line-height: 21px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  tr.pad td { padding: 0; border: 0; }
  td.num { color: var(--vscode-descriptionForeground); text-align: right; }
  tr.row { cursor: pointer; height: 22px; }
  tr.row:hover { background: var(--vscode-list-hoverBackground); }
  tr.row.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
  .detail { flex: 2; min-width: 260px; max-height: 70vh; overflow: auto; border-left: 1px solid var(--vscode-panel-border); padding-left: 12px; }
  .detail h2 { font-size: 1.05em; margin: 4px 0; }
  pre { margin: 0; padding: 6px; background: var(--vscode-textCodeBlock-background); white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family); }
`;
