import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { resolveEngineEndpoint } from '../../domain/docker/engineEndpoint';
import { SEED_SHARED_POLICY } from '../../test/fixtures/ecrPolicies';
import { REPO_ROOT, ciImage } from '../../test/ciImages';
import { DockerEngine } from '../docker/dockerEngine';
import { hostEndpointFacts } from '../docker/engineEndpointFacts';

/**
 * `shoreline ecr` in local mode against a real AWS emulator (moto, the ECR and STS APIs, accounts kept apart) and
 * real registries (Distribution): the seeds' vendor 111222333444 / us-east-2 and customer 999888777666 / us-west-2.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const RUN = `shoreline-ecr-test-${process.pid}`;
const LABELS = { 'dev.shoreline.managed': 'true', 'dev.shoreline.test-run': RUN };
const VENDOR = '111222333444';
const CUSTOMER = '999888777666';
const VENDOR_ROLE = `arn:aws:iam::${VENDOR}:role/VendorPush`;
const LOCAL_IMAGE = `${RUN}/rake-app:1.1.0`;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-ecr-'));

const engine = new DockerEngine(resolveEngineEndpoint(hostEndpointFacts('', process.env)));
const docker: Docker = engine.docker;
const ports: { moto: number; registry: number; denied: number; customer: number } = { moto: 0, registry: 0, denied: 0, customer: 0 };
const SEED_POLICY_FILE = path.join(TMP, 'seed-policy.json');
fs.writeFileSync(SEED_POLICY_FILE, SEED_SHARED_POLICY);

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: Record<string, string | undefined> = {
    ...process.env, AWS_PROFILE: undefined, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined,
    SHORELINE_ECR_ENDPOINT: `http://127.0.0.1:${ports.moto}`, SHORELINE_ECR_REGISTRY: `127.0.0.1:${ports.registry}`, ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: TMP, env, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
function json<T>(r: Run, expectCode = 0): T {
  assert.equal(r.code, expectCode, `exit ${r.code}\nstdout: ${r.stdout.slice(0, 3000)}\nstderr: ${r.stderr.slice(0, 3000)}`);
  return JSON.parse(r.stdout) as T;
}
const errorOf = (r: Run) => json<{ error: { code: string; message: string; fix: string } }>(r, 1).error;

interface PushReport { imageUri: string; pushedRef: string; digest: string; pushed: string[]; skipped: string[]; createdRepository: boolean; mirroredToApi?: boolean }
interface Repo { name: string; registryId: string; uri: string }
const repoNames = async (account: string, region: string) =>
  json<{ repositories: Repo[] }>(await cli(['ecr', 'repos', '--account', account, '--region', region, '--json'])).repositories.map((r) => r.name);
const vendorPush = (image: string, repository: string, ...more: string[]) =>
  cli(['ecr', 'push', image, '--repository', repository, '--account', VENDOR, '--region', 'us-east-2', '--role-arn', VENDOR_ROLE, '--external-id', 'rake', '--json', ...more]);

async function startContainer(name: string, image: string, containerPort: number, extra: Partial<Docker.ContainerCreateOptions> = {}): Promise<number> {
  const key = `${containerPort}/tcp`;
  const c = await docker.createContainer({
    name, Image: image, Labels: LABELS, ExposedPorts: { [key]: {} }, ...extra,
    HostConfig: { NetworkMode: RUN, PortBindings: { [key]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  await c.start();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const info = await c.inspect();
    if (info.State.Health?.Status === 'healthy') return Number(info.NetworkSettings.Ports[key]?.[0]?.HostPort);
    if (!info.State.Running || Date.now() > deadline) throw new Error(`${name} did not become healthy (${info.State.Status}, ${info.State.Health?.Status ?? 'no health'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A tiny FROM-scratch image with one file whose content is unique to this run (so the first push uploads it). */
async function buildTinyImage(tag: string): Promise<void> {
  const p = pack();
  p.entry({ name: 'Dockerfile' }, 'FROM scratch\nCOPY app.txt /app.txt\nCMD ["/app.txt"]\n');
  p.entry({ name: 'app.txt' }, `rake-app 1.1.0 ${RUN} ${Date.now()}\n`);
  p.finalize();
  const stream = await docker.buildImage(p as unknown as NodeJS.ReadableStream, { t: tag, forcerm: true });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
    const bad = out?.find((o) => o.error);
    if (err || bad) reject(err ?? new Error(bad?.error)); else resolve();
  }));
}

async function manifestDigest(port: number, repository: string, tag: string): Promise<string | null> {
  const r = await fetch(`http://127.0.0.1:${port}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' },
  });
  return r.ok ? r.headers.get('docker-content-digest') : null;
}

describe('shoreline ecr in local mode (moto + registry)', function () {
  this.timeout(300_000);
  let first: PushReport;

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await docker.createNetwork({ Name: RUN, Driver: 'bridge', Labels: LABELS });
    const registryImage = ciImage('registry');
    [ports.moto, ports.registry, ports.denied, ports.customer] = await Promise.all([
      startContainer(`${RUN}-moto`, ciImage('moto'), 4566),
      startContainer(`${RUN}-registry`, registryImage, 5000),
      // a registry that refuses every push: htpasswd with a password no ECR token matches
      startContainer(`${RUN}-denied`, registryImage, 5000, {
        Entrypoint: ['bash', '-c'],
        Cmd: ['htpasswd -Bbn AWS not-the-token > /tmp/htpasswd && exec docker-registry serve /etc/docker/registry/config.yml'],
        Env: ['REGISTRY_AUTH=htpasswd', 'REGISTRY_AUTH_HTPASSWD_REALM=shoreline-denied', 'REGISTRY_AUTH_HTPASSWD_PATH=/tmp/htpasswd'],
      }),
      // the customer account's own registry: the two emulated accounts push to different places
      startContainer(`${RUN}-customer-registry`, registryImage, 5000),
      buildTinyImage(LOCAL_IMAGE),
    ]);
  });

  after(async () => {
    for (const n of ['moto', 'registry', 'denied', 'customer-registry']) await docker.getContainer(`${RUN}-${n}`).remove({ force: true, v: true }).catch(() => undefined);
    await docker.getNetwork(RUN).remove().catch(() => undefined);
    // the built image and every tag the pushes added to it
    const imgs = await docker.listImages({ filters: { reference: [`${RUN}/*`, '127.0.0.1:*/rake-app', '127.0.0.1:*/nlp-client'] } }).catch(() => []);
    for (const i of imgs) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('push --create as the vendor (assumed role) creates rake-app in 111222333444 / us-east-2 only and pushes to the registry', async () => {
    first = json<PushReport>(await vendorPush(LOCAL_IMAGE, 'rake-app', '--create', '--policy-file', SEED_POLICY_FILE));
    assert.equal(first.imageUri, `${VENDOR}.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0`);
    assert.equal(first.pushedRef, `127.0.0.1:${ports.registry}/rake-app:1.1.0`);
    assert.equal(first.createdRepository, true);
    assert.match(first.digest, /^sha256:[a-f0-9]{64}$/);
    assert.ok(first.pushed.length >= 1, `layers pushed: ${JSON.stringify(first)}`);
    assert.deepEqual(first.skipped, []);

    // the registry serves the manifest under the digest the push reported
    assert.equal(await manifestDigest(ports.registry, 'rake-app', '1.1.0'), first.digest);
    // the repository exists in the vendor's account and region, nowhere else
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
    assert.deepEqual(await repoNames(CUSTOMER, 'us-west-2'), []);
    assert.deepEqual(await repoNames(CUSTOMER, 'us-east-2'), []);
    assert.deepEqual(await repoNames(VENDOR, 'us-west-2'), []);
  });

  it('the vendor created rake-app with the cross-account policy: GetRepositoryPolicy shows both statements, lint flags GetAuthorizationToken', async () => {
    const got = json<{ policy: { Statement: Array<{ Sid: string; Principal: { AWS: string } }> }; findings: Array<{ code: string; statement?: string; action?: string }> }>(
      await cli(['ecr', 'policy', 'get', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json']));
    assert.deepEqual(got.policy.Statement.map((st) => [st.Sid, st.Principal.AWS]), [
      ['AllowPushPull', `arn:aws:iam::${VENDOR}:user/VendorDev`], ['AllowPull', `arn:aws:iam::${CUSTOMER}:root`]]);
    assert.deepEqual(got.findings.filter((f) => f.code === 'noEffectAction').map((f) => [f.statement, f.action]), [['"AllowPull"', 'ecr:GetAuthorizationToken']]);
  });

  it('DescribeImages in the emulated vendor registry lists tag 1.1.0 with the registry\'s digest', async () => {
    assert.equal(first.mirroredToApi, true);
    const { images } = json<{ images: Array<{ digest: string; tags: string[] }> }>(
      await cli(['ecr', 'images', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json']));
    assert.deepEqual(images.map((i) => [i.tags, i.digest]), [[['1.1.0'], first.digest]]);
  });

  it('a role whose trust asks for MFA: --mfa-serial and --mfa-code go with AssumeRole; a bad code is refused before any call', async () => {
    const asCustomer = ['--caller-account', CUSTOMER, '--account', VENDOR, '--region', 'us-east-2', '--role-arn', `arn:aws:iam::${VENDOR}:role/CustomerPull`];
    const mfa = ['--mfa-serial', `arn:aws:iam::${CUSTOMER}:mfa/alice`];
    const { repositories } = json<{ repositories: Repo[] }>(await cli(['ecr', 'repos', ...asCustomer, ...mfa, '--mfa-code', '123456', '--json']));
    assert.deepEqual(repositories.map((r) => [r.name, r.registryId]), [['rake-app', VENDOR]]);
    const missing = errorOf(await cli(['ecr', 'repos', ...asCustomer, ...mfa, '--json']));
    assert.equal(missing.code, 'ecr.mfaCodeMissing');
    const r = await cli(['ecr', 'repos', ...asCustomer, ...mfa, '--mfa-code', '12a456', '--json']);
    assert.equal(errorOf(r).code, 'ecr.badMfaCode');
    assert.doesNotMatch(r.stdout + r.stderr, /12a456/);
  });

  it('pulling rake-app:1.1.0 back from the registry, with the local image gone, gives the same image id', async () => {
    const original = await docker.getImage(LOCAL_IMAGE).inspect();
    // every local tag of the image goes, so the pull has to fetch every layer again
    await docker.getImage(original.Id).remove({ force: true });
    assert.equal(await engine.imagePresent(LOCAL_IMAGE), false);
    const ref = `127.0.0.1:${ports.registry}/rake-app:1.1.0`;
    const stream = await docker.pull(ref);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    const pulled = await docker.getImage(ref).inspect();
    assert.equal(pulled.Id, original.Id);
    assert.deepEqual(pulled.RepoDigests, [`127.0.0.1:${ports.registry}/rake-app@${first.digest}`]);
    await docker.getImage(ref).tag({ repo: `${RUN}/rake-app`, tag: '1.1.0' });
  });

  it('a second push of the unchanged image uploads no layer: all are reported skipped', async () => {
    const again = json<PushReport>(await vendorPush(LOCAL_IMAGE, 'rake-app'));
    assert.equal(again.createdRepository, false);
    assert.equal(again.digest, first.digest);
    assert.deepEqual(again.pushed, []);
    assert.deepEqual([...again.skipped].sort(), [...first.pushed].sort());
  });

  it('the cross-account pull template set on rake-app reads back and lints clean', async () => {
    json(await cli(['ecr', 'policy', 'set', 'rake-app', '--template', 'pull', '--principal-account', CUSTOMER, '--account', VENDOR, '--region', 'us-east-2', '--json']));
    const got = json<{ policy: { Statement: Array<{ Sid: string; Principal: { AWS: string }; Action: string[] }> }; findings: unknown[] }>(
      await cli(['ecr', 'policy', 'get', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json']));
    assert.deepEqual(got.policy.Statement.map((s) => [s.Sid, s.Principal.AWS, s.Action]), [
      ['AllowCrossAccountPull', `arn:aws:iam::${CUSTOMER}:root`, ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']],
    ]);
    assert.deepEqual(got.findings, []);
    const lint = await cli(['ecr', 'policy', 'lint', 'rake-app', '--account', VENDOR, '--region', 'us-east-2']);
    assert.equal(lint.code, 0, lint.stderr + lint.stdout);
    assert.match(lint.stdout, /no findings/);
  });

  it('the seed\'s policy is accepted, reads back with both statements and lints with the GetAuthorizationToken warning', async () => {
    json(await cli(['ecr', 'policy', 'set', 'rake-app', '--file', SEED_POLICY_FILE, '--account', VENDOR, '--region', 'us-east-2', '--json']));
    const got = json<{ policy: { Statement: Array<{ Sid: string }> } }>(await cli(['ecr', 'policy', 'get', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json']));
    assert.deepEqual(got.policy.Statement.map((s) => s.Sid), ['AllowPushPull', 'AllowPull']);
    const lint = await cli(['ecr', 'policy', 'lint', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--json']);
    const { findings } = json<{ findings: Array<{ code: string; statement?: string; action?: string }> }>(lint, 1);
    assert.deepEqual(findings.filter((f) => f.code === 'noEffectAction').map((f) => [f.statement, f.action]), [['"AllowPull"', 'ecr:GetAuthorizationToken']]);
  });

  it('a missing local image fails with a clear message and creates nothing', async () => {
    const r = await vendorPush(`${RUN}/ghost-app:9.9.9`, 'ghost-app', '--create');
    const err = errorOf(r);
    assert.equal(err.code, 'ecr.imageNotFound');
    assert.equal(err.message, `image ${RUN}/ghost-app:9.9.9 does not exist in the local Docker engine`);
    assert.match(r.stderr, /build or pull it first/);
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
  });

  it('a push to a repository that does not exist (no --create) names the account and region', async () => {
    const err = errorOf(await vendorPush(LOCAL_IMAGE, 'prose-app'));
    assert.equal(err.code, 'ecr.repositoryNotFound');
    assert.equal(err.message, `repository prose-app does not exist in account ${VENDOR}, region us-east-2`);
  });

  it('a registry that refuses the push fails it with the registry\'s message and deletes the repository it created', async () => {
    const r = await vendorPush(LOCAL_IMAGE, 'denied-app', '--create', '--registry-host', `127.0.0.1:${ports.denied}`);
    const err = errorOf(r);
    assert.equal(err.code, 'ecr.pushDenied', JSON.stringify(err));
    assert.match(err.message, /refused the push of denied-app: .*(unauthorized|authentication required|denied)/);
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
  });

  it('an unreachable registry is reported as such', async () => {
    const err = errorOf(await vendorPush(LOCAL_IMAGE, 'rake-app', '--registry-host', '127.0.0.1:9'));
    assert.equal(err.code, 'ecr.registryUnreachable');
    assert.match(err.fix, /--registry-host/);
  });

  it('the customer (second emulated account, no role) pushes nlp-client to its own registry; the accounts stay apart', async () => {
    const map = `${VENDOR}=127.0.0.1:${ports.registry},${CUSTOMER}=127.0.0.1:${ports.customer}`;
    const r = json<PushReport>(await cli(['ecr', 'push', LOCAL_IMAGE, '--repository', 'nlp-client', '--account', CUSTOMER, '--region', 'us-west-2', '--create', '--json'],
      { SHORELINE_ECR_REGISTRY: map }));
    assert.equal(r.imageUri, `${CUSTOMER}.dkr.ecr.us-west-2.amazonaws.com/nlp-client:1.1.0`);
    assert.equal(r.createdRepository, true);
    assert.deepEqual(await repoNames(CUSTOMER, 'us-west-2'), ['nlp-client']);
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
    assert.equal(r.pushedRef, `127.0.0.1:${ports.customer}/nlp-client:1.1.0`);
    assert.match(await manifestDigest(ports.customer, 'nlp-client', '1.1.0') ?? '', /^sha256:/);
    assert.equal(await manifestDigest(ports.registry, 'nlp-client', '1.1.0'), null);
  });

  it('the customer lists the vendor\'s rake-app across accounts by assuming the vendor\'s reader role', async () => {
    const asCustomer = ['--caller-account', CUSTOMER, '--account', VENDOR, '--region', 'us-east-2'];
    // without a role the emulator would answer from the customer's own registry (it ignores registryId): refused
    const refused = errorOf(await cli(['ecr', 'repos', ...asCustomer, '--json']));
    assert.equal(refused.code, 'ecr.crossAccountNeedsRole');
    assert.match(refused.fix, new RegExp(`--role-arn arn:aws:iam::${VENDOR}:role/`));
    const role = ['--role-arn', `arn:aws:iam::${VENDOR}:role/CustomerPull`];
    const { repositories } = json<{ repositories: Repo[] }>(await cli(['ecr', 'repos', ...asCustomer, ...role, '--json']));
    assert.deepEqual(repositories.map((r) => [r.name, r.registryId, r.uri]), [['rake-app', VENDOR, `${VENDOR}.dkr.ecr.us-east-2.amazonaws.com/rake-app`]]);
    const { images } = json<{ images: Array<{ digest: string; tags: string[] }> }>(await cli(['ecr', 'images', 'rake-app', ...asCustomer, ...role, '--json']));
    assert.deepEqual(images.map((i) => [i.tags, i.digest]), [[['1.1.0'], first.digest]]);
  });

  it('an invalid repository name is refused before any call, naming the rule; nothing is created', async () => {
    const err = errorOf(await vendorPush(LOCAL_IMAGE, 'Rake_App', '--create'));
    assert.equal(err.code, 'ecr.badRepositoryName');
    assert.equal(err.message, 'repository name "Rake_App" is not valid in ECR: it must be lower case');
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
  });

  it('expired credentials (a credential_process past its Expiration) fail with "expired" and the fix; nothing is created', async () => {
    const script = path.join(TMP, 'stale-credentials.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho '${JSON.stringify({ Version: 1, AccessKeyId: 'AKIASTALE', SecretAccessKey: 'stale', SessionToken: 'stale', Expiration: '2020-01-01T00:00:00Z' })}'\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(TMP, 'aws-config'), `[profile stale]\nregion = us-east-2\ncredential_process = ${script}\n`);
    const r = await cli(['ecr', 'push', LOCAL_IMAGE, '--repository', 'stale-app', '--account', VENDOR, '--region', 'us-east-2', '--profile', 'stale', '--create', '--json'],
      { AWS_CONFIG_FILE: path.join(TMP, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(TMP, 'no-credentials') });
    const err = errorOf(r);
    assert.equal(err.code, 'ecr.credentialsExpired', JSON.stringify(err));
    assert.match(err.message, /credentials of profile stale have expired/);
    assert.doesNotMatch(r.stdout + r.stderr, /AKIASTALE/);
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['rake-app']);
  });

  it('a refused --create push with --keep-on-failure keeps the empty repository it created, as asked', async () => {
    const err = errorOf(await vendorPush(LOCAL_IMAGE, 'kept-app', '--create', '--keep-on-failure', '--registry-host', `127.0.0.1:${ports.denied}`));
    assert.equal(err.code, 'ecr.pushDenied');
    assert.deepEqual(await repoNames(VENDOR, 'us-east-2'), ['kept-app', 'rake-app']);
    const { images } = json<{ images: unknown[] }>(await cli(['ecr', 'images', 'kept-app', '--account', VENDOR, '--region', 'us-east-2', '--json']));
    assert.deepEqual(images, []);
  });

  it('a role ARN in another account than --account is refused before any call', async () => {
    const r = await cli(['ecr', 'push', LOCAL_IMAGE, '--repository', 'rake-app', '--account', VENDOR, '--region', 'us-east-2', '--role-arn', `arn:aws:iam::${CUSTOMER}:role/Dev`, '--json']);
    const err = errorOf(r);
    assert.equal(err.code, 'ecr.roleAccountMismatch');
    assert.match(err.message, new RegExp(`role in account ${CUSTOMER}, but --account is ${VENDOR}`));
  });
});
