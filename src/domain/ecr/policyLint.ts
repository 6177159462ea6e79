import { PULL_ACTIONS, asList, parsePolicy, statementLabel, statementsOf, type PolicyStatement } from './repositoryPolicy';

/** One finding of the repository policy linter. */
export interface PolicyFinding {
  severity: 'error' | 'warning' | 'info';
  code: 'invalidPolicy' | 'noEffectAction' | 'principalNotRootOrRole' | 'invalidPrincipal' | 'publicPrincipal' | 'missingPullActions' | 'broadGrant' | 'version';
  /** "AllowPull" or "#2" */
  statement?: string;
  action?: string;
  principal?: string;
  message: string;
  fix: string;
}

export interface PolicyLintOptions {
  /** The account that owns the repository: principals in it are not "cross-account". */
  ownerAccountId?: string;
}

/**
 * ECR actions that are not about one repository. In a repository policy they are accepted but never grant anything:
 * ECR evaluates them only against the caller's IAM identity policy (Resource "*") or the registry policy.
 */
const REGISTRY_LEVEL_ACTIONS = new Map<string, string>([
  ['ecr:getauthorizationtoken', 'allow "ecr:GetAuthorizationToken" on Resource "*" in the IAM policy of the role or user that logs in (in its own account)'],
  ['ecr:createrepository', 'allow "ecr:CreateRepository" in the IAM policy of whoever creates repositories'],
  ['ecr:describeregistry', 'allow it in an IAM policy'],
  ['ecr:getregistrypolicy', 'allow it in an IAM policy'],
  ['ecr:putregistrypolicy', 'allow it in an IAM policy'],
  ['ecr:deleteregistrypolicy', 'allow it in an IAM policy'],
  ['ecr:putreplicationconfiguration', 'allow it in an IAM policy; cross-account replication is granted in the destination\'s registry policy'],
  ['ecr:replicateimage', 'grant it in the destination account\'s registry policy (PutRegistryPolicy)'],
  ['ecr:createpullthroughcacherule', 'allow it in an IAM policy'],
  ['ecr:describepullthroughcacherules', 'allow it in an IAM policy'],
  ['ecr:deletepullthroughcacherule', 'allow it in an IAM policy'],
  ['ecr:getregistryscanningconfiguration', 'allow it in an IAM policy'],
  ['ecr:putregistryscanningconfiguration', 'allow it in an IAM policy'],
]);

const ROOT_RE = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const ROLE_RE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;
const USER_RE = /^arn:aws[a-z-]*:iam::(\d{12}):user\/.+$/;
const SESSION_RE = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/.+$/;
const ACCOUNT_RE = /^\d{12}$/;

/** IAM-style wildcard match of an action pattern ("ecr:Batch*", "*") against an action, case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.split('?').map(escapeRe).join('.')).join('.*') + '$', 'i');
  return re.test(action);
}
function escapeRe(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** The account a principal string belongs to (root, role, user, session ARN or bare account id). */
function principalAccount(p: string): string | undefined {
  if (ACCOUNT_RE.test(p)) return p;
  return (ROOT_RE.exec(p) ?? ROLE_RE.exec(p) ?? USER_RE.exec(p) ?? SESSION_RE.exec(p))?.[1];
}

/**
 * Checks a repository policy for mistakes that ECR accepts silently: actions that have no effect there, principals
 * that are not account roots or roles, public grants, and cross-account grants that cannot pull.
 */
export function lintRepositoryPolicy(text: string, opts: PolicyLintOptions = {}): PolicyFinding[] {
  const parsed = parsePolicy(text);
  if (!parsed.ok) return [{ severity: 'error', code: 'invalidPolicy', message: parsed.error, fix: 'fix the JSON; ECR rejects the policy as it is' }];
  const findings: PolicyFinding[] = [];
  const doc = parsed.doc;
  if (doc.Version !== '2012-10-17') {
    findings.push({ severity: 'warning', code: 'version', message: `the policy's Version is ${JSON.stringify(doc.Version ?? null)}`,
      fix: 'set "Version": "2012-10-17" (older or missing versions disable policy variables)' });
  }
  // actions each foreign account is allowed, across all Allow statements, for the pull-set check
  const granted = new Map<string, { actions: string[]; statements: string[] }>();
  statementsOf(doc).forEach((s, i) => {
    const label = statementLabel(s, i);
    const actions = asList(s.Action);
    for (const a of actions) {
      const lower = a.toLowerCase();
      const iamFix = REGISTRY_LEVEL_ACTIONS.get(lower);
      if (iamFix) {
        findings.push({ severity: 'warning', code: 'noEffectAction', statement: label, action: a,
          message: `statement ${label}: ${a} has no effect in a repository policy; ECR checks it only in the caller's IAM identity policy`,
          fix: `remove ${a} from statement ${label} and ${iamFix}` });
      } else if (!lower.startsWith('ecr:') && lower !== '*') {
        findings.push({ severity: 'warning', code: 'noEffectAction', statement: label, action: a,
          message: `statement ${label}: ${a} is not an ECR action and has no effect in a repository policy`,
          fix: `remove ${a} from statement ${label}; grant it in the policy of the resource it belongs to` });
      }
    }
    if (s.Effect !== 'Allow') return;
    for (const p of principalsOf(s)) findings.push(...lintPrincipal(p, s, label));
    for (const p of principalsOf(s)) {
      if (p.type !== 'AWS') continue;
      const acct = p.value === '*' ? '*' : principalAccount(p.value);
      if (!acct || acct === opts.ownerAccountId) continue;
      const g = granted.get(acct) ?? { actions: [], statements: [] };
      g.actions.push(...actions);
      g.statements.push(label);
      granted.set(acct, g);
      if (actions.some((a) => a === '*' || a.toLowerCase() === 'ecr:*')) {
        findings.push({ severity: 'warning', code: 'broadGrant', statement: label, principal: p.value,
          message: `statement ${label} gives ${p.value} every ECR action on the repository, including push, delete and policy changes`,
          fix: `list only the actions ${p.value} needs (pull: ${PULL_ACTIONS.join(', ')})` });
      }
    }
  });
  for (const [acct, g] of granted) {
    const has = (need: string) => g.actions.some((a) => actionMatches(a, need));
    const present = PULL_ACTIONS.filter(has);
    const missing = PULL_ACTIONS.filter((a) => !has(a));
    // a grant with none of the pull actions is not meant for pulling (e.g. only DescribeImages)
    if (present.length === 0 || missing.length === 0) continue;
    const who = acct === '*' ? 'everyone ("*")' : `account ${acct}`;
    findings.push({ severity: 'warning', code: 'missingPullActions', statement: g.statements.join(', '),
      message: `${who} gets ${present.join(', ')} but not ${missing.join(', ')} (statement ${g.statements.join(', ')}): docker pull from that account fails`,
      fix: `add ${missing.join(', ')} to statement ${g.statements[0]} (the pull set is ${PULL_ACTIONS.join(', ')})` });
  }
  return findings;
}

interface Principal { type: string; value: string }

function principalsOf(s: PolicyStatement): Principal[] {
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return [{ type: 'AWS', value: '*' }];
  return Object.entries(p).flatMap(([type, v]) => asList(v).map((value) => ({ type, value })));
}

function lintPrincipal(p: Principal, s: PolicyStatement, label: string): PolicyFinding[] {
  const base = { statement: label, principal: p.value };
  if (p.type === 'Service') {
    return [{ ...base, severity: 'info', code: 'principalNotRootOrRole',
      message: `statement ${label}: service principal ${p.value} can use this repository from any account that runs it`,
      fix: `keep it only if that service (e.g. CodeBuild or Lambda) reads images here; add a Condition on aws:SourceAccount to limit it to your accounts` }];
  }
  if (p.type !== 'AWS') {
    return [{ ...base, severity: 'warning', code: 'principalNotRootOrRole', message: `statement ${label}: principal type ${p.type} (${p.value}) is not an AWS account or role`,
      fix: 'use "AWS": "arn:aws:iam::<account>:root" or a role ARN' }];
  }
  if (p.value === '*') {
    return s.Condition ? [] : [{ ...base, severity: 'warning', code: 'publicPrincipal',
      message: `statement ${label}: Principal "*" without a Condition lets every AWS account use this repository`,
      fix: 'name the accounts (arn:aws:iam::<account>:root) or add a Condition such as aws:PrincipalOrgID' }];
  }
  if (ROOT_RE.test(p.value) || ROLE_RE.test(p.value) || ACCOUNT_RE.test(p.value)) return [];
  const acct = principalAccount(p.value);
  if (USER_RE.test(p.value)) {
    return [{ ...base, severity: 'warning', code: 'principalNotRootOrRole',
      message: `statement ${label}: ${p.value} is an IAM user, not an account root or role`,
      fix: `grant arn:aws:iam::${acct}:root (that account's IAM policies then decide who may use it) or a role that users assume; a deleted and re-created user no longer matches` }];
  }
  if (SESSION_RE.test(p.value)) {
    return [{ ...base, severity: 'warning', code: 'principalNotRootOrRole',
      message: `statement ${label}: ${p.value} is one assumed-role session, not the role`,
      fix: `use the role ARN arn:aws:iam::${acct}:role/<role name> instead` }];
  }
  return [{ ...base, severity: 'error', code: 'invalidPrincipal',
    message: `statement ${label}: principal ${JSON.stringify(p.value)} is not an account id, account root or IAM ARN`,
    fix: 'ECR rejects the policy ("Invalid repository policy provided"): use arn:aws:iam::<account>:root or arn:aws:iam::<account>:role/<name>' }];
}
