import * as assert from 'node:assert/strict';
import { mapStatus } from '../services/connect/connectRest';
import * as fx from '../test/fixtures/connectRest';
import { reportText, restartText, statusText, traceHeadline } from './connectorOutput';

describe('connector CLI output', () => {
  it('shows the root cause of a Java trace', () => {
    assert.equal(traceHeadline(fx.statusTaskFailed.tasks[0]!.trace!), 'org.postgresql.util.PSQLException: FATAL: password authentication failed for user "shoreline_cdc"');
    assert.equal(traceHeadline('java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)'), 'java.lang.IllegalStateException: boom');
  });

  it('prints states with the failing task\'s cause', () => {
    const text = statusText(mapStatus(fx.statusTaskFailed));
    assert.match(text, /^pagila-bad-pw \(source\)  connector RUNNING/);
    assert.match(text, /task 0  FAILED  on connect:8083\n    org\.postgresql\.util\.PSQLException: FATAL: password authentication failed/);
  });

  it('says which instances a restart touches', () => {
    const status = mapStatus({ ...fx.restartAccepted, connector: { state: 'RUNNING', worker_id: 'connect:8083' } });
    assert.equal(restartText({ name: 'dbz-probe', accepted: true, status }, { includeTasks: true, onlyFailed: true }),
      'dbz-probe: restart of failed instances accepted — restarting: task 0; left as they are: connector RUNNING');
    assert.equal(restartText({ name: 'x', accepted: false }, { includeTasks: false, onlyFailed: false }), 'x: connector restarted');
  });

  it('prints issues as file:line:column, sorted by line', () => {
    const text = reportText('a.connector.json', {
      valid: false,
      errors: [{ field: 'database.port', message: 'An integer is expected', severity: 'error', line: 6, column: 5, rule: 'worker' }],
      warnings: [{ field: 'auto-evolve', message: 'unknown key', severity: 'warning', line: 3, column: 5, rule: 'key.unknown', suggestion: 'auto.evolve' }],
    });
    assert.equal(text, [
      'a.connector.json:3:5  warning  auto-evolve: unknown key (did you mean "auto.evolve"?)  [key.unknown]',
      'a.connector.json:6:5  error    database.port: An integer is expected  [worker]',
      'invalid: 1 error(s), 1 warning(s)',
    ].join('\n'));
  });
});
