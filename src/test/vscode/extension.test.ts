import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShorelineTestApi } from '../../extension';
import type { ConnectorFormSnapshot } from '../../webviews/connectorForm/protocol';
import type { MessageViewerSnapshot } from '../../webviews/messageViewer/protocol';

const EXT_ID = 'shoreline-dev.shoreline';

function extension(): vscode.Extension<ShorelineTestApi> {
  const ext = vscode.extensions.getExtension<ShorelineTestApi>(EXT_ID);
  assert.ok(ext, `${EXT_ID} is installed`);
  return ext;
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('Shoreline in a real VS Code extension host', () => {
  let api: ShorelineTestApi;

  it('activates without loading the Docker engine or the connector authoring bundle', async () => {
    const t0 = performance.now();
    api = await extension().activate();
    const ms = Math.round(performance.now() - t0);
    if (process.env.SHORELINE_ACTIVATION_FILE) fs.writeFileSync(process.env.SHORELINE_ACTIVATION_FILE, JSON.stringify({ ms }));
    assert.equal(api.engineLoaded(), false, 'dist/engine.js must load lazily');
    assert.equal(api.authoringLoaded(), false, 'dist/authoring.js must load lazily');
  });

  it('registers exactly the commands package.json contributes', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...api.commandIds()].sort(), declared);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('"Start Stack" turns every service healthy', async function () {
    this.timeout(400_000);
    const ok = await vscode.commands.executeCommand<boolean>('shoreline.stack.up');
    assert.equal(ok, true, 'stack.up reported failure; see the Shoreline output');
    const statuses = await api.stackStatus();
    assert.deepEqual(statuses.map((s) => `${s.name}:${s.health}`), ['kafka:healthy', 'connect:healthy', 'postgres:healthy', 'mongo:healthy', 'localstack:healthy']);
    assert.equal(api.engineLoaded(), true);
  });

  it('the CLI sees the stack VS Code started', async function () {
    this.timeout(60_000);
    const cfg = vscode.workspace.getConfiguration('shoreline');
    const out = await new Promise<string>((resolve, reject) => {
      execFile('node', [path.join(extension().extensionPath, 'dist', 'cli.js'), 'status', '--json'], {
        env: { ...process.env, SHORELINE_PROJECT: cfg.get<string>('project')!, SHORELINE_PORT_KAFKA: String(cfg.get('ports.kafka')), SHORELINE_PORT_CONNECT: String(cfg.get('ports.connect')),
          SHORELINE_PORT_POSTGRES: String(cfg.get('ports.postgres')), SHORELINE_PORT_MONGO: String(cfg.get('ports.mongo')), SHORELINE_PORT_LOCALSTACK: String(cfg.get('ports.localstack')),
          SHORELINE_POSTGRES_PASSWORD: cfg.get<string>('postgres.password')!,
          SHORELINE_IMAGE_KAFKA: cfg.get<string>('images.kafka')!, SHORELINE_IMAGE_CONNECT: cfg.get<string>('images.connect')!, SHORELINE_IMAGE_POSTGRES: cfg.get<string>('images.postgres')!,
          SHORELINE_IMAGE_MONGO: cfg.get<string>('images.mongo')!, SHORELINE_IMAGE_LOCALSTACK: cfg.get<string>('images.localstack')!, SHORELINE_AWS_HEALTH_PATH: cfg.get<string>('aws.healthPath')! },
      }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    const st = JSON.parse(out) as { services: Array<{ name: string; health: string }> };
    assert.deepEqual(st.services.map((s) => s.health), ['healthy', 'healthy', 'healthy', 'healthy', 'healthy']);
  });

  it('copies a connection string for a service', async () => {
    const value = await vscode.commands.executeCommand<string>('shoreline.service.copyConnectionString', { kind: 'service', status: { name: 'mongo' } });
    assert.match(value, /^mongodb:\/\/127\.0\.0\.1:\d+\/\?directConnection=true$/);
    assert.equal(await vscode.env.clipboard.readText(), value);
  });

  it('a connector file gets diagnostics as you type: a misspelt key is reported on its line', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const file = path.join(dir, 'broken.connector.json');
    fs.writeFileSync(file, '{\n  "name": "broken",\n  "config": {\n    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",\n    "topic.prefix": "pagila",\n    "database.hostsname": "postgres"\n  }\n}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.message.includes('database.hostsname'));
      return d.length ? d : undefined;
    }, 15_000, 'a diagnostic on database.hostsname');
    assert.equal(diags[0]!.range.start.line, 5, 'the diagnostic sits on the key\'s line');
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0]!.message, /database\.hostname/, 'it suggests the right key');
  });

  it('the JSON editor completes a connector\'s own keys from the generated schema', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const file = path.join(dir, 'complete.connector.json');
    fs.writeFileSync(file, '{\n  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",\n  ""\n}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const labels = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 3));
      const l = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, ''));
      return l.includes('database.hostname') ? l : undefined;
    }, 45_000, 'database.hostname among the completions');
    assert.ok(labels.includes('slot.name'), 'Debezium PostgreSQL keys are offered');
    assert.ok(!labels.includes('s3.bucket.name'), 'keys of other connectors are not');
  });

  it('a template applied from its file runs on the stack\'s worker and shows RUNNING in the Connect view', async function () {
    this.timeout(180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const written = await vscode.commands.executeCommand<string>('shoreline.connector.newFromTemplate', 'debezium-postgres-pagila', dir);
    assert.ok(written && fs.existsSync(written), `template file written: ${written}`);
    const draft = JSON.parse(fs.readFileSync(written, 'utf8')) as { name: string; config: Record<string, string> };
    assert.equal(draft.config['database.hostname'], 'postgres', 'templates use the container name inside the stack network');
    const r = await vscode.commands.executeCommand<{ name: string; created: boolean }>('shoreline.connector.apply', vscode.Uri.file(written));
    assert.equal(r?.name, draft.name);
    const running = await waitFor(async () => {
      const v = await api.connectView();
      if (typeof v === 'string') return undefined;
      const c = v.find((x) => x.name === draft.name);
      return c && c.connector.state === 'RUNNING' && c.tasks.length > 0 && c.tasks.every((t) => t.state === 'RUNNING') ? c : undefined;
    }, 120_000, `${draft.name} RUNNING with its tasks`);
    assert.equal(running.type, 'source');
    const deleted = await vscode.commands.executeCommand<boolean>('shoreline.connector.delete', { kind: 'connector', worker: { label: 'local', url: `http://127.0.0.1:${vscode.workspace.getConfiguration('shoreline').get('ports.connect')}`, local: true }, status: running }, draft.name);
    assert.equal(deleted, true);
  });

  it('the connector form shows the worker\'s definitions with the file\'s values and follows edits of the file', async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const written = await vscode.commands.executeCommand<string>('shoreline.connector.newFromTemplate', 'debezium-postgres-pagila', dir);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(written));
    const snap = await vscode.commands.executeCommand<ConnectorFormSnapshot>('shoreline.connector.openForm', editor.document.uri);
    assert.ok(snap, 'the command returns the form\'s snapshot');
    assert.equal(snap.model.definitions, 'worker', `definitions offline: ${snap.model.offlineReason}`);
    const fieldOf = (s: ConnectorFormSnapshot, key: string) => s.model.groups.flatMap((g) => g.fields.map((f) => ({ group: g.name, ...f }))).find((f) => f.key === key);
    const host = fieldOf(snap, 'database.hostname');
    assert.equal(host?.value, 'postgres', 'the value from the file');
    assert.equal(host?.label, 'Hostname', 'the worker\'s display name');
    assert.equal(host?.group, 'Connection');
    assert.equal(fieldOf(snap, 'database.password')?.control, 'password');
    assert.deepEqual(host?.issues, []);
    // typing in the JSON editor reaches the form: a broken port shows up as an error on its field
    const text = editor.document.getText();
    const at = text.indexOf('"5432"');
    assert.ok(at > 0, 'the template sets database.port');
    const we = new vscode.WorkspaceEdit();
    we.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 6)), '"abc"');
    assert.equal(await vscode.workspace.applyEdit(we), true);
    const broken = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<ConnectorFormSnapshot>('shoreline.connector.openForm', editor.document.uri);
      const port = fieldOf(s, 'database.port');
      return port?.value === 'abc' && port.issues.some((i) => i.severity === 'error' && i.source === 'worker') ? s : undefined;
    }, 30_000, 'database.port "abc" with the worker\'s error in the form');
    assert.ok(broken.model.counts.errors >= 1);
    assert.ok(broken.version > snap.version, 'a newer snapshot of the document');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Preview SMT Chain…" runs the seed JDBC source #2 chain on a sample: the key becomes 105', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const file = path.join(dir, 'jdbc_source_connector_postgresql_01.connector.json');
    fs.writeFileSync(file, JSON.stringify({
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', 'topic.prefix': 'pagila.public.alt.', mode: 'timestamp', 'table.whitelist': 'address',
      transforms: 'createKey,extractInt,InsertTopic,InsertSourceDetails',
      'transforms.createKey.type': 'org.apache.kafka.connect.transforms.ValueToKey', 'transforms.createKey.fields': 'address_id',
      'transforms.extractInt.type': 'org.apache.kafka.connect.transforms.ExtractField$Key', 'transforms.extractInt.field': 'address_id',
      'transforms.InsertTopic.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.InsertTopic.topic.field': 'message_topic',
      'transforms.InsertSourceDetails.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.InsertSourceDetails.static.field': 'message_source', 'transforms.InsertSourceDetails.static.value': 'pagila',
    }, null, 2));
    type Preview = { outcome: string; steps: Array<{ alias: string; status: string }>; output: { key: unknown; value: Record<string, unknown> } | null };
    const r = await vscode.commands.executeCommand<Preview>('shoreline.connector.previewSmt', vscode.Uri.file(file), 'pagila-address');
    assert.ok(r, 'the command returns the preview result');
    assert.equal(r.outcome, 'delivered');
    assert.deepEqual(r.steps.map((s) => `${s.alias}:${s.status}`), ['createKey:applied', 'extractInt:applied', 'InsertTopic:applied', 'InsertSourceDetails:applied']);
    assert.equal(r.output?.key, 105);
    assert.equal(r.output?.value.message_topic, 'pagila.public.alt.address');
    assert.equal(r.output?.value.message_source, 'pagila');
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'shoreline-smt-preview');
    assert.ok(shown, 'a read-only preview document is open');
    assert.match(shown.getText(), /createKey \(ValueToKey\) → extractInt \(ExtractField\$Key\)/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Kafka view lists a topic created through "Create Topic" with explicit arguments', async function () {
    this.timeout(120_000);
    const name = `shoreline-vscode-topic-${process.pid}`;
    const created = await vscode.commands.executeCommand<string>('shoreline.kafka.createTopic', { clusterId: 'local' }, { name, partitions: 2, replicationFactor: 1 });
    assert.equal(created, name, 'createTopic reported failure; see the Shoreline output');
    const topic = await waitFor(async () => {
      const v = await api.kafkaView();
      return typeof v === 'string' ? undefined : v.find((t) => t.name === name);
    }, 60_000, `${name} in the Kafka view`);
    assert.deepEqual([topic.partitions.length, topic.replicationFactor, topic.messages], [2, 1, 0]);
    const sent = await vscode.commands.executeCommand<{ sent: number }>('shoreline.kafka.produce', { clusterId: 'local', topic: name }, { key: 'k1', value: '{"n":1}' });
    assert.equal(sent?.sent, 1);
    const deleted = await vscode.commands.executeCommand<boolean>('shoreline.kafka.deleteTopic', { clusterId: 'local', topic: name }, name);
    assert.equal(deleted, true);
  });

  it('the Data view lists Pagila\'s public tables, and the columns of address, under PostgreSQL (stack)', async function () {
    this.timeout(120_000);
    type Labels = string[] | undefined;
    const dbs = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgServer' });
    assert.ok(dbs?.includes('pagila'), `databases: ${dbs?.join(', ')}`);
    const schemas = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgDatabase', database: 'pagila' });
    assert.ok(schemas?.includes('public'), `schemas: ${schemas?.join(', ')}`);
    const tables = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgSchema', database: 'pagila', schema: 'public' });
    for (const t of ['actor', 'address', 'city', 'country', 'customer', 'film', 'payment', 'rental', 'store']) assert.ok(tables?.includes(t), `${t} in ${tables?.join(', ')}`);
    const columns = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgRelation', database: 'pagila', schema: 'public', relation: 'address' });
    assert.deepEqual(columns?.slice(0, 8), ['address_id', 'address', 'address2', 'district', 'city_id', 'postal_code', 'phone', 'last_update']);
  });

  it('a user-added PostgreSQL connection: password in SecretStorage only, browsed as its own user, a wrong password named, removed', async function () {
    this.timeout(180_000);
    type Labels = string[] | undefined;
    const cfg = () => vscode.workspace.getConfiguration('shoreline');
    const port = cfg().get<number>('ports.postgres');
    const role = `shoreline_vscode_${process.pid}`;
    const password = `pw-${Math.random().toString(36).slice(2)}-${process.pid}`;
    const name = 'analytics-vscode';
    let removed = false;
    const sql = (statement: string, database = 'postgres', connection?: string) =>
      vscode.commands.executeCommand<{ rows: Array<Record<string, unknown>> }>('shoreline.data.runSql', { sql: statement, database, ...(connection ? { connection } : {}) });
    await sql(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await sql(`CREATE DATABASE ${role} OWNER ${role}`);
    try {
      const added = await vscode.commands.executeCommand<string>('shoreline.data.addConnection', { name, type: 'postgres', url: `postgres://${role}@127.0.0.1:${port}/${role}`, password });
      assert.equal(added, name);
      const entries = cfg().inspect<unknown[]>('data.connections')?.globalValue ?? [];
      assert.deepEqual(entries, [{ name, type: 'postgres', url: `postgres://${role}@127.0.0.1:${port}/${role}` }]);
      assert.ok(!JSON.stringify(cfg().inspect('data.connections')).includes(password), 'the password is not in the setting (the connection works below: it came from SecretStorage)');
      const roots = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh');
      assert.deepEqual(roots, ['PostgreSQL (stack)', name, 'MongoDB (stack)', 'S3 (stack emulator)']);
      const dbs = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgServer', conn: name });
      assert.ok(dbs?.includes(role), `databases of ${name}: ${dbs?.join(', ')}`);
      assert.deepEqual((await sql('select current_user as u', role, name)).rows, [{ u: role }]);
      await sql('create table visits (id int primary key, page text); insert into visits values (1, \'/\'), (2, \'/orders\')', role, name);
      const tables = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgSchema', conn: name, database: role, schema: 'public' });
      assert.deepEqual(tables, ['visits']);
      const viewer = await vscode.commands.executeCommand<{ status: string; grid?: { cells: string[][] }; error?: string }>('shoreline.data.openInViewer',
        { kind: 'pgRelation', conn: name, database: role, schema: 'public', relation: 'visits' });
      assert.equal(viewer?.status, 'ready', viewer?.error);
      assert.deepEqual(viewer?.grid?.cells, [['1', '/'], ['2', '/orders']]);
      // a wrong password: the tree says why and how to fix it, and never shows the password
      assert.equal(await vscode.commands.executeCommand<boolean>('shoreline.data.setConnectionPassword', { conn: name }, 'not-the-password'), true);
      const refused = await vscode.commands.executeCommand<Labels>('shoreline.data.refresh', { kind: 'pgServer', conn: name });
      assert.match(refused?.[0] ?? '', /PostgreSQL connection "analytics-vscode" .*password authentication failed/);
      assert.equal(refused?.[1], 'Set the password');
      assert.ok(!JSON.stringify(refused).includes('not-the-password'));
    } finally {
      // cleans up without asserting, so a failure above is the one reported
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      removed = await vscode.commands.executeCommand<boolean>('shoreline.data.removeConnection', { conn: name }, true).then((r) => r, () => false);
      await sql(`DROP DATABASE IF EXISTS ${role}`).then(undefined, () => undefined);
      await sql(`DROP ROLE IF EXISTS ${role}`).then(undefined, () => undefined);
    }
    assert.equal(removed, true, 'Remove Data Connection removed the entry');
    assert.deepEqual(cfg().inspect<unknown[]>('data.connections')?.globalValue ?? [], []);
    assert.ok(!(await vscode.commands.executeCommand<Labels>('shoreline.data.refresh'))?.includes(name));
  });

  it('"Run Pipeline" runs the films-outbox example end to end and reports every assertion passed', async function () {
    this.timeout(240_000);
    const report = await vscode.commands.executeCommand<{ passed: boolean; summary: { passed: number; failed: number }; assertions: Array<{ id: string; status: string; observed?: unknown }> }>(
      'shoreline.pipeline.run', path.join(extension().extensionPath, 'docker', 'pipelines', 'films-outbox'));
    assert.ok(report, 'the command returned a report');
    assert.equal(report.summary.failed, 0, JSON.stringify(report.assertions.filter((a) => a.status !== 'pass')));
    assert.ok(report.summary.passed > 0);
    assert.equal(report.passed, true);
  });

  it('"Read Messages" opens the message viewer: 250 messages in pages of at most 100, a filter narrows them on the host', async function () {
    this.timeout(180_000);
    type ViewerResult = { snapshot: MessageViewerSnapshot; exported?: { path: string; count: number } };
    const name = `shoreline-vscode-viewer-${process.pid}`;
    const target = { clusterId: 'local', topic: name };
    assert.equal(await vscode.commands.executeCommand<string>('shoreline.kafka.createTopic', { clusterId: 'local' }, { name, partitions: 3, replicationFactor: 1 }), name);
    try {
      // a fresh topic's partitions need their leaders before a send lands
      await waitFor(async () => {
        const v = await api.kafkaView();
        return typeof v === 'string' ? undefined : v.find((t) => t.name === name && t.partitions.length === 3);
      }, 60_000, `${name} with 3 partitions in the Kafka view`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
      const input = path.join(dir, 'viewer.jsonl');
      fs.writeFileSync(input, Array.from({ length: 250 }, (_, i) => JSON.stringify({ key: `key-${i}`, value: { n: i }, headers: { seq: String(i) } })).join('\n') + '\n');
      const sent = await vscode.commands.executeCommand<{ sent: number; failed: number; errors: Array<{ message: string }> }>('shoreline.kafka.produceFromFile', target, vscode.Uri.file(input));
      assert.deepEqual([sent?.sent, sent?.failed], [250, 0], `produce: ${sent?.errors[0]?.message ?? 'no summary'}`);
      const all = await vscode.commands.executeCommand<ViewerResult>('shoreline.kafka.readMessages', target, { from: 'beginning' });
      const p = all.snapshot.page;
      assert.deepEqual([all.snapshot.status, p.total, p.filteredTotal, p.rows.length, p.pages], ['done', 250, 250, 100, 3]);
      assert.equal(p.partitions.reduce((n, c) => n + c.stored, 0), 250);
      assert.ok(p.rows.every((r) => /^key-\d+$/.test(r.key ?? '') && r.headers === 1 && r.kind === 'record'), 'rows carry key, headers count and kind');
      const csv = path.join(dir, 'filtered.csv');
      const narrowed = await vscode.commands.executeCommand<ViewerResult>('shoreline.kafka.readMessages', target,
        { from: 'beginning', query: { filter: { text: 'key-24', in: ['key'] } }, exportTo: { format: 'csv', path: csv } });
      assert.deepEqual([narrowed.snapshot.page.total, narrowed.snapshot.page.filteredTotal], [250, 11]);
      assert.deepEqual(narrowed.snapshot.page.rows.map((r) => r.key).sort(), ['key-24', ...Array.from({ length: 10 }, (_, i) => `key-24${i}`)].sort());
      assert.equal(narrowed.exported?.count, 11);
      assert.equal(fs.readFileSync(csv, 'utf8').trimEnd().split('\r\n').length, 12, 'a header and 11 rows');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand<boolean>('shoreline.kafka.deleteTopic', target, name);
    }
  });

  it('the AWS view shows a tag pushed by "Push Image to ECR" with explicit arguments in local mode (moto + registry)', async function () {
    this.timeout(240_000);
    // the VS Code tier's stack has no moto: this test runs its own emulator and registry, and removes them
    const run = `shoreline-test-awsview-${process.pid}`;
    const docker = (...args: string[]) => new Promise<string>((resolve, reject) =>
      execFile('docker', args, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout.trim()))));
    const ciTag = (name: string, fallback: string) => {
      const f = path.resolve(__dirname, '..', '..', '..', '.ci', 'images', name, 'tag');
      return fs.existsSync(f) ? `shoreline-ci/${name}:${fs.readFileSync(f, 'utf8').trim()}` : fallback;
    };
    const start = async (name: string, image: string, port: number) => {
      await docker('run', '-d', '--name', `${run}-${name}`, '--network', run, '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${run}`, '-p', `127.0.0.1::${port}`, image);
      await waitFor(async () => ((await docker('inspect', '-f', '{{.State.Health.Status}}', `${run}-${name}`)) === 'healthy' ? true : undefined), 60_000, `${name} healthy`);
      return Number((await docker('port', `${run}-${name}`, `${port}/tcp`)).split('\n')[0]!.split(':').pop());
    };
    const vendor = '111222333444';
    const cfg = () => vscode.workspace.getConfiguration('shoreline');
    const registryImage = ciTag('registry', 'shoreline-ci/registry:2.8.2');
    const localImage = `${run}/rake-app:1.1.0`;
    let registryPort = 0;
    // published ports need a user-defined network on some engines (the default bridge may publish none)
    await docker('network', 'create', '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${run}`, run);
    try {
      const [motoPort, regPort] = await Promise.all([start('moto', ciTag('moto', 'shoreline-ci/moto:5.2.5'), 4566), start('registry', registryImage, 5000)]);
      registryPort = regPort;
      await docker('tag', registryImage, localImage);
      await cfg().update('aws.ecrEndpoint', `http://127.0.0.1:${motoPort}`, vscode.ConfigurationTarget.Global);
      await cfg().update('aws.registryHost', `${vendor}=127.0.0.1:${regPort}`, vscode.ConfigurationTarget.Global);
      await cfg().update('aws.regions', ['us-east-2'], vscode.ConfigurationTarget.Global);
      const report = await vscode.commands.executeCommand<{ imageUri: string; digest: string; createdRepository: boolean } | undefined>('shoreline.aws.pushImage', {
        localImage, sourceId: `local:${vendor}`, accountId: vendor, region: 'us-east-2', repository: 'rake-app', create: true, policyTemplate: 'pull', principalAccounts: ['999888777666'],
      });
      assert.ok(report, 'pushImage reported failure; see the Shoreline output');
      assert.equal(report.imageUri, `${vendor}.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0`);
      assert.match(report.digest, /^sha256:[a-f0-9]{64}$/);
      const images = await api.awsView(`local:${vendor}`, 'us-east-2', 'rake-app');
      assert.deepEqual(typeof images === 'string' ? images : images.map((i) => [i.tags, i.digest]), [[['1.1.0'], report.digest]]);
      const policy = await vscode.commands.executeCommand<{ policy: string | null; findings: unknown[]; uri?: string }>('shoreline.aws.openPolicy', { sourceId: `local:${vendor}`, region: 'us-east-2', repository: 'rake-app' });
      assert.match(policy?.policy ?? '', /arn:aws:iam::999888777666:root/);
      assert.deepEqual(policy?.findings, []);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), policy?.uri);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // a repository without a policy: a draft from a template, saved, then read back from the registry's API
      const bare = await vscode.commands.executeCommand<{ digest: string } | undefined>('shoreline.aws.pushImage', {
        localImage, sourceId: `local:${vendor}`, accountId: vendor, region: 'us-east-2', repository: 'rake-bare', create: true,
      });
      assert.ok(bare, 'the second push reported failure; see the Shoreline output');
      const target = { sourceId: `local:${vendor}`, region: 'us-east-2', repository: 'rake-bare' };
      const draft = await vscode.commands.executeCommand<{ policy: string | null; findings: unknown[]; uri?: string }>('shoreline.aws.openPolicy', target, { template: 'push-pull', principalAccounts: ['111122223333'] });
      assert.equal(draft?.policy, null, 'the repository had no policy');
      assert.ok(draft?.uri, 'a draft was opened');
      assert.deepEqual(draft?.findings, []);
      const saved = await vscode.commands.executeCommand<{ saved: boolean }>('shoreline.aws.savePolicy', { uri: draft.uri, confirmed: true });
      assert.equal(saved?.saved, true);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const stored = await vscode.commands.executeCommand<{ policy: string | null }>('shoreline.aws.openPolicy', target);
      assert.match(stored?.policy ?? '', /arn:aws:iam::111122223333:root/);
      assert.match(stored?.policy ?? '', /ecr:PutImage/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      for (const k of ['aws.ecrEndpoint', 'aws.registryHost', 'aws.regions']) await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
      await docker('rm', '-f', '-v', `${run}-moto`, `${run}-registry`).catch(() => undefined);
      await docker('network', 'rm', run).catch(() => undefined);
      await docker('rmi', localImage, ...(registryPort ? [`127.0.0.1:${registryPort}/rake-app:1.1.0`] : [])).catch(() => undefined);
    }
  });

  it('"Stop Stack" stops every service and keeps the data volumes', async function () {
    this.timeout(120_000);
    const ok = await vscode.commands.executeCommand<boolean>('shoreline.stack.down');
    assert.equal(ok, true);
    const statuses = await api.stackStatus();
    assert.deepEqual(statuses.map((s) => `${s.name}:${s.health}`), ['kafka:stopped', 'connect:stopped', 'postgres:stopped', 'mongo:stopped', 'localstack:stopped']);
  });

  it('with the worker stopped the connector form falls back to the offline catalog and says so', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-vscode-'));
    const file = path.join(dir, 'offline.connector.json');
    fs.writeFileSync(file, JSON.stringify({ 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'database.hostname': 'postgres', 'database.port': 'x' }, null, 2));
    const snap = await vscode.commands.executeCommand<ConnectorFormSnapshot>('shoreline.connector.openForm', vscode.Uri.file(file));
    assert.equal(snap?.model.definitions, 'offline');
    assert.match(snap.model.offlineReason ?? '', /not reachable/);
    const fields = snap.model.groups.flatMap((g) => g.fields);
    assert.equal(fields.find((f) => f.key === 'database.hostname')?.value, 'postgres');
    assert.ok(fields.find((f) => f.key === 'database.port')?.issues.some((i) => i.severity === 'error'), 'the offline validator\'s error on the port');
    assert.ok(fields.some((f) => f.key === 'slot.name'), 'keys the file does not set, from the catalog');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
