/**
 * `npm run bench -- soak` (issue 7, "Soak and faults"): SOAK_CYCLES (default 20) cycles of `up --wait` / produce
 * SOAK_MESSAGES (default 10,000) / consume them / `down` (volumes kept), all through the real CLI (dist/cli.js), on
 * project shoreline-soak, ports 32xxx, services SOAK_SERVICES (default kafka). Each cycle prints its times, what the
 * project leaves behind in Docker (containers, networks, volumes by label, read through the engine API), the consumer
 * groups on the broker (the CLI's consume and the viewer's read must leave none), and the memory of one long-lived
 * extension-side process. That process loads dist/engine.js once and uses it as the extension does for the whole run:
 * one StackService polled for status every 3 s (the Stack view's interval), one Kafka client kept across broker
 * restarts, and a page read of the topic per cycle. Its RSS and heap (after a forced GC) are printed per cycle, with
 * first vs last and the least-squares slope at the end. Reference in the same run: kcat reading the same messages.
 * Figures only; nothing is asserted. The project is removed (down --volumes) before and after.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import Docker from 'dockerode';
import { configFromEnv, resolveConfig } from '../domain/stack/stackConfig';
import type { KafkaApi } from '../services/kafka/kafkaApi';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';

type EngineBundle = typeof import('../services/engineBundle');

const PROJECT = 'shoreline-soak';
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const TOPIC = 'shoreline.soak';
/** A page of the message viewer: what the long-lived process reads each cycle. */
const PAGE = 500;
const STATUS_POLL_MS = 3000;

interface ProbeReport { rss: number; heapUsed: number; external: number; polls: number; pollErrors: number; read: number; readMs: number; kafkaHealth: string; error?: string }
type ProbeRequest = { cycle: number } | { exit: true };

function soakEnv(): Record<string, string> {
  return testStackEnv(PROJECT, 32000);
}

/** A call that takes longer than this is stopped and counted as hung (SOAK_CALL_TIMEOUT seconds, default 180). */
const CALL_TIMEOUT_MS = Number(process.env.SOAK_CALL_TIMEOUT ?? 180) * 1000;

interface CliRun { ms: number; stdout: string; stderr: string }
class HungError extends Error {
  constructor(readonly what: string, readonly stderr: string) { super(`${what} did not finish within ${CALL_TIMEOUT_MS / 1000} s`); }
}
function run(file: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 256 << 20, timeout: CALL_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err && (err as { killed?: boolean }).killed) reject(new HungError(`${path.basename(file)} ${args.join(' ')}`, stderr));
      else if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || err.message}`));
      else resolve({ ms: performance.now() - t0, stdout, stderr });
    });
  });
}
const cli = (args: string[], env: Record<string, string>) => run(process.execPath, [CLI, ...args], env);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)}`;

/** Least-squares slope of ys over 1..n. */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n + 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, i) => { num += (i + 1 - mx) * (y - my); den += (i + 1 - mx) ** 2; });
  return num / den;
}

async function leftovers(docker: Docker): Promise<{ containers: number; running: number; networks: number; volumes: number }> {
  const filters = { label: [`dev.shoreline.project=${PROJECT}`] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters }),
  ]);
  return { containers: containers.length, running: containers.filter((c) => c.State === 'running').length, networks: networks.length, volumes: volumes.Volumes?.length ?? 0 };
}

function startProbe(env: Record<string, string>): { ask: (req: ProbeRequest) => Promise<ProbeReport>; child: ChildProcess } {
  const child = fork(__filename, ['soak-probe'], { execArgv: ['--require', 'tsx/cjs', '--expose-gc'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (req: ProbeRequest) => new Promise<ProbeReport>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the long-lived probe process exited (code ${code ?? '?'})`));
    child.once('exit', onExit);
    child.once('message', (m) => { child.removeListener('exit', onExit); resolve(m as ProbeReport); });
    child.send(req);
  });
  return { ask, child };
}

export async function soakBench(): Promise<void> {
  const cycles = Number(process.env.SOAK_CYCLES ?? 20);
  const messages = Number(process.env.SOAK_MESSAGES ?? 10_000);
  const services = process.env.SOAK_SERVICES ?? 'kafka';
  if (!(Number.isInteger(cycles) && cycles > 0)) throw new Error(`SOAK_CYCLES is "${process.env.SOAK_CYCLES}"; give a whole number of cycles, e.g. SOAK_CYCLES=3`);
  if (!(Number.isInteger(messages) && messages > 0)) throw new Error(`SOAK_MESSAGES is "${process.env.SOAK_MESSAGES}"; give a whole number, e.g. SOAK_MESSAGES=1000`);
  const env = soakEnv();
  const kafkaPort = env.SHORELINE_PORT_KAFKA!;
  const docker = new Docker();
  console.log(`soak: ${cycles} cycles of up --wait / produce ${messages} / consume ${messages} / down (volumes kept); services ${services}; project ${PROJECT}, kafka on 127.0.0.1:${kafkaPort}`);
  await cli(['down', '--volumes'], env);
  const before = await leftovers(docker);
  console.log(`  before: ${before.containers} containers, ${before.networks} networks, ${before.volumes} volumes labelled for ${PROJECT}`);
  const probe = startProbe(env);
  const rows: Array<ProbeReport & { groups: number }> = [];
  const hung: string[] = [];
  try {
    console.log('  cycle   up  produce  consume  (kcat)  down | containers(run) networks volumes groups | probe RSS MiB heap MiB  polls(err)  page read');
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const up = await cli(['up', '--wait', '--services', services], env);
      if (cycle === 1) await cli(['topic', 'create', TOPIC, '--partitions', '1'], env);
      const produced = await cli(['produce', TOPIC, '--template', `{"cycle":${cycle},"i":{{i}},"pad":"${'x'.repeat(64)}"}`, '--count', String(messages), '--json'], env);
      // with SHORELINE_DEBUG the reader says what it waits for; kept when a consume hangs
      const consumed = await cli(['consume', TOPIC, '--from', `last:${messages}`, '--json'], { ...env, SHORELINE_DEBUG: '1' }).catch((e: unknown) => {
        if (!(e instanceof HungError)) throw e;
        const file = path.join(REPO_ROOT, '.cache', 'artifacts', `soak-hung-consume-cycle${cycle}.log`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, e.stderr);
        hung.push(`cycle ${cycle}: ${e.message} (its debug output: ${path.relative(REPO_ROOT, file)})`);
        return { ms: CALL_TIMEOUT_MS, stdout: '', stderr: e.stderr };
      });
      const got = consumed.stdout.split('\n').filter((l) => l.trim()).length;
      if (got !== messages && consumed.stdout) throw new Error(`cycle ${cycle}: consume printed ${got} messages, expected ${messages}`);
      // the reference: kcat reads the same last N messages of the one partition
      const kcat = await run('kcat', ['-C', '-b', `127.0.0.1:${kafkaPort}`, '-t', TOPIC, '-o', `-${messages}`, '-e', '-q'], {});
      const p = await probe.ask({ cycle });
      if (p.error) throw new Error(`cycle ${cycle}: the long-lived process failed: ${p.error}`);
      const groups = (JSON.parse((await cli(['groups', '--json'], env)).stdout) as { groups: unknown[] }).groups.length;
      const down = await cli(['down'], env);
      const left = await leftovers(docker);
      rows.push({ ...p, groups });
      console.log(`  ${String(cycle).padStart(5)} ${sec(up.ms).padStart(5)} ${sec(produced.ms).padStart(7)} ${sec(consumed.ms).padStart(8)} ${sec(kcat.ms).padStart(7)} ${sec(down.ms).padStart(5)} |`
        + ` ${`${left.containers}(${left.running})`.padStart(15)} ${String(left.networks).padStart(8)} ${String(left.volumes).padStart(7)} ${String(groups).padStart(6)} |`
        + ` ${mib(p.rss).padStart(13)} ${mib(p.heapUsed).padStart(8)} ${`${p.polls}(${p.pollErrors})`.padStart(11)}  ${p.read} msgs in ${p.readMs.toFixed(0)} ms (kafka ${p.kafkaHealth})`);
    }
    const first = rows[0]!;
    const last = rows.at(-1)!;
    console.log(`  long-lived process, cycle 1 -> ${rows.length}: RSS ${mib(first.rss)} -> ${mib(last.rss)} MiB (slope ${(slope(rows.map((r) => r.rss)) / 1024).toFixed(1)} KiB/cycle);`
      + ` heap after GC ${mib(first.heapUsed)} -> ${mib(last.heapUsed)} MiB (slope ${(slope(rows.map((r) => r.heapUsed)) / 1024).toFixed(1)} KiB/cycle)`);
    if (rows.length >= 6) {
      // the first cycles include loading the clients' code paths; the steady state is what must stay flat
      const tail = rows.slice(Math.floor(rows.length / 2));
      console.log(`  second half only (cycles ${rows.length - tail.length + 1}-${rows.length}): RSS slope ${(slope(tail.map((r) => r.rss)) / 1024).toFixed(1)} KiB/cycle, heap slope ${(slope(tail.map((r) => r.heapUsed)) / 1024).toFixed(1)} KiB/cycle`);
    }
    console.log(`  consumer groups on the broker: ${rows.map((r) => r.groups).join(' ')} (max ${Math.max(...rows.map((r) => r.groups))})`);
    console.log(`  hung CLI consumes (stopped after ${CALL_TIMEOUT_MS / 1000} s): ${hung.length}${hung.map((h) => `\n    ${h}`).join('')}`);
  } finally {
    await probe.ask({ exit: true }).catch(() => undefined);
    probe.child.kill();
    await cli(['down', '--volumes'], env).catch((e: unknown) => { console.error(`soak: clean-up failed: ${e instanceof Error ? e.message : String(e)}`); });
    const after = await leftovers(docker);
    console.log(`  after down --volumes: ${after.containers} containers, ${after.networks} networks, ${after.volumes} volumes labelled for ${PROJECT}`);
  }
}

/** The long-lived extension-side process (forked by soakBench with --expose-gc): answers one ProbeRequest per cycle. */
function runProbe(): void {
  // tsx turns Node's source maps on; the extension host runs without them, and with them every stack trace through
  // dist/engine.js would load its 13 MB map into this heap and blur the figures
  process.setSourceMapsEnabled(false);
  const engine = createRequire(__filename)(path.join(REPO_ROOT, 'dist', 'engine.js')) as EngineBundle;
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const config = resolveConfig([['environment (SHORELINE_*)', configFromEnv(process.env)]]);
  const stack = engine.createStack(config, { resourcesRoot: REPO_ROOT, log: quiet });
  const kafka: KafkaApi = engine.createKafkaClient({ id: 'local', name: 'local', bootstrapServers: [`127.0.0.1:${config.ports.kafka}`], local: true }, {},
    { clientId: 'shoreline-vscode', log: quiet });
  let polls = 0;
  let pollErrors = 0;
  let kafkaHealth = 'unknown';
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const rows = await stack.status();
      kafkaHealth = rows.find((r) => r.name === 'kafka')?.health ?? 'missing';
      polls++;
    } catch {
      pollErrors++;
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => { void poll(); }, STATUS_POLL_MS);
  process.on('message', (m: ProbeRequest) => {
    void (async () => {
      if ('exit' in m) {
        clearInterval(timer);
        await kafka.disconnect().catch(() => undefined);
        process.send?.({ rss: 0, heapUsed: 0, external: 0, polls, pollErrors, read: 0, readMs: 0, kafkaHealth } satisfies ProbeReport, () => process.exit(0));
        return;
      }
      let read = 0;
      let readMs = 0;
      let error: string | undefined;
      try {
        await poll();
        await kafka.listTopics();
        const r = await kafka.read({ topic: TOPIC, from: { kind: 'latest', count: PAGE }, limit: PAGE, collect: false, onMessages: (b) => { read += b.length; } });
        readMs = r.elapsedMs;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      process.send?.({ rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, polls, pollErrors, read, readMs, kafkaHealth, ...(error ? { error } : {}) } satisfies ProbeReport);
    })();
  });
}

if (require.main === module && process.argv[2] === 'soak-probe') runProbe();
