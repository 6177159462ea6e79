import { ShorelineError } from '../../domain/errors';
import { classifyPushError, imageNotFound, type EcrErrorContext } from '../../domain/ecr/ecrErrors';
import { PushProgressTracker, describeLayer, type LayerProgress, type PushOutcome, type PushStreamEvent } from '../../domain/ecr/pushProgress';
import type { DockerEngine } from '../docker/dockerEngine';
import type { RegistryAuth } from './ecrApi';

export interface EnginePushRequest {
  /** a local image reference, e.g. rake-app:1.1.0 or an image id */
  localImage: string;
  /** host[:port] the engine pushes to (the ECR host, or the local registry in local mode) */
  registry: string;
  repository: string;
  tag: string;
  auth?: RegistryAuth;
  onProgress?: (line: string) => void;
  /** every layer change, including byte progress (the VS Code notification shows it) */
  onLayer?: (layer: LayerProgress) => void;
  /** aborting stops reading the push stream and fails with code "cancelled" */
  signal?: AbortSignal;
  errorContext?: Partial<EcrErrorContext>;
}

export interface EnginePushResult extends PushOutcome {
  /** what the engine pushed: <registry>/<repository>:<tag> */
  pushedRef: string;
  digest: string;
}

/**
 * Tags a local image as <registry>/<repository>:<tag> and pushes it through the Docker engine with the registry's
 * credentials (X-Registry-Auth; never logged). The push stream is read to the end: an `error` line inside the
 * HTTP 200 stream fails the push with the registry's own message.
 */
export async function pushWithEngine(engine: DockerEngine, req: EnginePushRequest): Promise<EnginePushResult> {
  const ctx: EcrErrorContext = { operation: 'push', registry: req.registry, repository: req.repository, image: req.localImage, ...req.errorContext };
  if (!(await engine.imagePresent(req.localImage))) throw imageNotFound(req.localImage);
  const repo = `${req.registry}/${req.repository}`;
  const pushedRef = `${repo}:${req.tag}`;
  const docker = engine.docker;
  try {
    await docker.getImage(req.localImage).tag({ repo, tag: req.tag });
  } catch (e) {
    throw new ShorelineError('ecr.tagFailed', `could not tag ${req.localImage} as ${pushedRef}: ${e instanceof Error ? e.message : String(e)}`, 'check the image name and tag');
  }
  const authconfig = req.auth ? { username: req.auth.username, password: req.auth.password, serveraddress: req.registry } : {};
  const tracker = new PushProgressTracker();
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getImage(pushedRef).push({ tag: req.tag, authconfig });
  } catch (e) {
    throw classifyPushError(e instanceof Error ? e.message : String(e), ctx);
  }
  await new Promise<void>((resolve, reject) => {
    const cancel = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(new ShorelineError('cancelled', `the push of ${pushedRef} was cancelled`, 'run it again; layers already uploaded are skipped'));
    };
    if (req.signal?.aborted) { cancel(); return; }
    req.signal?.addEventListener('abort', cancel, { once: true });
    docker.modem.followProgress(stream, (err: Error | null) => {
      req.signal?.removeEventListener('abort', cancel);
      if (err) reject(classifyPushError(err.message, ctx)); else resolve();
    }, (ev: PushStreamEvent) => {
      const changed = tracker.accept(ev);
      if (changed) req.onLayer?.(changed);
      if (changed && changed.state !== 'pushing') req.onProgress?.(describeLayer(changed));
    });
  });
  const out = tracker.outcome();
  if (out.error || !out.digest) throw classifyPushError(out.error ?? 'no digest reported', ctx);
  return { ...out, digest: out.digest, pushedRef };
}

export interface RegistryManifest { digest: string; mediaType: string; body: string }

const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/**
 * Reads a manifest straight from a registry's v2 API (GET /v2/<repo>/manifests/<tag>): its digest
 * (Docker-Content-Digest), media type and exact bytes. Plain HTTP for local hosts (127.0.0.1, localhost), HTTPS otherwise.
 */
export async function fetchManifest(registry: string, repository: string, reference: string, auth?: RegistryAuth): Promise<RegistryManifest | undefined> {
  const local = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(registry);
  const url = `${local ? 'http' : 'https'}://${registry}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
  if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw classifyPushError(`GET ${url}: ${(e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.message : String(e))} (dial tcp: connection refused or timed out)`,
      { operation: 'manifest', registry, repository });
  }
  if (res.status === 404) return undefined;
  if (!res.ok) throw classifyPushError(`GET ${url} answered ${res.status} ${res.statusText}`, { operation: 'manifest', registry, repository });
  const body = await res.text();
  return { digest: res.headers.get('docker-content-digest') ?? '', mediaType: res.headers.get('content-type') ?? '', body };
}
