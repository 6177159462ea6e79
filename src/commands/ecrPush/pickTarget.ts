import * as vscode from 'vscode';
import type { AwsSource } from '../../domain/ecr/awsSources';
import { isAccountId, parseRegion, repositoryNameProblem } from '../../domain/ecr/ecrReference';
import type { PushWizardState } from '../../domain/ecr/pushWizardState';
import { POLICY_TEMPLATES } from '../../domain/ecr/repositoryPolicy';
import type { RepositoryInfo } from '../../services/aws/ecrApi';

/** Push wizard, step 2a: where the credentials come from (a row of the AWS view). */
export async function pickSource(sources: AwsSource[], step: string): Promise<AwsSource | undefined> {
  if (sources.length === 1) return sources[0];
  return (await vscode.window.showQuickPick(sources.map((s) => ({ label: s.label, description: s.description, s })),
    { title: `Push image to ECR (${step})`, placeHolder: 'AWS profile, environment credentials or local mode', ignoreFocusOut: true }))?.s;
}

/** Step 2b: the target region (the source's regions first, any other typed in). */
export async function pickRegion(source: AwsSource, step: string): Promise<string | undefined> {
  if (source.regions.length === 1) return source.regions[0];
  if (source.regions.length > 1) {
    return (await vscode.window.showQuickPick(source.regions, { title: `Push image to ECR (${step})`, placeHolder: 'Target region', ignoreFocusOut: true }));
  }
  return vscode.window.showInputBox({ title: `Push image to ECR (${step})`, prompt: 'Target region', placeHolder: 'us-east-2', ignoreFocusOut: true,
    validateInput: (v) => { try { parseRegion(v); return undefined; } catch (e) { return (e as Error).message; } } });
}

/** Step 2c: the target account (the registry id); local mode rows already are one account. */
export async function pickAccount(source: AwsSource, step: string): Promise<string | undefined> {
  if (source.kind === 'local' && source.accountId) return source.accountId;
  return vscode.window.showInputBox({ title: `Push image to ECR (${step})`, prompt: 'Target AWS account (12 digits): whose registry receives the image', placeHolder: '111222333444',
    ignoreFocusOut: true, validateInput: (v) => (isAccountId(v.trim()) ? undefined : 'a 12-digit AWS account id') });
}

const CREATE = '$(add) Create a new repository…';

/**
 * Step 2d: an existing repository of the target account, or a new one with an optional cross-account policy
 * ("let account X pull" / "push and pull"). Returns the fields it decided.
 */
export async function pickRepository(existing: RepositoryInfo[] | undefined, accountId: string, step: string): Promise<Pick<PushWizardState, 'repository' | 'create' | 'policyTemplate' | 'principalAccounts'> | undefined> {
  const title = `Push image to ECR (${step})`;
  if (existing?.length) {
    const pick = await vscode.window.showQuickPick([...existing.map((r) => ({ label: r.name, description: r.uri })), { label: CREATE, description: '' }],
      { title, placeHolder: `Repository in account ${accountId}`, ignoreFocusOut: true });
    if (!pick) return undefined;
    if (pick.label !== CREATE) return { repository: pick.label, create: false };
  }
  const taken = new Set(existing?.map((r) => r.name) ?? []);
  const repository = await vscode.window.showInputBox({ title, prompt: `New repository in account ${accountId} (created when the push starts)`, placeHolder: 'rake-app', ignoreFocusOut: true,
    validateInput: (v) => repositoryNameProblem(v) ? `ECR repository names ${repositoryNameProblem(v)}` : taken.has(v) ? `${v} already exists` : undefined });
  if (!repository) return undefined;
  const template = await vscode.window.showQuickPick([
    { label: 'No repository policy', description: 'only this account\'s IAM policies apply', id: undefined },
    ...POLICY_TEMPLATES.map((t) => ({ label: t.title, description: t.id, id: t.id })),
  ], { title, placeHolder: 'Cross-account access to the new repository', ignoreFocusOut: true });
  if (!template) return undefined;
  if (!template.id) return { repository, create: true };
  const accounts = await vscode.window.showInputBox({ title, prompt: `Account(s) to grant "${template.label}" (comma-separated)`, placeHolder: '999888777666', ignoreFocusOut: true,
    validateInput: (v) => {
      const list = v.split(',').map((s) => s.trim()).filter(Boolean);
      if (!list.length) return 'at least one account';
      const bad = list.find((a) => !isAccountId(a));
      return bad ? `"${bad}" is not a 12-digit account id` : list.includes(accountId) ? `${accountId} is the repository's own account` : undefined;
    } });
  if (!accounts) return undefined;
  return { repository, create: true, policyTemplate: template.id, principalAccounts: accounts.split(',').map((s) => s.trim()).filter(Boolean) };
}
