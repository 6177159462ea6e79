/**
 * `shoreline ecr repos | images | push | policy get|set|lint`: Amazon ECR across accounts, and the same flow in local
 * mode against the AWS emulator (ECR API) and a local registry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { ShorelineError } from '../domain/errors';
import { parseAccountId, parseMfaCode, parseMfaSerial, parseRegion, parseRepositoryName, parseRoleArn, parseTag } from '../domain/ecr/ecrReference';
import { lintRepositoryPolicy, type PolicyFinding } from '../domain/ecr/policyLint';
import { POLICY_TEMPLATES, isPolicyTemplateId, policyFromTemplate } from '../domain/ecr/repositoryPolicy';
import type { EcrApi } from '../services/aws/ecrApi';
import type { AwsAccess } from '../services/aws/ecrSession';
import { checkFlags } from './args';
import type { CliContext } from './cliContext';

export const ECR_USAGE = `  shoreline ecr repos [--account A] [--json]          repositories of an account's registry (URI, created, tag mutability)
  shoreline ecr images <repository> [--account A] [--json]   tags, digests, sizes and push dates
  shoreline ecr push <local-image> --repository N --account A --region R [--tag T] [--create [--policy-file F]]
                    [--keep-on-failure] [--role-arn ARN [--external-id X]] [--json]   push through the Docker engine
                                                      with a token for account A; JSON: imageUri, digest, pushed and
                                                      skipped layers; a failed --create push deletes the repository
                                                      again unless --keep-on-failure
  shoreline ecr policy get <repository> [--json]      the repository policy, linted
  shoreline ecr policy set <repository> (--file F | --template pull|push-pull --principal-account A[,B]) [--force]
  shoreline ecr policy lint (<repository> | --file F) [--owner-account A] [--json]   exit 1 on warnings or errors`;

export const ECR_USAGE_NOTE = `ECR commands take --profile P --region R (or AWS_PROFILE, AWS_REGION and the SDK's default credential chain),
--role-arn / --external-id to assume a role in the target account (--mfa-serial ARN --mfa-code N when its trust policy
asks for MFA; --mfa-code alone answers a profile's mfa_serial); local mode: --endpoint-url URL
(SHORELINE_ECR_ENDPOINT, the emulator's ECR API) and --registry-host H:P or A=H:P,B=H:P (SHORELINE_ECR_REGISTRY);
--caller-account C calls as emulated account C (default: --account), e.g. a customer with --role-arn into the vendor.`;

export type EcrCliContext = CliContext;

const ACCESS_FLAGS = ['profile', 'region', 'account', 'role-arn', 'external-id', 'mfa-serial', 'mfa-code', 'endpoint-url', 'registry-host', 'caller-account'];

function str(c: Pick<EcrCliContext, 'args'>, flag: string): string | undefined {
  const v = c.args.flags[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw new ShorelineError('cli.missingValue', `--${flag} needs a value`, `e.g. --${flag} VALUE`);
  return v.trim();
}

/** Who and where, from flags and environment; --account is the target registry id. */
export function accessOf(c: Pick<EcrCliContext, 'args' | 'env'>): { access: AwsAccess; accountId?: string; registryHost?: string } {
  const region = str(c, 'region') ?? c.env.AWS_REGION ?? c.env.AWS_DEFAULT_REGION;
  const accountFlag = str(c, 'account');
  const accountId = accountFlag ? parseAccountId(accountFlag, '--account') : undefined;
  const roleArn = str(c, 'role-arn');
  if (roleArn) {
    const role = parseRoleArn(roleArn);
    if (accountId && role.accountId !== accountId) {
      throw new ShorelineError('ecr.roleAccountMismatch', `--role-arn ${roleArn} is a role in account ${role.accountId}, but --account is ${accountId}`,
        `assume a role in the target account (arn:aws:iam::${accountId}:role/<name>), or fix --account`);
    }
  }
  const externalId = str(c, 'external-id');
  if (externalId && !roleArn) throw new ShorelineError('cli.badValue', '--external-id is only used with --role-arn', 'add --role-arn ARN, or drop --external-id');
  const mfaSerialFlag = str(c, 'mfa-serial');
  const mfaCodeFlag = str(c, 'mfa-code');
  if (mfaSerialFlag && !roleArn) throw new ShorelineError('cli.badValue', '--mfa-serial is only used with --role-arn', 'add --role-arn ARN (the role whose trust policy asks for MFA), or drop --mfa-serial');
  const mfaSerial = mfaSerialFlag ? parseMfaSerial(mfaSerialFlag) : undefined;
  if (mfaSerial && !mfaCodeFlag) throw new ShorelineError('ecr.mfaCodeMissing', `--mfa-serial ${mfaSerial} needs the device's current code`, 'add --mfa-code 123456 (six digits from the device)');
  const mfaCode = mfaCodeFlag ? parseMfaCode(mfaCodeFlag) : undefined;
  const endpointUrl = str(c, 'endpoint-url') ?? (c.env.SHORELINE_ECR_ENDPOINT?.trim() || undefined);
  if (endpointUrl && !/^https?:\/\/[^/\s]+/.test(endpointUrl)) {
    throw new ShorelineError('cli.badValue', `--endpoint-url "${endpointUrl}" is not an http(s) URL`, 'e.g. --endpoint-url http://127.0.0.1:4566');
  }
  // in local mode only an explicit --profile is used: AWS_PROFILE's real credentials never go to the emulator
  const profile = str(c, 'profile') ?? (endpointUrl ? undefined : c.env.AWS_PROFILE?.trim() || undefined);
  const callerFlag = str(c, 'caller-account');
  const callerAccountId = callerFlag ? parseAccountId(callerFlag, '--caller-account') : undefined;
  if (callerAccountId && !endpointUrl) {
    throw new ShorelineError('cli.badValue', `--caller-account ${callerAccountId} is for local mode only (the emulated account whose credentials call)`,
      'on AWS the credentials decide the account: drop --caller-account and pick them with --profile (or --endpoint-url for local mode)');
  }
  if (callerAccountId && accountId && callerAccountId !== accountId && !roleArn) {
    // the emulator ignores registryId: without a role the call would silently read the caller's own registry
    throw new ShorelineError('ecr.crossAccountNeedsRole', `account ${callerAccountId} cannot read account ${accountId}'s registry in local mode without a role: the AWS emulator ignores registryId`,
      `assume a role in the target account with --role-arn arn:aws:iam::${accountId}:role/<name> (the role a cross-account reader is granted)`);
  }
  const localAccountId = callerAccountId ?? accountId;
  const access: AwsAccess = {
    ...(profile ? { profile } : {}),
    ...(region ? { region: parseRegion(region) } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...(externalId ? { externalId } : {}),
    ...(mfaSerial ? { mfaSerial } : {}),
    // also answers a profile's own mfa_serial (role_arn profiles in ~/.aws/config)
    ...(mfaCode ? { mfaCodeProvider: () => Promise.resolve(mfaCode) } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(endpointUrl && localAccountId ? { localAccountId } : {}),
  };
  const registryHost = str(c, 'registry-host') ?? (c.env.SHORELINE_ECR_REGISTRY?.trim() || undefined);
  return { access, ...(accountId ? { accountId } : {}), ...(registryHost ? { registryHost } : {}) };
}

async function withApi<T>(access: AwsAccess, fn: (api: EcrApi) => Promise<T>): Promise<T> {
  // the SDK's notice about its own future Node requirement is not actionable for a CLI user (engines: node >= 20.19)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { openSession } = await import('../services/aws/ecrSession');
  const { createEcrApi } = await import('../services/aws/ecrApi');
  const api = await createEcrApi(await openSession(access));
  try { return await fn(api); } finally { api.close(); }
}

function positional(c: EcrCliContext, index: number, what: string, example: string): string {
  const v = c.args.command[index];
  if (!v) throw new ShorelineError('cli.missingArgument', `shoreline ${c.args.command.slice(0, index).join(' ')} needs ${what}`, `e.g. ${example}`);
  return v;
}

function findingsText(findings: PolicyFinding[]): string {
  if (findings.length === 0) return 'policy lint: no findings';
  return findings.map((f) => `${f.severity}: ${f.message}\n  fix: ${f.fix}`).join('\n');
}

function lintExit(findings: PolicyFinding[]): number {
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/** Runs `shoreline ecr …`; returns the exit code. */
export async function runEcr(c: EcrCliContext): Promise<number> {
  const sub = c.args.command[1];
  switch (sub) {
    case 'repos': {
      checkFlags('ecr repos', c.args.flags, ACCESS_FLAGS);
      const { access, accountId } = accessOf(c);
      const repos = await withApi(access, (api) => api.listRepositories(accountId));
      if (c.json) { c.out(JSON.stringify({ repositories: repos }, null, 2)); return 0; }
      if (repos.length === 0) { c.out(`no repositories${accountId ? ` in account ${accountId}` : ''}${access.region ? ` (${access.region})` : ''}`); return 0; }
      const w = Math.max(4, ...repos.map((r) => r.name.length));
      c.out([`${'NAME'.padEnd(w)}  URI`, ...repos.map((r) => `${r.name.padEnd(w)}  ${r.uri}`)].join('\n'));
      return 0;
    }
    case 'images': {
      checkFlags('ecr images', c.args.flags, ACCESS_FLAGS);
      const repository = parseRepositoryName(positional(c, 2, 'a repository name', 'shoreline ecr images rake-app --region us-east-2'));
      const { access, accountId } = accessOf(c);
      const images = await withApi(access, (api) => api.listImages(repository, accountId));
      if (c.json) { c.out(JSON.stringify({ repository, images }, null, 2)); return 0; }
      c.out(images.length === 0 ? `no images in ${repository}` : images.map((i) => `${(i.tags.join(',') || '<untagged>').padEnd(20)}  ${i.digest}  ${i.sizeBytes !== undefined ? `${(i.sizeBytes / 1e6).toFixed(1)} MB` : '-'}  ${i.pushedAt ?? ''}`).join('\n'));
      return 0;
    }
    case 'push': return runPush(c);
    case 'policy': return runPolicy(c);
    default:
      throw new ShorelineError('cli.unknownCommand', sub ? `unknown ecr command "${sub}"` : 'shoreline ecr needs a command', 'use ecr repos, ecr images, ecr push or ecr policy get|set|lint (shoreline help)');
  }
}

async function runPush(c: EcrCliContext): Promise<number> {
  checkFlags('ecr push', c.args.flags, [...ACCESS_FLAGS, 'repository', 'tag', 'create', 'keep-on-failure', 'policy-file']);
  const localImage = positional(c, 2, 'a local image', 'shoreline ecr push rake-app:1.1.0 --repository rake-app --account 111222333444 --region us-east-2');
  const repoFlag = str(c, 'repository');
  if (!repoFlag) throw new ShorelineError('cli.missingValue', 'shoreline ecr push needs --repository', 'e.g. --repository rake-app');
  const repository = parseRepositoryName(repoFlag);
  const { access, accountId, registryHost } = accessOf(c);
  if (!accountId) throw new ShorelineError('cli.missingValue', 'shoreline ecr push needs --account (the target registry id)', 'e.g. --account 111222333444');
  if (!access.region) throw new ShorelineError('cli.missingValue', 'shoreline ecr push needs --region (the target registry region)', 'e.g. --region us-east-2');
  const tagFlag = str(c, 'tag');
  const tag = tagFlag ? parseTag(tagFlag) : undefined;
  const policyForCreated = pushPolicy(c, repository, accountId);
  const cfg = c.config();
  const { DockerEngine } = await import('../services/docker/dockerEngine');
  const { hostEndpointFacts } = await import('../services/docker/engineEndpointFacts');
  const { pushToEcr } = await import('../services/aws/ecrPushFlow');
  const engine = new DockerEngine(resolveEngineEndpoint(hostEndpointFacts(cfg.dockerHost, c.env)));
  // the local image is checked before credentials are resolved: a typo costs no AWS call
  const { imageNotFound } = await import('../domain/ecr/ecrErrors');
  if (!(await engine.imagePresent(localImage))) throw imageNotFound(localImage);
  const report = await withApi(access, (api) => pushToEcr(engine, api, {
    localImage, repository, accountId, region: access.region!, ...(tag ? { tag } : {}),
    create: c.args.flags.create === true, keepCreatedOnFailure: c.args.flags['keep-on-failure'] === true,
    ...(registryHost ? { registryHostOverride: registryHost } : {}), ...(policyForCreated ? { policyForCreated } : {}),
    onProgress: (l) => c.info(l),
  }));
  if (c.json) { c.out(JSON.stringify(report, null, 2)); return 0; }
  c.out([
    `pushed ${report.imageUri}`,
    ...(report.pushedRef.startsWith(report.imageUri.split('/')[0]!) ? [] : [`  (local mode: ${report.pushedRef})`]),
    `  digest ${report.digest}`,
    `  layers: ${report.pushed.length} pushed, ${report.skipped.length} already present${report.mounted.length ? `, ${report.mounted.length} mounted` : ''}; ${(report.durationMs / 1000).toFixed(1)} s`,
  ].join('\n'));
  return 0;
}

/** --policy-file of `ecr push --create`: read and linted before anything is created; errors refuse the push. */
function pushPolicy(c: EcrCliContext, repository: string, accountId: string): string | undefined {
  const f = c.args.flags['policy-file'];
  if (f === undefined) return undefined;
  if (typeof f !== 'string' || !f.trim()) throw new ShorelineError('cli.missingValue', '--policy-file needs a value', 'e.g. --policy-file policy.json');
  if (c.args.flags.create !== true) {
    throw new ShorelineError('cli.badValue', `--policy-file ${f} is only used with --create (the policy of the repository the push creates)`,
      `add --create, or set the policy of an existing repository with shoreline ecr policy set ${repository} --file ${f}`);
  }
  const text = readPolicyFile(c, f);
  const errors = lintRepositoryPolicy(text, { ownerAccountId: accountId }).filter((x) => x.severity === 'error');
  if (errors.length > 0) {
    throw new ShorelineError('ecr.policyInvalid', `--policy-file ${f} has ${errors.length} error(s): ${errors[0]!.message}`, `${errors[0]!.fix}; nothing was created`);
  }
  return text;
}

function readPolicyFile(c: EcrCliContext, f: string): string {
  const file = path.resolve(c.cwd, f);
  try { return fs.readFileSync(file, 'utf8'); } catch (e) {
    throw new ShorelineError('cli.fileNotFound', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, 'check the path');
  }
}

async function runPolicy(c: EcrCliContext): Promise<number> {
  const verb = c.args.command[2];
  if (verb === 'lint' && typeof c.args.flags.file === 'string') {
    checkFlags('ecr policy lint', c.args.flags, ['file', 'owner-account']);
    const file = path.resolve(c.cwd, c.args.flags.file);
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
      throw new ShorelineError('cli.fileNotFound', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, 'check the path');
    }
    const owner = str(c, 'owner-account');
    const findings = lintRepositoryPolicy(text, owner ? { ownerAccountId: parseAccountId(owner, '--owner-account') } : {});
    c.out(c.json ? JSON.stringify({ file, findings }, null, 2) : findingsText(findings));
    return lintExit(findings);
  }
  if (verb !== 'get' && verb !== 'set' && verb !== 'lint') {
    throw new ShorelineError('cli.unknownCommand', `unknown ecr policy command "${verb ?? ''}"`, 'use ecr policy get|set|lint <repository>');
  }
  const repository = parseRepositoryName(positional(c, 3, 'a repository name', `shoreline ecr policy ${verb} rake-app --region us-east-2`));
  if (verb === 'set') return policySet(c, repository);
  checkFlags(`ecr policy ${verb}`, c.args.flags, [...ACCESS_FLAGS, 'owner-account']);
  const { access, accountId } = accessOf(c);
  const text = await withApi(access, (api) => api.getPolicy(repository, accountId));
  if (text === undefined) {
    if (c.json) c.out(JSON.stringify({ repository, policy: null, findings: [] }, null, 2));
    else c.out(`repository ${repository} has no repository policy (only IAM policies of its own account apply)`);
    return 0;
  }
  const owner = str(c, 'owner-account') ?? accountId;
  const findings = lintRepositoryPolicy(text, owner ? { ownerAccountId: owner } : {});
  if (c.json) c.out(JSON.stringify({ repository, policy: JSON.parse(text) as unknown, findings }, null, 2));
  else c.out(verb === 'get' ? `${JSON.stringify(JSON.parse(text), null, 2)}\n\n${findingsText(findings)}` : findingsText(findings));
  return verb === 'lint' ? lintExit(findings) : 0;
}

async function policySet(c: EcrCliContext, repository: string): Promise<number> {
  checkFlags('ecr policy set', c.args.flags, [...ACCESS_FLAGS, 'file', 'template', 'principal-account', 'force']);
  let text: string;
  const template = str(c, 'template');
  if (template) {
    if (!isPolicyTemplateId(template)) {
      throw new ShorelineError('cli.badValue', `--template "${template}" is not a policy template`, `use one of ${POLICY_TEMPLATES.map((t) => `${t.id} (${t.title})`).join(', ')}`);
    }
    const accounts = (str(c, 'principal-account') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    text = JSON.stringify(policyFromTemplate(template, accounts), null, 2);
  } else if (typeof c.args.flags.file === 'string') {
    const file = path.resolve(c.cwd, c.args.flags.file);
    try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
      throw new ShorelineError('cli.fileNotFound', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, 'check the path');
    }
  } else {
    throw new ShorelineError('cli.missingValue', 'shoreline ecr policy set needs --file F or --template pull|push-pull --principal-account A', 'e.g. --template pull --principal-account 999888777666');
  }
  const { access, accountId } = accessOf(c);
  const findings = lintRepositoryPolicy(text, accountId ? { ownerAccountId: accountId } : {});
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 && c.args.flags.force !== true) {
    throw new ShorelineError('ecr.policyInvalid', `the policy for ${repository} has ${errors.length} error(s): ${errors[0]!.message}`, `${errors[0]!.fix} (or --force to send it anyway)`,
      findingsText(findings));
  }
  await withApi(access, (api) => api.setPolicy(repository, text, accountId));
  if (c.json) c.out(JSON.stringify({ repository, policy: JSON.parse(text) as unknown, findings }, null, 2));
  else c.out(`set the repository policy of ${repository}\n${findingsText(findings)}`);
  return 0;
}
