import * as vscode from 'vscode';
import { parseBootstrapServers, parseClusterEntry, secretKey, type SaslMechanism } from '../../domain/kafka/kafkaConnection';

/**
 * Add Kafka Cluster: name → bootstrap servers → authentication (none, SASL PLAIN / SCRAM with a user name, AWS MSK
 * IAM with a region and optional profile) → TLS. The entry goes to the `shoreline.kafka.clusters` setting; the
 * password goes to SecretStorage only.
 */
export async function addClusterWizard(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const cfg = vscode.workspace.getConfiguration('shoreline');
  const existing = (cfg.get<Array<{ name?: string }>>('kafka.clusters') ?? []).map((c) => c.name);
  const name = await vscode.window.showInputBox({
    title: 'Add Kafka cluster (1/4)', prompt: 'A name for the cluster', placeHolder: 'msk-dev',
    validateInput: (v) => (!/^[\w.-]{1,64}$/.test(v) || v === 'local' ? 'Use 1-64 letters, digits, ".", "_" or "-" (not "local")' : existing.includes(v) ? `"${v}" is already in shoreline.kafka.clusters` : undefined),
  });
  if (!name) return undefined;
  const bootstrap = await vscode.window.showInputBox({
    title: 'Add Kafka cluster (2/4)', prompt: 'Bootstrap servers (host:port, comma-separated)', placeHolder: 'b-1.example.kafka.us-east-1.amazonaws.com:9098',
    validateInput: (v) => { try { parseBootstrapServers(v, 'bootstrap servers'); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!bootstrap) return undefined;
  const auth = await vscode.window.showQuickPick([
    { label: 'No authentication', mechanism: undefined },
    { label: 'SASL/PLAIN', mechanism: 'plain' as SaslMechanism },
    { label: 'SASL/SCRAM-SHA-256', mechanism: 'scram-sha-256' as SaslMechanism },
    { label: 'SASL/SCRAM-SHA-512', mechanism: 'scram-sha-512' as SaslMechanism, description: 'Amazon MSK with SCRAM (port 9096)' },
    { label: 'AWS MSK IAM', mechanism: 'aws-msk-iam' as SaslMechanism, description: 'OAUTHBEARER signed with your AWS credentials (port 9098)' },
  ], { title: 'Add Kafka cluster (3/4)', placeHolder: 'Authentication' });
  if (!auth) return undefined;
  const entry: Record<string, unknown> = { name, bootstrapServers: bootstrap.trim() };
  let password: string | undefined;
  if (auth.mechanism === 'aws-msk-iam') {
    const region = await vscode.window.showInputBox({ title: 'AWS MSK IAM', prompt: 'AWS region of the cluster', placeHolder: 'us-east-1', validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : 'e.g. us-east-1') });
    if (!region) return undefined;
    const profile = await vscode.window.showInputBox({ title: 'AWS MSK IAM', prompt: 'AWS profile (empty: the default credential chain)', placeHolder: 'default' });
    if (profile === undefined) return undefined;
    entry.sasl = { mechanism: auth.mechanism, region, ...(profile ? { profile } : {}) };
  } else if (auth.mechanism) {
    const username = await vscode.window.showInputBox({ title: 'SASL', prompt: 'User name' });
    if (!username) return undefined;
    password = await vscode.window.showInputBox({ title: 'SASL', prompt: `Password for ${username} (kept in VS Code's SecretStorage, never in settings)`, password: true });
    if (password === undefined) return undefined;
    entry.sasl = { mechanism: auth.mechanism, username };
  }
  if (auth.mechanism !== 'aws-msk-iam') {
    const tls = await vscode.window.showQuickPick([{ label: 'TLS', on: true }, { label: 'Plaintext', on: false }], { title: 'Add Kafka cluster (4/4)', placeHolder: 'Encryption' });
    if (!tls) return undefined;
    if (tls.on) entry.tls = true;
  }
  parseClusterEntry(entry, existing.length); // same rules as when the setting is read
  if (password) await secrets.store(secretKey(name, 'password'), password);
  await cfg.update('kafka.clusters', [...(cfg.get<unknown[]>('kafka.clusters') ?? []), entry], vscode.ConfigurationTarget.Global);
  return name;
}
