import * as assert from 'node:assert/strict';
import { mapValidation } from '../../services/connect/connectRest';
import * as fx from '../../test/fixtures/connectRest';
import { parseConnectorFile } from './connectorFile';
import { OTHER_KEYS_GROUP, buildFormModel, currentWorkerIssues, groupTitle, type ConnectorFormModel, type FormField } from './connectorFormModel';
import type { WorkerValidation } from './connectorModel';
import { mergeReports, validateOffline } from './connectorValidator';

const PG = 'io.debezium.connector.postgresql.PostgresConnector';

/** The fixture's config: what the worker validated (database.port "abc", plugin.name "bogus", no name). */
const BAD_PORT = {
  'connector.class': PG, 'database.hostname': 'postgres', 'database.port': 'abc', 'plugin.name': 'bogus', 'topic.prefix': 'pagila',
  'database.password': 's3cret', 'tombstones.on.delete': 'false',
  transforms: 'unwrap,route', 'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState', 'transforms.unwrap.delete.tombstone.handling.mode': 'drop',
  'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter', 'transforms.route.regex': '(.*)', 'transforms.route.replacement': 'x_$1',
  'databse.user': 'postgres',
};

function fileOf(config: Record<string, string>, wrapped = false) {
  const text = JSON.stringify(wrapped ? { name: 'pg-source', config } : config, null, 2);
  return parseConnectorFile(text, 'pg-source.connector.json');
}

/** What the connector form panel does: offline report merged with the worker's current errors. */
function model(config: Record<string, string>, worker?: WorkerValidation, validated = config): ConnectorFormModel {
  const file = fileOf(config);
  const offline = validateOffline(file);
  const report = worker ? mergeReports(offline, { valid: true, errors: currentWorkerIssues(file, worker, validated), warnings: [] }) : offline;
  return buildFormModel({ file, report, ...(worker ? { worker } : { offlineReason: 'Kafka Connect is not reachable at http://127.0.0.1:8083' }) });
}

const field = (m: ConnectorFormModel, key: string): FormField | undefined => m.groups.flatMap((g) => g.fields).find((f) => f.key === key);

describe('connector form model', () => {
  const worker = mapValidation(fx.validatePostgresBadPort);

  it('groups the worker\'s definitions in the worker\'s order, with readable group names', () => {
    const m = model(BAD_PORT, worker);
    assert.equal(m.definitions, 'worker');
    assert.equal(m.offlineReason, undefined);
    assert.deepEqual(m.groups.map((g) => g.name), ['Common', 'Connection', 'Connector', 'Connection advanced replication', OTHER_KEYS_GROUP]);
    assert.deepEqual(m.groups[1]?.fields.map((f) => f.key), ['database.hostname', 'database.port']);
  });

  it('gives each field its label, documentation, default, required marker, control and the file\'s value', () => {
    const m = model(BAD_PORT, worker);
    assert.deepEqual(field(m, 'database.hostname'), {
      key: 'database.hostname', label: 'Hostname', help: 'Resolvable hostname or IP address of the database server.', type: 'string', control: 'text',
      required: false, importance: 'high', value: 'postgres', options: [], issues: [],
    });
    const name = field(m, 'name');
    assert.equal(name?.label, 'Connector name');
    assert.equal(name?.required, true);
    const plugin = field(m, 'plugin.name');
    assert.equal(plugin?.control, 'select');
    assert.deepEqual(plugin?.options, ['decoderbufs', 'pgoutput']);
    assert.equal(plugin?.defaultValue, 'decoderbufs');
    assert.equal(field(m, 'database.port')?.defaultValue, '5432');
  });

  it('puts the worker\'s and the offline validator\'s errors under their field (a repeated worker error once) and counts them', () => {
    const m = model(BAD_PORT, worker);
    const port = field(m, 'database.port')!;
    assert.deepEqual(port.issues.map((i) => [i.source, i.severity]), [['shoreline', 'error'], ['worker', 'error']]);
    assert.match(port.issues[0]!.message, /"abc"/);
    assert.equal(port.issues[1]!.message, 'The \'database.port\' value is invalid: An integer is expected');
    assert.deepEqual(field(m, 'plugin.name')!.issues.filter((i) => i.source === 'worker').map((i) => i.message), ['The \'plugin.name\' value is invalid: Value must be one of decoderbufs, pgoutput']);
    assert.ok(m.counts.errors >= 4, `errors counted: ${m.counts.errors}`);
    assert.equal(m.counts.errors, m.groups.flatMap((g) => g.fields).flatMap((f) => f.issues).filter((i) => i.severity === 'error').length + m.fileIssues.filter((i) => i.severity === 'error').length);
  });

  it('keys no definition covers land in "Other keys in this file", a misspelt one with its finding', () => {
    const m = model(BAD_PORT, worker);
    const other = m.groups.find((g) => g.name === OTHER_KEYS_GROUP)!;
    assert.ok(other.fields.some((f) => f.key === 'databse.user' && f.issues.some((i) => /database\.user/.test(i.message))));
    assert.ok(other.fields.some((f) => f.key === 'transforms.unwrap.delete.tombstone.handling.mode'));
    // the offline catalog still describes what it knows
    const pw = other.fields.find((f) => f.key === 'database.password')!;
    assert.equal(pw.control, 'password');
    const tomb = other.fields.find((f) => f.key === 'tombstones.on.delete')!;
    assert.equal(tomb.control, 'checkbox');
    assert.equal(tomb.value, 'false');
  });

  it('drops a worker error once the key\'s value changed since that validation', () => {
    const edited = { ...BAD_PORT, 'database.port': '5432' };
    const m = model(edited, worker, BAD_PORT);
    assert.deepEqual(field(m, 'database.port')!.issues, []);
    assert.equal(field(m, 'plugin.name')!.issues.filter((i) => i.source === 'worker').length, 1, 'unchanged keys keep theirs');
  });

  it('hides definitions the worker marks invisible unless the file sets them', () => {
    const hidden: WorkerValidation = { ...worker, definitions: worker.definitions.map((d) => (d.name === 'topic.prefix' || d.name === 'plugin.name' ? { ...d, visible: false } : d)) };
    const m = model({ ...BAD_PORT, 'plugin.name': 'pgoutput' }, hidden);
    assert.equal(field(m, 'plugin.name')?.value, 'pgoutput');
    assert.ok(m.groups.find((g) => g.name === 'Connection advanced replication'));
    const bare = fileOf({ 'connector.class': PG });
    const none = buildFormModel({ file: bare, report: { valid: true, errors: [], warnings: [] }, worker: hidden });
    assert.equal(none.groups.find((g) => g.name === 'Connection advanced replication'), undefined, 'hidden, unset, no findings');
    const withFinding = buildFormModel({ file: bare, report: validateOffline(bare), worker: hidden });
    assert.ok(field(withFinding, 'topic.prefix')?.issues.length, 'hidden but missing and required: its finding keeps it');
  });

  it('falls back to the offline catalog: framework keys, then the connector\'s own, with the reason', () => {
    const m = model(BAD_PORT);
    assert.equal(m.definitions, 'offline');
    assert.equal(m.offlineReason, 'Kafka Connect is not reachable at http://127.0.0.1:8083');
    assert.equal(m.groups[0]?.name, 'Common');
    assert.equal(m.groups[1]?.name, 'PostgreSQL source (Debezium)');
    const host = field(m, 'database.hostname')!;
    assert.equal(host.label, 'database.hostname');
    assert.equal(host.value, 'postgres');
    assert.equal(host.required, true);
    assert.match(host.help, /Database host/);
    assert.equal(field(m, 'database.password')?.control, 'password');
    assert.equal(field(m, 'decimal.handling.mode')?.control, 'select');
    assert.deepEqual(field(m, 'decimal.handling.mode')?.options, ['precise', 'double', 'string']);
    assert.equal(field(m, 'tasks.max')?.defaultValue, '1');
    assert.ok(field(m, 'database.port')!.issues.some((i) => i.severity === 'error'));
    // transform settings are described by the SMT catalog, grouped per alias
    const unwrap = m.groups.find((g) => g.name === 'Transforms: unwrap')!;
    assert.deepEqual(unwrap.fields.map((f) => f.key), ['transforms.unwrap.type', 'transforms.unwrap.delete.tombstone.handling.mode']);
    assert.equal(unwrap.fields[1]?.control, 'select');
    assert.equal(unwrap.fields[1]?.defaultValue, 'tombstone');
    assert.ok(m.groups.find((g) => g.name === OTHER_KEYS_GROUP)?.fields.some((f) => f.key === 'databse.user'));
  });

  it('offline without a known class: the framework keys and the file\'s keys', () => {
    const m = buildFormModel({ file: fileOf({ 'connector.class': 'com.example.Unknown', foo: 'bar' }), report: { valid: true, errors: [], warnings: [] } });
    assert.deepEqual(m.groups.map((g) => g.name), ['Common', OTHER_KEYS_GROUP]);
    assert.equal(m.offlineReason, 'no Kafka Connect worker was asked');
    assert.equal(buildFormModel({ file: fileOf({}), report: { valid: true, errors: [], warnings: [] } }).offlineReason, 'the file sets no connector.class');
  });

  it('lists the SMT chain in order with each step\'s settings', () => {
    const m = model(BAD_PORT, worker);
    assert.deepEqual(m.smt.map((s) => [s.alias, s.type]), [['unwrap', 'io.debezium.transforms.ExtractNewRecordState'], ['route', 'org.apache.kafka.connect.transforms.RegexRouter']]);
    assert.deepEqual(m.smt[1]?.settings, [{ key: 'regex', value: '(.*)' }, { key: 'replacement', value: 'x_$1' }]);
  });

  it('shows a wrapped file\'s top-level name as the "name" field and file-level findings apart', () => {
    const file = parseConnectorFile('{"name": "pg", "config": {"connector.class": "' + PG + '",}}', 'pg.connector.json');
    const m = buildFormModel({ file, report: validateOffline(file), worker });
    assert.equal(field(m, 'name')?.value, 'pg');
    assert.ok(m.fileIssues.some((i) => i.field === '' && /Trailing comma/.test(i.message)));
  });

  it('names Debezium\'s enum-style groups readably and leaves others alone', () => {
    assert.equal(groupTitle('CONNECTION_ADVANCED_SSL'), 'Connection advanced SSL');
    assert.equal(groupTitle('Error Handling'), 'Error Handling');
    assert.equal(groupTitle(null), 'Other');
  });
});
