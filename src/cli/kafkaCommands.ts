/**
 * `shoreline topics | topic | groups | group | produce | consume`: the Kafka explorer from the command line, on the
 * same domain and service code as the VS Code Kafka view.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { ShorelineError } from '../domain/errors';
import { parseSchemaRegistryUrl } from '../domain/kafka/avroRegistryUrl';
import { describeConnection, localCluster, parseBootstrapServers, parseSasl, parseTls, type ClusterConnection, type ClusterSecrets } from '../domain/kafka/kafkaConnection';
import { COMPRESSION_CODECS, type CompressionCodec, type ProduceMessage, type RawMessage } from '../domain/kafka/kafkaModel';
import { parseResetStrategy } from '../domain/kafka/offsetReset';
import { expandTemplate, parseHeaderPairs, parseProduceText } from '../domain/kafka/produceInput';
import { parseStartPosition } from '../domain/kafka/startPosition';
import { parseConfigPairs } from '../domain/kafka/topicConfigCatalog';
import { hostEndpointFacts } from '../services/docker/engineEndpointFacts';
import { createKafkaClient } from '../services/kafka/createKafkaClient';
import { avroDecoderFor } from '../services/kafka/schemaRegistry';
import type { KafkaApi } from '../services/kafka/kafkaApi';
import { hostAddressFor } from '../services/stack/createStack';
import { toStored, type StoredMessage } from '../domain/kafka/messageDecoding';
import { checkFlags } from './args';
import { groupsTable, groupText, messageJson, messageLine, produceText, resetText, topicJson, topicsTable, topicText } from './kafkaOutput';
import type { CliContext } from './cliContext';

export const KAFKA_COMMANDS = ['topics', 'topic', 'groups', 'group', 'produce', 'consume'];

export const KAFKA_USAGE = `  shoreline topics [--internal] [--json]             topics with partitions, replication factor and message count
  shoreline topic describe <name> [--json]            partitions (leader, replicas, low/high offsets) and configs
  shoreline topic create <name> [--partitions N] [--replication-factor N] [--config k=v]…
  shoreline topic delete <name> --yes                 delete a topic and its data
  shoreline groups [--json]                           consumer groups with state and members
  shoreline group describe <group> [--json]           per partition: committed offset, end offset, lag
  shoreline group reset <group> --topic T --to earliest|latest|timestamp:<ms|ISO>|offset:<n> (--yes | --dry-run)
  shoreline group delete <group> --yes
  shoreline produce <topic> [--key K] [--value V | --template V | --file F.jsonl] [--header k=v]… [--partition P]
                    [--count N] [--compression gzip|snappy|lz4|zstd] [--skip-invalid] [--json]
  shoreline consume <topic> [--from beginning|latest|last:N|offset:N|timestamp:MS|<ISO time>] [--max N]
                    [--partition P[,P]] [--follow] [--schema-registry URL] [--json]   read without joining or moving any consumer
                    group; with a schema registry (or SHORELINE_SCHEMA_REGISTRY_URL) Avro keys and values print as JSON`;

export const KAFKA_USAGE_NOTE = `Kafka commands use the stack's broker (127.0.0.1:<ports.kafka>); --bootstrap-server H:P or SHORELINE_KAFKA_BOOTSTRAP
point them elsewhere, with --sasl-mechanism plain|scram-sha-256|scram-sha-512|aws-msk-iam, --sasl-username U (password
from SHORELINE_KAFKA_PASSWORD), --aws-region R [--aws-profile P] [--aws-role-arn ARN], --tls [--tls-ca F --tls-cert F
--tls-key F --tls-insecure] (key passphrase from SHORELINE_KAFKA_KEY_PASSPHRASE).`;

export interface KafkaCliContext extends CliContext {
  argv: string[];
  /** Progress on a TTY (rewritten line) or plain lines. */
  progress: (text: string) => void;
  debug: (text: string) => void;
}

const CONN_FLAGS = ['bootstrap-server', 'sasl-mechanism', 'sasl-username', 'aws-region', 'aws-profile', 'aws-role-arn', 'tls', 'tls-ca', 'tls-cert', 'tls-key', 'tls-insecure'];

/** Every value of a repeatable flag (`--header a=1 --header b=2`), in order. */
export function repeated(argv: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}` && argv[i + 1] !== undefined) { out.push(argv[i + 1]!); i++; } else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out;
}

/** Values of `--config` that are topic configs (k=v); any other value is the CLI's config file. */
export function splitConfigFlag(argv: string[]): { topicConfigs: string[]; configFile?: string } {
  const all = repeated(argv, 'config');
  const isPair = (v: string) => /^[a-z][a-z0-9.]*=/.test(v);
  return { topicConfigs: all.filter(isPair), configFile: all.filter((v) => !isPair(v)).pop() };
}

/** The cluster: --bootstrap-server / SHORELINE_KAFKA_BOOTSTRAP with auth flags, else the stack's Kafka. */
export function cliConnection(c: KafkaCliContext): { conn: ClusterConnection; secrets: ClusterSecrets } {
  const f = c.args.flags;
  const str = (k: string) => (typeof f[k] === 'string' ? f[k] as string : undefined);
  const bootstrap = str('bootstrap-server') ?? c.env.SHORELINE_KAFKA_BOOTSTRAP;
  const secrets: ClusterSecrets = { password: c.env.SHORELINE_KAFKA_PASSWORD, keyPassphrase: c.env.SHORELINE_KAFKA_KEY_PASSPHRASE };
  if (!bootstrap) {
    const cfg = c.config();
    return { conn: localCluster(hostAddressFor(resolveEngineEndpoint(hostEndpointFacts(cfg.dockerHost, c.env))), cfg.ports.kafka), secrets };
  }
  const where = '--bootstrap-server';
  const mechanism = str('sasl-mechanism') ?? c.env.SHORELINE_KAFKA_SASL_MECHANISM;
  const sasl = mechanism ? parseSasl({
    mechanism, username: str('sasl-username') ?? c.env.SHORELINE_KAFKA_USERNAME,
    region: str('aws-region') ?? c.env.AWS_REGION, profile: str('aws-profile'), roleArn: str('aws-role-arn'),
  }, where) : undefined;
  const tlsOn = f.tls === true || !!str('tls-ca') || !!str('tls-cert') || f['tls-insecure'] === true || sasl?.mechanism === 'aws-msk-iam';
  const tls = tlsOn ? parseTls({ ca: str('tls-ca'), cert: str('tls-cert'), key: str('tls-key'), ...(f['tls-insecure'] === true ? { rejectUnauthorized: false } : {}) }, where) : undefined;
  return { conn: { id: 'cli', name: bootstrap, bootstrapServers: parseBootstrapServers(bootstrap, where), sasl, tls, local: false }, secrets };
}

function emit(c: KafkaCliContext, value: unknown, human: string): void {
  c.out(c.json ? JSON.stringify(value, null, 2) : human);
}

function need(arg: string | undefined, usage: string): string {
  if (!arg) throw new ShorelineError('cli.missingArgument', `missing argument: shoreline ${usage}`, `e.g. shoreline ${usage.replace(/<topic>|<name>/, 'orders.order.fulfill').replace('<group>', 'orders')}`);
  return arg;
}

function badRegistryFlag(): never {
  throw new ShorelineError('cli.badValue', '--schema-registry needs a URL', 'e.g. --schema-registry http://localhost:8081');
}

function wholeNumber(c: KafkaCliContext, flag: string, fallback: number | undefined, min = 0): number | undefined {
  const raw = c.args.flags[flag];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min) throw new ShorelineError('cli.badValue', `--${flag} is "${String(raw)}"`, `use a whole number of at least ${min}, e.g. --${flag} ${Math.max(min, 3)}`);
  return n;
}

function requireYes(c: KafkaCliContext, what: string): void {
  if (c.args.flags.yes !== true) throw new ShorelineError('cli.confirm', `${what} cannot be undone; nothing was changed`, 'add --yes to go ahead');
}

/** Runs one Kafka command with one client, and disconnects it. */
export async function runKafka(c: KafkaCliContext): Promise<number> {
  const cmd = c.args.command[0]!;
  const sub = cmd === 'topic' || cmd === 'group' ? c.args.command[1] : undefined;
  const { conn, secrets } = cliConnection(c);
  c.debug(`kafka: ${describeConnection(conn)}`);
  const api = createKafkaClient(conn, secrets, { clientId: 'shoreline-cli', baseDir: c.cwd, log: { debug: c.debug, info: c.debug, warn: c.info, error: c.info } });
  try {
    switch (cmd) {
      case 'topics': {
        checkFlags(cmd, c.args.flags, [...CONN_FLAGS, 'internal']);
        const topics = await api.listTopics({ includeInternal: c.args.flags.internal === true });
        emit(c, { topics: topics.map(topicJson) }, topicsTable(topics));
        return 0;
      }
      case 'topic': return await topicCommand(c, api, sub);
      case 'groups': {
        checkFlags(cmd, c.args.flags, CONN_FLAGS);
        const groups = await api.listGroups();
        emit(c, { groups }, groupsTable(groups));
        return 0;
      }
      case 'group': return await groupCommand(c, api, sub);
      case 'produce': return await produce(c, api, need(c.args.command[1], 'produce <topic> --value V'));
      case 'consume': return await consume(c, api, need(c.args.command[1], 'consume <topic>'));
    }
    return 2;
  } finally {
    await api.disconnect();
  }
}

async function topicCommand(c: KafkaCliContext, api: KafkaApi, sub: string | undefined): Promise<number> {
  const name = c.args.command[2];
  switch (sub) {
    case 'describe': {
      checkFlags('topic describe', c.args.flags, CONN_FLAGS);
      const t = await api.describeTopic(need(name, 'topic describe <name>'));
      const configs = await api.topicConfigs(t.name);
      emit(c, { ...topicJson(t), configs: configs.filter((x) => x.explicit) }, topicText(t, configs));
      return 0;
    }
    case 'create': {
      checkFlags('topic create', c.args.flags, [...CONN_FLAGS, 'partitions', 'replication-factor']);
      const req = {
        name: need(name, 'topic create <name>'),
        partitions: wholeNumber(c, 'partitions', 1, 0)!,
        replicationFactor: wholeNumber(c, 'replication-factor', 1, 0)!,
        configs: parseConfigPairs(splitConfigFlag(c.argv).topicConfigs),
      };
      await api.createTopic(req);
      emit(c, { created: req.name, partitions: req.partitions, replicationFactor: req.replicationFactor, configs: req.configs },
        `created ${req.name}: ${req.partitions} partition(s), replication factor ${req.replicationFactor}`);
      return 0;
    }
    case 'delete': {
      checkFlags('topic delete', c.args.flags, [...CONN_FLAGS, 'yes']);
      const t = need(name, 'topic delete <name> --yes');
      requireYes(c, `Deleting topic "${t}" and all its messages`);
      await api.deleteTopic(t);
      emit(c, { deleted: t }, `deleted ${t}`);
      return 0;
    }
  }
  throw new ShorelineError('cli.unknownCommand', sub ? `unknown topic command "${sub}"` : 'shoreline topic needs a command', 'use describe, create or delete (shoreline help)');
}

async function groupCommand(c: KafkaCliContext, api: KafkaApi, sub: string | undefined): Promise<number> {
  const group = c.args.command[2];
  switch (sub) {
    case 'describe': {
      checkFlags('group describe', c.args.flags, CONN_FLAGS);
      const g = await api.describeGroup(need(group, 'group describe <group>'));
      emit(c, g, groupText(g));
      return 0;
    }
    case 'reset': {
      checkFlags('group reset', c.args.flags, [...CONN_FLAGS, 'topic', 'to', 'partition', 'partitions', 'yes', 'dry-run']);
      const g = need(group, 'group reset <group> --topic T --to earliest --yes');
      const topic = c.args.flags.topic;
      const to = c.args.flags.to;
      if (typeof topic !== 'string' || typeof to !== 'string') throw new ShorelineError('cli.missingValue', 'shoreline group reset needs --topic and --to', `e.g. shoreline group reset ${g} --topic orders.order.fulfill --to earliest --yes`);
      const dryRun = c.args.flags['dry-run'] === true;
      if (!dryRun) requireYes(c, `Moving the committed offsets of "${g}"`);
      const plan = await api.resetOffsets(g, topic, parseResetStrategy(to), { partitions: partitionList(c), dryRun });
      emit(c, { ...plan, applied: !dryRun }, resetText(plan, !dryRun));
      return 0;
    }
    case 'delete': {
      checkFlags('group delete', c.args.flags, [...CONN_FLAGS, 'yes']);
      const g = need(group, 'group delete <group> --yes');
      requireYes(c, `Deleting consumer group "${g}" and its committed offsets`);
      await api.deleteGroup(g);
      emit(c, { deleted: g }, `deleted ${g}`);
      return 0;
    }
  }
  throw new ShorelineError('cli.unknownCommand', sub ? `unknown group command "${sub}"` : 'shoreline group needs a command', 'use describe, reset or delete (shoreline help)');
}

function partitionList(c: KafkaCliContext): number[] | undefined {
  const raw = c.args.flags.partition ?? c.args.flags.partitions;
  if (raw === undefined) return undefined;
  const list = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length || list.some((s) => !/^\d+$/.test(s))) throw new ShorelineError('cli.badValue', `--partition is "${String(raw)}"`, 'give partition numbers, e.g. --partition 0 or --partition 0,2');
  return list.map(Number);
}

async function produce(c: KafkaCliContext, api: KafkaApi, topic: string): Promise<number> {
  checkFlags('produce', c.args.flags, [...CONN_FLAGS, 'key', 'value', 'file', 'header', 'partition', 'count', 'template', 'compression', 'skip-bad-lines', 'skip-invalid']);
  const f = c.args.flags;
  let messages: ProduceMessage[];
  if (typeof f.file === 'string') {
    if (f.value !== undefined || f.key !== undefined) throw new ShorelineError('cli.badFlags', '--file and --key/--value both given', 'use one: the file\'s lines carry their own keys and values');
    const file = path.resolve(c.cwd, f.file);
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
      throw new ShorelineError('cli.fileNotFound', `Cannot read ${file} (${(e as { code?: string }).code ?? 'error'})`, 'check the path; the file holds one JSON message per line');
    }
    const parsed = parseProduceText(text, path.basename(file), { skipBadLines: f['skip-bad-lines'] === true || f['skip-invalid'] === true });
    for (const s of parsed.skipped) c.info(`skipped ${path.basename(file)} line ${s.line}: ${s.message}`);
    messages = parsed.messages;
  } else {
    // --template V is a value with placeholders ({{i}}, {{uuid}}, …); --value V is taken as is unless --count is given
    if (typeof f.value === 'string' && typeof f.template === 'string') throw new ShorelineError('cli.badFlags', '--value and --template both given', 'use --template for a value with placeholders, --value for a literal one');
    const value = typeof f.template === 'string' ? f.template : f.value;
    if (typeof value !== 'string') throw new ShorelineError('cli.missingValue', 'shoreline produce needs --value V, --template V or --file F.jsonl', `e.g. shoreline produce ${topic} --key k1 --value '{"n":1}'`);
    messages = [{ key: typeof f.key === 'string' ? f.key : undefined, value }];
  }
  const headers = parseHeaderPairs(repeated(c.argv, 'header'));
  const partition = partitionList(c);
  if (partition && partition.length > 1) throw new ShorelineError('cli.badValue', '--partition takes one partition for produce', 'e.g. --partition 0');
  messages = messages.map((m) => ({ ...m, ...(Object.keys(headers).length ? { headers: { ...m.headers, ...headers } } : {}), ...(partition ? { partition: partition[0] } : {}) }));
  const count = wholeNumber(c, 'count', undefined, 1);
  if (count !== undefined || typeof f.template === 'string') {
    if (messages.length !== 1) throw new ShorelineError('cli.badFlags', '--count / --template repeat one message', 'use --template or --value (and --key) with --count, not --file');
    messages = expandTemplate(messages[0]!, count ?? 1, { uuid: randomUUID, now: Date.now, random: Math.random });
  }
  const compression = f.compression ?? 'none';
  if (typeof compression !== 'string' || !(COMPRESSION_CODECS as readonly string[]).includes(compression)) {
    throw new ShorelineError('cli.badValue', `--compression is "${String(compression)}"`, `use one of ${COMPRESSION_CODECS.join(', ')}`);
  }
  const summary = await api.produce(topic, messages, {
    compression: compression as CompressionCodec, returnPlacement: messages.length <= 1000,
    onProgress: (sent, total) => { if (total > 1000) c.progress(`sent ${sent}/${total}`); },
  });
  emit(c, summary, produceText(summary));
  return summary.failed ? 1 : 0;
}

async function consume(c: KafkaCliContext, api: KafkaApi, topic: string): Promise<number> {
  checkFlags('consume', c.args.flags, [...CONN_FLAGS, 'from', 'limit', 'max', 'partition', 'partitions', 'follow', 'schema-registry']);
  const flag = c.args.flags['schema-registry'];
  const registry = flag !== undefined
    ? parseSchemaRegistryUrl(flag === true ? '' : flag, '--schema-registry') ?? badRegistryFlag()
    : parseSchemaRegistryUrl(c.env.SHORELINE_SCHEMA_REGISTRY_URL, 'SHORELINE_SCHEMA_REGISTRY_URL');
  const avro = registry ? avroDecoderFor('cli', registry) : undefined;
  // With a registry, each batch waits for its schemas; the chain keeps the output in offset order.
  let printing: Promise<void> = Promise.resolve();
  const print = (batch: RawMessage[], stored: StoredMessage[]) => {
    for (let i = 0; i < batch.length; i++) c.out(c.json ? JSON.stringify(messageJson(batch[i]!, stored[i])) : messageLine(batch[i]!, stored[i]));
  };
  const start = parseStartPosition(typeof c.args.flags.from === 'string' ? c.args.flags.from : 'beginning');
  if (c.args.flags.limit !== undefined && c.args.flags.max !== undefined) throw new ShorelineError('cli.badFlags', '--max and --limit both given', 'use one: --max N stops after N messages in total');
  const limit = wholeNumber(c, 'max', undefined, 1) ?? wholeNumber(c, 'limit', undefined, 1);
  const follow = start.follow || c.args.flags.follow === true;
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  try {
    const r = await api.read({
      topic, from: start.from, partitions: partitionList(c), limit, tail: follow, signal: ac.signal, collect: false,
      onMessages: (batch) => {
        const stored = batch.map(toStored);
        if (!avro) { print(batch, stored); return; }
        printing = printing.then(() => avro.annotate(batch, stored)).then(() => print(batch, stored));
      },
    });
    await printing;
    c.info(`${r.count} message(s) from ${topic} in ${(r.elapsedMs / 1000).toFixed(2)} s (${r.ranges.map((x) => `p${x.partition} ${x.start}..${x.end}`).join(', ')})`);
    return 0;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
