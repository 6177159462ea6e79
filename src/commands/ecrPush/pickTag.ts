import * as vscode from 'vscode';
import { parseTag } from '../../domain/ecr/ecrReference';
import { defaultTag } from '../../domain/ecr/pushWizardState';

/** Push wizard, step 4: the tag in the target repository (default: the local image's tag). */
export async function pickTag(localImage: string, target: string, step: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: `Push image to ECR (${step})`, prompt: `Tag in ${target}`, value: defaultTag(localImage), ignoreFocusOut: true,
    validateInput: (v) => { try { parseTag(v.trim()); return undefined; } catch (e) { return (e as Error).message; } } });
}
