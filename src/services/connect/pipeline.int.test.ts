import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { AssertionResult, PipelineReport } from '../../domain/connect/pipelineReport';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';

/**
 * `shoreline pipeline run` against real containers from the stand-in images (Kafka, Connect with Debezium and the
 * Iceberg sink, PostgreSQL with Pagila, the AWS emulator): the shipped data-lake pipeline passes with the observed
 * snapshot offsets, S3 keys and the Parquet row of address 599; the outbox pipeline passes; a wrong expectation fails
 * with the observed value.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(REPO_ROOT, 'docker', 'pipelines', 'pagila-datalake');
const PROJECT = `shoreline-pipe-${process.pid}`;
const ENV = testStackEnv(PROJECT, 25000);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-pipe-'));

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...ENV }, timeout: 590_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
function json<T>(r: Run, expectCode: number): T {
  assert.equal(r.code, expectCode, `exit ${r.code}\nstdout: ${r.stdout.slice(0, 4000)}\nstderr: ${r.stderr.slice(-4000)}`);
  return JSON.parse(r.stdout) as T;
}
async function pg<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ host: '127.0.0.1', port: Number(ENV.SHORELINE_PORT_POSTGRES), user: 'postgres', password: ENV.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}
const byId = (r: PipelineReport) => new Map(r.assertions.map((a) => [a.id, a]));
const get = (m: Map<string, AssertionResult>, id: string) => { const a = m.get(id); assert.ok(a, `no assertion "${id}" in ${[...m.keys()].join(', ')}`); return a; };

describe('shoreline pipeline run on the stack', function () {
  this.timeout(600_000);

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    const up = await cli(['up', '--wait', '--services', 'kafka,connect,postgres,localstack']);
    assert.equal(up.code, 0, up.stderr);
  });
  after(async () => {
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('the pagila-datalake example passes: snapshot offsets 603/600/109, S3 objects, address 599 under country=United States; its connectors are removed', async () => {
    const r = json<PipelineReport>(await cli(['pipeline', 'run', 'docker/pipelines/pagila-datalake', '--json']), 0);
    assert.equal(r.passed, true, JSON.stringify(r.assertions.filter((a) => a.status !== 'pass'), null, 2));
    assert.deepEqual(r.summary, { passed: 11, failed: 0, skipped: 0, stepsFailed: 0 });
    assert.deepEqual(r.steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(r.steps[1]!.connector?.state, 'connector RUNNING, task 0 RUNNING');

    const a = byId(r);
    // a fresh stack: the snapshot alone, exactly Pagila's row counts
    assert.deepEqual(get(a, 'snapshot: pagila.public.address').observed, { endOffset: 603, partitions: [{ partition: 0, low: 0, high: 603 }] });
    assert.equal(get(a, 'snapshot: pagila.public.city').summary, '600');
    assert.equal(get(a, 'snapshot: pagila.public.country').summary, '109');
    assert.equal(get(a, 'snapshot: pagila.public.address_location').summary, '603');
    assert.deepEqual(get(a, 'address_location holds every address').observed, { rows: [{ n: 603 }], rowCount: 1 });

    const data = get(a, 'Parquet data files in S3').observed as { count: number; keys: string[] };
    // data files are uploaded before the commit that lists them: the first look may see only some of them
    assert.ok(data.count >= 1 && data.keys.length === Math.min(data.count, 20), JSON.stringify(data));
    for (const k of data.keys) assert.match(k, /^warehouse\/pagila\/address_location\/data\/country=[^/]+\/[^/]+\.parquet$/);
    const meta = get(a, 'Iceberg table metadata in S3').observed as { keys: string[] };
    assert.match(meta.keys[0]!, /^warehouse\/pagila\/address_location\/metadata\/\d{5}-[0-9a-f-]+\.metadata\.json$/);

    const us = get(a, 'address 599 in the United States partition').observed as { matches: number; firstMatch: { key: string; row: Record<string, unknown> } };
    assert.ok(us.matches >= 1);
    assert.match(us.firstMatch.key, /^warehouse\/pagila\/address_location\/data\/country=United\+States\/[^/]+\.parquet$/);
    assert.deepEqual(
      { ...us.firstMatch.row, last_update: undefined },
      { address_id: 599, address: '1895 Zhezqazghan Drive', address2: '', state_province: 'California', city: 'Garden Grove', postal_code: '36693', country: 'United States',
        phone: '137809746111', last_update: undefined, message_source: 'pagila', message_source_engine: 'postgresql', environment: 'development' },
    );

    const update = get(a, 'update of address 105 on pagila.public.address').observed as { match: { offset: number; value: { payload: { op: string; after: Record<string, unknown> } } } };
    assert.equal(update.match.offset, 603, 'the first record after the 603 snapshot reads');
    assert.equal(update.match.value.payload.after.address2, 'Apartment #1234');
    const wakanda = get(a, 'address 102 in a new Wakanda partition').observed as { firstMatch: { key: string } };
    assert.match(wakanda.firstMatch.key, /\/country=Wakanda\//);

    assert.deepEqual(r.cleanup.map((c) => [c.action.replace(/:.*/, ''), c.ok]), [
      ['reset offsets of pagila-datalake-iceberg', true], ['delete connector pagila-datalake-iceberg', true],
      ['reset offsets of pagila-datalake-cdc', true], ['delete connector pagila-datalake-cdc', true],
      ['SQL on pagila', true], ['SQL on pagila', true],
    ]);
    const list = json<{ connectors: Array<{ name: string }> }>(await cli(['connector', 'list', '--json']), 0);
    assert.deepEqual(list.connectors, []);
    const slots = await pg(async (c) => (await c.query("SELECT slot_name FROM pg_replication_slots WHERE slot_name = 'pagila_datalake_cdc'")).rows);
    assert.deepEqual(slots, [], 'the cleanup SQL dropped the replication slot');
  });

  it('the films-outbox example passes: the event for film 389, its row upserted, then deleted by a NULL payload', async () => {
    const r = json<PipelineReport>(await cli(['pipeline', 'run', 'docker/pipelines/films-outbox', '--json']), 0);
    assert.equal(r.passed, true, JSON.stringify(r.assertions.filter((a) => a.status !== 'pass'), null, 2));
    assert.deepEqual(r.summary, { passed: 5, failed: 0, skipped: 0, stepsFailed: 0 });
    const a = byId(r);
    const event = get(a, 'event for film 389 on outbox.event.film').observed as { match: { key: { payload: string }; headers: Record<string, string>; value: { payload: { title: string } } } };
    assert.deepEqual([event.match.key.payload, event.match.headers.eventType, event.match.value.payload.title], ['389', 'FilmChanged', 'Gunfighter Mussolini']);
    const row = get(a, 'film 389 upserted into film_catalog').observed as { rows: Array<Record<string, unknown>> };
    assert.equal(row.rows[0]!.actors, '{"Audrey Olivier","Judy Dean","Scarlett Damon","Russell Close"}');
    assert.deepEqual(get(a, 'film 389 deleted, the other nine kept').observed, { rows: [{ film_389: 0, n: 9 }], rowCount: 1 });
    assert.ok(r.cleanup.every((c) => c.ok), JSON.stringify(r.cleanup));
  });

  it('a wrong expected count fails with the observed value and exit 1; --keep leaves the connectors', async () => {
    const dir = path.join(TMP, 'wrong-count');
    fs.cpSync(EXAMPLE, dir, { recursive: true });
    const manifestPath = path.join(dir, 'pipeline.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { steps: Array<{ assert?: Array<Record<string, unknown>> }> };
    const target = manifest.steps.flatMap((s) => s.assert ?? []).find((x) => x.name === 'address_location holds every address')!;
    target.equals = [{ n: 604 }];
    target.timeoutSeconds = 5;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

    const r = json<PipelineReport>(await cli(['pipeline', 'run', dir, '--json', '--keep']), 1);
    assert.equal(r.passed, false);
    assert.deepEqual(r.summary, { passed: 10, failed: 1, skipped: 0, stepsFailed: 0 });
    const failed = r.assertions.filter((x) => x.status === 'fail');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.id, 'address_location holds every address');
    assert.deepEqual(failed[0]!.observed, { rows: [{ n: 603 }], rowCount: 1 });
    assert.equal(failed[0]!.expected, 'rows of "SELECT count(*)::int AS n FROM public.address_location" on pagila equal [{"n":604}]');
    assert.equal(failed[0]!.detail, 'not met within 5 s');
    assert.equal(r.kept, true);
    assert.deepEqual(r.cleanup, []);
    const list = json<{ connectors: Array<{ name: string; status: { connector: { state: string } } }> }>(await cli(['connector', 'list', '--json']), 0);
    assert.deepEqual(list.connectors.map((c) => `${c.name} ${c.status.connector.state}`).sort(), ['pagila-datalake-cdc RUNNING', 'pagila-datalake-iceberg RUNNING']);
  });

  it('prints pass/fail per assertion with the observed value; a broken manifest names the field and the fix', async () => {
    const dir = path.join(TMP, 'count-only');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pipeline.json'), JSON.stringify({
      name: 'count-only',
      assertions: [
        { name: 'countries (with Wakanda)', type: 'sql', query: 'SELECT count(*)::int AS n FROM public.country', equals: [{ n: 110 }] },
        { name: 'no countries', type: 'sql', query: 'SELECT count(*)::int AS n FROM public.country', equals: [{ n: 0 }], timeoutSeconds: 2 },
      ],
      steps: [{ sql: "SELECT 1" }],
    }));
    const human = await cli(['pipeline', 'run', dir]);
    assert.equal(human.code, 1, human.stderr);
    assert.match(human.stdout, /PASS {2}countries \(with Wakanda\) .*\n {8}expected {2}rows of "SELECT count\(\*\)::int AS n FROM public\.country" on pagila equal \[\{"n":110\}\]\n {8}observed {2}1 row\(s\): \[\{"n":110\}\]/);
    assert.match(human.stdout, /FAIL {2}no countries .*\n {8}expected {2}.*equal \[\{"n":0\}\]\n {8}observed {2}1 row\(s\): \[\{"n":110\}\]\n {8}note {6}not met within 2 s/);
    assert.match(human.stdout, /^FAILED: 1 passed, 1 failed in \d+\.\d s$/m);

    fs.writeFileSync(path.join(dir, 'pipeline.json'), JSON.stringify({ name: 'count-only', steps: [{ assert: [{ type: 'topicEndOffset', topic: 'pagila.public.country', atLeast: '109' }] }] }));
    const bad = await cli(['pipeline', 'run', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /steps\[0\]\.assert\[0\]\.atLeast is "109" \(a string\); write a whole number ≥ 0, e.g\. "atLeast": 109/);
  });
});
