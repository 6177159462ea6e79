import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { resolveEngineEndpoint } from '../../domain/docker/engineEndpoint';
import { awsSources } from '../../domain/ecr/awsSources';
import { lintRepositoryPolicy } from '../../domain/ecr/policyLint';
import type { LayerProgress } from '../../domain/ecr/pushProgress';
import { checkPushState } from '../../domain/ecr/pushWizardState';
import { policyFromTemplate } from '../../domain/ecr/repositoryPolicy';
import { ShorelineError } from '../../domain/errors';
import { ciImage } from '../../test/ciImages';
import { DockerEngine } from '../docker/dockerEngine';
import { hostEndpointFacts } from '../docker/engineEndpointFacts';
import { listLocalImages, loadAwsSharedConfig, openEcrApi, pushImageToEcr } from './ecrWorkbench';

/**
 * What the AWS view and the push wizard run (dist/engine.js), against a real emulator (moto) and a real registry:
 * the sources from real shared config files, the local image list, a push that creates a repository with a
 * cross-account policy template and reports each layer, and a cancelled push that leaves nothing behind.
 */
const RUN = `shoreline-awsview-test-${process.pid}`;
const LABELS = { 'dev.shoreline.managed': 'true', 'dev.shoreline.test-run': RUN };
const VENDOR = '111222333444';
const CUSTOMER = '999888777666';
const IMAGE = `${RUN}/rake-app:1.1.0`;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-awsview-'));
const engine = new DockerEngine(resolveEngineEndpoint(hostEndpointFacts('', process.env)));
const docker: Docker = engine.docker;
let moto = 0;
let registry = 0;

async function start(name: string, image: string, port: number): Promise<number> {
  const key = `${port}/tcp`;
  const c = await docker.createContainer({ name, Image: image, Labels: LABELS, ExposedPorts: { [key]: {} }, HostConfig: { NetworkMode: RUN, PortBindings: { [key]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } });
  await c.start();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const info = await c.inspect();
    if (info.State.Health?.Status === 'healthy') return Number(info.NetworkSettings.Ports[key]?.[0]?.HostPort);
    if (!info.State.Running || Date.now() > deadline) throw new Error(`${name} did not become healthy`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function buildImage(tag: string): Promise<void> {
  const p = pack();
  p.entry({ name: 'Dockerfile' }, 'FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\nCMD ["/a.txt"]\n');
  p.entry({ name: 'a.txt' }, `a ${RUN} ${Date.now()}\n`);
  p.entry({ name: 'b.txt' }, `b ${RUN} ${Date.now()}\n`);
  p.finalize();
  const stream = await docker.buildImage(p as unknown as NodeJS.ReadableStream, { t: tag, forcerm: true });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
}

describe('AWS view and push wizard services in local mode (moto + registry)', function () {
  this.timeout(300_000);
  const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const local = () => ({ region: 'us-east-2', endpointUrl: `http://127.0.0.1:${moto}`, localAccountId: VENDOR });

  before(async () => {
    await docker.createNetwork({ Name: RUN, Driver: 'bridge', Labels: LABELS });
    [moto, registry] = await Promise.all([start(`${RUN}-moto`, ciImage('moto'), 4566), start(`${RUN}-registry`, ciImage('registry'), 5000), buildImage(IMAGE)]);
    assert.ok(moto > 0 && registry > 0, `ports: moto ${moto}, registry ${registry}`);
  });
  after(async () => {
    for (const n of ['moto', 'registry']) await docker.getContainer(`${RUN}-${n}`).remove({ force: true, v: true }).catch(() => undefined);
    await docker.getNetwork(RUN).remove().catch(() => undefined);
    const imgs = await docker.listImages({ filters: { reference: [`${RUN}/*`, `127.0.0.1:*/${RUN}*`] } }).catch(() => []);
    for (const i of imgs) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
    process.env.AWS_CONFIG_FILE = saved.config; process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
    if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
    if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('reads profiles from the shared files with the SDK loader and builds the view rows', async () => {
    fs.writeFileSync(path.join(TMP, 'config'), '[default]\nregion = us-east-2\n\n[profile vendor]\nsso_session = corp\nregion = us-east-2\n\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n\n[profile customer]\nrole_arn = arn:aws:iam::999888777666:role/Dev\nsource_profile = default\nregion = us-west-2\n');
    fs.writeFileSync(path.join(TMP, 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n');
    process.env.AWS_CONFIG_FILE = path.join(TMP, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(TMP, 'credentials');
    const rows = awsSources(await loadAwsSharedConfig(), { env: {}, ecrEndpoint: `http://127.0.0.1:${moto}`, registryHost: `${VENDOR}=127.0.0.1:${registry},${CUSTOMER}=127.0.0.1:${registry}` });
    assert.deepEqual(rows.map((r) => `${r.id} ${r.description} ${r.regions.join(',')}`), [
      `local:${VENDOR} http://127.0.0.1:${moto} us-east-1`, `local:${CUSTOMER} http://127.0.0.1:${moto} us-east-1`,
      'profile:default access keys us-east-2', 'profile:customer role via default us-west-2', 'profile:vendor SSO us-east-2',
    ]);
  });

  it('lists the engine\'s tagged images, the built one included', async () => {
    const images = await listLocalImages('');
    assert.ok(images.some((i) => i.ref === IMAGE), `not listed: ${IMAGE}`);
  });

  it('pushes with --create and a "let account X pull" policy, reporting each layer; the tree\'s calls see tag, digest and policy', async () => {
    const state = checkPushState({ localImage: IMAGE, sourceId: `local:${VENDOR}`, accountId: VENDOR, region: 'us-east-2', repository: 'rake-app', create: true, policyTemplate: 'pull', principalAccounts: [CUSTOMER] });
    assert.ok(state.ok);
    const layers = new Map<string, LayerProgress>();
    const policy = JSON.stringify(policyFromTemplate('pull', [CUSTOMER]));
    const report = await pushImageToEcr('', local(), {
      localImage: IMAGE, repository: 'rake-app', accountId: VENDOR, region: 'us-east-2', tag: state.value.tag, create: true,
      registryHostOverride: `127.0.0.1:${registry}`, policyForCreated: policy, onLayer: (l) => layers.set(l.id, l),
    });
    assert.equal(report.imageUri, `${VENDOR}.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0`);
    assert.equal(report.createdRepository, true);
    assert.equal(report.pushed.length, 2, JSON.stringify(report));
    assert.deepEqual([...layers.values()].map((l) => l.state).sort(), ['pushed', 'pushed']);
    const api = await openEcrApi(local());
    try {
      assert.deepEqual((await api.listRepositories(VENDOR)).map((r) => r.name), ['rake-app']);
      const images = await api.listImages('rake-app', VENDOR);
      assert.deepEqual(images.map((i) => [i.tags, i.digest]), [[['1.1.0'], report.digest]]);
      const text = await api.getPolicy('rake-app', VENDOR);
      assert.ok(text, 'no policy set');
      assert.deepEqual(lintRepositoryPolicy(text, { ownerAccountId: VENDOR }), []);
      assert.match(text, new RegExp(`arn:aws:iam::${CUSTOMER}:root`));
    } finally { api.close(); }
  });

  it('a cancelled push fails with "cancelled" and deletes the repository it created', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(pushImageToEcr('', local(), {
      localImage: IMAGE, repository: 'cancelled-app', accountId: VENDOR, region: 'us-east-2', tag: 'x', create: true, registryHostOverride: `127.0.0.1:${registry}`, signal: ac.signal,
    }), (e: unknown) => e instanceof ShorelineError && e.code === 'cancelled');
    const api = await openEcrApi(local());
    try { assert.deepEqual((await api.listRepositories(VENDOR)).map((r) => r.name), ['rake-app']); } finally { api.close(); }
  });
});
