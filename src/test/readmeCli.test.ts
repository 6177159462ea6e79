import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './ciImages';

describe('README CLI reference and screenshots', () => {
  it('the CLI reference is exactly `shoreline help` (npm run docs regenerates it)', function () {
    this.timeout(120_000);   // runs the CLI from its sources through tsx
    const r = spawnSync(process.execPath, ['scripts/readme-cli.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('references every screenshot npm run docs:screenshots keeps, and media/screenshots/ holds each', () => {
    const r = spawnSync(process.execPath, ['scripts/readme-screenshots.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
