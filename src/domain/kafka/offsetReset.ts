/**
 * Planning a consumer-group offset reset: the strategy (earliest / latest / timestamp / offset) turned into one
 * target offset per partition, refused while the group has members (the broker would reject the commit, or worse,
 * the running consumers would overwrite it). Pure.
 */
import { ShorelineError } from '../errors';
import type { Committed, PartitionEnds } from './consumerLag';
import type { GroupMember, GroupState } from './kafkaModel';

export type ResetStrategy =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; timestamp: number }
  | { kind: 'offset'; offset: number };

/** Parses `earliest`, `latest`, `timestamp:<epoch ms>`, `timestamp:<ISO time>` or `offset:<n>`. */
export function parseResetStrategy(text: string): ResetStrategy {
  const t = text.trim();
  if (t === 'earliest' || t === 'beginning') return { kind: 'earliest' };
  if (t === 'latest' || t === 'end') return { kind: 'latest' };
  const m = /^(timestamp|offset):(.+)$/.exec(t);
  if (m?.[1] === 'offset' && /^\d+$/.test(m[2]!)) return { kind: 'offset', offset: Number(m[2]) };
  if (m?.[1] === 'timestamp') {
    const ts = parseTimestamp(m[2]!);
    if (ts !== undefined) return { kind: 'timestamp', timestamp: ts };
  }
  throw new ShorelineError('kafka.badResetStrategy', `"${text}" is not a reset target`,
    'use earliest, latest, timestamp:<epoch ms or ISO time> (e.g. timestamp:1717000000000) or offset:<n> (e.g. offset:42)');
}

/** Epoch milliseconds, or an ISO-8601 date/time; undefined if neither. */
export function parseTimestamp(text: string): number | undefined {
  const s = text.trim();
  if (/^\d{1,15}$/.test(s)) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

export function describeStrategy(s: ResetStrategy): string {
  switch (s.kind) {
    case 'earliest': return 'the earliest offset';
    case 'latest': return 'the latest offset (skip everything not yet read)';
    case 'timestamp': return `the first offset at or after ${new Date(s.timestamp).toISOString()}`;
    case 'offset': return `offset ${s.offset}`;
  }
}

export interface ResetPlanInput {
  groupId: string;
  state: GroupState;
  members: GroupMember[];
  topic: string;
  partitions: PartitionEnds[];
  current: Committed[];
  strategy: ResetStrategy;
  /** For `timestamp`: the broker's answer per partition (−1: no message that late). */
  timestampOffsets?: Array<{ partition: number; offset: number }>;
  /** Only these partitions (default: all). */
  only?: number[];
}

export interface ResetTarget { partition: number; from: number | null; to: number }

export interface ResetPlan {
  groupId: string;
  topic: string;
  strategy: ResetStrategy;
  targets: ResetTarget[];
  /** E.g. an offset outside a partition's range, moved to the nearest end. */
  notes: string[];
}

/** Group states in which committing new offsets is safe: nobody is consuming. */
const RESETTABLE: GroupState[] = ['Empty', 'Dead'];

/** Refuses unless the group is empty, naming its state and its members. */
export function assertGroupEmpty(groupId: string, state: GroupState, members: GroupMember[]): void {
  if (RESETTABLE.includes(state) && members.length === 0) return;
  const who = members.slice(0, 3).map((m) => `${m.clientId || m.memberId} on ${m.host}`).join(', ');
  const more = members.length > 3 ? ` and ${members.length - 3} more` : '';
  throw new ShorelineError('kafka.groupNotEmpty',
    `Consumer group "${groupId}" is ${state} with ${members.length} member${members.length === 1 ? '' : 's'}${who ? ` (${who}${more})` : ''}: offsets can only be reset while the group is empty`,
    'stop the group\'s consumers (wait for the state to become Empty), then reset again');
}

/** Target offset per partition. Throws when the group is not empty or a partition does not exist. */
export function planOffsetReset(input: ResetPlanInput): ResetPlan {
  assertGroupEmpty(input.groupId, input.state, input.members);
  const notes: string[] = [];
  const known = new Set(input.partitions.map((p) => p.partition));
  for (const p of input.only ?? []) {
    if (!known.has(p)) {
      throw new ShorelineError('kafka.unknownPartition', `Topic "${input.topic}" has no partition ${p} (it has ${input.partitions.length})`,
        `use a partition between 0 and ${input.partitions.length - 1}`);
    }
  }
  const chosen = input.partitions.filter((p) => !input.only || input.only.includes(p.partition)).sort((a, b) => a.partition - b.partition);
  const current = new Map(input.current.map((c) => [c.partition, c.offset === null || c.offset < 0 ? null : c.offset]));
  const byTs = new Map((input.timestampOffsets ?? []).map((t) => [t.partition, t.offset]));
  const targets = chosen.map((p): ResetTarget => {
    const from = current.get(p.partition) ?? null;
    const s = input.strategy;
    let to: number;
    switch (s.kind) {
      case 'earliest': to = p.low; break;
      case 'latest': to = p.high; break;
      case 'timestamp': {
        const o = byTs.get(p.partition);
        to = o === undefined || o < 0 ? p.high : o;
        break;
      }
      case 'offset': {
        to = Math.min(Math.max(s.offset, p.low), p.high);
        if (to !== s.offset) notes.push(`partition ${p.partition}: offset ${s.offset} is outside ${p.low}..${p.high}; using ${to}`);
        break;
      }
    }
    return { partition: p.partition, from, to };
  });
  return { groupId: input.groupId, topic: input.topic, strategy: input.strategy, targets, notes };
}
