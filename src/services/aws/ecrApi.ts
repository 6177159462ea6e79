import type { ECRClient } from '@aws-sdk/client-ecr';
import { classifyAwsError, type AwsErrorLike, type EcrErrorContext } from '../../domain/ecr/ecrErrors';
import { TokenCache } from '../../domain/ecr/tokenCache';
import { addHeaders, clientConfig, type AwsSession } from './ecrSession';

export interface RepositoryInfo {
  name: string;
  registryId: string;
  uri: string;
  arn: string;
  createdAt?: string;
  tagMutability?: string;
  scanOnPush?: boolean;
}

export interface ImageInfo {
  digest: string;
  tags: string[];
  sizeBytes?: number;
  pushedAt?: string;
  manifestMediaType?: string;
}

/** Registry credentials from GetAuthorizationToken: user AWS and a 12-hour password. Never logged or stored. */
export interface RegistryAuth {
  username: string;
  password: string;
  /** https://<account>.dkr.ecr.<region>.amazonaws.com */
  proxyEndpoint: string;
  expiresAt?: number;
}

/** The port for the Amazon ECR API (and the AWS emulator's ECR in local mode). */
export interface EcrApi {
  listRepositories(registryId?: string): Promise<RepositoryInfo[]>;
  findRepository(name: string, registryId?: string): Promise<RepositoryInfo | undefined>;
  createRepository(name: string): Promise<RepositoryInfo>;
  deleteRepository(name: string, force?: boolean): Promise<void>;
  /** The policy text, or undefined when the repository has none. */
  getPolicy(name: string, registryId?: string): Promise<string | undefined>;
  setPolicy(name: string, policyText: string, registryId?: string): Promise<void>;
  listImages(name: string, registryId?: string): Promise<ImageInfo[]>;
  /** A token for the TARGET registry (account), cached in memory until shortly before it expires. */
  authorization(registryId: string): Promise<RegistryAuth>;
  /** Registers an image manifest (PutImage); local mode uses it to mirror a registry push into the emulated API. */
  putImage(name: string, tag: string, manifest: string, mediaType: string, digest?: string, registryId?: string): Promise<string | undefined>;
  close(): void;
}

/** Tokens shared by every EcrApi of this process; memory only. */
const TOKENS = new TokenCache<RegistryAuth>();

/** The EcrApi adapter on the AWS SDK v3 ECR client. */
export async function createEcrApi(session: AwsSession): Promise<EcrApi> {
  const sdk = await import('@aws-sdk/client-ecr');
  const client: ECRClient = new sdk.ECRClient({ ...clientConfig(session), maxAttempts: 2 });
  addHeaders(client, session.headers);
  const access = session.access;
  const ctx = (operation: string, extra: Partial<EcrErrorContext> = {}): EcrErrorContext => ({
    operation, profile: access.profile, region: access.region, endpoint: access.endpointUrl, accountId: access.localAccountId, ...extra,
  });
  const call = async <T>(c: EcrErrorContext, fn: () => Promise<T>): Promise<T> => {
    try { return await fn(); } catch (e) { throw classifyAwsError(e as AwsErrorLike, c); }
  };
  const repo = (r: import('@aws-sdk/client-ecr').Repository): RepositoryInfo => ({
    name: r.repositoryName ?? '', registryId: r.registryId ?? '', uri: r.repositoryUri ?? '', arn: r.repositoryArn ?? '',
    ...(r.createdAt ? { createdAt: r.createdAt.toISOString() } : {}),
    ...(r.imageTagMutability ? { tagMutability: r.imageTagMutability } : {}),
    ...(r.imageScanningConfiguration ? { scanOnPush: !!r.imageScanningConfiguration.scanOnPush } : {}),
  });
  const reg = (registryId?: string) => (registryId ? { registryId } : {});

  return {
    async listRepositories(registryId) {
      const out: RepositoryInfo[] = [];
      let nextToken: string | undefined;
      do {
        const r = await call(ctx('DescribeRepositories', { accountId: registryId }), () => client.send(new sdk.DescribeRepositoriesCommand({ ...reg(registryId), nextToken })));
        out.push(...(r.repositories ?? []).map(repo));
        nextToken = r.nextToken;
      } while (nextToken);
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async findRepository(name, registryId) {
      try {
        const r = await client.send(new sdk.DescribeRepositoriesCommand({ ...reg(registryId), repositoryNames: [name] }));
        const found = r.repositories?.[0];
        return found ? repo(found) : undefined;
      } catch (e) {
        if ((e as { name?: string }).name === 'RepositoryNotFoundException') return undefined;
        throw classifyAwsError(e as AwsErrorLike, ctx('DescribeRepositories', { repository: name, accountId: registryId }));
      }
    },
    async createRepository(name) {
      const r = await call(ctx('CreateRepository', { repository: name }), () => client.send(new sdk.CreateRepositoryCommand({ repositoryName: name })));
      return repo(r.repository ?? {});
    },
    async deleteRepository(name, force = false) {
      await call(ctx('DeleteRepository', { repository: name }), () => client.send(new sdk.DeleteRepositoryCommand({ repositoryName: name, force })));
    },
    async getPolicy(name, registryId) {
      try {
        const r = await client.send(new sdk.GetRepositoryPolicyCommand({ ...reg(registryId), repositoryName: name }));
        return r.policyText;
      } catch (e) {
        if ((e as { name?: string }).name === 'RepositoryPolicyNotFoundException') return undefined;
        throw classifyAwsError(e as AwsErrorLike, ctx('GetRepositoryPolicy', { repository: name, accountId: registryId }));
      }
    },
    async setPolicy(name, policyText, registryId) {
      await call(ctx('SetRepositoryPolicy', { repository: name, accountId: registryId }),
        () => client.send(new sdk.SetRepositoryPolicyCommand({ ...reg(registryId), repositoryName: name, policyText })));
    },
    async listImages(name, registryId) {
      const out: ImageInfo[] = [];
      let nextToken: string | undefined;
      do {
        const r = await call(ctx('DescribeImages', { repository: name, accountId: registryId }),
          () => client.send(new sdk.DescribeImagesCommand({ ...reg(registryId), repositoryName: name, nextToken })));
        for (const d of r.imageDetails ?? []) {
          out.push({
            digest: d.imageDigest ?? '', tags: d.imageTags ?? [],
            ...(d.imageSizeInBytes !== undefined ? { sizeBytes: d.imageSizeInBytes } : {}),
            ...(d.imagePushedAt ? { pushedAt: d.imagePushedAt.toISOString() } : {}),
            ...(d.imageManifestMediaType ? { manifestMediaType: d.imageManifestMediaType } : {}),
          });
        }
        nextToken = r.nextToken;
      } while (nextToken);
      return out.sort((a, b) => (b.pushedAt ?? '').localeCompare(a.pushedAt ?? ''));
    },
    async authorization(registryId) {
      const key = [session.principal ?? access.profile ?? 'default', access.localAccountId ?? '', registryId, access.region ?? '', access.endpointUrl ?? ''].join('|');
      const cached = TOKENS.get(key);
      if (cached) return cached;
      const issuedAt = Date.now();
      const r = await call(ctx('GetAuthorizationToken', { accountId: registryId }),
        () => client.send(new sdk.GetAuthorizationTokenCommand({ registryIds: [registryId] })));
      const d = r.authorizationData?.[0];
      const decoded = d?.authorizationToken ? Buffer.from(d.authorizationToken, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (!d || colon < 0) {
        throw classifyAwsError({ name: 'InvalidParameterException', message: 'GetAuthorizationToken returned no usable token' }, ctx('GetAuthorizationToken', { accountId: registryId }));
      }
      const auth: RegistryAuth = {
        username: decoded.slice(0, colon), password: decoded.slice(colon + 1), proxyEndpoint: d.proxyEndpoint ?? '',
        ...(d.expiresAt ? { expiresAt: d.expiresAt.getTime() } : {}),
      };
      TOKENS.put(key, auth, { issuedAt, reportedExpiresAt: auth.expiresAt, credentialsExpireAt: session.expiresAt, chainedRole: session.chainedRole });
      return auth;
    },
    async putImage(name, tag, manifest, mediaType, digest, registryId) {
      try {
        const r = await client.send(new sdk.PutImageCommand({
          ...reg(registryId), repositoryName: name, imageTag: tag, imageManifest: manifest, imageManifestMediaType: mediaType,
          ...(digest ? { imageDigest: digest } : {}),
        }));
        return r.image?.imageId?.imageDigest;
      } catch (e) {
        // the same manifest under the same tag is already there (a re-push): nothing to do
        if ((e as { name?: string }).name === 'ImageAlreadyExistsException') return undefined;
        throw classifyAwsError(e as AwsErrorLike, ctx('PutImage', { repository: name, accountId: registryId }));
      }
    },
    close() { client.destroy(); },
  };
}
