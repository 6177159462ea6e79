import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PgExplorer } from '../services/postgres/pgExplorer';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';

/**
 * Issue 7, Security: user-supplied names (topic, connector, project/container, schema, S3 key) carrying quotes,
 * `;`, `$()`, backticks, newlines and unicode are used literally or rejected with a message naming the value and
 * the fix — never run by a shell; and known secret values never appear in CLI output, `--json`, `shoreline logs`
 * or container labels (the container environment necessarily holds them).
 */
/** SHORELINE_TEST_CLI runs the suite against another build, e.g. a deliberately broken one (issue 7's can-fail experiments). */
const CLI = process.env.SHORELINE_TEST_CLI ?? path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-sec-${process.pid}`;
const ENV = testStackEnv(PROJECT, 28000);
const port = (s: string) => Number(ENV[`SHORELINE_PORT_${s.toUpperCase()}`]);
const SECRETS = {
  postgres: `pg-${randomBytes(12).toString('hex')}`,
  localstack: `ls-${randomBytes(12).toString('hex')}`,
  kafka: `kafka-${randomBytes(12).toString('hex')}`,
  wrongPostgres: `pgwrong-${randomBytes(12).toString('hex')}`,
};
/** Would be created by any shell that evaluated one of the names below (the CLI runs in os.tmpdir(); no "/" so a name stays one path segment). */
const PWNED = path.join(os.tmpdir(), `pwned-${process.pid}`);
const HOSTILE = {
  semicolon: 'a;b',
  subshell: `$(touch pwned-${process.pid})`,
  backticks: `\`touch pwned-${process.pid}\``,
  quotes: `a'b"c`,
  newline: 'a\nb',
  unicode: 'tōpic-ü',
};
const BASE_ENV = { ...ENV, SHORELINE_POSTGRES_PASSWORD: SECRETS.postgres, LOCALSTACK_AUTH_TOKEN: SECRETS.localstack, SHORELINE_KAFKA_PASSWORD: SECRETS.kafka };

interface Run { args: string[]; code: number; stdout: string; stderr: string }
/** Every CLI output of this file, grepped for the secrets at the end. */
const outputs: Run[] = [];
function cli(args: string[], extraEnv: Record<string, string> = {}, cwd = os.tmpdir()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...BASE_ENV, ...extraEnv }, timeout: 280_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      const r = { args, code, stdout, stderr };
      outputs.push(r);
      resolve(r);
    });
  });
}
const shown = (r: Run) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
/** Fails when a name was run by a shell; removes the marker so one failure does not spill into the next tests. */
const noPwned = () => {
  const found = fs.existsSync(PWNED);
  fs.rmSync(PWNED, { force: true });
  assert.ok(!found, `${PWNED} existed: a name was run by a shell`);
};

/** A stand-in Connect worker that records the raw request lines (to see the URL exactly as sent). */
function fakeConnect(): Promise<{ url: string; requests: Array<{ method: string; url: string; body: string }>; close: () => void }> {
  const requests: Array<{ method: string; url: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const name = decodeURIComponent((/^\/connectors\/([^/]+)/.exec(req.url ?? '') ?? [])[1] ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'PUT') { res.statusCode = 201; res.end(JSON.stringify({ name, config: JSON.parse(body || '{}') as unknown, tasks: [], type: 'source' })); return; }
      if (req.url?.endsWith('/status')) { res.end(JSON.stringify({ name, connector: { state: 'RUNNING', worker_id: 'w:8083' }, tasks: [], type: 'source' })); return; }
      res.statusCode = 404; res.end(JSON.stringify({ error_code: 404, message: `Connector ${name} not found` }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() });
  }));
}

describe('security: hostile names and secrets through the CLI', function () {
  this.timeout(300_000);
  const docker = new Docker();
  let tmp = '';

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    fs.rmSync(PWNED, { force: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-test-sec-'));
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--json', '--services', 'kafka,postgres,localstack']);
    assert.equal(up.code, 0, shown(up));
  });
  after(async () => {
    await cli(['down', '--volumes']);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(PWNED, { force: true });
  });

  it('topic create rejects each hostile name, naming the character; nothing is executed or created', async () => {
    for (const [kind, name] of Object.entries(HOSTILE)) {
      const r = await cli(['topic', 'create', name, '--json']);
      assert.notEqual(r.code, 0, `${kind}: ${shown(r)}`);
      const err = (JSON.parse(r.stdout) as { error: { code: string; message: string; fix: string } }).error;
      assert.equal(err.code, 'kafka.invalidTopicRequest', `${kind}: ${shown(r)}`);
      assert.ok(err.message.includes(`"${name}"`), `${kind}: the message names the value: ${err.message}`);
      assert.match(err.message, /contains .* at position \d+; only letters, digits/, `${kind}: ${err.message}`);
      assert.ok(err.fix.length > 0);
    }
    const list = await cli(['topics', '--json']);
    const topics = (JSON.parse(list.stdout) as { topics: Array<{ name: string }> }).topics.map((t) => t.name);
    for (const name of Object.values(HOSTILE)) assert.ok(!topics.includes(name), `topic ${JSON.stringify(name)} was created`);
    assert.ok(!topics.some((t) => t === 'a' || t === 'b'), `a name was split: ${topics.join(', ')}`);
    noPwned();
  });

  it('produce to a hostile topic name is refused by name, never split or executed', async () => {
    for (const name of [HOSTILE.semicolon, HOSTILE.subshell]) {
      const r = await cli(['produce', name, '--value', 'x', '--json']);
      assert.notEqual(r.code, 0, shown(r));
      assert.ok(r.stderr.includes(name), `the error names ${name}: ${shown(r)}`);
    }
    noPwned();
  });

  it('connector apply of a file named with $(…) sends the name from the file URL-encoded in the REST path, literally', async () => {
    const worker = await fakeConnect();
    try {
      const name = `sec-${HOSTILE.subshell};${HOSTILE.backticks}'"-ü`;
      const file = path.join(tmp, `${HOSTILE.subshell}.connector.json`);
      const made = await cli(['connector', 'new', 'debezium-postgres-pagila', '--name', 'secprobe', '--out', path.join(tmp, 'secprobe.connector.json')]);
      assert.equal(made.code, 0, shown(made));
      const content = JSON.parse(fs.readFileSync(path.join(tmp, 'secprobe.connector.json'), 'utf8')) as { name: string; config: Record<string, string> };
      fs.writeFileSync(file, JSON.stringify({ ...content, name }, null, 2));
      const r = await cli(['connector', 'apply', file, '--force', '--json'], { SHORELINE_CONNECT_URL: worker.url });
      assert.equal(r.code, 0, shown(r));
      const put = worker.requests.find((q) => q.method === 'PUT');
      assert.ok(put, JSON.stringify(worker.requests));
      assert.equal(put.url, `/connectors/${encodeURIComponent(name)}/config`);
      assert.equal((JSON.parse(put.body) as { name: string }).name, name);
      assert.equal((JSON.parse(r.stdout) as { name: string }).name, name);

      const st = await cli(['connector', 'status', name, '--json'], { SHORELINE_CONNECT_URL: worker.url });
      assert.equal(st.code, 0, shown(st));
      assert.equal(worker.requests.at(-1)?.url, `/connectors/${encodeURIComponent(name)}/status`);
    } finally {
      worker.close();
    }
    noPwned();
  });

  it('a hostile project (container) name is rejected naming the field, the value and the fix; no container is made', async () => {
    for (const project of ['x;rm -rf /', `x$(touch ${PWNED})`, 'x\ny', 'prōject']) {
      const r = await cli(['up', '--services', 'postgres', '--json'], { SHORELINE_PROJECT: project });
      assert.equal(r.code, 2, shown(r));
      assert.ok(r.stderr.includes(`"project" is ${JSON.stringify(project)}`), shown(r));
      assert.match(r.stderr, /use lowercase letters, digits/);
      const found = await docker.listContainers({ all: true, filters: { label: [`dev.shoreline.project=${project}`] } });
      assert.equal(found.length, 0);
    }
    noPwned();
  });

  it('a hostile schema name is used literally: shoreline sql sees it and the explorer reads it through parameters', async () => {
    // under PostgreSQL's 63-byte identifier limit, so it is not truncated
    const schema = `w;${HOSTILE.subshell}\`id\`'q"\nü`;
    const quoted = `"${schema.replace(/"/g, '""')}"`;
    const made = await cli(['sql', `CREATE SCHEMA ${quoted}; CREATE TABLE ${quoted}."t;1" (v text); INSERT INTO ${quoted}."t;1" VALUES ('literal')`]);
    assert.equal(made.code, 0, shown(made));
    const listed = await cli(['sql', "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'w;%'", '--json']);
    assert.deepEqual((JSON.parse(listed.stdout) as { rows: unknown[][] | Array<Record<string, unknown>> }).rows.map((r) => Object.values(r)[0]), [schema]);

    const pg = new PgExplorer({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: SECRETS.postgres });
    assert.ok((await pg.schemas('pagila')).includes(schema));
    assert.deepEqual((await pg.relations('pagila', schema)).map((r) => r.name), ['t;1']);
    const preview = await pg.preview('pagila', schema, 't;1');
    assert.deepEqual(preview.rows.map((r) => Object.values(r)[0]), ['literal']);
    assert.deepEqual(await pg.relations('pagila', `public' OR '1'='1`), []);

    const db = await cli(['sql', 'select 1', '--db', `pagila;${HOSTILE.subshell}`, '--json']);
    assert.equal(db.code, 1, shown(db));
    assert.ok(db.stderr.includes(`no database "pagila;${HOSTILE.subshell}"`), shown(db));
    noPwned();
  });

  it('an S3 key with hostile characters is read literally by s3 cat and listed by s3 ls', async () => {
    const key = `sec/we;ird ${HOSTILE.subshell} ${HOSTILE.backticks} 'q"-ü.json`;
    const s3 = new S3Client({ endpoint: `http://127.0.0.1:${port('localstack')}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'shoreline-test-sec' }));
    await s3.send(new PutObjectCommand({ Bucket: 'shoreline-test-sec', Key: key, Body: '{"ok":"literal key"}' }));
    const cat = await cli(['s3', 'cat', `shoreline-test-sec/${key}`]);
    assert.equal(cat.code, 0, shown(cat));
    assert.deepEqual(JSON.parse(cat.stdout.trim()), { ok: 'literal key' });
    const ls = await cli(['s3', 'ls', 'shoreline-test-sec/sec/', '--json']);
    assert.deepEqual((JSON.parse(ls.stdout) as { files: Array<{ name: string }> }).files.map((f) => f.name), [key.slice('sec/'.length)]);
    const missing = await cli(['s3', 'cat', `shoreline-test-sec/sec/${HOSTILE.subshell}.json`]);
    assert.equal(missing.code, 1, shown(missing));
    assert.ok(missing.stderr.includes(HOSTILE.subshell), shown(missing));
    noPwned();
  });

  it('pipeline run with a wrong PostgreSQL password fails naming PostgreSQL authentication; the password is nowhere in its output or report', async () => {
    const dir = path.join(tmp, 'wrong-password-pipeline');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pipeline.json'), JSON.stringify({ name: 'sec-wrong-password', database: 'pagila', steps: [
      { name: 'one query', assert: [{ name: 'pagila answers', type: 'sql', query: 'SELECT 1 AS n', equals: [{ n: 1 }], timeoutSeconds: 3 }] },
    ] }));
    const wrong = { SHORELINE_POSTGRES_PASSWORD: SECRETS.wrongPostgres };
    const human = await cli(['pipeline', 'run', dir], wrong);
    const json = await cli(['pipeline', 'run', dir, '--json'], wrong);
    // the report as a CI job keeps it (`shoreline pipeline run <dir> --json > report.json`)
    const reportFile = path.join(tmp, 'wrong-password-report.json');
    fs.writeFileSync(reportFile, json.stdout);

    assert.equal(human.code, 1, shown(human));
    assert.equal(json.code, 1, shown(json));
    assert.match(human.stdout + human.stderr, /PostgreSQL .*password authentication failed for user "postgres"/, shown(human));
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { passed: boolean; steps: unknown[]; assertions: Array<{ status: string; detail?: string }> };
    assert.equal(report.passed, false);
    assert.equal(report.steps.length, 1);
    assert.equal(report.assertions[0]?.status, 'fail', JSON.stringify(report.assertions));
    assert.match(report.assertions[0]?.detail ?? '', /PostgreSQL .*password authentication failed/, JSON.stringify(report.assertions));
    const seen: Array<[string, string]> = [['stdout', human.stdout], ['stderr', human.stderr], ['--json stdout', json.stdout], ['--json stderr', json.stderr], ['report file', fs.readFileSync(reportFile, 'utf8')]];
    for (const [where, text] of seen) {
      assert.ok(!text.includes(SECRETS.wrongPostgres), `the wrong password appears in the ${where}:\n${text}`);
      assert.ok(!text.includes(SECRETS.postgres), `the stack's password appears in the ${where}:\n${text}`);
    }
  });

  it('secrets never appear in CLI output, --json, debug output, shoreline logs or container labels', async () => {
    // failing and successful commands that touch every secret
    await cli(['status', '--json']);
    await cli(['status'], { SHORELINE_DEBUG: '1' });
    await cli(['up', '--services', 'postgres,localstack', '--json'], { SHORELINE_DEBUG: '1' });
    await cli(['sql', 'select nonsense_column from address', '--json']);
    await cli(['sql', 'select 1', '--json'], { SHORELINE_POSTGRES_PASSWORD: SECRETS.wrongPostgres });
    await cli(['status', '--json'], { SHORELINE_POSTGRES_PASSWORD: SECRETS.wrongPostgres });
    await cli(['topics', '--json', '--bootstrap-server', `127.0.0.1:${port('kafka')}`, '--sasl-mechanism', 'plain', '--sasl-username', 'shoreline'], { SHORELINE_DEBUG: '1' });
    await cli(['produce', 'shoreline.sec', '--value', 'x', '--bootstrap-server', '127.0.0.1:1', '--sasl-mechanism', 'scram-sha-512', '--sasl-username', 'shoreline', '--json']);
    for (const s of ['postgres', 'localstack', 'kafka']) {
      await cli(['logs', s, '--tail', '2000']);
      await cli(['logs', s, '--json']);
    }
    const withSecret = outputs.filter((r) => Object.values(SECRETS).some((v) => r.stdout.includes(v) || r.stderr.includes(v)));
    assert.deepEqual(withSecret.map((r) => r.args.join(' ')), [], `secret values in output:\n${withSecret.map(shown).join('\n')}`);
    assert.ok(outputs.length >= 16, `only ${outputs.length} outputs were checked`);
    assert.ok(outputs.some((r) => r.code !== 0) && outputs.some((r) => r.args.includes('--json') && r.code !== 0), 'failing and --json runs were checked');

    const containers = await docker.listContainers({ all: true, filters: { label: [`dev.shoreline.project=${PROJECT}`] } });
    assert.equal(containers.length, 3);
    let envHolds = 0;
    for (const c of containers) {
      const info = await docker.getContainer(c.Id).inspect();
      const labels = JSON.stringify(info.Config.Labels);
      for (const v of Object.values(SECRETS)) assert.ok(!labels.includes(v), `${info.Name} labels hold a secret: ${labels}`);
      assert.match(info.Config.Labels['dev.shoreline.spec-hash'] ?? '', /^[0-9a-f]{8}$/);
      // the check above could see them: the environment (documented as the one place) does hold them
      envHolds += (info.Config.Env ?? []).filter((e) => e === `POSTGRES_PASSWORD=${SECRETS.postgres}` || e === `LOCALSTACK_AUTH_TOKEN=${SECRETS.localstack}`).length;
    }
    assert.equal(envHolds, 2, 'the containers received the secrets (so the grep above was looking for values that exist)');
  });
});
