import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './ciImages';

describe('README', () => {
  it('documents exactly the settings package.json contributes (npm run docs regenerates the table)', () => {
    const r = spawnSync(process.execPath, ['scripts/readme-settings.mjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
