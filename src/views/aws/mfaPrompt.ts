import * as vscode from 'vscode';
import { parseMfaCode } from '../../domain/ecr/ecrReference';

/**
 * Asks for the current code of an MFA device, right when AssumeRole needs it (an explicit role with an MFA device,
 * or a profile whose role_arn has mfa_serial). The code is passed to STS once and kept nowhere.
 */
export async function askMfaCode(serial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: 'Shoreline: MFA code', prompt: `Six-digit code of MFA device ${serial}`, password: true, ignoreFocusOut: true,
    validateInput: (v) => { try { parseMfaCode(v); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (code === undefined) throw new vscode.CancellationError();
  return code;
}
