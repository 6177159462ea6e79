import * as vscode from 'vscode';
import { ShorelineError } from '../../domain/errors';
import type { LocalImage } from '../../services/aws/ecrWorkbench';

/** Push wizard, step 1: a tagged image of the Docker engine, newest first. */
export async function pickLocalImage(images: LocalImage[], step: string): Promise<string | undefined> {
  if (images.length === 0) {
    throw new ShorelineError('ecr.noLocalImages', 'the Docker engine has no tagged images to push', 'build or tag one first, e.g. docker build -t rake-app:1.1.0 .');
  }
  const pick = await vscode.window.showQuickPick(images.map((i) => ({
    label: i.ref, description: `${i.id.replace(/^sha256:/, '').slice(0, 12)} · ${(i.sizeBytes / 1e6).toFixed(1)} MB`,
    detail: `created ${new Date(i.created * 1000).toISOString().replace('T', ' ').slice(0, 19)}`,
  })), { title: `Push image to ECR (${step})`, placeHolder: 'Local image to push', matchOnDescription: true, ignoreFocusOut: true });
  return pick?.label;
}
