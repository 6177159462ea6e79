/**
 * Text and JSON forms of the Kafka CLI's results (topics, groups, lag, reset plans, messages).
 */
import type { GroupDetail, GroupSummary, ProduceSummary, RawMessage, TopicConfigEntry, TopicSummary } from '../domain/kafka/kafkaModel';
import { decodeMessage, messageSummary, toStored, type StoredMessage } from '../domain/kafka/messageDecoding';
import type { ResetPlan } from '../domain/kafka/offsetReset';
import { describeStrategy } from '../domain/kafka/offsetReset';

export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export function topicJson(t: TopicSummary) {
  return {
    name: t.name, partitions: t.partitions.length, replicationFactor: t.replicationFactor, messages: t.messages, internal: t.internal,
    offsets: t.partitions.map((p) => ({ partition: p.partition, low: p.low, high: p.high, leader: p.leader, replicas: p.replicas, isr: p.isr })),
  };
}

export function topicsTable(topics: TopicSummary[]): string {
  if (!topics.length) return 'no topics (create one: shoreline topic create <name>)';
  return table(['TOPIC', 'PARTITIONS', 'RF', 'MESSAGES'], topics.map((t) => [t.name, String(t.partitions.length), String(t.replicationFactor), String(t.messages)]));
}

export function topicText(t: TopicSummary, configs: TopicConfigEntry[]): string {
  const parts = table(['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOW', 'HIGH', 'MESSAGES'],
    t.partitions.map((p) => [String(p.partition), String(p.leader), p.replicas.join(','), p.isr.join(','), String(p.low), String(p.high), String(p.high - p.low)]));
  const own = configs.filter((c) => c.explicit);
  return `${t.name}: ${t.partitions.length} partition(s), replication factor ${t.replicationFactor}, ${t.messages} message(s)\n\n${parts}\n\n`
    + (own.length ? `configs set on the topic:\n${own.map((c) => `  ${c.name}=${c.sensitive ? '(hidden)' : c.value ?? ''}`).join('\n')}` : 'no configs set on the topic (all defaults)');
}

export function groupsTable(groups: GroupSummary[]): string {
  if (!groups.length) return 'no consumer groups';
  return table(['GROUP', 'STATE', 'MEMBERS', 'PROTOCOL'], groups.map((g) => [g.groupId, g.state, String(g.members), g.protocolType || '-']));
}

export function groupText(g: GroupDetail): string {
  const head = `${g.groupId}: ${g.state}, ${g.members.length} member(s), total lag ${g.totalLag}`;
  const members = g.members.map((m) => `  ${m.clientId} (${m.host}): ${Object.entries(m.assignment).map(([t, ps]) => `${t} [${ps.join(',')}]`).join(' ') || 'no assignment'}`);
  const rows = g.offsets.map((o) => [o.topic, String(o.partition), o.committed === null ? '-' : String(o.committed), String(o.end), o.lag === null ? '-' : String(o.lag)]);
  return [head, ...members, '', rows.length ? table(['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG'], rows) : 'no committed offsets'].join('\n');
}

export function resetText(plan: ResetPlan, applied: boolean): string {
  const rows = plan.targets.map((t) => [String(t.partition), t.from === null ? '-' : String(t.from), String(t.to)]);
  return [`${applied ? 'reset' : 'would reset'} ${plan.groupId} on ${plan.topic} to ${describeStrategy(plan.strategy)}:`, table(['PARTITION', 'FROM', 'TO'], rows), ...plan.notes.map((n) => `note: ${n}`)].join('\n');
}

export function produceText(s: ProduceSummary): string {
  const secs = (s.elapsedMs / 1000).toFixed(2);
  const head = `sent ${s.sent} message(s) to ${s.topic} in ${secs} s (${s.rate} msg/s)${s.failed ? `, ${s.failed} failed` : ''}`;
  return [head, ...s.errors.map((e) => `  error: ${e.message}`)].join('\n');
}

/**
 * One consumed message as a JSON Lines record: {partition, offset, timestamp, key, value, headers}. Text stays text
 * (exactly what was produced); bytes that are not UTF-8 text are base64 with `keyEncoding`/`valueEncoding`;
 * tombstones and Debezium changes are marked with `kind` (and `change`). Avro decoded with a schema registry (`s`
 * annotated by the AvroDecoder) is its JSON text, with `keySchema` / `valueSchema` naming the schema id and subject,
 * or the reason it could not be decoded.
 */
export function messageJson(m: RawMessage, s: StoredMessage = toStored(m)): Record<string, unknown> {
  const d = decodeMessage(s);
  const out: Record<string, unknown> = {
    partition: s.partition, offset: s.offset, timestamp: s.timestamp, key: s.key, value: s.value,
    headers: Object.fromEntries(s.headers),
  };
  if (s.keyBinary) out.keyEncoding = 'base64';
  if (s.valueBinary) out.valueEncoding = 'base64';
  if (s.keySchema) out.keySchema = s.keySchema;
  if (s.valueSchema) out.valueSchema = s.valueSchema;
  if (d.kind !== 'record') out.kind = d.kind;
  if (d.change) out.change = { op: d.change.op, table: d.change.table ?? null, summary: d.change.summary };
  return out;
}

export function messageLine(m: RawMessage, s: StoredMessage = toStored(m)): string {
  const d = decodeMessage(s);
  const key = d.key.kind === 'null' ? '-' : d.key.kind === 'json' ? JSON.stringify(d.key.json) : d.key.text;
  return `p${d.partition}@${d.offset}  ${new Date(d.timestamp).toISOString()}  ${key}  ${messageSummary(d)}`;
}
