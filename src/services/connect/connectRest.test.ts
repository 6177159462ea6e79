import * as assert from 'node:assert/strict';
import * as fx from '../../test/fixtures/connectRest';
import { httpError, mapConnectorList, mapStatus, mapValidation, mapWorkerInfo, trimWorkerMessage } from './connectRest';

describe('Kafka Connect REST mapping', () => {
  it('maps a validate response onto WorkerValidation: camelCase fields, errors per key without repeats', () => {
    const v = mapValidation(fx.validatePostgresBadPort);
    assert.equal(v.connectorClass, 'io.debezium.connector.postgresql.PostgresConnector');
    assert.deepEqual(v.definitions.map((d) => d.name), ['name', 'connector.class', 'database.hostname', 'database.port', 'topic.prefix', 'plugin.name']);
    const port = v.definitions.find((d) => d.name === 'database.port')!;
    assert.deepEqual(port.errors, ["The 'database.port' value is invalid: An integer is expected"]);
    assert.equal(port.type, 'INT');
    assert.equal(port.defaultValue, '5432');
    assert.equal(port.displayName, 'Port');
    const plugin = v.definitions.find((d) => d.name === 'plugin.name')!;
    assert.deepEqual(plugin.recommendedValues, ['decoderbufs', 'pgoutput']);
    assert.equal(plugin.group, 'CONNECTION_ADVANCED_REPLICATION');
    assert.equal(v.errorCount, 3, 'name + database.port (once) + plugin.name');
    assert.deepEqual(v.definitions.filter((d) => d.errors.length).map((d) => d.name), ['name', 'database.port', 'plugin.name']);
  });

  it('maps status: states, worker ids, traces, tasks in id order', () => {
    const s = mapStatus(fx.statusTaskFailed);
    assert.equal(s.type, 'source');
    assert.equal(s.connector.state, 'RUNNING');
    assert.equal(s.connector.trace, undefined);
    assert.equal(s.tasks[0]!.state, 'FAILED');
    assert.match(s.tasks[0]!.trace!, /password authentication failed/);
    const shuffled = mapStatus({ ...fx.restartAccepted, tasks: [{ id: 2, state: 'RUNNING', worker_id: 'w' }, { id: 0, state: 'WEIRD', worker_id: 'w' }] });
    assert.deepEqual(shuffled.tasks.map((t) => [t.id, t.state]), [[0, 'UNASSIGNED'], [2, 'RUNNING']]);
  });

  it('maps the expanded connector list and worker info', () => {
    const l = mapConnectorList(fx.connectorList);
    assert.equal(l.length, 1);
    assert.equal(l[0]!.name, 'dbz-probe');
    assert.equal(l[0]!.config['topic.prefix'], 'probe');
    assert.equal(l[0]!.status!.tasks[0]!.state, 'RUNNING');
    assert.deepEqual(mapWorkerInfo(fx.workerInfo), { version: '4.3.1', commit: '26b251a451ce941d', kafkaClusterId: 'bxO8Y5KRTl0CdPW5xUAv2A' });
  });

  it('turns error bodies into ShorelineErrors with the worker message, the connector and a fix', () => {
    const ctx = (connector?: string) => ({ method: 'PUT', path: '/connectors/x/config', url: 'http://h/connectors/x/config', connector });
    const bad = httpError(ctx('dbz-bad'), 400, fx.applyBadPassword);
    assert.equal(bad.code, 'connect.invalidConfig');
    assert.match(bad.message, /connector "dbz-bad".*password authentication failed/);
    assert.doesNotMatch(bad.message, /You can also find/);
    assert.match(bad.fix, /shoreline connector validate/);
    const missing = httpError({ ...ctx('nope'), method: 'GET', path: '/connectors/nope/status' }, 404, fx.statusNotFound);
    assert.equal(missing.code, 'connect.notFound');
    assert.match(missing.message, /No status found for connector nope/);
    const notStopped = httpError(ctx('dbz-probe'), 400, fx.resetWhileRunning);
    assert.equal(notStopped.code, 'connect.notStopped');
    assert.match(notStopped.fix, /shoreline connector stop dbz-probe/);
    const unknown = httpError(ctx(), 500, fx.validateUnknownClass);
    assert.equal(unknown.code, 'connect.unknownPlugin');
    assert.match(unknown.message, /"io\.nope\.Foo"/);
    assert.match(unknown.fix, /shoreline plugins/);
    assert.equal(httpError(ctx('x'), 503, 'Service Unavailable').message.endsWith('Service Unavailable'), true);
  });

  it('keeps worker messages short', () => {
    assert.equal(trimWorkerMessage('a\n\nb\nc\nd'), 'a b c');
    assert.equal(trimWorkerMessage('x'.repeat(1000)).length, 400);
  });
});
