import { ShorelineError } from '../errors';
import { parseAccountId } from './ecrReference';

/** An IAM policy document as ECR stores it for a repository (SetRepositoryPolicy / GetRepositoryPolicy). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export type PrincipalValue = '*' | Record<string, string | string[]>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny' | string;
  Principal?: PrincipalValue;
  NotPrincipal?: PrincipalValue;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** The three actions a `docker pull` needs on the repository. */
export const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] as const;
/** What a `docker push` needs on top of the pull set. */
export const PUSH_ACTIONS = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'] as const;

export type PolicyTemplateId = 'pull' | 'push-pull';

export const POLICY_TEMPLATES: ReadonlyArray<{ id: PolicyTemplateId; title: string }> = [
  { id: 'pull', title: 'Let account X pull' },
  { id: 'push-pull', title: 'Let account X push and pull' },
];

export function isPolicyTemplateId(v: string): v is PolicyTemplateId {
  return POLICY_TEMPLATES.some((t) => t.id === v);
}

/**
 * A repository policy that lets other accounts pull (or push and pull). Principals are account roots, so each
 * account's own IAM policies decide which of its roles and users may use the grant; those callers also need
 * ecr:GetAuthorizationToken in their IAM policy (it has no effect here).
 */
export function policyFromTemplate(template: PolicyTemplateId, accountIds: string[]): PolicyDocument {
  if (accountIds.length === 0) {
    throw new ShorelineError('ecr.policyNoAccount', `the "${template}" policy template needs at least one account`, 'name the account(s) to grant, e.g. --principal-account 999888777666');
  }
  const roots = accountIds.map((a) => `arn:aws:iam::${parseAccountId(a, 'principal account')}:root`);
  const pull: PolicyStatement = {
    Sid: 'AllowCrossAccountPull',
    Effect: 'Allow',
    Principal: { AWS: roots.length === 1 ? roots[0]! : roots },
    Action: [...PULL_ACTIONS],
  };
  if (template === 'pull') return { Version: '2012-10-17', Statement: [pull] };
  return {
    Version: '2012-10-17',
    Statement: [{ ...pull, Sid: 'AllowCrossAccountPushPull', Action: [...PULL_ACTIONS, ...PUSH_ACTIONS] }],
  };
}

/** The statements of a document as an array. */
export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** A string or string list as a list. */
export function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** How the linter and messages name a statement: its Sid, or its position. */
export function statementLabel(s: PolicyStatement, index: number): string {
  return s.Sid ? `"${s.Sid}"` : `#${index + 1}`;
}

export type ParsedPolicy = { ok: true; doc: PolicyDocument } | { ok: false; error: string };

/** Parses policy JSON and checks its shape (Statement present; Effect, Action and Principal of each statement). */
export function parsePolicy(text: string): ParsedPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the policy is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'the policy must be a JSON object with "Version" and "Statement"' };
  const doc = raw as { Statement?: unknown };
  if (doc.Statement === undefined) return { ok: false, error: 'the policy has no "Statement"' };
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const [i, s] of list.entries()) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return { ok: false, error: `statement #${i + 1} is not an object` };
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return { ok: false, error: `statement #${i + 1} has Effect ${JSON.stringify(st.Effect)}; use "Allow" or "Deny"` };
    if (st.Action === undefined && st.NotAction === undefined) return { ok: false, error: `statement #${i + 1} has no "Action"` };
    if (st.Principal === undefined && st.NotPrincipal === undefined) return { ok: false, error: `statement #${i + 1} has no "Principal" (a repository policy must name who it applies to)` };
  }
  return { ok: true, doc: raw as PolicyDocument };
}
