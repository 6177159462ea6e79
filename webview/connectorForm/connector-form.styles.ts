import { css } from 'lit';

/** Styles of <connector-form>: VS Code's theme variables only, so every theme (and high contrast) applies. */
export const connectorFormStyles = css`
  :host { display: block; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0 8px 0 0; display: inline; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 16px 0 6px; }
  .cls, .key, code { font-family: var(--vscode-editor-font-family); font-size: 0.92em; color: var(--vscode-descriptionForeground); }
  .actions { display: flex; gap: 6px; }
  .status { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; color: var(--vscode-descriptionForeground); }
  .summary.has-errors { color: var(--vscode-errorForeground); font-weight: 600; }
  .summary.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  .source.offline { color: var(--vscode-editorWarning-foreground); }
  .banner { padding: 6px 8px; margin: 8px 0; border-left: 3px solid var(--vscode-focusBorder); background: var(--vscode-textBlockQuote-background); }
  .banner.error { border-left-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin: 12px 0 8px; }
  .toolbar vscode-textfield { min-width: 260px; }
  vscode-collapsible { margin-bottom: 6px; }
  .fields { padding: 4px 12px 8px; }
  .field { padding: 8px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  .field:last-child { border-bottom: none; }
  .field.invalid { border-left: 2px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); padding-left: 8px; }
  .label-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; margin-bottom: 4px; }
  .label-row vscode-label { padding: 0; font-weight: 600; }
  .field vscode-textfield, .field vscode-single-select { width: 100%; max-width: 640px; }
  .help { color: var(--vscode-descriptionForeground); margin: 4px 0 0; max-width: 760px; white-space: pre-line; }
  .issue { margin-top: 4px; white-space: pre-line; }
  .issue.error { color: var(--vscode-errorForeground); }
  .issue.warning { color: var(--vscode-editorWarning-foreground); }
  .issue.info { color: var(--vscode-editorInfo-foreground); }
  .issue .origin { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  .saving { color: var(--vscode-descriptionForeground); font-style: italic; }
  button.link { background: none; border: none; padding: 0; cursor: pointer; color: var(--vscode-textLink-foreground); font: inherit; }
  button.link:hover { text-decoration: underline; }
  button.link:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  button.link.key { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
  .pipeline { list-style: none; margin: 0; padding: 0; }
  .step { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-radius: 3px; padding: 6px 10px; max-width: 760px; }
  .step + .step { margin-top: 18px; position: relative; }
  .step + .step::before { content: '\\2193'; position: absolute; top: -18px; left: 18px; color: var(--vscode-descriptionForeground); }
  .step-head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
  .step-n { color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); border-radius: 8px; padding: 0 6px; font-size: 0.85em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
  dt { font-family: var(--vscode-editor-font-family); color: var(--vscode-descriptionForeground); }
  dd { margin: 0; font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; }
  .empty { color: var(--vscode-descriptionForeground); font-style: italic; }
`;
