import * as assert from 'node:assert/strict';
import { checkFlags, parseArgs } from './args';

describe('cli args', () => {
  it('parses commands, boolean flags and value flags', () => {
    assert.deepEqual(parseArgs(['up', '--services', 'kafka,postgres', '--wait', '--json']), { command: ['up'], flags: { services: 'kafka,postgres', wait: true, json: true } });
    assert.deepEqual(parseArgs(['logs', 'kafka', '--tail=5']), { command: ['logs', 'kafka'], flags: { tail: '5' } });
  });
  it('takes values for the connector flags', () => {
    assert.deepEqual(parseArgs(['connector', 'restart', 'a', '--task', '0', '--connect-url', 'http://h:8083', '--only-failed']),
      { command: ['connector', 'restart', 'a'], flags: { task: '0', 'connect-url': 'http://h:8083', 'only-failed': true } });
  });
  it('says what a value flag needs', () => {
    assert.throws(() => parseArgs(['up', '--services']), /--services needs a value/);
  });
  it('rejects unknown flags naming the accepted ones', () => {
    assert.throws(() => checkFlags('down', { volume: true }, ['volumes']), (e: Error & { fix: string }) => /unknown option --volume$/.test(e.message) && e.fix.includes('--volumes'));
  });
});
