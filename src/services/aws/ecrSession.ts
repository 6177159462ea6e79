import type { MiddlewareStack } from '@smithy/types';
import { classifyAwsError, type AwsErrorLike } from '../../domain/ecr/ecrErrors';
import { parseMfaCode, parseMfaSerial, parseRoleArn } from '../../domain/ecr/ecrReference';
import { ShorelineError } from '../../domain/errors';

/** Who calls AWS and where: a profile (or the default chain), optionally a role to assume, and local-mode overrides. */
export interface AwsAccess {
  /** A profile of ~/.aws/config (SSO, role_arn/source_profile chains, keys); default: the SDK's default chain. */
  profile?: string;
  region?: string;
  /** Assume this role (in the target account) with the profile's credentials. */
  roleArn?: string;
  externalId?: string;
  /** The MFA device the role's trust policy asks for (aws:MultiFactorAuthPresent); the code comes from mfaCodeProvider. */
  mfaSerial?: string;
  /**
   * Asked for a one-time code when AssumeRole needs one: for mfaSerial, and for a profile whose role_arn has an
   * mfa_serial in ~/.aws/config (the SDK's own hook). Called right before the call, so the code is fresh; never stored.
   */
  mfaCodeProvider?: (serial: string) => Promise<string>;
  /**
   * Local mode: the ECR and STS API endpoint of the AWS emulator (moto, LocalStack). Without --profile the emulator
   * gets fixed dummy credentials, never the user's real ones.
   */
  endpointUrl?: string;
  /**
   * Local mode: the emulated account the caller's own credentials belong to (moto's x-moto-account-id header). With a
   * role, it is the account that calls AssumeRole; moto derives the account of every later call from the assumed
   * role's credentials.
   */
  localAccountId?: string;
}

/** Static AWS credentials (resolved once per command; held in memory only). */
export interface AwsCredentialIdentity { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }

/** Resolved credentials for one target. Held in memory only. */
export interface AwsSession {
  access: AwsAccess;
  credentials: AwsCredentialIdentity;
  /** The credentials come from role chaining (role credentials used to assume a role): 1 h sessions. */
  chainedRole: boolean;
  /** Expiry of an assumed role's credentials. */
  expiresAt?: number;
  /** ARN of the assumed role session, when a role was assumed. */
  principal?: string;
  /** Extra request headers every client of this session sends (local mode only). */
  headers: Record<string, string>;
}

/** Dummy keys for the emulator: it accepts any, and the user's real credentials never go to a local endpoint. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'shoreline-local', secretAccessKey: 'shoreline-local' };

/** Client options shared by the ECR and STS clients of a session. */
export function clientConfig(s: Pick<AwsSession, 'access' | 'credentials'>): { region?: string; endpoint?: string; credentials: AwsSession['credentials']; profile?: string } {
  return {
    ...(s.access.region ? { region: s.access.region } : {}),
    ...(s.access.endpointUrl ? { endpoint: s.access.endpointUrl } : {}),
    ...(s.access.profile ? { profile: s.access.profile } : {}),
    credentials: s.credentials,
  };
}

/** Adds fixed headers to every request of an ECR or STS client (x-moto-account-id in local mode). */
export function addHeaders<I extends object, O extends object>(client: { middlewareStack: MiddlewareStack<I, O> }, headers: Record<string, string>): void {
  if (Object.keys(headers).length === 0) return;
  client.middlewareStack.add((next) => async (args) => {
    const req = args.request as { headers?: Record<string, string> } | undefined;
    if (req?.headers) Object.assign(req.headers, headers);
    return next(args);
  }, { step: 'build', name: 'shorelineLocalHeaders' });
}

/**
 * The default chain ends with "Could not load credentials from any providers" even when the named profile exists and
 * its own provider said why (e.g. "credential_process returned expired credentials"): ask the profile's provider
 * (fromIni: keys, role chains, SSO, credential_process) for that reason.
 */
async function profileReason(e: AwsErrorLike, profile: string | undefined): Promise<AwsErrorLike> {
  if (!profile || !/could not load credentials from any providers/i.test(e.message ?? '')) return e;
  try {
    const { fromIni } = await import('@aws-sdk/credential-provider-ini');
    await fromIni({ profile })();
    return e;
  } catch (inner) {
    const m = (inner as AwsErrorLike).message ?? '';
    return m && !/could not load credentials from any providers/i.test(m) ? (inner as AwsErrorLike) : e;
  }
}

/**
 * Resolves credentials: the profile or the SDK's default chain (environment, shared config and credentials files,
 * SSO, web identity, container and instance metadata), then STS AssumeRole when a role is asked for. Failures come
 * out as ShorelineErrors (expired SSO session, no credentials, AccessDenied naming the caller and the role).
 */
export async function openSession(access: AwsAccess): Promise<AwsSession> {
  const local = !!access.endpointUrl && !access.profile;
  let base: AwsCredentialIdentity;
  try {
    if (local) base = LOCAL_CREDENTIALS;
    else {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      const mfaCodeProvider = access.mfaCodeProvider;
      base = await defaultProvider({
        ...(access.profile ? { profile: access.profile } : {}),
        ...(mfaCodeProvider ? { mfaCodeProvider: async (serial: string) => parseMfaCode(await mfaCodeProvider(serial)) } : {}),
      })();
    }
  } catch (e) {
    throw classifyAwsError(await profileReason(e as AwsErrorLike, access.profile), { operation: 'loading credentials', profile: access.profile, region: access.region });
  }
  if (base.expiration && base.expiration.getTime() <= Date.now()) {
    // the SDK hands out static credentials as they are; a call with them would fail later with a vaguer message
    throw classifyAwsError({ name: 'ExpiredToken', message: `they expired at ${base.expiration.toISOString()}` }, { operation: 'loading credentials', profile: access.profile, region: access.region });
  }
  // local mode: the emulated account the caller's own credentials belong to (the emulator ignores registryId)
  const caller: Record<string, string> = access.endpointUrl && access.localAccountId ? { 'x-moto-account-id': access.localAccountId } : {};
  const headers: Record<string, string> = access.roleArn ? {} : caller;
  if (!access.roleArn) return { access, credentials: base, chainedRole: false, headers };

  const role = parseRoleArn(access.roleArn);
  let mfa: { SerialNumber: string; TokenCode: string } | undefined;
  if (access.mfaSerial) {
    const serial = parseMfaSerial(access.mfaSerial);
    if (!access.mfaCodeProvider) throw new ShorelineError('ecr.mfaCodeMissing', `assuming ${role.arn} with MFA device ${serial} needs a one-time code`, 'give the six-digit code (--mfa-code), or drop --mfa-serial');
    mfa = { SerialNumber: serial, TokenCode: parseMfaCode(await access.mfaCodeProvider(serial)) };
  }
  const { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ ...clientConfig({ access, credentials: base }), region: access.region ?? 'us-east-1' });
  // the AssumeRole call is made as the caller's account; the role's credentials then act in the role's account
  addHeaders(sts, caller);
  try {
    const r = await sts.send(new AssumeRoleCommand({
      RoleArn: role.arn, RoleSessionName: `shoreline-${Date.now()}`, DurationSeconds: 3600,
      ...(access.externalId ? { ExternalId: access.externalId } : {}),
      ...mfa,
    }));
    const c = r.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'AccessDenied' });
    return {
      access,
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
      // role credentials (and SSO permission-set credentials) carry a session token: assuming a role with them is role chaining
      chainedRole: !!base.sessionToken,
      expiresAt: c.Expiration?.getTime(),
      principal: r.AssumedRoleUser?.Arn,
      headers,
    };
  } catch (e) {
    const principal = await sts.send(new GetCallerIdentityCommand({})).then((id) => id.Arn, () => undefined);
    throw classifyAwsError(e as AwsErrorLike, { operation: 'AssumeRole', profile: access.profile, region: access.region, roleArn: role.arn, principal, endpoint: access.endpointUrl });
  } finally {
    sts.destroy();
  }
}
