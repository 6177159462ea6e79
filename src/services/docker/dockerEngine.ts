import Docker from 'dockerode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { ShorelineError } from '../../domain/errors';
import { classifyDockerError, type DockerErrorContext } from '../../domain/docker/dockerErrors';
import { describeEndpoint, type EngineEndpoint } from '../../domain/docker/engineEndpoint';

/** Progress of a pull, build or push: one line per event. */
export type ProgressFn = (line: string) => void;

export interface ContainerInfo {
  name: string;
  id: string;
  running: boolean;
  status: string;
  startedAt?: number;
  exitCode?: number;
  image: string;
  labels: Record<string, string>;
  /** container port "9092/tcp" -> host port */
  ports: Record<string, number>;
}

export interface CreateContainerRequest {
  name: string;
  image: string;
  env: Record<string, string>;
  cmd?: string[];
  labels: Record<string, string>;
  network: string;
  aliases: string[];
  containerPort: number;
  hostPort: number;
  hostIp: string;
  volumes: Array<{ name: string; target: string }>;
  binds?: string[];
}

export interface ExecResult { exitCode: number; stdout: string; stderr: string }

const PING_TIMEOUT_MS = 2000;

/**
 * The only module that talks to the Docker Engine API. Every failure comes out as a ShorelineError that
 * names the cause and the fix (engine down, permission, port in use, image missing, name clash…).
 */
export class DockerEngine {
  readonly docker: Docker;
  readonly where: string;

  constructor(readonly endpoint: EngineEndpoint) {
    this.where = describeEndpoint(endpoint);
    switch (endpoint.kind) {
      case 'socket': this.docker = new Docker({ socketPath: endpoint.socketPath }); break;
      case 'tcp': {
        const certs = endpoint.tls && endpoint.certPath ? readCerts(endpoint.certPath) : {};
        this.docker = new Docker({ host: endpoint.host, port: endpoint.port, protocol: endpoint.tls ? 'https' : 'http', ...certs });
        break;
      }
      case 'ssh': this.docker = new Docker({ host: endpoint.host, port: endpoint.port, username: endpoint.username, protocol: 'ssh' }); break;
    }
  }

  private fail(err: unknown, ctx: Partial<DockerErrorContext> = {}): ShorelineError {
    return classifyDockerError(err, { endpoint: this.where, ...ctx });
  }

  /** Fails fast (2 s) with a clear error when no engine answers. */
  async ping(): Promise<{ version: string; apiVersion: string; os: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(Object.assign(new Error('ping timed out'), { code: 'ENGINE_TIMEOUT' })), PING_TIMEOUT_MS);
    });
    try {
      const v = await Promise.race([this.docker.version(), timeout]);
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os };
    } catch (e) {
      throw this.fail(e);
    } finally {
      clearTimeout(timer);
    }
  }

  async imagePresent(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw this.fail(e, { image: ref });
    }
  }

  /** Pulls an image. Only called after imagePresent() said no: a local image never triggers a pull. */
  async pull(ref: string, onProgress: ProgressFn, service?: string): Promise<void> {
    try {
      const stream = await this.docker.pull(ref);
      await followStream(this.docker, stream, (ev) => {
        if (ev.status) onProgress(`${ref}: ${ev.status}${ev.id ? ` ${ev.id}` : ''}${ev.progress ? ` ${ev.progress}` : ''}`);
      });
    } catch (e) {
      throw this.fail(e, { image: ref, service });
    }
  }

  /** Builds an image from a folder through the engine's /build endpoint (no BuildKit session needed). */
  async build(contextDir: string, tag: string, buildArgs: Record<string, string>, onProgress: ProgressFn): Promise<void> {
    const src = listFiles(contextDir);
    try {
      const stream = await this.docker.buildImage({ context: contextDir, src }, { t: tag, buildargs: buildArgs, forcerm: true, networkmode: 'host' });
      await followStream(this.docker, stream, (ev) => { if (ev.stream?.trim()) onProgress(ev.stream.trimEnd()); });
    } catch (e) {
      throw this.fail(e, { image: tag });
    }
  }

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
    const found = await this.docker.listNetworks({ filters: { name: [name] } }).catch((e) => { throw this.fail(e); });
    if (found.some((n) => n.Name === name)) return;
    try {
      await this.docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labels, CheckDuplicate: true });
    } catch (e) {
      if (statusOf(e) === 409) return;
      throw this.fail(e);
    }
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await this.docker.getVolume(name).inspect();
    } catch (e) {
      if (statusOf(e) !== 404) throw this.fail(e);
      await this.docker.createVolume({ Name: name, Labels: labels }).catch((err) => { throw this.fail(err); });
    }
  }

  async volumeExists(name: string): Promise<boolean> {
    try { await this.docker.getVolume(name).inspect(); return true; } catch (e) { if (statusOf(e) === 404) return false; throw this.fail(e); }
  }

  async removeVolume(name: string): Promise<boolean> {
    try { await this.docker.getVolume(name).remove(); return true; } catch (e) { if (statusOf(e) === 404) return false; throw this.fail(e); }
  }

  /** Names of the volumes carrying all these labels. */
  async volumesByLabels(labels: Record<string, string>): Promise<string[]> {
    const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const r = await this.docker.listVolumes({ filters: { label } }).catch((e) => { throw this.fail(e); });
    // Podman answers a two-label filter with volumes matching either label: check every label here.
    return (r.Volumes ?? []).filter((v) => Object.entries(labels).every(([k, val]) => v.Labels?.[k] === val)).map((v) => v.Name);
  }

  async removeNetwork(name: string): Promise<void> {
    try { await this.docker.getNetwork(name).remove(); } catch (e) { if (statusOf(e) !== 404) throw this.fail(e); }
  }

  async inspect(name: string): Promise<ContainerInfo | undefined> {
    try {
      const c = await this.docker.getContainer(name).inspect();
      const ports: Record<string, number> = {};
      for (const [k, v] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
        const hp = v?.[0]?.HostPort;
        if (hp) ports[k] = Number(hp);
      }
      if (Object.keys(ports).length === 0) {
        // A stopped container has no live port map; report the configured bindings.
        for (const [k, v] of Object.entries(c.HostConfig?.PortBindings ?? {})) {
          const hp = (v as Array<{ HostPort?: string }> | undefined)?.[0]?.HostPort;
          if (hp) ports[k] = Number(hp);
        }
      }
      const started = Date.parse(c.State.StartedAt);
      return {
        name: c.Name.replace(/^\//, ''), id: c.Id, running: c.State.Running, status: c.State.Status,
        startedAt: Number.isFinite(started) && started > 0 ? started : undefined, exitCode: c.State.ExitCode,
        image: c.Config.Image, labels: c.Config.Labels ?? {}, ports,
      };
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw this.fail(e, { container: name });
    }
  }

  /** Containers carrying all the given labels (key=value). */
  async listByLabels(labels: Record<string, string>): Promise<Array<{ name: string; labels: Record<string, string>; state: string }>> {
    const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const list = await this.docker.listContainers({ all: true, filters: { label } }).catch((e) => { throw this.fail(e); });
    return list.map((c) => ({ name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels, state: c.State }));
  }

  /** Creates and starts a container; on a failed start the half-made container is removed so nothing leaks. */
  async createAndStart(req: CreateContainerRequest, service: string): Promise<void> {
    const portKey = `${req.containerPort}/tcp`;
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        name: req.name,
        Image: req.image,
        Env: Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
        Cmd: req.cmd,
        Labels: req.labels,
        ExposedPorts: { [portKey]: {} },
        HostConfig: {
          NetworkMode: req.network,
          PortBindings: { [portKey]: [{ HostIp: req.hostIp, HostPort: String(req.hostPort) }] },
          Mounts: req.volumes.map((v) => ({ Type: 'volume' as const, Source: v.name, Target: v.target })),
          Binds: req.binds,
          RestartPolicy: { Name: 'no' },
        },
        NetworkingConfig: { EndpointsConfig: { [req.network]: { Aliases: req.aliases } } },
      });
    } catch (e) {
      throw this.fail(e, { container: req.name, image: req.image, service, hostPort: req.hostPort });
    }
    try {
      await container.start();
    } catch (e) {
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw this.fail(e, { container: req.name, image: req.image, service, hostPort: req.hostPort });
    }
  }

  async start(name: string, service: string, hostPort?: number): Promise<void> {
    try { await this.docker.getContainer(name).start(); } catch (e) {
      if (statusOf(e) === 304) return; // already running
      throw this.fail(e, { container: name, service, hostPort });
    }
  }

  async stop(name: string, timeoutSeconds = 20): Promise<void> {
    try { await this.docker.getContainer(name).stop({ t: timeoutSeconds }); } catch (e) {
      const s = statusOf(e);
      if (s === 304 || s === 404) return;
      throw this.fail(e, { container: name });
    }
  }

  async kill(name: string): Promise<void> {
    try { await this.docker.getContainer(name).kill(); } catch (e) { if (statusOf(e) !== 409 && statusOf(e) !== 404) throw this.fail(e, { container: name }); }
  }

  /** Removes a container and its anonymous volumes; named volumes stay. */
  async remove(name: string): Promise<void> {
    try { await this.docker.getContainer(name).remove({ force: true, v: true }); } catch (e) { if (statusOf(e) !== 404) throw this.fail(e, { container: name }); }
  }

  /** Last lines of a container's log (stdout and stderr). */
  async logTail(name: string, tail: number): Promise<string[]> {
    try {
      const buf = (await this.docker.getContainer(name).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
      return demuxBuffer(buf).split('\n').filter((l) => l.length > 0);
    } catch (e) {
      if (statusOf(e) === 404) return [];
      throw this.fail(e, { container: name });
    }
  }

  /** Follows a container's log; returns a function that stops following. */
  async followLogs(name: string, tail: number, onLine: (line: string) => void, onEnd?: () => void): Promise<() => void> {
    let stream: Readable;
    try {
      stream = (await this.docker.getContainer(name).logs({ stdout: true, stderr: true, tail, follow: true })) as unknown as Readable;
    } catch (e) {
      throw this.fail(e, { container: name });
    }
    const out = new PassThrough();
    this.docker.modem.demuxStream(stream, out, out);
    let partial = '';
    out.on('data', (d: Buffer) => {
      const text = partial + d.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    });
    stream.on('end', () => { if (partial) onLine(partial); onEnd?.(); });
    return () => { (stream as Readable & { destroy(): void }).destroy(); };
  }

  /** Runs a program (argv, no shell) inside a running container. */
  async exec(name: string, argv: string[], env: string[] = []): Promise<ExecResult> {
    try {
      const exec = await this.docker.getContainer(name).exec({ Cmd: argv, Env: env, AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const o = new PassThrough(); const er = new PassThrough();
      o.on('data', (d: Buffer) => stdout.push(d)); er.on('data', (d: Buffer) => stderr.push(d));
      this.docker.modem.demuxStream(stream, o, er);
      await new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('close', resolve); stream.on('error', reject); });
      const info = await exec.inspect();
      return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
    } catch (e) {
      throw this.fail(e, { container: name });
    }
  }

  /** Reads every file under `dir` of a container; empty when the folder does not exist. */
  getFiles(name: string, dir: string): Promise<Map<string, Buffer>> {
    return readContainerDir(this, name, dir).catch((e: unknown) => { throw this.fail(e, { container: name }); });
  }

  /** Writes files into a container (running or stopped) under `dir`. */
  async putFiles(name: string, dir: string, files: Array<{ name: string; content: Buffer | string; mode?: number }>): Promise<void> {
    const p = pack();
    for (const f of files) p.entry({ name: f.name, mode: f.mode ?? 0o644 }, typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const c of p as unknown as AsyncIterable<Buffer>) chunks.push(c);
    try {
      await this.docker.getContainer(name).putArchive(Buffer.concat(chunks), { path: dir });
    } catch (e) {
      throw this.fail(e, { container: name });
    }
  }
}

interface StreamEvent { status?: string; id?: string; progress?: string; stream?: string; error?: string; errorDetail?: { message?: string } }

/** Follows a pull/build/push stream. Errors arrive as `error` lines inside an HTTP 200 stream: turn them into failures. */
export function followStream(docker: Docker, stream: NodeJS.ReadableStream, onEvent: (ev: StreamEvent) => void): Promise<StreamEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: StreamEvent[]) => {
      if (err) return reject(err);
      const bad = out.find((o) => o.error || o.errorDetail);
      if (bad) return reject(new Error(bad.errorDetail?.message ?? bad.error ?? 'stream reported an error'));
      resolve(out);
    }, onEvent);
  });
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Strips the 8-byte frame headers of a non-TTY log buffer. */
export function demuxBuffer(buf: Buffer): string {
  if (!Buffer.isBuffer(buf)) return String(buf);
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const size = buf.readUInt32BE(i + 4);
    if ((type !== 0 && type !== 1 && type !== 2) || buf[i + 1] !== 0 || i + 8 + size > buf.length) return out + buf.subarray(i).toString('utf8');
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

function listFiles(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

function readCerts(certPath: string): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (f: string): Buffer | undefined => { try { return fs.readFileSync(path.join(certPath, f)); } catch { return undefined; } };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/** Reads every file under `dir` of a container (running or stopped); paths are relative to `dir`. Empty when absent. */
export async function readContainerDir(engine: DockerEngine, name: string, dir: string): Promise<Map<string, Buffer>> {
  const { extract } = await import('tar-stream');
  const files = new Map<string, Buffer>();
  let archive: NodeJS.ReadableStream;
  try {
    archive = await engine.docker.getContainer(name).getArchive({ path: dir });
  } catch (e) {
    if (statusOf(e) === 404) return files;
    throw e;
  }
  const ex = extract();
  const prefix = dir.split('/').filter(Boolean).pop() + '/';
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => { chunks.push(c as Buffer); });
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name.startsWith(prefix) ? header.name.slice(prefix.length) : header.name, Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    archive.pipe(ex);
  });
  return files;
}
