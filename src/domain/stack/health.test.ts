import * as assert from 'node:assert/strict';
import { deriveHealth, summarize, type ServiceStatus } from './health';

describe('health', () => {
  const now = 1_000_000;
  const cases: Array<[string, Parameters<typeof deriveHealth>[0], boolean, string]> = [
    ['missing container', { exists: false, running: false }, false, 'missing'],
    ['exited container', { exists: true, running: false, exitCode: 137 }, false, 'stopped'],
    ['running and answering', { exists: true, running: true, startedAt: now - 1000 }, true, 'healthy'],
    ['running, not answering yet', { exists: true, running: true, startedAt: now - 5000 }, false, 'starting'],
    ['running, not answering past the grace time', { exists: true, running: true, startedAt: now - 120_000 }, false, 'unhealthy'],
  ];
  for (const [name, facts, ok, want] of cases) {
    it(name, () => assert.equal(deriveHealth(facts, ok, now, 60), want));
  }

  const st = (health: ServiceStatus['health']): ServiceStatus => ({ name: 'kafka', container: 'c', image: 'i', state: 'running', health, ports: {} });
  it('summarizes the stack for the status bar', () => {
    assert.deepEqual(summarize([st('healthy'), st('healthy')]), { word: 'healthy', healthy: 2, total: 2 });
    assert.equal(summarize([st('healthy'), st('unhealthy')]).word, 'unhealthy');
    assert.equal(summarize([st('healthy'), st('starting')]).word, 'starting');
    assert.equal(summarize([st('missing'), st('missing')]).word, 'missing');
    assert.equal(summarize([st('healthy'), st('stopped')]).word, 'partial');
  });
});
