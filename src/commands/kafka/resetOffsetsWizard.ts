import * as vscode from 'vscode';
import { parseTimestamp, type ResetStrategy } from '../../domain/kafka/offsetReset';

/** Reset strategy: earliest / latest / a time / an offset. */
export async function pickResetStrategy(group: string, topic: string): Promise<ResetStrategy | undefined> {
  const pick = await vscode.window.showQuickPick([
    { label: 'Earliest', description: 'read everything still kept again', strategy: 'earliest' as const },
    { label: 'Latest', description: 'skip everything not yet read', strategy: 'latest' as const },
    { label: 'A point in time…', description: 'the first message at or after a time', strategy: 'timestamp' as const },
    { label: 'An offset…', description: 'the same offset on every partition (clamped to each partition\'s range)', strategy: 'offset' as const },
  ], { title: `Reset ${group} on ${topic}`, placeHolder: 'Move the committed offsets to…' });
  if (!pick) return undefined;
  if (pick.strategy === 'earliest' || pick.strategy === 'latest') return { kind: pick.strategy };
  if (pick.strategy === 'timestamp') {
    const v = await vscode.window.showInputBox({ prompt: 'Time (ISO 8601 or epoch milliseconds)', value: new Date(Date.now() - 3_600_000).toISOString(), validateInput: (s) => (parseTimestamp(s) === undefined ? 'e.g. 2024-06-01T12:00:00Z or 1717243200000' : undefined) });
    return v === undefined ? undefined : { kind: 'timestamp', timestamp: parseTimestamp(v)! };
  }
  const v = await vscode.window.showInputBox({ prompt: 'Offset', validateInput: (s) => (/^\d+$/.test(s.trim()) ? undefined : 'Enter a whole number') });
  return v === undefined ? undefined : { kind: 'offset', offset: Number(v) };
}
