// `npm run docs:screenshots`: copies the README's screenshots, which the VS Code test tier takes and keeps in
// .cache/artifacts/ (SHORELINE_ARTIFACTS; see keepScreenshot in src/test/ui/uiContext.ts), to media/screenshots/.
// Fails naming every missing one (run `npm run test:vscode` first). `--check` only verifies that README.md references
// each screenshot and that media/screenshots/ holds it; neither mode touches anything else.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The README's screenshots: the artifact name the UI check keeps, and what it shows. */
export const SCREENSHOTS = [
  { name: 'stack-tree-healthy', shows: 'the Stack view with every service healthy (src/test/ui/stackView.ui.ts)' },
  { name: 'connector-form', shows: 'the connector form beside its file (src/test/ui/connectorForm.ui.ts)' },
  { name: 'message-viewer', shows: 'the message viewer with a row opened (src/test/ui/messageViewer.ui.ts)' },
  { name: 'data-viewer-table', shows: 'the data viewer on public.address, page 2 (src/test/ui/dataViewer.ui.ts)' },
  { name: 'data-viewer-parquet', shows: 'the data viewer on a Parquet object (src/test/ui/dataViewer.ui.ts)' },
  { name: 'ecr-wizard-tag', shows: 'the pushed tag in the AWS view after the wizard (src/test/ui/ecrWizard.ui.ts)' },
  { name: 'data-connection', shows: 'a user-added PostgreSQL connection browsed in the Data view (src/test/ui/dataConnections.ui.ts)' },
  { name: 'data-viewer-document', shows: 'a MongoDB document as a collapsible JSON tree (src/test/ui/dataViewer.ui.ts)' },
  { name: 'data-viewer-big-page', shows: 'a 5,000-row page in the virtualised grid (src/test/ui/dataViewer.ui.ts)' },
];

const from = resolve(process.env.SHORELINE_ARTIFACTS ?? '.cache/artifacts');
const to = resolve('media/screenshots');
const file = (dir, s) => join(dir, `${s.name}.png`);

if (process.argv.includes('--check')) {
  const readme = readFileSync('README.md', 'utf8');
  const problems = SCREENSHOTS.flatMap((s) => [
    ...(readme.includes(`media/screenshots/${s.name}.png`) ? [] : [`README.md does not reference media/screenshots/${s.name}.png`]),
    ...(existsSync(file(to, s)) ? [] : [`media/screenshots/${s.name}.png is missing`]),
  ]);
  if (problems.length) { console.error(`${problems.join('\n')}\nrun npm run test:vscode, then npm run docs:screenshots`); process.exit(1); }
  process.exit(0);
}

const missing = SCREENSHOTS.filter((s) => !existsSync(file(from, s)));
if (missing.length) {
  console.error(`missing in ${from}: ${missing.map((s) => `${s.name}.png (${s.shows})`).join(', ')} — run npm run test:vscode first`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const s of SCREENSHOTS) {
  copyFileSync(file(from, s), file(to, s));
  const st = statSync(file(from, s));
  console.log(`media/screenshots/${s.name}.png  ${Math.round(st.size / 1024)} KB, taken ${st.mtime.toISOString()}`);
}
