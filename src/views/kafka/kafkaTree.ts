import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { errorMessage, ShorelineError } from '../../domain/errors';
import { describeConnection, needsPassword, type ClusterConnection } from '../../domain/kafka/kafkaConnection';
import type { GroupDetail, GroupState, PartitionInfo, PartitionLag, TopicConfigEntry, TopicSummary } from '../../domain/kafka/kafkaModel';
import { VIEWER_GROUP_PREFIX } from '../../domain/kafka/viewerGroup';
import { CONTEXT } from '../contextValues';
import { messageItem } from '../messageNode';
import { isValidCluster, type ClusterRef, type KafkaClusters } from './kafkaClusters';

export type KafkaNode =
  | { kind: 'cluster'; cluster: ClusterRef }
  | { kind: 'topics'; cluster: ClusterConnection; topics: TopicSummary[] }
  | { kind: 'topic'; cluster: ClusterConnection; topic: TopicSummary }
  | { kind: 'partition'; cluster: ClusterConnection; topic: string; partition: PartitionInfo }
  | { kind: 'configs'; cluster: ClusterConnection; topic: string }
  | { kind: 'config'; cluster: ClusterConnection; topic: string; entry: TopicConfigEntry }
  | { kind: 'groups'; cluster: ClusterConnection; groups: GroupDetail[] }
  | { kind: 'group'; cluster: ClusterConnection; group: GroupDetail }
  | { kind: 'groupOffset'; cluster: ClusterConnection; group: string; lag: PartitionLag }
  | { kind: 'message'; item: vscode.TreeItem };

const GROUP_ICON: Partial<Record<GroupState, [string, string | undefined]>> = {
  Stable: ['pass-filled', 'testing.iconPassed'],
  Empty: ['circle-outline', 'disabledForeground'],
  Dead: ['circle-slash', 'disabledForeground'],
  PreparingRebalance: ['loading~spin', undefined],
  CompletingRebalance: ['loading~spin', undefined],
};

const C = vscode.TreeItemCollapsibleState;
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The Kafka view: clusters (the stack's Kafka and the user's connections) → Topics (partitions, RF, message count;
 * children: partitions with low/high offsets, and configs loaded on expand) and Consumer Groups (state, members,
 * total lag; children: committed / end / lag per topic-partition). Shoreline's own viewer groups are not shown.
 */
export class KafkaTreeProvider implements vscode.TreeDataProvider<KafkaNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<KafkaNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  /** What the last refresh saw per cluster id (tests and commands read it). */
  readonly last = new Map<string, { topics: TopicSummary[]; groups: GroupDetail[] } | { error: string }>();

  constructor(private readonly ctx: ShorelineContext, readonly clusters: KafkaClusters) {}

  setPolling(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => this.refresh(), 10_000);
    if (!on && this.timer) { clearInterval(this.timer); this.timer = undefined; }
  }

  refresh(): void { this.emitter.fire(undefined); }

  getTreeItem(node: KafkaNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message': return node.item;
      case 'cluster': {
        const c = node.cluster;
        const item = new vscode.TreeItem(c.name, isValidCluster(c) && c.local ? C.Expanded : C.Collapsed);
        item.id = `kafka:${c.id}`;
        item.iconPath = new vscode.ThemeIcon(isValidCluster(c) ? 'server' : 'warning');
        item.description = isValidCluster(c) ? c.bootstrapServers.join(',') : 'invalid entry';
        item.tooltip = isValidCluster(c) ? describeConnection(c) : c.invalid;
        item.contextValue = isValidCluster(c) && c.local ? CONTEXT.kafkaClusterLocal : CONTEXT.kafkaClusterRemote;
        return item;
      }
      case 'topics': {
        const item = new vscode.TreeItem(`Topics (${node.topics.length})`, C.Expanded);
        item.id = `kafka:${node.cluster.id}:topics`;
        item.contextValue = CONTEXT.kafkaTopics;
        return item;
      }
      case 'topic': {
        const t = node.topic;
        const item = new vscode.TreeItem(t.name, C.Collapsed);
        item.id = `kafka:${node.cluster.id}:topic:${t.name}`;
        item.description = `${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'} · RF ${t.replicationFactor} · ${fmt(t.messages)} msg`;
        item.iconPath = new vscode.ThemeIcon(t.internal ? 'lock' : 'list-unordered');
        item.tooltip = new vscode.MarkdownString(`**${t.name}**\n\n${t.partitions.map((p) => `- partition ${p.partition}: offsets ${p.low}..${p.high}, leader ${p.leader}, replicas [${p.replicas.join(',')}], ISR [${p.isr.join(',')}]`).join('\n')}`);
        item.contextValue = t.internal ? CONTEXT.kafkaTopicInternal : CONTEXT.kafkaTopic;
        return item;
      }
      case 'partition': {
        const p = node.partition;
        const item = new vscode.TreeItem(`partition ${p.partition}`, C.None);
        item.id = `kafka:${node.cluster.id}:topic:${node.topic}:p${p.partition}`;
        item.description = `offsets ${fmt(p.low)}..${fmt(p.high)} · ${fmt(p.high - p.low)} msg · leader ${p.leader}`;
        item.iconPath = new vscode.ThemeIcon(p.isr.length < p.replicas.length ? 'warning' : 'symbol-number');
        item.tooltip = `replicas [${p.replicas.join(',')}], in sync [${p.isr.join(',')}]`;
        item.contextValue = CONTEXT.kafkaPartition;
        return item;
      }
      case 'configs': {
        const item = new vscode.TreeItem('Configs', C.Collapsed);
        item.id = `kafka:${node.cluster.id}:topic:${node.topic}:configs`;
        item.iconPath = new vscode.ThemeIcon('settings-gear');
        item.contextValue = CONTEXT.kafkaConfigs;
        return item;
      }
      case 'config': {
        const e = node.entry;
        const item = new vscode.TreeItem(e.name, C.None);
        item.id = `kafka:${node.cluster.id}:topic:${node.topic}:config:${e.name}`;
        item.description = `${e.sensitive ? '(hidden)' : e.value ?? ''}${e.explicit ? '' : ` · ${e.source.toLowerCase().replace(/_/g, ' ')}`}`;
        item.iconPath = new vscode.ThemeIcon(e.explicit ? 'edit' : 'circle-small');
        item.contextValue = CONTEXT.kafkaConfig;
        return item;
      }
      case 'groups': {
        const item = new vscode.TreeItem(`Consumer Groups (${node.groups.length})`, C.Collapsed);
        item.id = `kafka:${node.cluster.id}:groups`;
        item.contextValue = CONTEXT.kafkaGroups;
        return item;
      }
      case 'group': {
        const g = node.group;
        const item = new vscode.TreeItem(g.groupId, C.Collapsed);
        item.id = `kafka:${node.cluster.id}:group:${g.groupId}`;
        item.description = `${g.state} · ${g.members.length} member${g.members.length === 1 ? '' : 's'} · lag ${fmt(g.totalLag)}`;
        const [icon, color] = GROUP_ICON[g.state] ?? ['question', undefined];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.tooltip = new vscode.MarkdownString(`**${g.groupId}**: ${g.state}\n\n${g.members.map((m) => `- ${m.clientId} on \`${m.host}\`: ${Object.entries(m.assignment).map(([t, ps]) => `${t} [${ps.join(',')}]`).join(', ') || 'no assignment'}`).join('\n') || 'no members'}`);
        item.contextValue = `${CONTEXT.kafkaGroupPrefix}${g.state.toLowerCase()}`;
        return item;
      }
      case 'groupOffset': {
        const l = node.lag;
        const item = new vscode.TreeItem(`${l.topic} / ${l.partition}`, C.None);
        item.id = `kafka:${node.cluster.id}:group:${node.group}:${l.topic}:${l.partition}`;
        item.description = `committed ${l.committed === null ? '-' : fmt(l.committed)} · end ${fmt(l.end)} · lag ${l.lag === null ? '-' : fmt(l.lag)}`;
        item.iconPath = new vscode.ThemeIcon(l.lag ? 'arrow-down' : 'check');
        item.contextValue = CONTEXT.kafkaGroupOffset;
        return item;
      }
    }
  }

  async getChildren(node?: KafkaNode): Promise<KafkaNode[]> {
    if (!node) return this.clusters.list().map((cluster) => ({ kind: 'cluster', cluster }));
    switch (node.kind) {
      case 'cluster': return this.clusterChildren(node.cluster);
      case 'topics':
        return node.topics.length
          ? node.topics.map((topic) => ({ kind: 'topic', cluster: node.cluster, topic }))
          : [{ kind: 'message', item: messageItem('No topics yet', { icon: 'add', command: { command: 'shoreline.kafka.createTopic', title: 'Create Topic', arguments: [{ clusterId: node.cluster.id }] } }) }];
      case 'topic': return [
        ...node.topic.partitions.map((partition) => ({ kind: 'partition' as const, cluster: node.cluster, topic: node.topic.name, partition })),
        { kind: 'configs', cluster: node.cluster, topic: node.topic.name },
      ];
      case 'configs': return this.configChildren(node.cluster, node.topic);
      case 'groups':
        return node.groups.length
          ? node.groups.map((group) => ({ kind: 'group', cluster: node.cluster, group }))
          : [{ kind: 'message', item: messageItem('No consumer groups') }];
      case 'group':
        return node.group.offsets.length
          ? node.group.offsets.map((lag) => ({ kind: 'groupOffset', cluster: node.cluster, group: node.group.groupId, lag }))
          : [{ kind: 'message', item: messageItem('No committed offsets') }];
      default: return [];
    }
  }

  private async clusterChildren(c: ClusterRef): Promise<KafkaNode[]> {
    if (!isValidCluster(c)) return [{ kind: 'message', item: messageItem(c.invalid, { icon: 'warning', color: 'problemsWarningIcon.foreground' }) }];
    try {
      if (needsPassword(c) && !(await this.clusters.secrets(c)).password) {
        return [{ kind: 'message', item: messageItem(`No password stored for ${c.sasl?.username}`, { icon: 'key', command: { command: 'shoreline.kafka.setPassword', title: 'Set Password', arguments: [{ clusterId: c.id }] } }) }];
      }
      const api = await this.clusters.client(c);
      const [topics, groups] = await Promise.all([api.listTopics(), this.groupDetails(c)]);
      this.last.set(c.id, { topics, groups });
      return [{ kind: 'topics', cluster: c, topics }, { kind: 'groups', cluster: c, groups }];
    } catch (e) {
      const msg = errorMessage(e);
      this.last.set(c.id, { error: msg });
      const err = e instanceof ShorelineError ? e : undefined;
      return [
        { kind: 'message', item: messageItem(err?.message ?? msg, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: msg }) },
        ...(c.local ? [{ kind: 'message' as const, item: messageItem('Start the stack to use its Kafka', { icon: 'play', command: { command: 'shoreline.stack.up', title: 'Start Stack' } }) }] : []),
      ];
    }
  }

  /** Every group with its lag (one describe per group, four at a time); Shoreline's own viewer groups are left out. */
  private async groupDetails(c: ClusterConnection): Promise<GroupDetail[]> {
    const api = await this.clusters.client(c);
    const groups = (await api.listGroups()).filter((g) => !g.groupId.startsWith(VIEWER_GROUP_PREFIX));
    const out: GroupDetail[] = [];
    for (let i = 0; i < groups.length; i += 4) {
      const slice = await Promise.all(groups.slice(i, i + 4).map((g) => api.describeGroup(g.groupId).catch((): GroupDetail =>
        ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: [], offsets: [], totalLag: 0 }))));
      out.push(...slice);
    }
    return out;
  }

  private async configChildren(c: ClusterConnection, topic: string): Promise<KafkaNode[]> {
    try {
      const entries = await (await this.clusters.client(c)).topicConfigs(topic);
      // the topic's own settings first, then what it inherits
      entries.sort((a, b) => Number(b.explicit) - Number(a.explicit) || a.name.localeCompare(b.name));
      return entries.map((entry) => ({ kind: 'config', cluster: c, topic, entry }));
    } catch (e) {
      return [{ kind: 'message', item: messageItem(errorMessage(e), { icon: 'warning', color: 'problemsWarningIcon.foreground' }) }];
    }
  }

  dispose(): void { this.setPolling(false); this.emitter.dispose(); }
}
