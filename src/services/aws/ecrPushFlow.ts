import { classifyAwsError, imageNotFound } from '../../domain/ecr/ecrErrors';
import { formatImageUri, resolveRegistryHost, splitImageName } from '../../domain/ecr/ecrReference';
import type { DockerEngine } from '../docker/dockerEngine';
import type { EcrApi } from './ecrApi';
import { fetchManifest, pushWithEngine, type EnginePushRequest } from './ecrPush';

export interface EcrPushOptions {
  localImage: string;
  repository: string;
  accountId: string;
  region: string;
  /** default: the local image's tag, else "latest" */
  tag?: string;
  /** create the repository when it does not exist */
  create?: boolean;
  /** keep a repository this push created even when the push fails (default: delete it again) */
  keepCreatedOnFailure?: boolean;
  /** local mode: --registry-host / SHORELINE_ECR_REGISTRY (one host:port, or account=host:port,...) */
  registryHostOverride?: string;
  onProgress?: (line: string) => void;
  /** every layer change of the engine push */
  onLayer?: EnginePushRequest['onLayer'];
  /** cancels the push; a repository this run created is deleted again as for any failure */
  signal?: AbortSignal;
  /** a repository policy (JSON) to set on a repository this run creates, before the push */
  policyForCreated?: string;
}

export interface EcrPushReport {
  /** the ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> */
  imageUri: string;
  /** where the engine pushed (differs from imageUri in local mode) */
  pushedRef: string;
  registry: string;
  accountId: string;
  region: string;
  repository: string;
  tag: string;
  digest: string;
  pushed: string[];
  skipped: string[];
  mounted: string[];
  createdRepository: boolean;
  /** local mode: the manifest was registered in the emulated ECR API (PutImage) so DescribeImages lists it */
  mirroredToApi?: boolean;
  durationMs: number;
}

/**
 * The push flow: the local image must exist (checked before any AWS call), the repository must exist in the target
 * account (or is created with --create), a token for the TARGET registry id, then the engine push. A repository
 * created by this run is deleted again when the push fails, unless asked to keep it.
 */
export async function pushToEcr(engine: DockerEngine, api: EcrApi, o: EcrPushOptions): Promise<EcrPushReport> {
  const t0 = Date.now();
  if (!(await engine.imagePresent(o.localImage))) throw imageNotFound(o.localImage);
  const tag = o.tag ?? splitImageName(o.localImage).tag ?? 'latest';
  const registry = resolveRegistryHost(o.registryHostOverride, o.accountId, o.region);
  const local = !!o.registryHostOverride;

  let created = false;
  // the token for the target registry does not depend on the repository: ask for both at once (one round trip less)
  const authorization = api.authorization(o.accountId);
  authorization.catch(() => undefined); // awaited below; a repository failure first must not leave it unhandled
  const existing = await api.findRepository(o.repository, o.accountId);
  if (!existing) {
    if (!o.create) {
      // the same wording as any RepositoryNotFoundException, with the target named
      throw classifyAwsError({ name: 'RepositoryNotFoundException' }, { operation: 'push', repository: o.repository, accountId: o.accountId, region: o.region });
    }
    o.onProgress?.(`creating repository ${o.repository} in account ${o.accountId} (${o.region})`);
    await api.createRepository(o.repository);
    created = true;
  }
  try {
    if (created && o.policyForCreated) {
      o.onProgress?.(`setting the repository policy of ${o.repository}`);
      await api.setPolicy(o.repository, o.policyForCreated, o.accountId);
    }
    const auth = await authorization;
    o.onProgress?.(`pushing ${o.localImage} to ${registry}/${o.repository}:${tag}`);
    const r = await pushWithEngine(engine, {
      localImage: o.localImage, registry, repository: o.repository, tag, auth, onProgress: o.onProgress, onLayer: o.onLayer, signal: o.signal,
      errorContext: { accountId: o.accountId, region: o.region },
    });
    const report: EcrPushReport = {
      imageUri: formatImageUri({ accountId: o.accountId, region: o.region, repository: o.repository, tag }),
      pushedRef: r.pushedRef, registry, accountId: o.accountId, region: o.region, repository: o.repository, tag,
      digest: r.digest, pushed: r.pushed, skipped: r.skipped, mounted: r.mounted, createdRepository: created, durationMs: 0,
    };
    if (local) report.mirroredToApi = await mirrorToApi(api, registry, o, tag, auth);
    report.durationMs = Date.now() - t0;
    return report;
  } catch (e) {
    if (created && !o.keepCreatedOnFailure) {
      await api.deleteRepository(o.repository, true).then(
        () => o.onProgress?.(`deleted repository ${o.repository} again: the push failed`),
        () => o.onProgress?.(`could not delete the empty repository ${o.repository}; delete it by hand`),
      );
    }
    throw e;
  }
}

/**
 * Local mode: the emulator's ECR API has no registry behind it, so the pushed manifest is registered there with
 * PutImage (same bytes, so the same digest) and DescribeImages / ListImages show the tag as on AWS.
 */
async function mirrorToApi(api: EcrApi, registry: string, o: EcrPushOptions, tag: string, auth: Parameters<typeof fetchManifest>[3]): Promise<boolean> {
  const m = await fetchManifest(registry, o.repository, tag, auth);
  if (!m) return false;
  try {
    await api.putImage(o.repository, tag, m.body, m.mediaType, m.digest || undefined, o.accountId);
    return true;
  } catch (e) {
    // an emulator that rejects the mirror does not undo a push that worked; say so
    o.onProgress?.(`the emulated ECR API did not take the manifest (${e instanceof Error ? e.message : String(e)}); DescribeImages will not list ${tag}`);
    return false;
  }
}
