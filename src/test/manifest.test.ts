import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './ciImages';

interface Step { id: string; description: string; media: { markdown: string }; completionEvents: string[] }
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; walkthroughs: Array<{ steps: Step[] }> };
};

describe('package.json walkthrough', () => {
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  const steps = pkg.contributes.walkthroughs.flatMap((w) => w.steps);

  it('completes each step on a real command Shoreline contributes, the one its button runs', () => {
    assert.ok(steps.length >= 5);
    for (const s of steps) {
      const events = s.completionEvents.map((e) => e.replace(/^onCommand:/, ''));
      for (const c of events) assert.ok(commands.has(c), `${s.id}: ${c} is not a contributed command`);
      const button = /\(command:([\w.]+)\)/.exec(s.description)?.[1];
      assert.ok(button && events.includes(button), `${s.id}: its button runs ${button}, which does not complete it`);
    }
  });

  it('ships the markdown each step shows', () => {
    for (const s of steps) assert.ok(fs.existsSync(path.join(REPO_ROOT, s.media.markdown)), `${s.media.markdown} missing`);
  });
});
