import { ShorelineError } from '../errors';

/** What an AWS or push failure was about, for messages that name the value that caused it. */
export interface EcrErrorContext {
  operation: string;
  profile?: string;
  region?: string;
  accountId?: string;
  repository?: string;
  roleArn?: string;
  /** the caller's ARN when known (who tried to assume a role) */
  principal?: string;
  endpoint?: string;
  registry?: string;
  image?: string;
}

/** The fields of an AWS SDK (or network) error that classification looks at. */
export interface AwsErrorLike { name?: string; message?: string; code?: string; Code?: string; $metadata?: { httpStatusCode?: number } }

function where(c: EcrErrorContext): string {
  return [c.accountId ? `account ${c.accountId}` : '', c.region ? `region ${c.region}` : ''].filter(Boolean).join(', ');
}

/** Turns an AWS SDK error into a ShorelineError that says what failed and what to do. Never includes secrets. */
export function classifyAwsError(e: AwsErrorLike, c: EcrErrorContext): ShorelineError {
  const name = e.name ?? e.Code ?? '';
  const msg = (e.message ?? '').trim();
  const code = e.code ?? '';
  const profileArg = c.profile ? ` --profile ${c.profile}` : '';
  if (/sso/i.test(name + msg) && /expired|refresh|invalid|token/i.test(msg)) {
    return new ShorelineError('ecr.ssoExpired', `the SSO session${c.profile ? ` of profile ${c.profile}` : ''} has expired or is not signed in (${msg})`,
      `run aws sso login${profileArg}, then try again`);
  }
  // before "no credentials": a provider that found credentials past their expiry (credential_process, a stale session)
  if (isExpired(name, msg)) {
    return new ShorelineError('ecr.credentialsExpired', `the AWS credentials${c.profile ? ` of profile ${c.profile}` : ''} have expired (${c.operation}${msg ? `: ${msg}` : ''})`,
      c.profile ? `refresh them (aws sso login${profileArg}, new keys, or whatever the profile's credential_process uses), then try again` : 'refresh the session credentials (AWS_SESSION_TOKEN) and try again');
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(msg)) {
    return new ShorelineError('ecr.noCredentials', `no AWS credentials found${c.profile ? ` for profile ${c.profile}` : ''}: ${msg}`,
      c.profile ? `check that profile ${c.profile} exists in ~/.aws/config (aws configure list-profiles)` : 'pass --profile P, set AWS_PROFILE, or run aws configure / aws sso login');
  }
  if (/region is missing/i.test(msg)) {
    return new ShorelineError('ecr.noRegion', 'no AWS region given', 'pass --region (e.g. --region us-east-2), set AWS_REGION, or set region in the profile');
  }
  if (c.operation === 'AssumeRole' && (name === 'AccessDenied' || name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403)) {
    return new ShorelineError('ecr.assumeRoleDenied', `${c.principal ?? 'the caller'} is not allowed to assume ${c.roleArn ?? 'the role'}: ${msg}`,
      `the role's trust policy must allow sts:AssumeRole for ${c.principal ?? 'the caller'}${' (with the external id, if the trust policy requires one)'}, and the caller's IAM policy must allow sts:AssumeRole on ${c.roleArn ?? 'the role'}`);
  }
  if (name === 'RepositoryNotFoundException') {
    return new ShorelineError('ecr.repositoryNotFound', `repository ${c.repository ?? ''} does not exist in ${where(c) || 'the target registry'}`.replace('  ', ' '),
      'check --account and --region (vendor and customer accounts use different regions), or pass --create to create it');
  }
  if (name === 'RepositoryPolicyNotFoundException') {
    return new ShorelineError('ecr.noRepositoryPolicy', `repository ${c.repository ?? ''} in ${where(c)} has no repository policy`,
      'set one with shoreline ecr policy set <repository> --template pull --principal-account <account>');
  }
  if (name === 'RepositoryAlreadyExistsException') {
    return new ShorelineError('ecr.repositoryExists', `repository ${c.repository ?? ''} already exists in ${where(c)}`, 'push to it without --create, or pick another name');
  }
  if (name === 'RepositoryNotEmptyException') {
    return new ShorelineError('ecr.repositoryNotEmpty', `repository ${c.repository ?? ''} in ${where(c)} still has images`, 'delete its images first (BatchDeleteImage, untagged ones included), or delete with force');
  }
  if (name === 'InvalidParameterException' || name === 'ValidationException') {
    return new ShorelineError('ecr.invalidParameter', `ECR rejected ${c.operation}: ${msg}`, 'check the value named in the message');
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnrecognizedClientException' || e.$metadata?.httpStatusCode === 403) {
    return new ShorelineError('ecr.accessDenied', `${c.operation} was denied${c.repository ? ` on repository ${c.repository}` : ''} in ${where(c) || 'the target account'}: ${msg}`,
      `allow ecr:${c.operation} for the caller (IAM policy${c.repository ? ', and the repository policy when the repository is in another account' : ''}), or use --profile / --role-arn with one that has it`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(code + ' ' + msg)) {
    return new ShorelineError('ecr.endpointUnreachable', `the ECR API ${c.endpoint ?? `in ${c.region ?? 'the region'}`} did not answer (${code || msg})`,
      c.endpoint ? 'start the AWS emulator (shoreline up) or fix --endpoint-url / SHORELINE_ECR_ENDPOINT' : 'check the network and the region');
  }
  return new ShorelineError('ecr.awsError', `${c.operation} failed${where(c) ? ` in ${where(c)}` : ''}: ${name ? `${name}: ` : ''}${msg}`, 'check the message; run with SHORELINE_DEBUG=1 for details');
}

function isExpired(name: string, msg: string): boolean {
  return name === 'ExpiredTokenException' || name === 'ExpiredToken' || /security token included in the request is expired/i.test(msg)
    || (name === 'CredentialsProviderError' && /returned expired credentials|credentials (have|has) expired|expired credentials/i.test(msg));
}

/** Turns a Docker push failure (an `error` line of the push stream) into a ShorelineError. */
export function classifyPushError(message: string, c: EcrErrorContext): ShorelineError {
  const reg = c.registry ?? 'the registry';
  if (/connection refused|no such host|dial tcp|i\/o timeout|no route to host|server gave HTTP response to HTTPS client/i.test(message)) {
    return new ShorelineError('ecr.registryUnreachable', `registry ${reg} is unreachable: ${message}`,
      c.registry && !/amazonaws\.com/.test(c.registry) ? 'start the local registry or fix --registry-host / SHORELINE_ECR_REGISTRY' : 'check the network, the region and any proxy');
  }
  if (/denied|unauthorized|authentication required|not authorized|forbidden|no basic auth credentials/i.test(message)) {
    return new ShorelineError('ecr.pushDenied', `${reg} refused the push of ${c.repository ?? 'the image'}: ${message}`,
      `the caller needs ecr:InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload, PutImage and BatchCheckLayerAvailability on ${c.repository ?? 'the repository'} (IAM policy, and the repository policy for another account's repository); an expired token is refreshed by pushing again`);
  }
  if (/name unknown|repository .* not found|does not exist/i.test(message)) {
    return new ShorelineError('ecr.repositoryNotFound', `repository ${c.repository ?? ''} does not exist in ${reg}: ${message}`, 'pass --create to create it, or check --account and --region');
  }
  if (/tag invalid|manifest invalid|image tag .* immutable|ImageTagAlreadyExists/i.test(message)) {
    return new ShorelineError('ecr.pushRejected', `${reg} rejected the manifest of ${c.repository ?? 'the image'}: ${message}`,
      /immutable/i.test(message) ? 'the repository has immutable tags: push a new tag' : 'check the tag and the image');
  }
  return new ShorelineError('ecr.pushFailed', `pushing ${c.image ?? 'the image'} to ${reg} failed: ${message}`, 'run again with SHORELINE_DEBUG=1 to see the full push log');
}

/** The local image to push does not exist in the Docker engine. */
export function imageNotFound(image: string): ShorelineError {
  return new ShorelineError('ecr.imageNotFound', `image ${image} does not exist in the local Docker engine`,
    'build or pull it first (docker image ls shows what exists), or fix the name and tag');
}
