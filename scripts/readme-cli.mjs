// Regenerates the CLI reference in README.md from the CLI's own help text (`shoreline help`, run from the sources
// with tsx so a stale dist/ cannot leak in), so the two cannot drift. `node scripts/readme-cli.mjs` rewrites the
// block; `--check` exits 1 when README.md is out of date.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- cli:start (generated from `shoreline help` by scripts/readme-cli.mjs) -->';
const END = '<!-- cli:end -->';

/** The help text as the CLI prints it. */
export function cliHelp() {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'help'], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SHORELINE_DEBUG: '' }, timeout: 120_000,
  });
}

export function cliBlock(help) {
  return ['```text', help.replace(/\s+$/, ''), '```'].join('\n');
}

export function withBlock(readme, block) {
  const a = readme.indexOf(START), b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, a + START.length)}\n${block}\n${readme.slice(b)}`;
}

const readme = readFileSync('README.md', 'utf8');
const next = withBlock(readme, cliBlock(cliHelp()));
if (process.argv.includes('--check')) {
  if (next !== readme) { console.error('README.md CLI reference is out of date: run node scripts/readme-cli.mjs (npm run docs)'); process.exit(1); }
} else if (next !== readme) {
  writeFileSync('README.md', next);
  console.log('README.md CLI reference updated');
}
