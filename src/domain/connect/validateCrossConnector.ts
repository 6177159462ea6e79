/**
 * Checks across the workspace's connector files: two sources writing one topic, sinks reading topics nobody
 * writes, near-identical bucket names, fields inserted by both the source and the sink chain, and Debezium change
 * events reaching a sink that cannot read them.
 */
import type { ConnectorFile } from './connectorModel';
import { editDistance } from './closestMatch';
import { findConnectorSpec, findTransformSpec } from './connectorCatalog';
import { DEBEZIUM_MYSQL, DEBEZIUM_POSTGRES } from './connectorCatalogDebezium';
import { JDBC_SINK } from './connectorCatalogJdbc';
import { S3_SINK } from './connectorCatalogStorage';
import { consumedTopics, consumes, producedTopics, type ConsumedTopics, type ProducedTopics } from './connectorTopics';
import { SMT } from './smtCatalog';
import { insertedValueFields, parseSmtChain } from './smtChain';
import type { ValidationContext } from './validationContext';

interface Peer { file: ConnectorFile; produced?: ProducedTopics; consumed?: ConsumedTopics; title: string }

function peer(file: ConnectorFile): Peer {
  const produced = producedTopics(file);
  const consumed = consumedTopics(file);
  const title = findConnectorSpec(file.config['connector.class']?.trim() ?? '')?.title ?? file.config['connector.class'] ?? 'connector';
  return { file, title, ...(produced ? { produced } : {}), ...(consumed ? { consumed } : {}) };
}

export function checkCrossConnector(ctx: ValidationContext): void {
  const same = (o: ConnectorFile): boolean => o === ctx.file || (o.name === ctx.file.name && JSON.stringify(o.config) === JSON.stringify(ctx.file.config));
  const others = (ctx.options.otherConnectors ?? []).filter((o) => !same(o));
  if (!others.length) return;
  const me = peer(ctx.file);
  const peers = others.map(peer);

  for (const p of peers.filter((x) => x.file.name === ctx.file.name)) {
    ctx.add('name.duplicate', 'warning', 'name', `Another connector file also defines the connector "${ctx.file.name}"${p.file.config['connector.class'] ? ` (${p.title})` : ''}; applying both makes one overwrite the other — rename one`);
  }
  if (me.produced) checkCollisions(ctx, me.produced, peers);
  if (me.consumed) checkDangling(ctx, me.consumed, peers);
  checkBuckets(ctx, peers);
  checkDuplicateInsertsAcross(ctx, me, peers);
  checkEnvelope(ctx, me, peers);
}

function checkCollisions(ctx: ValidationContext, mine: ProducedTopics, peers: Peer[]): void {
  for (const p of peers) {
    for (const topic of mine.topics.filter((t) => p.produced?.topics.includes(t))) {
      ctx.add('topic.collision', 'warning', mine.field,
        `This connector and "${p.file.name}" (${p.title}) both write the topic "${topic}"; consumers then get records of two different shapes and keys on one topic — give one of them a different ${mine.field}`);
    }
  }
}

function checkDangling(ctx: ValidationContext, mine: ConsumedTopics, peers: Peer[]): void {
  const sources = peers.filter((p) => p.produced);
  if (!sources.length || sources.some((p) => !p.produced?.complete)) return; // someone may write anything
  const written = [...new Set(sources.flatMap((p) => p.produced?.topics ?? []))];
  const list = written.length ? written.join(', ') : 'none';
  if (mine.regex) {
    if (!written.some((t) => mine.regex?.test(t))) {
      ctx.add('topic.dangling', 'info', mine.field, `"topics.regex" matches none of the topics the workspace's sources write (${list}); check the pattern, or the topics come from outside Connect`);
    }
    return;
  }
  for (const t of mine.topics.filter((x) => !written.includes(x))) {
    const near = written.find((w) => editDistance(w, t) <= 2);
    ctx.add('topic.dangling', 'info', mine.field, `"topics" names "${t}", which none of the workspace's source connectors writes (they write: ${list})${near ? `; did you mean "${near}"?` : '; check the spelling, or the topic comes from outside Connect'}`, near);
  }
}

function checkBuckets(ctx: ValidationContext, peers: Peer[]): void {
  const mine = ctx.get('s3.bucket.name');
  if (!mine || ctx.spec?.class !== S3_SINK) return;
  for (const p of peers) {
    const theirs = p.file.config['s3.bucket.name']?.trim();
    if (!theirs || theirs === mine || findConnectorSpec(p.file.config['connector.class']?.trim() ?? '')?.class !== S3_SINK) continue;
    const d = editDistance(mine, theirs);
    if (d <= 2) {
      ctx.add('s3.bucketMismatch', 'warning', 's3.bucket.name', `The bucket "${mine}" differs by ${d} character${d > 1 ? 's' : ''} from "${theirs}" used by "${p.file.name}"; if they should write to the same bucket, fix the typo`, theirs);
    }
  }
}

function readsFrom(sink: ConsumedTopics | undefined, source: ProducedTopics | undefined): string[] {
  if (!sink || !source) return [];
  return source.topics.filter((t) => consumes(sink, t));
}

function checkDuplicateInsertsAcross(ctx: ValidationContext, me: Peer, peers: Peer[]): void {
  const mine = insertedValueFields(ctx.chain);
  if (!mine.length) return;
  for (const p of peers) {
    const shared = [...readsFrom(me.consumed, p.produced), ...readsFrom(p.consumed, me.produced)];
    if (!shared.length) continue;
    const theirs = insertedValueFields(parseSmtChain(p.file.config));
    for (const ins of mine) {
      const other = theirs.find((t) => t.field === ins.field);
      if (!other) continue;
      const order = me.consumed ? `"${p.file.name}" already inserts it at the source (step "${other.alias}")` : `the sink "${p.file.name}" inserts it again (step "${other.alias}")`;
      ctx.add('smt.duplicateField', 'warning', `transforms.${ins.alias}.${ins.setting}`,
        `The field "${ins.field}" is inserted by this connector's step "${ins.alias}" and ${order} on topic "${shared[0]}"; with schemas the second insert fails with a duplicate-field error — insert it in one place only`);
    }
  }
}

function hasUnwrap(file: ConnectorFile): boolean {
  return parseSmtChain(file.config).some((s) => (findTransformSpec(s.type)?.class ?? s.type) === SMT.extractNewRecordState);
}

function checkEnvelope(ctx: ValidationContext, me: Peer, peers: Peer[]): void {
  const cls = ctx.spec?.class;
  if (!me.consumed || (cls !== JDBC_SINK && cls !== S3_SINK) || hasUnwrap(ctx.file)) return;
  for (const p of peers) {
    const pcls = findConnectorSpec(p.file.config['connector.class']?.trim() ?? '')?.class;
    if ((pcls !== DEBEZIUM_POSTGRES && pcls !== DEBEZIUM_MYSQL) || hasUnwrap(p.file)) continue;
    const topics = readsFrom(me.consumed, p.produced);
    if (!topics.length) continue;
    ctx.add('debezium.envelope', cls === JDBC_SINK ? 'warning' : 'info', me.consumed.field,
      `"${topics[0]}" carries Debezium change events from "${p.file.name}" ({before, after, op, source}); ${cls === JDBC_SINK ? 'the JDBC sink cannot map that envelope to table rows' : 'the S3 sink writes the whole envelope'} — add the unwrap transform ${SMT.extractNewRecordState} to this sink`);
  }
}
