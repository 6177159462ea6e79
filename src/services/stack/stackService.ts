import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShorelineError, errorMessage } from '../../domain/errors';
import { deriveHealth, STARTING_GRACE_SECONDS, type ServiceStatus } from '../../domain/stack/health';
import type { ServiceName } from '../../domain/stack/serviceNames';
import type { StackConfig } from '../../domain/stack/stackConfig';
import { LABELS, withDependencies, type ServiceSpec, type StackSpec } from '../../domain/stack/stackSpec';
import type { DockerEngine } from '../docker/dockerEngine';
import type { Logger } from '../logger';
import { ensurePagila } from '../postgres/pagilaLoader';
import { applyResources, emulatorS3, restoreS3, snapshotS3 } from '../aws/s3Snapshot';
import { hostProbe, type ProbeRunner } from './probes';

export interface UpOptions {
  services?: ServiceName[];
  /** Wait until every requested service is healthy (and seeded). */
  wait?: boolean;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

export interface StackServiceOptions {
  engine: DockerEngine;
  config: StackConfig;
  spec: StackSpec;
  /** Folder holding docker/ and localstack/ (the extension or package root). */
  resourcesRoot: string;
  log: Logger;
  probe?: ProbeRunner;
}

const POLL_MS = 250;

/** Starts, stops, watches and seeds the stack. Shared by the VS Code extension and the CLI. */
export class StackService {
  private readonly engine: DockerEngine;
  private readonly probe: ProbeRunner;
  readonly spec: StackSpec;

  constructor(private readonly o: StackServiceOptions) {
    this.engine = o.engine;
    this.spec = o.spec;
    this.probe = o.probe ?? hostProbe;
  }

  get config(): StackConfig { return this.o.config; }

  /** Checks the engine answers; says which one and why it was picked. */
  async checkEngine(): Promise<{ version: string; apiVersion: string; where: string }> {
    const v = await this.engine.ping();
    return { version: v.version, apiVersion: v.apiVersion, where: this.engine.where };
  }

  serviceSpec(name: ServiceName): ServiceSpec {
    const s = this.spec.services.find((x) => x.service === name);
    if (!s) throw new ShorelineError('stack.notConfigured', `Service "${name}" is not part of this stack`, `add it to the services setting (now: ${this.spec.services.map((x) => x.service).join(', ')})`);
    return s;
  }

  /** State, health and ports of every configured service, probed in parallel. */
  async status(): Promise<ServiceStatus[]> {
    await this.engine.ping();
    return Promise.all(this.spec.services.map((s) => this.serviceStatus(s)));
  }

  async serviceStatus(s: ServiceSpec): Promise<ServiceStatus> {
    const info = await this.engine.inspect(s.containerName);
    const ours = info && info.labels[LABELS.managed] === 'true' && info.labels[LABELS.project] === this.spec.project;
    let probeError: string | undefined;
    if (info?.running && ours) probeError = await this.probe(s.probe, this.spec.hostAddress, s.hostPort, { postgresPassword: this.o.config.postgresPassword });
    const facts = { exists: !!info && !!ours, running: !!info?.running, status: info?.status, startedAt: info?.startedAt, exitCode: info?.exitCode };
    const health = deriveHealth(facts, info?.running === true && probeError === undefined, Date.now(), STARTING_GRACE_SECONDS[s.service]);
    const detail = info && !ours ? `container "${s.containerName}" exists but was not created by this Shoreline stack`
      : !info ? 'not created yet'
      : !info.running ? `exited with code ${info.exitCode ?? '?'}`
      : probeError;
    return {
      name: s.service, container: s.containerName, image: info?.image ?? s.image,
      state: info ? info.status : 'missing', health,
      ports: ours && info ? Object.fromEntries(Object.entries(info.ports).map(([k, v]) => [k, v])) : {},
      ...(health === 'healthy' ? {} : { detail }),
    };
  }

  /** Starts the requested services (and their dependencies); data volumes are reused. */
  async up(opts: UpOptions = {}): Promise<ServiceStatus[]> {
    const progress = opts.onProgress ?? ((m: string) => this.o.log.info(m));
    const v = await this.engine.ping();
    this.o.log.info(`Docker ${v.version} (API ${v.apiVersion}) at ${this.engine.where}`);
    const requested = opts.services ?? this.spec.services.map((s) => s.service);
    for (const r of requested) this.serviceSpec(r);
    const specs = withDependencies(requested, this.spec.services);
    await this.engine.ensureNetwork(this.spec.network, { [LABELS.managed]: 'true', [LABELS.project]: this.spec.project });

    // Images first (a missing image fails the whole request before anything starts).
    for (const s of specs) await this.ensureImage(s, progress, opts.signal);

    const deadline = Date.now() + this.o.config.startTimeoutSeconds * 1000;
    const started = new Map<ServiceName, Promise<void>>();
    const running = new Map<ServiceName, Promise<void>>();
    const startOne = async (s: ServiceSpec): Promise<void> => {
      // A service starts once the containers it depends on run, not once they are healthy: the Connect worker's
      // clients retry the broker for up to a minute, so its JVM start overlaps Kafka's (measured in npm run bench).
      for (const d of s.dependsOn) {
        const dep = running.get(d);
        if (dep) await dep;
      }
      const run = this.ensureRunning(s, progress);
      running.set(s.service, run);
      await run;
      if (opts.wait) {
        await this.waitHealthy([s], deadline, opts.signal);
        await this.seed(s, progress);
        progress(`${s.service}: healthy`);
      }
    };
    for (const s of specs) started.set(s.service, startOne(s));
    const results = await Promise.allSettled(started.values());
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return Promise.all(specs.map((s) => this.serviceStatus(s)));
  }

  private async ensureImage(s: ServiceSpec, progress: (m: string) => void, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw cancelled();
    if (await this.engine.imagePresent(s.image)) return;
    if (s.buildContext) {
      const ctx = path.join(this.o.resourcesRoot, s.buildContext);
      if (!fs.existsSync(path.join(ctx, 'plugins'))) {
        throw new ShorelineError('image.pluginsMissing', `Image ${s.image} is not present and ${s.buildContext}/plugins/ has not been fetched, so it cannot be built`,
          `run "${s.buildContext}/fetch-plugins.sh" (needs Maven and a JDK) in the Shoreline folder, or set shoreline.images.${s.service} / SHORELINE_IMAGE_${s.service.toUpperCase()} to a Connect image you already have`);
      }
      progress(`${s.service}: building ${s.image} from ${s.buildContext}`);
      await this.engine.build(ctx, s.image, { KAFKA_IMAGE: this.o.config.images.kafka }, (l) => this.o.log.debug(l));
      return;
    }
    progress(`${s.service}: pulling ${s.image}`);
    await this.engine.pull(s.image, (l) => this.o.log.debug(l), s.service);
  }

  private async ensureRunning(s: ServiceSpec, progress: (m: string) => void): Promise<void> {
    let info = await this.engine.inspect(s.containerName);
    if (info && (info.labels[LABELS.managed] !== 'true' || info.labels[LABELS.project] !== this.spec.project)) {
      throw new ShorelineError('docker.nameClash', `A container named "${s.containerName}" already exists and was not created by this Shoreline stack`,
        `remove or rename it ("docker rm -f ${s.containerName}"), or use another stack name (setting shoreline.project / SHORELINE_PROJECT)`);
    }
    if (info && info.labels[LABELS.specHash] !== s.labels[LABELS.specHash]) {
      progress(`${s.service}: settings changed, recreating the container (data volume kept)`);
      await this.engine.remove(s.containerName);
      info = undefined;
    }
    if (info?.running) return;
    if (info) {
      progress(`${s.service}: starting`);
      await this.engine.start(s.containerName, s.service, s.hostPort);
      return;
    }
    for (const v of s.volumes) await this.engine.ensureVolume(v.name, { [LABELS.managed]: 'true', [LABELS.project]: this.spec.project, [LABELS.service]: s.service });
    progress(`${s.service}: creating ${s.containerName} from ${s.image}`);
    await this.engine.createAndStart({
      name: s.containerName, image: s.image, env: s.env, cmd: s.cmd, labels: s.labels, network: this.spec.network,
      aliases: s.aliases, containerPort: s.containerPort, hostPort: s.hostPort,
      hostIp: this.spec.hostAddress === '127.0.0.1' ? '127.0.0.1' : '', volumes: s.volumes,
    }, s.service);
  }

  /** Waits until the services answer their probe; fails naming the first one that did not, with its last log lines. */
  async waitHealthy(specs: ServiceSpec[], deadline: number, signal?: AbortSignal): Promise<void> {
    const pending = new Set(specs);
    const lastError = new Map<ServiceName, string>();
    while (pending.size) {
      if (signal?.aborted) throw cancelled();
      await Promise.all([...pending].map(async (s) => {
        const info = await this.engine.inspect(s.containerName);
        if (!info?.running) {
          const logs = await this.engine.logTail(s.containerName, 20);
          throw new ShorelineError('stack.exited', `${s.service} stopped while starting (exit code ${info?.exitCode ?? '?'})`,
            `see "shoreline logs ${s.service}"; last lines:\n${logs.join('\n')}`, logs.join('\n'));
        }
        const err = await this.probe(s.probe, this.spec.hostAddress, s.hostPort, { postgresPassword: this.o.config.postgresPassword });
        if (err === undefined) pending.delete(s); else lastError.set(s.service, err);
      }));
      if (!pending.size) break;
      if (Date.now() > deadline) {
        const s = [...pending][0]!;
        const logs = await this.engine.logTail(s.containerName, 20);
        throw new ShorelineError('stack.unhealthy', `${s.service} did not become healthy within ${this.o.config.startTimeoutSeconds} s (last probe: ${lastError.get(s.service) ?? 'none'})`,
          `see "shoreline logs ${s.service}" or raise startTimeoutSeconds; last lines:\n${logs.join('\n')}`, logs.join('\n'));
      }
      await sleep(POLL_MS);
    }
  }

  /** One-time data set-up once a service answers: Pagila for postgres, buckets and kept objects for the AWS emulator. */
  private async seed(s: ServiceSpec, progress: (m: string) => void): Promise<void> {
    if (s.service === 'postgres') {
      const loaded = await ensurePagila(this.engine, s.containerName, this.o.config.pagilaSource,
        path.join(this.o.resourcesRoot, 'docker/postgres/last-update-triggers.sql'), this.o.log);
      if (loaded) progress('postgres: Pagila loaded into database "pagila"');
    } else if (s.service === 'localstack') {
      const s3 = await emulatorS3(`http://${this.spec.hostAddress}:${s.hostPort}`);
      try {
        await applyResources(s3, this.readResources(), this.o.log);
        await restoreS3(s3, this.engine, s.containerName, this.o.log);
      } finally {
        s3.destroy();
      }
    }
  }

  private readResources(): { buckets?: Array<string | { name: string }> } {
    const p = path.join(this.o.resourcesRoot, 'localstack/resources.json');
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')) as { buckets?: Array<string | { name: string }> };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ShorelineError('localstack.badResources', `${p} is not valid JSON: ${errorMessage(e)}`, 'fix the file (see localstack/README.md)');
    }
  }

  /** Stops services (data kept). With `volumes`, removes containers, data volumes and the network instead. */
  async down(opts: { volumes?: boolean; services?: ServiceName[]; onProgress?: (m: string) => void } = {}): Promise<void> {
    const progress = opts.onProgress ?? ((m: string) => this.o.log.info(m));
    await this.engine.ping();
    const names = opts.services ?? this.spec.services.map((s) => s.service);
    const specs = this.spec.services.filter((s) => names.includes(s.service));
    // Dependents stop first: Connect before Kafka.
    const dependents = specs.filter((s) => s.dependsOn.length > 0);
    const rest = specs.filter((s) => s.dependsOn.length === 0);
    for (const group of [dependents, rest]) {
      await Promise.all(group.map(async (s) => {
        const info = await this.engine.inspect(s.containerName);
        const ours = !!info && info.labels[LABELS.project] === this.spec.project;
        if (opts.volumes) {
          // Volumes go even when their container is gone (a start that failed half way): only ours, by label.
          const volumes = await this.engine.volumesByLabels({ [LABELS.project]: this.spec.project, [LABELS.service]: s.service });
          if (!ours && !volumes.length) return;
          progress(`${s.service}: removing container and data`);
          if (ours) await this.engine.remove(s.containerName);
          for (const v of volumes) await this.engine.removeVolume(v);
          return;
        }
        if (!info || !ours) return;
        if (s.service === 'localstack' && info.running) await this.keepS3(s);
        if (info.running) { progress(`${s.service}: stopping`); await this.engine.stop(s.containerName); }
      }));
    }
    if (opts.volumes && !opts.services) await this.engine.removeNetwork(this.spec.network);
  }

  private async keepS3(s: ServiceSpec): Promise<void> {
    const err = await this.probe(s.probe, this.spec.hostAddress, s.hostPort, { postgresPassword: '' });
    if (err !== undefined) { this.o.log.warn(`localstack: not answering (${err}); S3 objects could not be kept`); return; }
    const s3 = await emulatorS3(`http://${this.spec.hostAddress}:${s.hostPort}`);
    try {
      await snapshotS3(s3, this.engine, s.containerName, this.o.log);
    } catch (e) {
      this.o.log.warn(`localstack: could not keep S3 objects: ${errorMessage(e)}`);
    } finally {
      s3.destroy();
    }
  }

  async restart(name: ServiceName, opts: { wait?: boolean; onProgress?: (m: string) => void } = {}): Promise<ServiceStatus> {
    const s = this.serviceSpec(name);
    const progress = opts.onProgress ?? ((m: string) => this.o.log.info(m));
    await this.engine.ping();
    const info = await this.engine.inspect(s.containerName);
    if (info?.running) {
      if (s.service === 'localstack') await this.keepS3(s);
      progress(`${name}: stopping`);
      await this.engine.stop(s.containerName);
    }
    await this.up({ services: [name], wait: opts.wait, onProgress: progress });
    return this.serviceStatus(s);
  }

  async stopService(name: ServiceName): Promise<void> {
    await this.down({ services: [name] });
  }

  async logs(name: ServiceName, tail: number): Promise<string[]> {
    const s = this.serviceSpec(name);
    await this.engine.ping();
    return this.engine.logTail(s.containerName, tail);
  }

  followLogs(name: ServiceName, tail: number, onLine: (l: string) => void, onEnd?: () => void): Promise<() => void> {
    return this.engine.followLogs(this.serviceSpec(name).containerName, tail, onLine, onEnd);
  }
}

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }
function cancelled(): ShorelineError { return new ShorelineError('cancelled', 'Cancelled', 'run the command again when ready'); }
