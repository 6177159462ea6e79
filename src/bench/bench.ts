/**
 * npm run bench — prints figures, asserts nothing.
 *  stack: cold start of the whole stack (images present, no containers or volumes) vs. the slowest service started
 *         alone in the same run (goal: ratio <= 1.15, i.e. services start in parallel and readiness is seen fast);
 *         warm restart (down, then up --wait).
 *  bundle: size of the bundle loaded at activation vs. the lazily loaded engine.
 *  connect: offline validation of 1,000 configs, the worker's validate round trip vs. a bare GET /connector-plugins,
 *         apply to RUNNING (src/bench/connectBench.ts).
 *  kafka: 1M messages of 1 KB into the message viewer's store vs. kcat, peak RSS, first page; produce from a file vs.
 *         kcat (src/bench/kafkaBench.ts).
 *  soak: up / produce / consume / down cycles; leftovers, consumer groups, memory of a long-lived extension-side process
 *         (src/bench/soakBench.ts; only when named; SOAK_CYCLES=3 for a quick run).
 *  ecr: push of a ~200 MB multi-layer image with `shoreline ecr push` vs. `docker push` (fresh local registry each),
 *         and the re-push of the unchanged image (src/bench/ecrBench.ts).
 *  data: the Data viewer's first page of a 1,000,000-row table and of a ~100 MB Parquet object vs. psql / a whole GET
 *         (src/bench/dataBench.ts).
 * Select with `npm run bench -- stack` / `-- bundle` / `-- connect` / `-- kafka` / `-- soak` / `-- data`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';
import { offlineValidationBench, workerBench } from './connectBench';
import { dataBench } from './dataBench';
import { ecrBench } from './ecrBench';
import { kafkaBench } from './kafkaBench';
import { soakBench } from './soakBench';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ENV = testStackEnv('shoreline-bench', 23000);

function cli(args: string[], env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...ENV, ...env }, maxBuffer: 16 << 20 }, (err, _o, stderr) => {
      if (err) reject(new Error(`shoreline ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      else resolve(performance.now() - t0);
    });
  });
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function stackBench(): Promise<void> {
  console.log('stack (stand-in images, times include the CLI process and Pagila loading):');
  await cli(['down', '--volumes']);
  const alone: Record<string, number> = {};
  for (const svc of ['kafka', 'postgres', 'mongo', 'localstack']) {
    alone[svc] = await cli(['up', '--wait', '--services', svc]);
    await cli(['down', '--volumes']);
  }
  // Connect needs a broker: its own time is measured with Kafka already healthy.
  await cli(['up', '--wait', '--services', 'kafka']);
  alone.connect = await cli(['up', '--wait', '--services', 'connect']);
  await cli(['down', '--volumes']);
  for (const [k, v] of Object.entries(alone)) console.log(`  ${k.padEnd(11)} alone to healthy   ${s(v)}`);
  const slowest = Math.max(...Object.values(alone));
  const kafkaThenConnect = alone.kafka! + alone.connect!;
  const cold = await cli(['up', '--wait']);
  console.log(`  whole stack cold to healthy       ${s(cold)}`);
  console.log(`  ratio to slowest single service   ${(cold / slowest).toFixed(2)} (goal <= 1.15)`);
  console.log(`  ratio to kafka + connect in series ${(cold / kafkaThenConnect).toFixed(2)}`);
  await cli(['down']);
  const warm = await cli(['up', '--wait']);
  console.log(`  warm start (containers kept)      ${s(warm)}`);
  await cli(['down', '--volumes']);
}

function bundleBench(): void {
  const size = (f: string) => fs.statSync(path.join(REPO_ROOT, 'dist', f)).size;
  console.log('bundle:');
  console.log(`  loaded at activation (dist/extension.js)  ${(size('extension.js') / 1024).toFixed(1)} KiB`);
  console.log(`  loaded on first use (dist/engine.js)      ${(size('engine.js') / 1024 / 1024).toFixed(2)} MiB`);
  console.log(`  connector authoring (dist/authoring.js)   ${(size('authoring.js') / 1024).toFixed(1)} KiB, on first use`);
  const vsix = path.join(REPO_ROOT, 'dist', 'shoreline.vsix');
  if (fs.existsSync(vsix)) console.log(`  VSIX (npm run package)                    ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MiB`);
  const t0 = performance.now();
  createRequire(__filename)(path.join(REPO_ROOT, 'dist', 'engine.js'));
  console.log(`  engine.js require time (plain node)       ${(performance.now() - t0).toFixed(0)} ms`);
  const act = path.join(REPO_ROOT, '.cache', 'activation.json');
  if (fs.existsSync(act)) console.log(`  activation in code-server (last vscode tier) ${JSON.parse(fs.readFileSync(act, 'utf8')).ms} ms`);
}

async function connectBench(): Promise<void> {
  offlineValidationBench();
  await cli(['down', '--volumes']);
  const up = await cli(['up', '--wait', '--services', 'kafka,connect,postgres']);
  console.log(`connect: stack (kafka, connect, postgres) healthy in ${s(up)}`);
  try {
    await workerBench(`http://127.0.0.1:${ENV.SHORELINE_PORT_CONNECT}`, Number(ENV.SHORELINE_PORT_POSTGRES), ENV.SHORELINE_POSTGRES_PASSWORD!);
  } finally {
    await cli(['down', '--volumes']);
  }
}

async function main(): Promise<void> {
  const which = process.argv.slice(2);
  const all = which.length === 0;
  if (all || which.includes('bundle')) bundleBench();
  if (all || which.includes('stack')) await stackBench();
  if (all || which.includes('connect')) await connectBench();
  if (all || which.includes('data')) await dataBench();
  if (all || which.includes('kafka')) await kafkaBench();
  if (all || which.includes('ecr')) await ecrBench();
  if (which.includes('soak')) await soakBench();
}
main().catch((e: unknown) => { console.error(e instanceof Error ? e.message : e); process.exitCode = 1; });
