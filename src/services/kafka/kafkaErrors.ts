/**
 * kafkajs errors → ShorelineErrors that say what failed, on which cluster / topic / group, and what to do next.
 */
import { ShorelineError } from '../../domain/errors';

export interface ErrorContext {
  cluster: string;
  brokers: string[];
  action: string;
  topic?: string;
  group?: string;
}

interface KafkajsLike { name?: string; message?: string; type?: string; code?: string; originalError?: unknown; errors?: unknown[]; cause?: unknown }

/** The innermost protocol error type (kafkajs wraps retries and aggregates). */
export function errorType(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const k = cur as KafkajsLike;
    if (typeof k.type === 'string' && k.type !== 'UNKNOWN') return k.type;
    if (Array.isArray(k.errors) && k.errors.length) { cur = k.errors[0]; continue; }
    cur = k.originalError ?? k.cause;
  }
  return undefined;
}

function innermostMessage(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const k = cur as KafkajsLike;
    const next = k.originalError ?? (Array.isArray(k.errors) ? k.errors[0] : undefined);
    if (!next) break;
    cur = next;
  }
  return cur instanceof Error ? cur.message : String(cur);
}

export function isConnectionFailure(e: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const k = cur as KafkajsLike;
    if (k.name === 'KafkaJSConnectionError' || k.name === 'KafkaJSConnectionClosedError' || k.name === 'KafkaJSBrokerNotFound'
      || k.code === 'ECONNREFUSED' || k.code === 'ENOTFOUND' || k.code === 'ETIMEDOUT' || k.code === 'ECONNRESET') return true;
    cur = k.originalError ?? k.cause;
  }
  return false;
}

/** Maps anything a kafkajs call threw; ShorelineErrors pass through. */
export function mapKafkaError(e: unknown, c: ErrorContext): ShorelineError {
  if (e instanceof ShorelineError) return e;
  const where = `${c.cluster} (${c.brokers.join(',')})`;
  const type = errorType(e);
  const msg = innermostMessage(e);
  const details = e instanceof Error ? e.message : undefined;
  switch (type) {
    case 'TOPIC_ALREADY_EXISTS':
      return new ShorelineError('kafka.topicExists', `Topic "${c.topic}" already exists on ${c.cluster}`, 'pick another name, or delete the topic first', details);
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return new ShorelineError('kafka.unknownTopic', `Topic "${c.topic ?? '?'}" does not exist on ${c.cluster}`, `list topics with "shoreline topics", or create it: shoreline topic create ${c.topic ?? '<name>'}`, details);
    case 'INVALID_REPLICATION_FACTOR':
      return new ShorelineError('kafka.badReplicationFactor', `${c.cluster} refused the replication factor of "${c.topic}": ${msg}`, 'use a replication factor no larger than the number of brokers', details);
    case 'INVALID_PARTITIONS':
      return new ShorelineError('kafka.badPartitions', `${c.cluster} refused the partition count of "${c.topic}": ${msg}`, 'use at least 1 partition', details);
    case 'INVALID_TOPIC_EXCEPTION':
      return new ShorelineError('kafka.badTopicName', `${c.cluster} refused the topic name "${c.topic}": ${msg}`, 'use letters, digits, ".", "_" and "-" only', details);
    case 'INVALID_CONFIG': case 'INVALID_REQUEST':
      return new ShorelineError('kafka.badConfig', `${c.cluster} refused to ${c.action}: ${msg}`, 'check the config names and values (kafka-configs.sh --describe shows what the broker accepts)', details);
    case 'POLICY_VIOLATION':
      return new ShorelineError('kafka.policy', `${c.cluster}'s topic policy refused to ${c.action}: ${msg}`, 'ask the cluster\'s operators which settings the policy allows', details);
    case 'GROUP_ID_NOT_FOUND':
      return new ShorelineError('kafka.unknownGroup', `Consumer group "${c.group}" does not exist on ${c.cluster}`, 'list groups with "shoreline groups"', details);
    case 'NON_EMPTY_GROUP':
      return new ShorelineError('kafka.groupNotEmpty', `Consumer group "${c.group}" still has members, so ${c.cluster} refused to ${c.action}`, 'stop its consumers and try again when the group is Empty', details);
    case 'TOPIC_AUTHORIZATION_FAILED': case 'GROUP_AUTHORIZATION_FAILED': case 'CLUSTER_AUTHORIZATION_FAILED':
      return new ShorelineError('kafka.notAuthorized', `${c.cluster} does not allow this user to ${c.action} (${type})`, 'ask for the ACL (or IAM policy on MSK) that grants it', details);
    case 'SASL_AUTHENTICATION_FAILED': case 'ILLEGAL_SASL_STATE': case 'UNSUPPORTED_SASL_MECHANISM':
      return new ShorelineError('kafka.authFailed', `${where} rejected the credentials (${type}): ${msg}`, 'check the SASL mechanism, user name and password (or the AWS identity for MSK IAM)', details);
  }
  if (e instanceof Error && /SASL|authentication/i.test(e.message)) {
    return new ShorelineError('kafka.authFailed', `${where} rejected the credentials: ${msg}`, 'check the SASL mechanism, user name and password (or the AWS identity for MSK IAM)', details);
  }
  if (isConnectionFailure(e)) {
    return new ShorelineError('kafka.unreachable', `Kafka is not reachable at ${where}: ${msg}`,
      c.cluster === 'local stack' ? 'start the stack (shoreline up --services kafka) and check ports.kafka' : 'check the bootstrap servers, the network path and TLS settings', details);
  }
  return new ShorelineError('kafka.failed', `Could not ${c.action} on ${c.cluster}: ${msg}`, 'see the Shoreline log (SHORELINE_DEBUG=1 in the CLI) for the broker\'s answer', details);
}
