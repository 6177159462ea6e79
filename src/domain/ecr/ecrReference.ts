import { ShorelineError } from '../errors';

/**
 * Amazon ECR names: account ids, regions, registry hosts (`<account>.dkr.ecr.<region>.amazonaws.com`), repository
 * names, tags and image URIs. Every parser throws a ShorelineError that names the bad value and the rule.
 */

/** An ECR image in a private registry, e.g. 111222333444.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0. */
export interface EcrImageRef {
  accountId: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const ACCOUNT_RE = /^\d{12}$/;
// us-east-2, eu-central-1, ap-southeast-4, us-gov-west-1, cn-north-1, us-isob-east-1, mx-central-1
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// ECR: (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*, 2-256 characters
const REPOSITORY_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
// Docker/OCI tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const HOST_RE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

function bad(code: string, message: string, fix: string): ShorelineError {
  return new ShorelineError(code, message, fix);
}

/** A 12-digit AWS account id (the ECR registry id). */
export function parseAccountId(value: string, what = 'account id'): string {
  const v = value.trim();
  if (!ACCOUNT_RE.test(v)) {
    throw bad('ecr.badAccountId', `${what} "${value}" is not a 12-digit AWS account id`, 'use the account number, e.g. 111222333444 (aws sts get-caller-identity shows yours)');
  }
  return v;
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_RE.test(value);
}

/** An AWS region code such as us-east-2. */
export function parseRegion(value: string): string {
  const v = value.trim();
  if (!REGION_RE.test(v)) throw bad('ecr.badRegion', `region "${value}" is not an AWS region code`, 'use a region code such as us-east-2 or eu-central-1');
  return v;
}

/** The first rule a repository name breaks, or undefined when ECR accepts it. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) return `must be 2 to 256 characters long (it has ${name.length})`;
  if (/[A-Z]/.test(name)) return 'must be lower case';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'must not start or end with "/" or contain "//"';
  if (!REPOSITORY_RE.test(name)) return 'may contain only a-z, 0-9 and single ".", "_", "-" between them, with "/" between path parts';
  return undefined;
}

export function parseRepositoryName(value: string): string {
  const problem = repositoryNameProblem(value);
  if (problem) throw bad('ecr.badRepositoryName', `repository name "${value}" is not valid in ECR: it ${problem}`, 'use a name like rake-app or team/rake-app');
  return value;
}

export function parseTag(value: string): string {
  if (!TAG_RE.test(value)) {
    throw bad('ecr.badTag', `tag "${value}" is not a valid image tag`, 'a tag is 1-128 characters of A-Z a-z 0-9 _ . - and does not start with "." or "-" (e.g. 1.1.0)');
  }
  return value;
}

/** The private registry host of an account in a region. */
export function registryHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** Account and region of an ECR registry host (with or without https://), or undefined for any other host. */
export function parseRegistryHost(host: string): { accountId: string; region: string } | undefined {
  const m = HOST_RE.exec(host.replace(/^https?:\/\//, '').replace(/\/+$/, ''));
  return m ? { accountId: m[1]!, region: m[2]! } : undefined;
}

/** Formats an image reference as `<registry host>/<repository>[:tag][@digest]`. */
export function formatImageUri(ref: EcrImageRef): string {
  return `${registryHost(ref.accountId, ref.region)}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Parses an ECR image URI such as 111222333444.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0. */
export function parseImageUri(uri: string): EcrImageRef {
  const slash = uri.indexOf('/');
  const reg = slash > 0 ? parseRegistryHost(uri.slice(0, slash)) : undefined;
  if (!reg) {
    throw bad('ecr.badImageUri', `"${uri}" is not an ECR image URI`, 'expected <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag], e.g. 111222333444.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0');
  }
  const { name, tag, digest } = splitImageName(uri.slice(slash + 1));
  const ref: EcrImageRef = { ...reg, repository: parseRepositoryName(name) };
  if (tag !== undefined) ref.tag = parseTag(tag);
  if (digest !== undefined) {
    if (!DIGEST_RE.test(digest)) throw bad('ecr.badDigest', `digest "${digest}" is not a sha256 digest`, 'expected sha256:<64 hex digits>');
    ref.digest = digest;
  }
  return ref;
}

/** Splits `name[:tag][@digest]`; the tag is the part after the last ":" that follows the last "/". */
export function splitImageName(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest ? { digest } : {}) };
  return { name: rest, ...(digest ? { digest } : {}) };
}

/** Account id of an IAM role ARN (arn:aws:iam::<account>:role/<name>). */
const MFA_SERIAL_RE = /^(arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]{1,512}|[A-Z0-9]{9,32})$/;

/** An MFA device for AssumeRole's SerialNumber: a virtual device's ARN or a hardware token's serial number. */
export function parseMfaSerial(serial: string): string {
  const v = serial.trim();
  if (!MFA_SERIAL_RE.test(v)) {
    throw bad('ecr.badMfaSerial', `"${serial}" is not an MFA device`, 'expected the device ARN, e.g. arn:aws:iam::999888777666:mfa/alice (IAM → Security credentials), or a hardware token\'s serial number');
  }
  return v;
}

/** A one-time code from the MFA device: six digits. */
export function parseMfaCode(code: string): string {
  const v = code.trim();
  if (!/^\d{6}$/.test(v)) throw bad('ecr.badMfaCode', 'the MFA code is not six digits', 'type the six-digit code your MFA device shows now');
  return v;
}

export function parseRoleArn(arn: string): { accountId: string; arn: string } {
  const m = ROLE_ARN_RE.exec(arn.trim());
  if (!m) throw bad('ecr.badRoleArn', `"${arn}" is not an IAM role ARN`, 'expected arn:aws:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::111222333444:role/EcrPush');
  return { accountId: m[1]!, arn: arn.trim() };
}

/**
 * Local mode: where an account's registry really is. The value of --registry-host / SHORELINE_ECR_REGISTRY is one
 * host[:port] for every account ("127.0.0.1:5000") or a list per account
 * ("111222333444=127.0.0.1:5001,999888777666=127.0.0.1:5002"). Without an override it is the ECR host.
 */
export function resolveRegistryHost(override: string | undefined, accountId: string, region: string): string {
  const v = override?.trim();
  if (!v) return registryHost(accountId, region);
  if (!v.includes('=')) return stripScheme(v);
  for (const part of v.split(',')) {
    const [acct, host] = part.split('=').map((x) => x.trim());
    if (acct === accountId && host) return stripScheme(host);
  }
  throw bad('ecr.noRegistryOverride', `--registry-host "${v}" names no registry for account ${accountId}`,
    `add ${accountId}=<host:port> to the list, or give one host:port for every account`);
}

function stripScheme(h: string): string {
  return h.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
