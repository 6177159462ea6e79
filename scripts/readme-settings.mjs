// Regenerates the settings table in README.md from package.json (contributes.configuration), so the two cannot
// drift. `node scripts/readme-settings.mjs` rewrites the table; `--check` exits 1 when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- settings:start (generated from package.json by scripts/readme-settings.mjs) -->';
const END = '<!-- settings:end -->';

export function settingsTable(pkg) {
  const props = pkg.contributes.configuration.properties;
  const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
  const dflt = (v) => (v === undefined ? '' : typeof v === 'string' ? (v === '' ? 'empty' : `\`${v}\``) : `\`${JSON.stringify(v)}\``);
  const rows = Object.entries(props).map(([k, v]) => `| \`${k}\` | ${cell(dflt(v.default))} | ${cell(v.markdownDescription ?? v.description ?? '')} |`);
  return ['| setting | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function withTable(readme, table) {
  const a = readme.indexOf(START), b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, a + START.length)}\n${table}\n${readme.slice(b)}`;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const next = withTable(readme, settingsTable(pkg));
if (process.argv.includes('--check')) {
  if (next !== readme) { console.error('README.md settings table is out of date: run node scripts/readme-settings.mjs'); process.exit(1); }
} else if (next !== readme) {
  writeFileSync('README.md', next);
  console.log('README.md settings table updated');
}
