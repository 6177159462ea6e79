/**
 * Topic-level configs Kafka 4.x accepts, with a cheap value check each, so a typo or a bad value is caught before
 * the broker answers "INVALID_CONFIG". The broker stays the final judge. Pure.
 */
import { closestMatch } from '../connect/closestMatch';
import { ShorelineError } from '../errors';

type Check = (v: string) => string | undefined;

const LONG_MAX = 9223372036854775807n;

function integer(min: bigint, max = LONG_MAX): Check {
  return (v) => {
    if (!/^-?\d+$/.test(v.trim())) return `"${v}" is not a whole number`;
    const n = BigInt(v.trim());
    if (n < min) return `${v} is below the minimum ${min}`;
    if (n > max) return `${v} is above the maximum ${max}`;
    return undefined;
  };
}
const INT_MAX = 2147483647n;
const ratio: Check = (v) => (/^\d*\.?\d+$/.test(v.trim()) && Number(v) >= 0 && Number(v) <= 1 ? undefined : `"${v}" is not a number between 0 and 1`);
const bool: Check = (v) => (/^(true|false)$/i.test(v.trim()) ? undefined : `"${v}" is not true or false`);
function oneOf(...values: string[]): Check {
  return (v) => (values.includes(v.trim().toLowerCase()) ? undefined : `"${v}" is not one of ${values.join(', ')}`);
}
const cleanupPolicy: Check = (v) => {
  const parts = v.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const bad = parts.find((p) => p !== 'delete' && p !== 'compact');
  if (!parts.length || bad !== undefined) return `"${v}" is not a cleanup policy: use delete, compact or compact,delete`;
  return undefined;
};
const anything: Check = () => undefined;

/** Known topic config keys → value check. */
export const TOPIC_CONFIGS: Record<string, Check> = {
  'cleanup.policy': cleanupPolicy,
  'compression.type': oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'),
  'compression.gzip.level': integer(-1n, 9n),
  'compression.lz4.level': integer(1n, 17n),
  'compression.zstd.level': integer(-131072n, 22n),
  'delete.retention.ms': integer(0n),
  'file.delete.delay.ms': integer(0n),
  'flush.messages': integer(1n),
  'flush.ms': integer(0n),
  'follower.replication.throttled.replicas': anything,
  'index.interval.bytes': integer(0n, INT_MAX),
  'leader.replication.throttled.replicas': anything,
  'local.retention.bytes': integer(-2n),
  'local.retention.ms': integer(-2n),
  'max.compaction.lag.ms': integer(1n),
  'max.message.bytes': integer(0n, INT_MAX),
  'message.timestamp.after.max.ms': integer(0n),
  'message.timestamp.before.max.ms': integer(0n),
  'message.timestamp.type': oneOf('createtime', 'logappendtime'),
  'min.cleanable.dirty.ratio': ratio,
  'min.compaction.lag.ms': integer(0n),
  'min.insync.replicas': integer(1n, INT_MAX),
  'preallocate': bool,
  'remote.storage.enable': bool,
  'remote.log.copy.disable': bool,
  'remote.log.delete.on.disable': bool,
  'retention.bytes': integer(-1n),
  'retention.ms': integer(-1n),
  'segment.bytes': integer(1048576n, INT_MAX),
  'segment.index.bytes': integer(4n, INT_MAX),
  'segment.jitter.ms': integer(0n),
  'segment.ms': integer(1n),
  'unclean.leader.election.enable': bool,
  'message.downconversion.enable': bool,
};

export interface ConfigProblem { key: string; message: string }

/**
 * Problems with topic configs: unknown keys (with the closest known key), bad values, and `min.insync.replicas`
 * above the replication factor (every acks=all write would then fail).
 */
export function checkTopicConfigs(configs: Record<string, string>, replicationFactor?: number): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(configs)) {
    const check = TOPIC_CONFIGS[key];
    if (!check) {
      const near = closestMatch(key, Object.keys(TOPIC_CONFIGS));
      out.push({ key, message: `"${key}" is not a topic config${near ? `; did you mean "${near}"?` : ''}` });
      continue;
    }
    const bad = check(value);
    if (bad) { out.push({ key, message: `${key}: ${bad}` }); continue; }
    if (key === 'min.insync.replicas' && replicationFactor !== undefined && Number(value) > replicationFactor) {
      out.push({ key, message: `min.insync.replicas is ${value} but the replication factor is ${replicationFactor}: producers with acks=all could never write` });
    }
  }
  return out;
}

/** Parses `k=v` pairs (CLI `--config`, input boxes); a pair without "=" is an error naming it. */
export function parseConfigPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new ShorelineError('kafka.badConfigPair', `"${p}" is not key=value`, 'write topic configs as key=value, e.g. retention.ms=86400000');
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}
