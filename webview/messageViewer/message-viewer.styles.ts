import { css } from 'lit';

/** Styles of <message-viewer>: VS Code's theme variables only. */
export const messageViewerStyles = css`
  :host { display: block; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0; }
  .muted, .status { color: var(--vscode-descriptionForeground); }
  .status.error { color: var(--vscode-errorForeground); }
  .detail .error { color: var(--vscode-errorForeground); }
  .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
  .bar vscode-textfield { width: 150px; }
  .bar vscode-textfield.wide { width: 280px; }
  .banner { padding: 6px 8px; margin: 8px 0; border-left: 3px solid var(--vscode-focusBorder); background: var(--vscode-textBlockQuote-background); }
  .banner.error { border-left-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
  .counts { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 4px 0; }
  svg.timeline { width: 100%; height: 40px; display: block; }
  svg.timeline rect { fill: var(--vscode-charts-blue, var(--vscode-focusBorder)); }
  .main { display: flex; gap: 12px; align-items: flex-start; }
  .table-wrap { flex: 3; overflow: auto; max-height: 70vh; }
  table { border-collapse: collapse; width: 100%; font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
  th { text-align: left; position: sticky; top: 0; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border); padding: 2px 6px; }
  td { padding: 2px 6px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 480px; }
  tr.row { cursor: pointer; }
  tr.row:hover { background: var(--vscode-list-hoverBackground); }
  tr.row.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
  tr.tombstone td.value { font-style: italic; color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); }
  .op { display: inline-block; min-width: 1.4em; text-align: center; border-radius: 3px; padding: 0 4px; margin-right: 4px; font-weight: 600; }
  .op-c, .op-r { background: var(--vscode-diffEditor-insertedTextBackground); }
  .op-u { background: var(--vscode-editorInfo-background, var(--vscode-textBlockQuote-background)); }
  .op-d, .op-tomb { background: var(--vscode-diffEditor-removedTextBackground); }
  .detail { flex: 2; min-width: 280px; max-height: 70vh; overflow: auto; border-left: 1px solid var(--vscode-panel-border); padding-left: 12px; }
  .detail h2 { font-size: 1.05em; margin: 4px 0; }
  .detail h3 { font-size: 1em; margin: 10px 0 4px; }
  pre { margin: 0; padding: 6px; background: var(--vscode-textCodeBlock-background); white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family); }
  .pair { display: flex; gap: 8px; }
  .pair > div { flex: 1; min-width: 0; }
`;
