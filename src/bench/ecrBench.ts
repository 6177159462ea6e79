/**
 * `npm run bench -- ecr`: push a ~200 MB multi-layer image (five layers of random data FROM the local debian base)
 * to a local registry with `shoreline ecr push` (a CLI process; local mode: moto's ECR API + a Distribution registry),
 * with the same push flow in this process (what the VS Code wizard runs) and with `docker push`: the same image, each
 * to a fresh registry, in rotating order, in the same run; prints the times, the ratios (goal <= 1.05) and the re-push
 * of the unchanged image (goal < 1 s, every layer skipped).
 * Own containers `shoreline-bench-ecr-*` on ports 31xxx, removed at the end.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pushImageToEcr } from '../services/aws/ecrWorkbench';
import { REPO_ROOT, ciImage } from '../test/ciImages';

const RUN = 'shoreline-bench-ecr';
const VENDOR = '111222333444';
const MOTO_PORT = 31566;
const REGISTRY_PORTS = [31501, 31502, 31503, 31504, 31505, 31506];
const IMAGE = `${RUN}/rake-app:1.1.0`;
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const LAYERS = 5;
const LAYER_MB = 40;
const ROUNDS = 2;
/** The local debian base every stand-in image builds on (.ci/images/base/mkbase.sh). */
const BASE_IMAGE = 'shoreline-ci/debian:bookworm';

function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' | ')}`));
      else resolve({ ms: performance.now() - t0, stdout });
    });
    if (input !== undefined) { child.stdin?.end(input); }
  });
}
const docker = (...args: string[]) => run('docker', args);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => { const a = [...xs].sort((x, y) => x - y); const m = a.length >> 1; return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2; };

async function startHealthy(name: string, image: string, hostPort: number, port: number): Promise<void> {
  await docker('run', '-d', '--name', name, '--network', RUN, '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${RUN}`,
    '-p', `127.0.0.1:${hostPort}:${port}`, image);
  const end = Date.now() + 90_000;
  for (;;) {
    const { stdout } = await docker('inspect', '-f', '{{.State.Health.Status}}', name);
    if (stdout.trim() === 'healthy') return;
    if (Date.now() > end) throw new Error(`${name} is not healthy after 90 s (${stdout.trim()})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function cleanup(): Promise<void> {
  const { stdout } = await docker('ps', '-aq', '--filter', `label=dev.shoreline.test-run=${RUN}`).catch(() => ({ stdout: '' }));
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', '-v', ...ids).catch(() => undefined);
  await docker('network', 'rm', RUN).catch(() => undefined);
  const imgs = await docker('images', '--format', '{{.Repository}}:{{.Tag}}').catch(() => ({ stdout: '' }));
  const mine = imgs.stdout.split('\n').filter((r) => r.startsWith(`${RUN}/`) || /^127\.0\.0\.1:315\d\d\//.test(r));
  if (mine.length) await docker('rmi', '-f', ...mine).catch(() => undefined);
}

/** Five layers of 40 MB of random data (unique to this run) on top of the debian base: ~275 MB, ~200 MB of it new. */
async function buildImage(): Promise<{ sizeMb: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-bench-ecr-'));
  try {
    const lines = [`FROM ${BASE_IMAGE}`];
    for (let i = 1; i <= LAYERS; i++) lines.push(`RUN head -c ${LAYER_MB}M /dev/urandom > /layer-${i}.bin`);
    lines.push('CMD ["ls", "-l", "/"]');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
    await docker('build', '--no-cache', '-q', '-t', IMAGE, dir);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  const { stdout } = await docker('image', 'inspect', '-f', '{{.Size}}', IMAGE);
  return { sizeMb: Number(stdout.trim()) / 1e6 };
}

interface Report { pushed: string[]; skipped: string[]; durationMs: number; digest: string }

function shorelinePush(registryPort: number, create: boolean): Promise<{ ms: number; report: Report }> {
  return run(process.execPath, [CLI, 'ecr', 'push', IMAGE, '--repository', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json', ...(create ? ['--create'] : [])], {
    AWS_PROFILE: undefined, SHORELINE_ECR_ENDPOINT: `http://127.0.0.1:${MOTO_PORT}`, SHORELINE_ECR_REGISTRY: `127.0.0.1:${registryPort}`,
  }).then(({ ms, stdout }) => ({ ms, report: JSON.parse(stdout) as Report }));
}

/** The same push flow in this process, as the VS Code wizard runs it (no CLI process start, SDK already loaded after the first). */
async function inProcessPush(registryPort: number, create: boolean): Promise<{ ms: number; report: Report }> {
  const t0 = performance.now();
  const report = await pushImageToEcr('', { region: 'us-east-2', endpointUrl: `http://127.0.0.1:${MOTO_PORT}`, localAccountId: VENDOR }, {
    localImage: IMAGE, repository: 'rake-app', accountId: VENDOR, region: 'us-east-2', create, registryHostOverride: `127.0.0.1:${registryPort}`,
  });
  return { ms: performance.now() - t0, report };
}

async function dockerPush(registryPort: number): Promise<number> {
  const ref = `127.0.0.1:${registryPort}/rake-app:1.1.0`;
  await docker('tag', IMAGE, ref);
  return (await docker('push', '-q', ref)).ms;
}

export async function ecrBench(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error('run "npm run build" first (dist/cli.js)');
  console.log('ecr (local mode: moto ECR API + Distribution registry; both tools through the same Docker engine):');
  await cleanup();
  await docker('network', 'create', '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${RUN}`, RUN);
  try {
    const t0 = performance.now();
    const [{ sizeMb }] = await Promise.all([
      buildImage(),
      startHealthy(`${RUN}-moto`, ciImage('moto'), MOTO_PORT, 4566),
      ...REGISTRY_PORTS.map((p, i) => startHealthy(`${RUN}-registry-${i + 1}`, ciImage('registry'), p, 5000)),
    ]);
    console.log(`  image ${IMAGE}: ${sizeMb.toFixed(0)} MB (${LAYERS} layers of ${LAYER_MB} MB random data + debian base), built with the registries in ${s(performance.now() - t0)}`);
    const times: Record<'cli' | 'inprocess' | 'docker', number[]> = { cli: [], inprocess: [], docker: [] };
    const ORDERS: Array<Array<keyof typeof times>> = [['cli', 'inprocess', 'docker'], ['docker', 'cli', 'inprocess']];
    let cliPort = 0; let inPort = 0; let dockerPort = 0;
    let report: Report | undefined;
    let created = false;
    for (let round = 0; round < ROUNDS; round++) {
      const [cp, ip, dp] = [REGISTRY_PORTS[round * 3]!, REGISTRY_PORTS[round * 3 + 1]!, REGISTRY_PORTS[round * 3 + 2]!];
      // rotate who goes first: page cache and the shared CPU favour no tool
      const order = ORDERS[round % ORDERS.length]!;
      for (const who of order) {
        if (who === 'docker') { times.docker.push(await dockerPush(dp)); dockerPort = dp; continue; }
        // the emulator's ECR API is shared by the rounds: the first Shoreline push creates rake-app, later ones reuse it
        const r = who === 'cli' ? await shorelinePush(cp, !created) : await inProcessPush(ip, !created);
        created = true;
        times[who].push(r.ms);
        if (who === 'cli') { cliPort = cp; report = r.report; } else inPort = ip;
        if (r.report.skipped.length !== 0) console.log(`  note: ${who} skipped ${r.report.skipped.length} layer(s) on a fresh registry`);
      }
      console.log(`  round ${round + 1} (${order.join(', ')}): shoreline ecr push (CLI process) ${s(times.cli[round]!)}, in-process push flow ${s(times.inprocess[round]!)}, docker push ${s(times.docker[round]!)}`);
    }
    const [cm, im, dm] = [median(times.cli), median(times.inprocess), median(times.docker)];
    console.log(`  first push, median of ${ROUNDS}: CLI ${s(cm)}, in-process ${s(im)} (layers pushed: ${report?.pushed.length ?? '?'}), docker push ${s(dm)}`);
    console.log(`  ratio CLI / docker push           ${(cm / dm).toFixed(3)} (goal <= 1.05)`);
    console.log(`  ratio in-process / docker push    ${(im / dm).toFixed(3)} (goal <= 1.05; what the VS Code wizard runs)`);
    const help = (await run(process.execPath, [CLI, 'help'])).ms;
    console.log(`  shoreline CLI start alone (shoreline help) ${s(help)}`);
    const again = await shorelinePush(cliPort, false);
    const againIn = await inProcessPush(inPort, false);
    const dockerAgain = await dockerPush(dockerPort);
    console.log(`  re-push unchanged image (goal < 1 s, every layer skipped): CLI ${s(again.ms)} wall (its push flow ${s(again.report.durationMs)}), ${again.report.pushed.length} uploaded, ${again.report.skipped.length} skipped;`);
    console.log(`    in-process ${s(againIn.ms)}, ${againIn.report.pushed.length} uploaded, ${againIn.report.skipped.length} skipped; docker push ${s(dockerAgain)}`);
    if (report && again.report.digest !== report.digest) console.log(`  note: re-push digest ${again.report.digest} differs from ${report.digest}`);
  } finally {
    await cleanup();
  }
}
