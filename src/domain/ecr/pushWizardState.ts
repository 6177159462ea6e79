import { errorMessage } from '../errors';
import { isAccountId, parseAccountId, parseMfaSerial, parseRegion, parseRepositoryName, parseRoleArn, parseTag, splitImageName } from './ecrReference';
import { isPolicyTemplateId, type PolicyTemplateId } from './repositoryPolicy';

/**
 * What the push wizard collects, step by step (every field optional until its step ran). The same shape is the
 * explicit argument of the shoreline.aws.pushImage command, so tests and links can push without prompts.
 */
export interface PushWizardState {
  localImage?: string;
  /** id of the AWS view's source row: profile:<name>, environment, local:<account> */
  sourceId?: string;
  accountId?: string;
  region?: string;
  repository?: string;
  /** create the repository when it does not exist */
  create?: boolean;
  /** with create: a cross-account policy from a template */
  policyTemplate?: PolicyTemplateId;
  principalAccounts?: string[];
  /** a profile of the shared files; empty: the source's own credentials */
  profile?: string;
  roleArn?: string;
  externalId?: string;
  /** MFA device the role's trust policy asks for (the code is asked when the role is assumed) */
  mfaSerial?: string;
  tag?: string;
}

/** A state every step has filled in and every rule accepts. */
export interface ValidPushState extends Required<Pick<PushWizardState, 'localImage' | 'accountId' | 'region' | 'repository' | 'tag'>> {
  sourceId?: string;
  create: boolean;
  policyTemplate?: PolicyTemplateId;
  principalAccounts: string[];
  profile?: string;
  roleArn?: string;
  externalId?: string;
  mfaSerial?: string;
}

export type PushStateCheck = { ok: true; value: ValidPushState } | { ok: false; problems: string[] };

function attempt<T>(problems: string[], fn: () => T): T | undefined {
  try { return fn(); } catch (e) { problems.push(errorMessage(e)); return undefined; }
}

/** The tag a push uses by default: the local image's own tag, else "latest". */
export function defaultTag(localImage: string): string {
  const t = splitImageName(localImage.trim()).tag;
  return t && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(t) ? t : 'latest';
}

/**
 * Checks a wizard state (or explicit command arguments) as a whole: each value by ECR's rules, plus the rules between
 * steps (a role must be in the target account, an external id needs a role, a policy template needs create and at
 * least one other account). Lists every problem, not just the first.
 */
export function checkPushState(s: PushWizardState): PushStateCheck {
  const problems: string[] = [];
  const localImage = s.localImage?.trim();
  if (!localImage) problems.push('no local image chosen');
  const accountId = s.accountId === undefined ? (problems.push('no target account'), undefined) : attempt(problems, () => parseAccountId(s.accountId!, 'target account'));
  const region = s.region === undefined ? (problems.push('no target region'), undefined) : attempt(problems, () => parseRegion(s.region!));
  const repository = s.repository === undefined ? (problems.push('no repository'), undefined) : attempt(problems, () => parseRepositoryName(s.repository!));
  const tag = attempt(problems, () => parseTag(s.tag?.trim() || defaultTag(localImage ?? '')));
  const roleArn = s.roleArn?.trim() || undefined;
  if (roleArn) {
    const role = attempt(problems, () => parseRoleArn(roleArn));
    if (role && accountId && role.accountId !== accountId) {
      problems.push(`role ${roleArn} is in account ${role.accountId}, but the target account is ${accountId}: assume a role in the target account`);
    }
  }
  const externalId = s.externalId?.trim() || undefined;
  if (externalId && !roleArn) problems.push('an external id is only used with a role ARN');
  const mfaSerial = s.mfaSerial?.trim() ? attempt(problems, () => parseMfaSerial(s.mfaSerial!)) : undefined;
  if (mfaSerial && !roleArn) problems.push('an MFA device is only used with a role ARN');
  const principalAccounts = (s.principalAccounts ?? []).map((a) => a.trim()).filter(Boolean);
  if (s.policyTemplate !== undefined) {
    if (!isPolicyTemplateId(s.policyTemplate)) problems.push(`"${String(s.policyTemplate)}" is not a policy template (pull, push-pull)`);
    if (!s.create) problems.push('a policy template is only applied to a repository the push creates');
    if (principalAccounts.length === 0) problems.push('the policy template needs at least one account to grant');
    for (const a of principalAccounts) {
      if (!isAccountId(a)) problems.push(`principal account "${a}" is not a 12-digit AWS account id`);
      else if (a === accountId) problems.push(`principal account ${a} is the target account itself; a repository policy is for other accounts`);
    }
  }
  if (problems.length || !localImage || !accountId || !region || !repository || !tag) return { ok: false, problems };
  return {
    ok: true,
    value: {
      localImage, accountId, region, repository, tag, create: !!s.create, principalAccounts,
      ...(s.sourceId ? { sourceId: s.sourceId } : {}),
      ...(s.policyTemplate ? { policyTemplate: s.policyTemplate } : {}),
      ...(s.profile?.trim() ? { profile: s.profile.trim() } : {}),
      ...(roleArn ? { roleArn } : {}), ...(externalId ? { externalId } : {}), ...(mfaSerial ? { mfaSerial } : {}),
    },
  };
}
