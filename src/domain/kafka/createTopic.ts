/**
 * Validation of a create-topic request before it is sent: name rules, partitions ≥ 1, replication factor ≤ the
 * number of brokers (said with both numbers), known configs with sane values. Pure.
 */
import { checkTopicConfigs } from './topicConfigCatalog';
import { checkTopicName } from './topicName';

export interface CreateTopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export interface CreateTopicCheck { errors: string[]; warnings: string[] }

/** Largest partition count accepted without a second thought; the broker allows more, a laptop does not enjoy it. */
const MANY_PARTITIONS = 1000;

/** Checks a request against the cluster it goes to (`brokerCount` from its metadata). */
export function checkCreateTopic(req: CreateTopicRequest, brokerCount: number, existing: string[] = []): CreateTopicCheck {
  const errors: string[] = [];
  const name = checkTopicName(req.name);
  if (name.error) errors.push(name.error);
  const warnings = [...name.warnings];
  if (existing.includes(req.name)) errors.push(`Topic "${req.name}" already exists`);
  const clash = existing.find((t) => t !== req.name && t.replace(/\./g, '_') === req.name.replace(/\./g, '_'));
  if (clash) warnings.push(`"${req.name}" and the existing topic "${clash}" differ only in "." versus "_": their metric names collide`);
  errors.push(...checkPartitions(req.partitions));
  errors.push(...checkReplicationFactor(req.replicationFactor, brokerCount));
  if (Number.isInteger(req.partitions) && req.partitions > MANY_PARTITIONS) warnings.push(`${req.partitions} partitions is a lot for one topic; each costs file handles and memory on the broker`);
  errors.push(...checkTopicConfigs(req.configs, req.replicationFactor).map((p) => p.message));
  return { errors, warnings };
}

export function checkPartitions(partitions: number): string[] {
  if (!Number.isInteger(partitions) || partitions < 1) return [`Partitions must be a whole number of at least 1 (got ${String(partitions)})`];
  return [];
}

/** "Replication factor 3 is larger than the number of brokers (1) …" */
export function checkReplicationFactor(rf: number, brokerCount: number): string[] {
  if (!Number.isInteger(rf) || rf < 1) return [`Replication factor must be a whole number of at least 1 (got ${String(rf)})`];
  if (rf > brokerCount) {
    return [`Replication factor ${rf} is larger than the number of brokers (${brokerCount}): each replica needs its own broker, so use at most ${brokerCount} here`];
  }
  return [];
}
