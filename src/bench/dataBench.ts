/**
 * `npm run bench -- data`: the Data viewer's time to first page (goal <= 500 ms) and peak memory, printed, not asserted.
 *  - a 1,000,000-row PostgreSQL table (generate_series, primary key, ANALYZEd): first page of 100 rows through the
 *    viewer's own source (dist/engine.js openDataSource → fetch, what the panel calls), against `psql -c "select … limit
 *    100"` fetching the same rows in the same run;
 *  - a ~100 MB Parquet object in the stack's S3: first page through the same source (footer + the pages of the first
 *    row group, ranged GETs), against a plain GET of the whole object in the same run, with the bytes each one read.
 * Each viewer measurement runs in a fresh Node process that loads dist/engine.js as the extension does, so its peak
 * RSS is the viewer's alone (reported with the RSS right after loading the engine). "Cold" is the first viewer in that
 * process, timed from openDataSource to its first page, after dist/engine.js is loaded (the extension host has loaded
 * it at activation): it pays the first use of the client library (AWS SDK / pg, hyparquet), the first connection and
 * not-yet-optimised decoding. "Warm" is a second viewer in the same process. Loading the engine and the whole process
 * are reported apart, and so is the CPU time of the cold first page (the machine may be shared: CPU time moves less
 * with load than wall time).
 * SHORELINE_BENCH_BASELINE=<path to another build's engine.js> also measures that build, alternating run by run with
 * this one, for a before/after in the same conditions.
 * The stack is project shoreline-dbench (ports 30xxx, postgres + localstack only), removed afterwards.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ENGINE = path.join(REPO_ROOT, 'dist', 'engine.js');
const ENV = testStackEnv('shoreline-dbench', 30000);
const PG_PORT = Number(ENV.SHORELINE_PORT_POSTGRES);
const S3_PORT = Number(ENV.SHORELINE_PORT_LOCALSTACK);
const PASSWORD = ENV.SHORELINE_POSTGRES_PASSWORD!;
const TABLE = 'bench_rows';
const ROWS = 1_000_000;
const BUCKET = 'shoreline-dbench';
const KEY = 'bench/part-0.snappy.parquet';
const PARQUET_ROWS = 1_400_000;
const ROW_GROUP = 200_000;
const RUNS = 7;

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...ENV, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.slice(0, 3).join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve({ ms: performance.now() - t0, stdout });
    });
  });
}
const cli = (args: string[]) => run(process.execPath, [CLI, ...args]);

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;

/** What the child prints: the host functions' time to first page, rows, peak RSS, RSS after loading the engine. */
interface ChildResult { firstPageMs: number; openMs: number; cpuMs: number; loadMs: number; warmFirstPageMs: number; nextPageMs: number; rows: number; total?: number; note?: string; rssAfterLoad: number; maxRss: number; wallMs?: number }

/** One fresh process: require dist/engine.js, open the source, read page 1 (timed), then page 2 (timed). */
const CHILD = `
const tLoad = performance.now();
const engine = require(process.env.BENCH_ENGINE);
const loadMs = performance.now() - tLoad;
const rssAfterLoad = process.memoryUsage().rss;
const config = { ports: { postgres: ${PG_PORT}, mongo: 1, localstack: ${S3_PORT} }, postgresPassword: ${JSON.stringify(PASSWORD)} };
(async () => {
  const services = engine.stackDataServices(config, '127.0.0.1');
  const spec = JSON.parse(process.env.BENCH_SPEC);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const source = await engine.openDataSource(services, spec);
  const openMs = performance.now() - t0;
  const first = await source.fetch({ page: 0, pageSize: 100 });
  const firstPageMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const t1 = performance.now();
  await source.fetch({ page: 1, pageSize: 100 });
  const nextPageMs = performance.now() - t1;
  // a second viewer on the same source: client libraries loaded, new source, new connections
  const t2 = performance.now();
  await (await engine.openDataSource(services, spec)).fetch({ page: 0, pageSize: 100 });
  const warmFirstPageMs = performance.now() - t2;
  // VmHWM, not getrusage's maxRSS: Linux keeps ru_maxrss across execve, so a child would report its parent's peak
  const maxRss = Number(/VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  process.stdout.write(JSON.stringify({ firstPageMs, openMs, cpuMs, loadMs, warmFirstPageMs, nextPageMs, rows: first.rows.length, total: first.total && first.total.count, note: first.note, rssAfterLoad, maxRss }));
  process.exit(0);
})().catch((e) => { console.error(e && e.message || e); process.exit(1); });
`;

/** Another build's engine.js to measure alongside (before/after in the same run), from SHORELINE_BENCH_BASELINE. */
const BASELINE = process.env.SHORELINE_BENCH_BASELINE ? path.resolve(process.env.SHORELINE_BENCH_BASELINE) : undefined;

async function viewerFirstPage(spec: object, engine = ENGINE): Promise<ChildResult> {
  const t0 = performance.now();
  const r = await run(process.execPath, ['-e', CHILD], { BENCH_ENGINE: engine, BENCH_SPEC: JSON.stringify(spec) });
  return { ...(JSON.parse(r.stdout) as ChildResult), wallMs: performance.now() - t0 };
}

async function setUp(): Promise<void> {
  const { Client } = await import('pg');
  const c = new Client({ host: '127.0.0.1', port: PG_PORT, user: 'postgres', password: PASSWORD, database: 'pagila' });
  await c.connect();
  const t0 = performance.now();
  await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await c.query(`CREATE TABLE ${TABLE} AS SELECT g AS id, md5(g::text) AS name, (g % 1000) * 1.5 AS amount, timestamptz '2024-01-01' + g * interval '1 second' AS created FROM generate_series(1, ${ROWS}) g`);
  await c.query(`ALTER TABLE ${TABLE} ADD PRIMARY KEY (id)`);
  await c.query(`ANALYZE ${TABLE}`);
  await c.end();
  console.log(`  setup: ${ROWS.toLocaleString('en-US')}-row table ${TABLE} created, keyed and analyzed in ${ms(performance.now() - t0)}`);

  const t1 = performance.now();
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const ids = new Int32Array(PARQUET_ROWS);
  const names: string[] = new Array<string>(PARQUET_ROWS);
  const payloads: string[] = new Array<string>(PARQUET_ROWS);
  const amounts = new Float64Array(PARQUET_ROWS);
  const noise = randomBytes(PARQUET_ROWS * 24);
  for (let i = 0; i < PARQUET_ROWS; i++) {
    ids[i] = i + 1;
    names[i] = noise.toString('hex', i * 24, i * 24 + 12);
    // random text (no repeats for snappy to find): the object stays about as big as its data
    payloads[i] = noise.toString('base64', i * 24 + 12, i * 24 + 24) + noise.toString('hex', i * 24, i * 24 + 12);
    amounts[i] = (i % 10_000) / 7;
  }
  const bytes = new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids, type: 'INT32' }, { name: 'name', data: names, type: 'STRING' },
      { name: 'payload', data: payloads, type: 'STRING' }, { name: 'amount', data: amounts, type: 'DOUBLE' },
    ],
    rowGroupSize: ROW_GROUP,
  }));
  const { CreateBucketCommand, PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ endpoint: `http://127.0.0.1:${S3_PORT}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: bytes }));
  s3.destroy();
  console.log(`  setup: ${PARQUET_ROWS.toLocaleString('en-US')}-row Parquet object (snappy, ${Math.ceil(PARQUET_ROWS / ROW_GROUP)} row groups) of ${mib(bytes.byteLength)} written to s3://${BUCKET}/${KEY} in ${ms(performance.now() - t1)}`);
}

/** `psql -c` fetching the same first page: the reference. */
async function psqlFirstPage(): Promise<number> {
  const r = await run('psql', ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres', '-d', 'pagila', '-At', '-c', `select * from ${TABLE} order by id limit 100`], { PGPASSWORD: PASSWORD });
  const lines = r.stdout.trim().split('\n').length;
  if (lines !== 100) throw new Error(`psql returned ${lines} rows, not 100`);
  return r.ms;
}

/** A plain GET of the whole object in a fresh process (the reference for Parquet): time and bytes. */
async function wholeObjectGet(): Promise<{ ms: number; bytes: number }> {
  const script = `
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({ endpoint: 'http://127.0.0.1:${S3_PORT}', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
(async () => { const t0 = performance.now(); const o = await s3.send(new GetObjectCommand({ Bucket: '${BUCKET}', Key: '${KEY}' })); const b = await o.Body.transformToByteArray();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, bytes: b.byteLength })); process.exit(0); })().catch((e) => { console.error(e.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { ms: number; bytes: number }) : reject(new Error(`whole-object GET failed: ${err.trim()}`))));
  });
}

function report(label: string, results: ChildResult[]): { first: number; warm: number; wall: number; cpu: number } {
  const first = median(results.map((r) => r.firstPageMs));
  const warm = median(results.map((r) => r.warmFirstPageMs));
  const wall = median(results.map((r) => r.wallMs ?? 0));
  const last = results.at(-1)!;
  console.log(`  ${label}: first page of ${last.rows} rows (of ${last.total?.toLocaleString('en-US') ?? '?'}), ${results.length} fresh processes:`);
  console.log(`    cold (first viewer in a fresh process, engine loaded: first use of the client libraries) median ${ms(first)}, best ${ms(Math.min(...results.map((r) => r.firstPageMs)))} [${results.map((r) => r.firstPageMs.toFixed(0)).join(', ')}] (goal <= 500 ms) ${first <= 500 ? 'OK' : 'OVER GOAL'}`);
  console.log(`      of which opening the source median ${ms(median(results.map((r) => r.openMs)))}; CPU time of the cold first page median ${ms(median(results.map((r) => r.cpuMs)))} [${results.map((r) => r.cpuMs.toFixed(0)).join(', ')}]; loading dist/engine.js before it median ${ms(median(results.map((r) => r.loadMs)))}`);
  console.log(`    warm (another viewer, new source and connections)         median ${ms(warm)}, best ${ms(Math.min(...results.map((r) => r.warmFirstPageMs)))} [${results.map((r) => r.warmFirstPageMs.toFixed(0)).join(', ')}] (goal <= 500 ms) ${warm <= 500 ? 'OK' : 'OVER GOAL'}`);
  console.log(`    next page median ${ms(median(results.map((r) => r.nextPageMs)))}; whole process (node start + engine load + first page) median ${ms(wall)}`);
  console.log(`    peak RSS ${mib(Math.max(...results.map((r) => r.maxRss)))} (RSS after loading dist/engine.js ${mib(median(results.map((r) => r.rssAfterLoad)))})${last.note ? `; ${last.note}` : ''}`);
  return { first, warm, wall, cpu: median(results.map((r) => r.cpuMs)) };
}

/** The baseline build's figures beside this build's, when SHORELINE_BENCH_BASELINE is set. */
function reportBaseline(label: string, now: { first: number; warm: number; cpu: number }, base: ChildResult[]): void {
  if (!base.length) return;
  const b = report(`${label}, baseline build ${BASELINE}`, base);
  console.log(`    this build / baseline: cold ${(now.first / b.first).toFixed(2)}, warm ${(now.warm / b.warm).toFixed(2)}, cold CPU ${(now.cpu / b.cpu).toFixed(2)}`);
}

export async function dataBench(): Promise<void> {
  console.log('data viewer (project shoreline-dbench, postgres + localstack):');
  await cli(['down', '--volumes']);
  const up = await cli(['up', '--wait', '--services', 'postgres,localstack']);
  console.log(`  stack (postgres, localstack) healthy in ${(up.ms / 1000).toFixed(2)} s`);
  try {
    await setUp();
    const pg: ChildResult[] = [];
    const pgBase: ChildResult[] = [];
    const psql: number[] = [];
    const pgSpec = { kind: 'pgTable', database: 'pagila', schema: 'public', table: TABLE };
    for (let i = 0; i < RUNS; i++) {
      pg.push(await viewerFirstPage(pgSpec));
      if (BASELINE) pgBase.push(await viewerFirstPage(pgSpec, BASELINE));
      psql.push(await psqlFirstPage());
    }
    const p = report(`PostgreSQL ${TABLE} (${ROWS.toLocaleString('en-US')} rows)`, pg);
    reportBaseline(`PostgreSQL ${TABLE}`, p, pgBase);
    const ref = median(psql);
    console.log(`    reference psql -c "select * from ${TABLE} order by id limit 100" median ${ms(ref)}, best ${ms(Math.min(...psql))} [${psql.map((x) => x.toFixed(0)).join(', ')}] (process start + connect + query)`);
    console.log(`    ratio to psql: warm first page ${(p.warm / ref).toFixed(2)}, cold first page ${(p.first / ref).toFixed(2)}, whole viewer process ${(p.wall / ref).toFixed(2)}`);

    const pq: ChildResult[] = [];
    const pqBase: ChildResult[] = [];
    const gets: Array<{ ms: number; bytes: number }> = [];
    const pqSpec = { kind: 's3', bucket: BUCKET, key: KEY };
    for (let i = 0; i < RUNS; i++) {
      pq.push(await viewerFirstPage(pqSpec));
      if (BASELINE) pqBase.push(await viewerFirstPage(pqSpec, BASELINE));
      gets.push(await wholeObjectGet());
    }
    const q = report(`Parquet s3://${BUCKET}/${KEY}`, pq);
    reportBaseline(`Parquet s3://${BUCKET}/${KEY}`, q, pqBase);
    const getMs = median(gets.map((g) => g.ms));
    console.log(`    reference: GET of the whole object (${mib(gets[0]!.bytes)}) median ${ms(getMs)} [${gets.map((g) => g.ms.toFixed(0)).join(', ')}]`);
    console.log(`    ratio to the whole-object GET: warm first page ${(q.warm / getMs).toFixed(2)}, cold first page ${(q.first / getMs).toFixed(2)}`);
  } finally {
    await cli(['down', '--volumes']);
  }
}
