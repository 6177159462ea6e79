import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { Client } from 'pg';
import { resolveEngineEndpoint } from '../../domain/docker/engineEndpoint';
import { REPO_ROOT, ciImage, testStackEnv } from '../../test/ciImages';
import { hostEndpointFacts } from './engineEndpointFacts';

/**
 * Issue 7, Engines: Shoreline follows the current Docker context (config.json currentContext, DOCKER_CONTEXT),
 * DOCKER_HOST wins over it, a missing context is a clear error; and the same stack code runs on Podman's
 * Docker-compatible API (`podman system service` on a socket, selected with DOCKER_HOST).
 */
/** SHORELINE_TEST_CLI runs the suite against another build, e.g. a deliberately broken one (issue 7's can-fail experiments). */
const CLI = process.env.SHORELINE_TEST_CLI ?? path.join(REPO_ROOT, 'dist', 'cli.js');
const CONTEXT = 'shoreline-test-ctx';

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) full[k] = v;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: os.tmpdir(), env: full, timeout: 280_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The socket the engine of this machine answers on (the context gets a second path to it). */
function realSocket(): string {
  const e = resolveEngineEndpoint(hostEndpointFacts('', process.env));
  assert.equal(e.kind, 'socket', 'these tests need a local Docker socket');
  return e.socketPath;
}

/** A Docker config folder with one context named CONTEXT whose endpoint is `host`, made current when `current`. */
function writeDockerConfig(dir: string, host: string, current: boolean): void {
  const meta = path.join(dir, 'contexts', 'meta', createHash('sha256').update(CONTEXT).digest('hex'));
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: CONTEXT, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(current ? { auths: {}, currentContext: CONTEXT } : { auths: {} }));
}

describe('Docker contexts: Shoreline follows the current context', function () {
  this.timeout(300_000);
  const project = `shoreline-sec-${process.pid}-ctx`;
  const stackEnv = testStackEnv(project, 28100);
  let tmp = '';
  let home = '';
  let secondSocket = '';
  const docker = new Docker({ socketPath: realSocket() });
  /** The environment with no DOCKER_HOST/DOCKER_CONTEXT and a HOME holding only our config. */
  const env = (extra: Record<string, string | undefined> = {}) => ({ ...stackEnv, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: undefined, SHORELINE_DOCKER_HOST: undefined, HOME: home, ...extra });

  before(() => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-test-sec-ctx-'));
    home = path.join(tmp, 'home');
    secondSocket = path.join(tmp, 'engine', 'docker.sock');
    fs.mkdirSync(path.dirname(secondSocket), { recursive: true });
    fs.symlinkSync(realSocket(), secondSocket);
    writeDockerConfig(path.join(home, '.docker'), `unix://${secondSocket}`, true);
  });
  after(async () => {
    await cli(['down', '--volumes'], { ...stackEnv, DOCKER_HOST: `unix://${realSocket()}` });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('up uses the endpoint of ~/.docker/config.json currentContext and says so', async () => {
    const up = await cli(['up', '--services', 'postgres'], env());
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, new RegExp(`at unix://${secondSocket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Docker context "${CONTEXT}"\\)`), up.stderr);
    const info = await docker.getContainer(`${project}-postgres`).inspect();
    assert.equal(info.Config.Labels['dev.shoreline.managed'], 'true');
    assert.equal(info.State.Running, true);
  });

  it('with the context\'s socket gone, status fails naming that socket (no silent fallback to the default socket)', async () => {
    const moved = `${secondSocket}.away`;
    fs.renameSync(secondSocket, moved);
    try {
      const st = await cli(['status', '--json'], env());
      assert.equal(st.code, 1, st.stdout + st.stderr);
      assert.ok(st.stderr.includes(secondSocket), st.stderr);
      assert.ok(st.stderr.includes(`Docker context "${CONTEXT}"`), st.stderr);
      const err = (JSON.parse(st.stdout) as { error: { code: string; fix: string } }).error;
      assert.ok(err.fix.length > 0, st.stdout);
    } finally {
      fs.renameSync(moved, secondSocket);
    }
    const st = await cli(['status', '--json'], env());
    assert.equal(st.code, 0, st.stderr);
    const pgRow = (JSON.parse(st.stdout) as { services: Array<{ name: string; state: string }> }).services.find((s) => s.name === 'postgres');
    assert.equal(pgRow?.state, 'running');
  });

  it('DOCKER_CONFIG is read instead of ~/.docker, and DOCKER_CONTEXT picks a context that is not current', async () => {
    const cfgDir = path.join(tmp, 'docker-config');
    writeDockerConfig(cfgDir, `unix://${tmp}/via-docker-config.sock`, true);
    const viaConfig = await cli(['status'], env({ DOCKER_CONFIG: cfgDir }));
    assert.equal(viaConfig.code, 1, viaConfig.stdout);
    assert.ok(viaConfig.stderr.includes(`${tmp}/via-docker-config.sock`), viaConfig.stderr);

    const cfgDir2 = path.join(tmp, 'docker-config-2');
    writeDockerConfig(cfgDir2, `unix://${tmp}/via-docker-context.sock`, false);
    const notCurrent = await cli(['status'], env({ DOCKER_CONFIG: cfgDir2 }));
    assert.ok(!notCurrent.stderr.includes('via-docker-context.sock'), `a context that is not current must not be used:\n${notCurrent.stderr}`);
    const named = await cli(['status'], env({ DOCKER_CONFIG: cfgDir2, DOCKER_CONTEXT: CONTEXT }));
    assert.equal(named.code, 1, named.stdout);
    assert.ok(named.stderr.includes(`${tmp}/via-docker-context.sock`), named.stderr);
  });

  it('DOCKER_CONTEXT naming a missing context fails with its name and the fix', async () => {
    const r = await cli(['status', '--json'], env({ DOCKER_CONTEXT: 'shoreline-test-missing' }));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /Docker context "shoreline-test-missing" \(from DOCKER_CONTEXT\) was not found/);
    assert.match(r.stderr, /docker context use default/);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'docker.unknownContext');
  });

  it('DOCKER_HOST wins over the current context, and the shoreline dockerHost setting wins over both', async () => {
    const bogus = `${tmp}/docker-host-wins.sock`;
    const r = await cli(['status'], env({ DOCKER_HOST: `unix://${bogus}` }));
    assert.equal(r.code, 1, r.stdout);
    assert.ok(r.stderr.includes(bogus) && r.stderr.includes('DOCKER_HOST'), r.stderr);
    assert.ok(!r.stderr.includes(secondSocket), r.stderr);

    const setting = `${tmp}/setting-wins.sock`;
    const s = await cli(['status'], env({ DOCKER_HOST: `unix://${bogus}`, SHORELINE_DOCKER_HOST: `unix://${setting}` }));
    assert.equal(s.code, 1, s.stdout);
    assert.ok(s.stderr.includes(setting) && !s.stderr.includes(bogus), s.stderr);

    const ok = await cli(['status', '--json'], env({ DOCKER_HOST: `unix://${realSocket()}`, DOCKER_CONTEXT: 'shoreline-test-missing' }));
    assert.equal(ok.code, 0, `DOCKER_HOST must make a missing context irrelevant:\n${ok.stderr}`);
  });
});

/** Raises no limit above what this process has: podman's root defaults (nofile 1048576) fail in a sandbox with "error setting rlimit". */
function containersConf(): string {
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  const hard = (label: string) => Number(/\s(\d+|unlimited)\s+(\d+|unlimited)/.exec(limits.split('\n').find((l) => l.startsWith(label)) ?? '')?.[2]) || 4096;
  return `[containers]\ndefault_ulimits = ["nofile=${hard('Max open files')}:${hard('Max open files')}", "nproc=4096:4096"]\n`;
}

function hasPodman(): boolean {
  try { execFileSync('podman', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

describe('Podman: the stack runs on Podman\'s Docker-compatible API', function () {
  this.timeout(300_000);
  const project = `shoreline-sec-${process.pid}-pm`;
  const stackEnv = testStackEnv(project, 28200);
  let tmp = '';
  let socket = '';
  let service: ChildProcess | undefined;
  let loadedImage = false;
  const env = () => ({ ...stackEnv, DOCKER_HOST: `unix://${socket}`, DOCKER_CONTEXT: undefined, SHORELINE_DOCKER_HOST: undefined });

  before(async function () {
    // .ci/lib/engine.sh installs Debian's podman; a developer machine without it skips (and says so)
    if (!hasPodman()) { console.log('    podman is not installed: skipped (apt-get install podman, or run .ci/lib/engine.sh)'); this.skip(); }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-test-sec-podman-'));
    socket = path.join(tmp, 'podman.sock');
    fs.writeFileSync(path.join(tmp, 'containers.conf'), containersConf());
    service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
      env: { ...process.env, CONTAINERS_CONF: path.join(tmp, 'containers.conf') }, stdio: ['ignore', 'ignore', fs.openSync(path.join(tmp, 'service.log'), 'w')],
    });
    for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(fs.existsSync(socket), `podman system service did not create ${socket}: ${fs.readFileSync(path.join(tmp, 'service.log'), 'utf8')}`);
    const image = ciImage('postgres');
    try { execFileSync('podman', ['image', 'exists', image]); } catch {
      execFileSync('bash', ['-o', 'pipefail', '-c', 'docker save "$1" | podman load -q', 'load', image], { stdio: 'pipe', timeout: 240_000 });
      loadedImage = true;
    }
  });
  after(async () => {
    if (!socket) return;
    await cli(['down', '--volumes'], env());
    if (loadedImage) { try { execFileSync('podman', ['rmi', ciImage('postgres')], { stdio: 'ignore' }); } catch { /* still used: left for podman's own cleanup */ } }
    if (service?.pid) process.kill(service.pid, 'SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('up --wait --services postgres turns healthy on Podman with Pagila loaded, and down --volumes removes it', async () => {
    const up = await cli(['up', '--wait', '--services', 'postgres', '--json'], env());
    assert.equal(up.code, 0, up.stderr);
    const rows = (JSON.parse(up.stdout) as { services: Array<{ name: string; health: string; ports: Record<string, number> }> }).services;
    assert.deepEqual(rows.map((r) => [r.name, r.health]), [['postgres', 'healthy']]);
    const version = JSON.parse(execFileSync('curl', ['-s', '--unix-socket', socket, 'http://d/version'], { encoding: 'utf8' })) as { Components?: Array<{ Name: string }> };
    assert.ok(version.Components?.some((c) => c.Name === 'Podman Engine'), 'the engine answering on the socket is Podman');

    const pg = new Client({ host: '127.0.0.1', port: Number(stackEnv.SHORELINE_PORT_POSTGRES), user: 'postgres', password: stackEnv.SHORELINE_POSTGRES_PASSWORD, database: 'pagila' });
    await pg.connect();
    const count = (await pg.query('SELECT count(*)::int AS n FROM address')).rows[0] as { n: number };
    await pg.end();
    assert.equal(count.n, 603);

    const down = await cli(['down', '--volumes', '--json'], env());
    assert.equal(down.code, 0, down.stderr);
    const left = execFileSync('podman', ['ps', '-a', '--filter', `label=dev.shoreline.project=${project}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim();
    const vols = execFileSync('podman', ['volume', 'ls', '--filter', `label=dev.shoreline.project=${project}`, '--format', '{{.Name}}'], { encoding: 'utf8' }).trim();
    assert.equal(left, '', `containers left on Podman: ${left}`);
    assert.equal(vols, '', `volumes left on Podman: ${vols}`);
  });
});
