import * as vscode from 'vscode';
import { ShorelineError } from '../../domain/errors';
import type { ClusterConnection } from '../../domain/kafka/kafkaConnection';
import type { KafkaApi } from '../../services/kafka/kafkaApi';
import { isValidCluster, type KafkaClusters } from '../../views/kafka/kafkaClusters';
import type { KafkaNode } from '../../views/kafka/kafkaTree';

/**
 * What a Kafka command acts on: a tree row it was run from, or (command palette, links, tests) a plain
 * `{clusterId, topic, group}` object; anything missing is asked for.
 */
export type KafkaTarget = KafkaNode | { clusterId?: string; topic?: string; group?: string } | undefined;

const isNode = (t: KafkaTarget): t is KafkaNode => !!t && 'kind' in t;

export interface Resolved { cluster: ClusterConnection; api: KafkaApi }

export async function resolveCluster(clusters: KafkaClusters, t: KafkaTarget): Promise<Resolved | undefined> {
  let cluster: ClusterConnection | undefined;
  if (isNode(t) && t.kind !== 'message') {
    const c = t.cluster;
    if (!isValidCluster(c)) throw new ShorelineError('kafka.badConnection', c.invalid, 'fix the entry in shoreline.kafka.clusters');
    cluster = c;
  } else if (t && !isNode(t) && t.clusterId) {
    cluster = clusters.find(t.clusterId);
  } else {
    const valid = clusters.list().filter(isValidCluster);
    cluster = valid.length === 1 ? valid[0] : (await vscode.window.showQuickPick(valid.map((c) => ({ label: c.name, description: c.bootstrapServers.join(','), c })), { placeHolder: 'Kafka cluster' }))?.c;
  }
  return cluster ? { cluster, api: await clusters.client(cluster) } : undefined;
}

/** A topic: from the row (topic, partition, configs, config), from `{topic}`, or picked from the cluster's topics. */
export async function resolveTopic(clusters: KafkaClusters, t: KafkaTarget, verb: string): Promise<(Resolved & { topic: string }) | undefined> {
  const r = await resolveCluster(clusters, t);
  if (!r) return undefined;
  if (isNode(t)) {
    if (t.kind === 'topic') return { ...r, topic: t.topic.name };
    if (t.kind === 'partition' || t.kind === 'configs' || t.kind === 'config') return { ...r, topic: t.topic };
  } else if (t?.topic) return { ...r, topic: t.topic };
  const names = (await r.api.listTopics()).map((x) => x.name);
  if (!names.length) throw new ShorelineError('kafka.noTopics', `There is no topic to ${verb} on ${r.cluster.name}`, 'create one with "Shoreline: Create Topic…"');
  const topic = await vscode.window.showQuickPick(names, { placeHolder: `Topic to ${verb}` });
  return topic ? { ...r, topic } : undefined;
}

/** A consumer group: from the row, from `{group}`, or picked. */
export async function resolveGroup(clusters: KafkaClusters, t: KafkaTarget, verb: string): Promise<(Resolved & { group: string }) | undefined> {
  const r = await resolveCluster(clusters, t);
  if (!r) return undefined;
  if (isNode(t) && t.kind === 'group') return { ...r, group: t.group.groupId };
  if (isNode(t) && t.kind === 'groupOffset') return { ...r, group: t.group };
  if (t && !isNode(t) && t.group) return { ...r, group: t.group };
  const ids = (await r.api.listGroups()).map((g) => g.groupId);
  if (!ids.length) throw new ShorelineError('kafka.noGroups', `There is no consumer group to ${verb} on ${r.cluster.name}`, 'groups appear once a consumer with a group id has joined');
  const group = await vscode.window.showQuickPick(ids, { placeHolder: `Consumer group to ${verb}` });
  return group ? { ...r, group } : undefined;
}
