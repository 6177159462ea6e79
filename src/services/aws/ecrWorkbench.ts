import { resolveEngineEndpoint } from '../../domain/docker/engineEndpoint';
import type { SharedConfigData } from '../../domain/ecr/awsSources';
import { imageNotFound } from '../../domain/ecr/ecrErrors';
import { DockerEngine } from '../docker/dockerEngine';
import { hostEndpointFacts } from '../docker/engineEndpointFacts';
import { createEcrApi, type EcrApi } from './ecrApi';
import { openSession, type AwsAccess } from './ecrSession';
import { pushToEcr, type EcrPushOptions, type EcrPushReport } from './ecrPushFlow';

/**
 * What the VS Code front end needs from AWS and the Docker engine for the AWS view and the push wizard (the CLI uses
 * the same session, API and push flow directly). Loaded lazily through dist/engine.js.
 */

/** The shared config and credentials files, parsed by the SDK's own loader (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE honoured). */
export async function loadAwsSharedConfig(): Promise<SharedConfigData> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { configFile: files.configFile, credentialsFile: files.credentialsFile };
}

/** Opens an ECR API for one source and region; close() it when done. Credentials stay in memory. */
export async function openEcrApi(access: AwsAccess): Promise<EcrApi> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return createEcrApi(await openSession(access));
}

export interface LocalImage { ref: string; id: string; sizeBytes: number; created: number }

function engineFor(dockerHost: string): DockerEngine {
  return new DockerEngine(resolveEngineEndpoint(hostEndpointFacts(dockerHost, process.env)));
}

/** Tagged images of the Docker engine, newest first (dangling and <none> tags left out). */
export async function listLocalImages(dockerHost: string): Promise<LocalImage[]> {
  const engine = engineFor(dockerHost);
  await engine.ping();
  const images = await engine.docker.listImages();
  return images
    .flatMap((i) => (i.RepoTags ?? []).filter((t) => t && !t.startsWith('<none>')).map((ref) => ({ ref, id: i.Id, sizeBytes: i.Size, created: i.Created })))
    .sort((a, b) => b.created - a.created || a.ref.localeCompare(b.ref));
}

/** Runs the push flow (local image check, repository, token for the target registry, engine push) for one access. */
export async function pushImageToEcr(dockerHost: string, access: AwsAccess, options: EcrPushOptions): Promise<EcrPushReport> {
  const engine = engineFor(dockerHost);
  // the local image is checked before credentials are resolved: a typo costs no AWS call
  if (!(await engine.imagePresent(options.localImage))) throw imageNotFound(options.localImage);
  const api = await openEcrApi(access);
  try { return await pushToEcr(engine, api, options); } finally { api.close(); }
}
