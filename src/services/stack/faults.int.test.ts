import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { Client } from 'pg';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PipelineReport } from '../../domain/connect/pipelineReport';
import type { ServiceName } from '../../domain/stack/serviceNames';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';

/**
 * Issue 7, "Soak and faults": each service container is killed (SIGKILL through the Docker API) while
 * `shoreline pipeline run` waits in its assert step. Shoreline's status names the dead service, `shoreline restart`
 * brings it back healthy, and the run then either passes (after recovery) or fails with a cause that names the
 * service — and it exits within the bound its manifest sets (the steps' timeouts plus the clean-up's own limits),
 * never hanging.
 *
 * The pipeline (written by the test): SQL creates public.faults_t; a Debezium PostgreSQL source captures it; one
 * assert step waits for a "gate" row, that row's change event on Kafka, and a gate object in S3. The test opens the
 * gates only after the restart, so every gated path crosses the recovered service.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = 'shoreline-faults';
const ENV = testStackEnv(PROJECT, 33000);
const port = (s: string) => Number(ENV[`SHORELINE_PORT_${s.toUpperCase()}`]);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-test-faults-'));
const BUCKET = 'shoreline-test-faults';
const CONNECTOR_TIMEOUT_S = 90;
/** How long the gates are waited for: long enough for a restart (recovery cases), short when the service stays down. */
const GATE_TIMEOUT_S = 150;
const DOWN_GATE_TIMEOUT_S = 20;
/** Clean-up limits of the runner for one connector with resetOffsets (stop 60 s, reset 30 s, delete 30 s), plus 30 s per SQL statement. */
const CLEANUP_BOUND_S = 60 + 30 + 30 + 2 * 30;
/** A run's bound: its steps' timeouts, the clean-up's, and slack for process start and one per-request timeout (30 s). */
const runBound = (gateS: number) => CONNECTOR_TIMEOUT_S + gateS + CLEANUP_BOUND_S + 30;
const RUN_BOUND_S = runBound(GATE_TIMEOUT_S);
/**
 * What a failure's reason must say to count as naming the service. Only reasons (step and assertion details) are
 * checked, not observed values: a Debezium event carries "connector":"postgresql" in its source block.
 */
const NAMES: Record<ServiceName, RegExp> = {
  kafka: /Kafka(?! Connect)|broker/, connect: /Kafka Connect/, postgres: /PostgreSQL/, mongo: /MongoDB/, localstack: /S3 endpoint|AWS emulator|localstack/i,
};

interface Run { code: number; stdout: string; stderr: string; ms: number }
function cli(args: string[]): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: TMP, env: { ...process.env, ...ENV }, timeout: 400_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
const shown = (r: Run) => `exit ${r.code} after ${(r.ms / 1000).toFixed(1)} s\nstdout: ${r.stdout.slice(0, 6000)}\nstderr: ${r.stderr.slice(-3000)}`;

/** Starts `shoreline pipeline run --json`; `inAssertStep()` resolves once its connector runs (the run is then past step 2). */
/**
 * Each case has its own connector and slot: Connect keeps a connector's offsets by name in its offsets topic, and a
 * case whose clean-up could not reset them (Kafka down) would otherwise hand the next case an LSN its new slot lacks.
 */
const cases = new Map<string, number>();
/** A neutral number per case: a name holding the service's name would make "the failure names it" true by accident. */
const caseNo = (tag: string): number => { if (!cases.has(tag)) cases.set(tag, cases.size + 1); return cases.get(tag)!; };
const connectorOf = (tag: string) => `faults-cdc-${caseNo(tag)}`;
const slotOf = (tag: string) => `faults_cdc_${caseNo(tag)}`;

function startRun(dir: string): { done: Promise<Run>; inAssertStep: (timeoutMs: number) => Promise<void> } {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, 'pipeline', 'run', dir, '--json'], { cwd: TMP, env: { ...process.env, ...ENV } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - t0 }));
  });
  // a run that outlives its bound by far is killed so the suite ends; the assertion on its duration reports it
  const guard = setTimeout(() => child.kill('SIGKILL'), (RUN_BOUND_S + 120) * 1000);
  void done.then(() => clearTimeout(guard));
  // --json keeps the progress lines off stderr: watch the worker instead
  const inAssertStep = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await fetch(`http://127.0.0.1:${port('connect')}/connectors/${connectorOf(path.basename(dir))}/status`).then((x) => x.json() as Promise<{ connector?: { state: string }; tasks?: Array<{ state: string }> }>).catch(() => undefined);
      if (s?.connector?.state === 'RUNNING' && s.tasks?.length && s.tasks.every((x) => x.state === 'RUNNING')) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the run's connector did not run (exit ${child.exitCode ?? 'none'})\nstderr: ${stderr.slice(-3000)}\nstdout: ${stdout.slice(0, 6000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // the runner polls every 500 ms: give it time to see RUNNING and start the assert step
    await new Promise((r) => setTimeout(r, 3000));
  };
  return { done, inAssertStep };
}

function writePipeline(svc: ServiceName, gateTimeoutS: number, tag: string = svc): string {
  const dir = path.join(TMP, tag);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'faults-cdc.connector.json'), JSON.stringify({
    name: connectorOf(tag),
    config: {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'tasks.max': '1',
      'database.hostname': 'postgres', 'database.port': '5432', 'database.user': 'postgres', 'database.password': '${shoreline:postgres.password}',
      'database.dbname': 'pagila', 'plugin.name': 'pgoutput', 'slot.name': slotOf(tag), 'publication.name': slotOf(tag),
      'publication.autocreate.mode': 'filtered', 'topic.prefix': 'faults', 'table.include.list': 'public.faults_t', 'snapshot.mode': 'initial',
    },
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'pipeline.json'), JSON.stringify({
    name: `faults-${tag}`,
    database: 'pagila',
    steps: [
      { name: 'create public.faults_t', sql: ['CREATE TABLE IF NOT EXISTS public.faults_t (id serial PRIMARY KEY, v text NOT NULL)', `INSERT INTO public.faults_t (v) VALUES ('start-${tag}')`] },
      { connector: 'faults-cdc.connector.json', timeoutSeconds: CONNECTOR_TIMEOUT_S },
      {
        name: 'gates opened after the restart',
        assert: [
          { name: 'gate row', type: 'sql', query: `SELECT count(*)::int AS n FROM public.faults_t WHERE v = 'gate-${tag}'`, equals: [{ n: 1 }], timeoutSeconds: gateTimeoutS },
          { name: 'gate event on Kafka', type: 'message', topic: 'faults.public.faults_t', where: { 'value.payload.after.v': `gate-${tag}` }, timeoutSeconds: gateTimeoutS },
          { name: 'gate object in S3', type: 's3Objects', bucket: BUCKET, prefix: `gate/${tag}`, atLeast: 1, timeoutSeconds: gateTimeoutS },
        ],
      },
    ],
    cleanup: { resetOffsets: true, sql: [`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '${slotOf(tag)}'`, `DROP PUBLICATION IF EXISTS ${slotOf(tag)}`] },
  }, null, 2));
  return dir;
}

async function retry<T>(what: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { return await fn(); } catch (e) {
      if (Date.now() > deadline) throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function s3Client(): S3Client {
  return new S3Client({ endpoint: `http://127.0.0.1:${port('localstack')}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}
async function ensureBucket(s3: S3Client): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((e: unknown) => { if ((e as { name?: string }).name !== 'BucketAlreadyOwnedByYou' && (e as { name?: string }).name !== 'BucketAlreadyExists') throw e; });
}

/** Opens the gates of the pipeline tagged `tag`, except those that go through `skip` (a service left down). */
async function openGates(tag: string, skip?: ServiceName, timeoutMs = 120_000): Promise<void> {
  if (skip !== 'postgres') await retry('insert the gate row', async () => {
    const c = new Client({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
    await c.connect();
    try { await c.query('INSERT INTO public.faults_t (v) VALUES ($1)', [`gate-${tag}`]); } finally { await c.end(); }
  }, timeoutMs);
  if (skip === 'localstack') return;
  const s3 = s3Client();
  try {
    await retry('put the gate object', async () => {
      // a killed emulator loses what it held in memory: the bucket may need making again
      await ensureBucket(s3);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `gate/${tag}`, Body: tag }));
    }, timeoutMs);
  } finally {
    s3.destroy();
  }
}

interface StatusRow { name: string; state: string; health: string; detail?: string }
async function statusOf(svc: ServiceName): Promise<StatusRow> {
  const r = await cli(['status', '--json']);
  assert.equal(r.code, 0, shown(r));
  const row = (JSON.parse(r.stdout) as { services: StatusRow[] }).services.find((s) => s.name === svc);
  assert.ok(row, r.stdout);
  return row;
}

describe('faults: a service container killed during a pipeline run', function () {
  this.timeout((RUN_BOUND_S + 300) * 1000);
  const docker = new Docker();
  const outcomes: string[] = [];

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--json']);
    assert.equal(up.code, 0, shown(up));
    const s3 = s3Client();
    try { await ensureBucket(s3); } finally { s3.destroy(); }
  });
  after(async () => {
    if (outcomes.length) console.log(`      outcomes:\n${outcomes.map((o) => `        ${o}`).join('\n')}`);
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  for (const svc of ['kafka', 'connect', 'postgres', 'mongo', 'localstack'] as const) {
    it(`${svc}: status names it, restart brings it back, the run passes after recovery or fails naming it, within its bound`, async () => {
      const dir = writePipeline(svc, GATE_TIMEOUT_S);
      const run = startRun(dir);
      await run.inAssertStep((CONNECTOR_TIMEOUT_S + 60) * 1000);
      await docker.getContainer(`${PROJECT}-${svc}`).kill();

      const dead = await retry('status after the kill', async () => {
        const row = await statusOf(svc);
        if (row.health === 'healthy') throw new Error(`${svc} still healthy`);
        return row;
      }, 30_000);
      assert.equal(dead.health, 'stopped', JSON.stringify(dead));
      assert.match(dead.detail ?? '', /exited with code 137/, JSON.stringify(dead));

      const restarted = await cli(['restart', svc, '--json']);
      assert.equal(restarted.code, 0, shown(restarted));
      assert.equal((JSON.parse(restarted.stdout) as { services: StatusRow[] }).services[0]?.health, 'healthy', restarted.stdout);

      await openGates(svc);
      const r = await run.done;
      assert.ok(r.ms <= RUN_BOUND_S * 1000, `the run took ${(r.ms / 1000).toFixed(1)} s, more than its bound of ${RUN_BOUND_S} s\n${shown(r)}`);
      assert.ok(r.code === 0 || r.code === 1, shown(r));
      const report = JSON.parse(r.stdout) as PipelineReport;
      if (r.code === 0) {
        assert.equal(report.passed, true);
        assert.deepEqual(report.summary, { passed: 3, failed: 0, skipped: 0, stepsFailed: 0 });
        outcomes.push(`${svc}: passed after recovery in ${(r.ms / 1000).toFixed(1)} s`);
      } else {
        const causes = [...report.steps.filter((s) => s.status === 'failed').map((s) => s.detail ?? ''),
          ...report.assertions.filter((a) => a.status === 'fail').map((a) => `${a.id}: ${a.detail ?? ''}`)];
        assert.ok(causes.length > 0, shown(r));
        assert.ok(causes.some((c) => NAMES[svc].test(c)), `the failure does not name ${svc}: ${causes.join(' | ')}`);
        outcomes.push(`${svc}: failed in ${(r.ms / 1000).toFixed(1)} s naming it: ${causes.join(' | ')}`);
      }
      assert.ok(report.cleanup.every((c) => c.ok), `clean-up: ${JSON.stringify(report.cleanup)}`);
      const after = await statusOf(svc);
      assert.equal(after.health, 'healthy', JSON.stringify(after));
    });
  }

  // mongo is not on the pipeline's path, so only the services it uses are left down
  for (const svc of ['kafka', 'connect', 'postgres', 'localstack'] as const) {
    it(`${svc} left down: the run fails within its bound with a cause that names ${svc}`, async () => {
      // a neutral tag: the gate values end up in the observed messages, which must not name the service by accident
      const tag = `down-${['kafka', 'connect', 'postgres', 'localstack'].indexOf(svc) + 1}`;
      const run = startRun(writePipeline(svc, DOWN_GATE_TIMEOUT_S, tag));
      await run.inAssertStep((CONNECTOR_TIMEOUT_S + 60) * 1000);
      await docker.getContainer(`${PROJECT}-${svc}`).kill();
      await openGates(tag, svc, 15_000).catch(() => undefined);
      const r = await run.done;
      try {
        const bound = runBound(DOWN_GATE_TIMEOUT_S);
        assert.ok(r.ms <= bound * 1000, `the run took ${(r.ms / 1000).toFixed(1)} s, more than its bound of ${bound} s\n${shown(r)}`);
        assert.equal(r.code, 1, shown(r));
        const report = JSON.parse(r.stdout) as PipelineReport;
        assert.equal(report.passed, false);
        const causes = [...report.steps.filter((s) => s.status === 'failed').map((s) => s.detail ?? ''),
          ...report.assertions.filter((a) => a.status === 'fail').map((a) => `${a.id}: ${a.detail ?? ''}`)];
        assert.ok(causes.some((c) => NAMES[svc].test(c)), `the failure does not name ${svc}:\n${causes.join('\n')}`);
        outcomes.push(`${svc} left down: failed in ${(r.ms / 1000).toFixed(1)} s: ${causes.join(' | ')}; clean-up ${report.cleanup.map((c) => `${c.action.replace(/:.*/, '')} ${c.ok ? 'ok' : `FAILED (${c.detail ?? ''})`}`).join(', ')}`);
      } finally {
        // back to a healthy stack without the run's leftovers, for the next case
        const restarted = await cli(['restart', svc, '--json']);
        assert.equal(restarted.code, 0, shown(restarted));
        // the worker may still be finding its way back to Kafka: delete until it says the connector is gone
        await retry('delete the leftover connector', async () => {
          const url = `http://127.0.0.1:${port('connect')}/connectors/${connectorOf(tag)}`;
          await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
          const s = await fetch(url, { signal: AbortSignal.timeout(10_000) });
          if (s.status !== 404) throw new Error(`GET ${url} answered ${s.status}`);
        }, 180_000);
        await retry('drop the leftover replication slot', async () => {
          const c = new Client({ host: '127.0.0.1', port: port('postgres'), user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
          await c.connect();
          try {
            await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [slotOf(tag)]);
            await c.query(`DROP PUBLICATION IF EXISTS ${slotOf(tag)}`);
          } finally { await c.end(); }
        }, 60_000);
      }
    });
  }
});
