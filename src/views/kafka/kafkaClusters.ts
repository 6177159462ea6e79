import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { errorMessage } from '../../domain/errors';
import { parseSchemaRegistryUrl } from '../../domain/kafka/avroRegistryUrl';
import { localCluster, parseClusterEntry, secretKey, type ClusterConnection, type ClusterSecrets } from '../../domain/kafka/kafkaConnection';
import { WarnOnce } from '../../domain/warnOnce';
import type { KafkaApi } from '../../services/kafka/kafkaApi';

/** A cluster the Kafka view shows, or a settings entry that could not be read (with the reason). */
export type ClusterRef = ClusterConnection | { id: string; name: string; invalid: string };

export const isValidCluster = (c: ClusterRef): c is ClusterConnection => !('invalid' in c);

/**
 * The Kafka clusters of the view: the stack's own Kafka (always), plus the `shoreline.kafka.clusters` entries.
 * Clients are created on first use (loading dist/engine.js) and dropped when settings change; passwords and key
 * passphrases come from SecretStorage only.
 */
export class KafkaClusters implements vscode.Disposable {
  private readonly clients = new Map<string, KafkaApi>();
  private readonly disposables: vscode.Disposable[] = [];
  /** list() runs on every tree refresh: an invalid registry URL is logged once per distinct value, not each time. */
  private readonly registryUrlWarning = new WarnOnce();

  constructor(private readonly ctx: ShorelineContext) {
    this.disposables.push(ctx.onDidChangeStack(() => this.reset()));
  }

  list(): ClusterRef[] {
    const out: ClusterRef[] = [];
    try {
      const local = localCluster(this.ctx.stackHostAddress(), this.ctx.config().ports.kafka);
      const value = vscode.workspace.getConfiguration('shoreline').get<unknown>('kafka.schemaRegistryUrl');
      try {
        const sr = parseSchemaRegistryUrl(value, 'shoreline.kafka.schemaRegistryUrl');
        if (sr) local.schemaRegistryUrl = sr;
        this.registryUrlWarning.clear();
      } catch (e) {
        if (this.registryUrlWarning.shouldWarn(value)) this.ctx.log.warn(`Kafka view: Avro is not decoded on the stack's Kafka: ${errorMessage(e)}`);
      }
      out.push(local);
    } catch { /* invalid settings: the Stack view reports them */ }
    const raw = vscode.workspace.getConfiguration('shoreline').get<unknown[]>('kafka.clusters') ?? [];
    raw.forEach((entry, i) => {
      try {
        out.push(parseClusterEntry(entry, i));
      } catch (e) {
        const name = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : `entry ${i + 1}`;
        out.push({ id: `invalid:${i}`, name, invalid: errorMessage(e) });
      }
    });
    return out;
  }

  find(id: string | undefined): ClusterConnection {
    const c = this.list().find((x) => x.id === (id ?? 'local'));
    if (!c || !isValidCluster(c)) throw new Error(c && 'invalid' in c ? c.invalid : `No Kafka cluster "${id}" in shoreline.kafka.clusters`);
    return c;
  }

  async secrets(c: ClusterConnection): Promise<ClusterSecrets> {
    if (c.local) return {};
    const s = this.ctx.extension.secrets;
    return { password: await s.get(secretKey(c.name, 'password')) || undefined, keyPassphrase: await s.get(secretKey(c.name, 'keyPassphrase')) || undefined };
  }

  /** The client for a cluster (created once per settings generation). */
  async client(c: ClusterConnection): Promise<KafkaApi> {
    let api = this.clients.get(c.id);
    if (!api) {
      const baseDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      api = this.ctx.engine().createKafkaClient(c, await this.secrets(c), { clientId: 'shoreline-vscode', baseDir, log: this.ctx.log });
      this.clients.set(c.id, api);
    }
    return api;
  }

  /** Drop every client (settings or a secret changed). */
  reset(): void {
    for (const api of this.clients.values()) void api.disconnect();
    this.clients.clear();
  }

  dispose(): void {
    this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
