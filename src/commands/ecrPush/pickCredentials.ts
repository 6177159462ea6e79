import * as vscode from 'vscode';
import type { AwsSource } from '../../domain/ecr/awsSources';
import { parseMfaSerial, parseRoleArn } from '../../domain/ecr/ecrReference';
import type { PushWizardState } from '../../domain/ecr/pushWizardState';

/**
 * Push wizard, step 3: which credentials push: the source's own (a profile, the environment, the emulator's dummy
 * keys), another profile, or a role in the target account assumed with them (optional external id and MFA device;
 * the MFA code itself is asked when the role is assumed, so it is fresh).
 */
export async function pickCredentials(source: AwsSource, profiles: string[], accountId: string, step: string): Promise<Pick<PushWizardState, 'profile' | 'roleArn' | 'externalId' | 'mfaSerial'> | undefined> {
  const title = `Push image to ECR (${step})`;
  const own = source.kind === 'profile' ? `profile ${source.profile}` : source.kind === 'environment' ? 'environment credentials' : 'the emulator (dummy keys)';
  const choice = await vscode.window.showQuickPick([
    { label: `Use ${own}`, id: 'own' },
    ...(source.kind === 'local' ? [] : profiles.filter((p) => p !== source.profile).map((p) => ({ label: `Use profile ${p}`, id: `profile:${p}` }))),
    { label: `Assume a role in account ${accountId}…`, id: 'role' },
  ], { title, placeHolder: 'Credentials for the push', ignoreFocusOut: true });
  if (!choice) return undefined;
  if (choice.id === 'own') return {};
  if (choice.id.startsWith('profile:')) return { profile: choice.id.slice('profile:'.length) };
  const roleArn = await vscode.window.showInputBox({ title, prompt: `Role to assume in account ${accountId} (with ${own})`, placeHolder: `arn:aws:iam::${accountId}:role/EcrPush`, ignoreFocusOut: true,
    validateInput: (v) => {
      try { const r = parseRoleArn(v); return r.accountId === accountId ? undefined : `the role is in account ${r.accountId}; the target is ${accountId}`; } catch (e) { return (e as Error).message; }
    } });
  if (!roleArn) return undefined;
  const externalId = await vscode.window.showInputBox({ title, prompt: 'External id the role\'s trust policy asks for (empty: none)', ignoreFocusOut: true, password: true });
  if (externalId === undefined) return undefined;
  const mfaSerial = await vscode.window.showInputBox({ title, prompt: 'MFA device the role\'s trust policy asks for (empty: none)', placeHolder: 'arn:aws:iam::<your account>:mfa/<device>', ignoreFocusOut: true,
    validateInput: (v) => { if (!v.trim()) return undefined; try { parseMfaSerial(v); return undefined; } catch (e) { return (e as Error).message; } } });
  if (mfaSerial === undefined) return undefined;
  return { roleArn: roleArn.trim(), ...(externalId.trim() ? { externalId: externalId.trim() } : {}), ...(mfaSerial.trim() ? { mfaSerial: mfaSerial.trim() } : {}) };
}
