import * as vscode from 'vscode';
import { checkCreateTopic, checkPartitions, checkReplicationFactor, type CreateTopicRequest } from '../../domain/kafka/createTopic';
import { checkTopicConfigs, parseConfigPairs } from '../../domain/kafka/topicConfigCatalog';
import { checkTopicName } from '../../domain/kafka/topicName';

/**
 * Create Topic: name → partitions → replication factor → configs, each validated as you type against the cluster
 * (existing names, broker count). Returns undefined when the user backs out.
 */
export async function createTopicWizard(opts: { clusterName: string; brokers: number; existing: string[] }): Promise<CreateTopicRequest | undefined> {
  const title = `Create topic on ${opts.clusterName}`;
  const name = await vscode.window.showInputBox({
    title: `${title} (1/4)`, prompt: 'Topic name', placeHolder: 'orders.order.fulfill',
    validateInput: (v) => checkTopicName(v).error ?? (opts.existing.includes(v) ? `Topic "${v}" already exists` : undefined),
  });
  if (name === undefined) return undefined;
  const warnings = checkTopicName(name).warnings;
  const partitions = await askNumber(`${title} (2/4)`, 'Partitions', '3', (n) => checkPartitions(n)[0]);
  if (partitions === undefined) return undefined;
  const replicationFactor = await askNumber(`${title} (3/4)`, `Replication factor (this cluster has ${opts.brokers} broker${opts.brokers === 1 ? '' : 's'})`,
    String(Math.min(3, opts.brokers)), (n) => checkReplicationFactor(n, opts.brokers)[0]);
  if (replicationFactor === undefined) return undefined;
  const configText = await vscode.window.showInputBox({
    title: `${title} (4/4)`, prompt: 'Topic configs as key=value, comma-separated (empty for the defaults)', placeHolder: 'retention.ms=86400000, cleanup.policy=delete',
    validateInput: (v) => {
      try { return checkTopicConfigs(parseConfigPairs(splitPairs(v)), replicationFactor)[0]?.message; } catch (e) { return (e as Error).message; }
    },
  });
  if (configText === undefined) return undefined;
  const req = { name, partitions, replicationFactor, configs: parseConfigPairs(splitPairs(configText)) };
  const check = checkCreateTopic(req, opts.brokers, opts.existing);
  if (warnings.length || check.warnings.length) {
    const go = await vscode.window.showWarningMessage([...new Set([...warnings, ...check.warnings])].join('\n'), { modal: true }, 'Create Anyway');
    if (go !== 'Create Anyway') return undefined;
  }
  return req;
}

function splitPairs(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

async function askNumber(title: string, prompt: string, value: string, check: (n: number) => string | undefined): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({ title, prompt, value, validateInput: (s) => (/^\d+$/.test(s.trim()) ? check(Number(s)) : 'Enter a whole number') });
  return v === undefined ? undefined : Number(v);
}
