import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { CompressionCodec, GroupDetail, RawMessage } from '../../domain/kafka/kafkaModel';
import { localCluster } from '../../domain/kafka/kafkaConnection';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';
import { createKafkaClient } from './createKafkaClient';
import type { KafkaApi } from './kafkaApi';
import { VIEWER_GROUP_PREFIX } from './topicReader';

/**
 * The Kafka adapter and CLI against the stack's real broker (stand-in image, KRaft, one broker): topics, the four
 * compression codecs (written by kafkajs and by Kafka's own Java producer), lag, a viewer read that leaves no group
 * behind and moves no offset, the empty-group rule for resets, and clear errors for bad requests.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = `shoreline-kafka-${process.pid}`;
const ENV = testStackEnv(PROJECT, 26000);
const PORT = Number(ENV.SHORELINE_PORT_KAFKA);
const TOPIC = `shoreline-test-codecs-${process.pid}`;
const USER_GROUP = `shoreline-test-user-${process.pid}`;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-kafka-'));
const CODECS: CompressionCodec[] = ['gzip', 'snappy', 'lz4', 'zstd'];

interface Run { code: number; stdout: string; stderr: string }
function run(file: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: TMP, env: { ...process.env, ...ENV, ...opts.env }, timeout: 280_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}
const cli = (args: string[]) => run(process.execPath, [CLI, ...args]);
function ok(r: Run): Run {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  return r;
}
const text = (m: RawMessage) => (m.value ? Buffer.from(m.value).toString('utf8') : null);
const committedOf = (g: GroupDetail) => g.offsets.map((o) => `${o.topic}/${o.partition}=${o.committed}`).sort();

describe('Kafka explorer on the stack\'s real broker', function () {
  this.timeout(300_000);
  let api: KafkaApi;
  const kafka = new Kafka({ clientId: 'shoreline-kafka-int', brokers: [`127.0.0.1:${PORT}`], logLevel: logLevel.NOTHING });
  let user: Consumer | undefined;

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    await cli(['down', '--volumes']);
    ok(await cli(['up', '--wait', '--services', 'kafka']));
    api = createKafkaClient(localCluster('127.0.0.1', PORT));
  });
  after(async () => {
    await user?.disconnect().catch(() => undefined);
    await api?.disconnect();
    await cli(['down', '--volumes']);
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  it('creates a topic with 3 partitions and lists it with its partitions, RF and message count', async () => {
    await api.createTopic({ name: TOPIC, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '86400000' } });
    const t = (await api.listTopics()).find((x) => x.name === TOPIC);
    assert.ok(t, `${TOPIC} listed`);
    assert.deepEqual([t.partitions.length, t.replicationFactor, t.messages], [3, 1, 0]);
    const cfg = (await api.topicConfigs(TOPIC)).find((c) => c.name === 'retention.ms');
    assert.deepEqual([cfg?.value, cfg?.explicit], ['86400000', true]);
  });

  it('produces 1,000 messages with gzip, snappy, lz4 and zstd (250 each) and reads every one back decoded', async () => {
    for (const codec of CODECS) {
      const msgs = Array.from({ length: 250 }, (_, i) => ({ key: `${codec}-${i}`, value: JSON.stringify({ codec, i, pad: 'x'.repeat(200) }), headers: { codec } }));
      const s = await api.produce(TOPIC, msgs, { compression: codec, batchSize: 100 });
      assert.deepEqual([s.sent, s.failed], [250, 0], `${codec}: ${JSON.stringify(s.errors)}`);
    }
    assert.equal((await api.describeTopic(TOPIC)).messages, 1000);
    const r = await api.read({ topic: TOPIC, from: { kind: 'beginning' } });
    assert.equal(r.count, 1000);
    assert.equal(r.stoppedBy, 'end');
    for (const codec of CODECS) {
      const mine = r.messages.filter((m) => m.headers.some((h) => h.key === 'codec' && Buffer.from(h.value!).toString() === codec));
      assert.equal(mine.length, 250, `${codec}: 250 read back`);
      const values = mine.map((m) => JSON.parse(text(m)!) as { codec: string; i: number });
      assert.deepEqual(values.map((v) => v.i).sort((a, b) => a - b), Array.from({ length: 250 }, (_, i) => i));
      assert.ok(values.every((v) => v.codec === codec));
    }
  });

  it('produces 200 messages of 10 KB to one partition, in order (one request of 2 MB was refused as MESSAGE_TOO_LARGE)', async () => {
    const big = `shoreline-test-big-${process.pid}`;
    await api.createTopic({ name: big, partitions: 1, replicationFactor: 1, configs: {} });
    const msgs = Array.from({ length: 200 }, (_, i) => ({ key: `big-${i}`, value: JSON.stringify({ i, pad: 'z'.repeat(10_000) }) }));
    const s = await api.produce(big, msgs);
    assert.deepEqual([s.sent, s.failed], [200, 0], JSON.stringify(s.errors));
    const r = await api.read({ topic: big, from: { kind: 'beginning' } });
    assert.deepEqual(r.messages.map((m) => Number(m.offset)), Array.from({ length: 200 }, (_, i) => i));
    assert.deepEqual(r.messages.map((m) => (JSON.parse(text(m)!) as { i: number }).i), Array.from({ length: 200 }, (_, i) => i), 'in the order sent');
    await api.deleteTopic(big);
  });

  it('still produces to a new topic after a topic it produced to was deleted (a kafkajs producer keeps asking for it)', async () => {
    const gone = `shoreline-test-gone-${process.pid}`, next = `shoreline-test-next-${process.pid}`;
    await api.createTopic({ name: gone, partitions: 1, replicationFactor: 1, configs: {} });
    assert.equal((await api.produce(gone, [{ key: 'k', value: 'v' }])).sent, 1);
    await api.deleteTopic(gone);
    await api.createTopic({ name: next, partitions: 3, replicationFactor: 1, configs: {} });
    const s = await api.produce(next, Array.from({ length: 250 }, (_, i) => ({ key: `key-${i}`, value: JSON.stringify({ n: i }) })));
    assert.deepEqual([s.sent, s.failed], [250, 0], JSON.stringify(s.errors));
    await api.deleteTopic(next);
  });

  it('decodes batches written by Kafka\'s own Java producer with each codec', async () => {
    const topic = `shoreline-test-java-codecs-${process.pid}`;
    await api.createTopic({ name: topic, partitions: 1, replicationFactor: 1, configs: {} });
    for (const codec of CODECS) {
      const lines = Array.from({ length: 50 }, (_, i) => `java ${codec} ${i} ${'y'.repeat(100)}`).join('\n') + '\n';
      ok(await run('docker', ['exec', '-i', `${PROJECT}-kafka`, '/opt/kafka/bin/kafka-console-producer.sh', '--bootstrap-server', 'localhost:29092',
        '--topic', topic, '--compression-codec', codec, '--batch-size', '100000'], { input: lines }));
    }
    const r = await api.read({ topic, from: { kind: 'beginning' } });
    assert.equal(r.count, 200);
    for (const codec of CODECS) assert.equal(r.messages.filter((m) => text(m)!.startsWith(`java ${codec} `)).length, 50, codec);
  });

  it('a user group that committed half of each partition shows the right lag per partition', async () => {
    const ends = (await api.describeTopic(TOPIC)).partitions;
    const half = new Map(ends.map((p) => [p.partition, Math.floor(p.high / 2)]));
    user = kafka.consumer({ groupId: USER_GROUP });
    await user.connect();
    await user.subscribe({ topics: [TOPIC], fromBeginning: true });
    const seen = new Map<number, number>();
    await new Promise<void>((resolve) => {
      void user!.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const next = Number(message.offset) + 1;
          if (next === half.get(partition)) {
            await user!.commitOffsets([{ topic: TOPIC, partition, offset: String(next) }]);
            seen.set(partition, next);
            if (seen.size === ends.length) resolve();
          }
        },
      });
    });
    user.pause([{ topic: TOPIC }]);
    const g = await api.describeGroup(USER_GROUP);
    assert.equal(g.state, 'Stable');
    assert.equal(g.members.length, 1);
    assert.deepEqual(g.offsets.map((o) => [o.partition, o.committed, o.end, o.lag]), ends.map((p) => [p.partition, half.get(p.partition), p.high, p.high - half.get(p.partition)!]));
    assert.equal(g.totalLag, ends.reduce((s, p) => s + p.high - half.get(p.partition)!, 0));
    assert.ok(Math.abs(g.totalLag - 500) <= 2, `about half of 1,000 is left: ${g.totalLag}`);
  });

  it('a viewer read of the whole topic leaves no group behind and moves no committed offset of the user\'s group', async () => {
    const groupsBefore = (await api.listGroups()).map((g) => g.groupId).sort();
    const committedBefore = committedOf(await api.describeGroup(USER_GROUP));
    const r = await api.read({ topic: TOPIC, from: { kind: 'beginning' } });
    assert.equal(r.count, 1000);
    assert.ok(r.groupId?.startsWith(VIEWER_GROUP_PREFIX), 'it used a throwaway group of its own');
    const groupsAfter = (await api.listGroups()).map((g) => g.groupId).sort();
    assert.deepEqual(groupsAfter, groupsBefore, 'no new group');
    assert.ok(!groupsAfter.some((g) => g.startsWith(VIEWER_GROUP_PREFIX)));
    assert.deepEqual(committedOf(await api.describeGroup(USER_GROUP)), committedBefore, 'committed offsets unchanged');
    // a read with nothing to fetch does not even create a group
    const empty = await api.read({ topic: TOPIC, from: { kind: 'latest', count: 0 } });
    assert.deepEqual([empty.count, empty.groupId], [0, undefined]);
  });

  it('reads a range: last N per partition, from an offset, from a timestamp, one partition, with a limit', async () => {
    const last = await api.read({ topic: TOPIC, from: { kind: 'latest', count: 2 } });
    assert.equal(last.count, 6);
    const p1 = await api.read({ topic: TOPIC, from: { kind: 'offset', offset: 10 }, partitions: [1], limit: 5 });
    assert.deepEqual(p1.messages.map((m) => [m.partition, m.offset]), [[1, 10], [1, 11], [1, 12], [1, 13], [1, 14]]);
    assert.equal(p1.stoppedBy, 'limit');
    const all = await api.read({ topic: TOPIC, from: { kind: 'beginning' } });
    const cut = all.messages.map((m) => m.timestamp).sort((a, b) => a - b)[500]!;
    const byTime = await api.read({ topic: TOPIC, from: { kind: 'timestamp', timestamp: cut } });
    assert.ok(byTime.messages.every((m) => m.timestamp >= cut) && byTime.count >= 400 && byTime.count <= 600, `${byTime.count} messages at or after the cut`);
  });

  it('refuses an offset reset while the group has a live member, naming its state and members', async () => {
    await assert.rejects(api.resetOffsets(USER_GROUP, TOPIC, { kind: 'earliest' }), (e: Error & { code: string }) =>
      e.code === 'kafka.groupNotEmpty' && new RegExp(`Consumer group "${USER_GROUP}" is Stable with 1 member \\(shoreline-kafka-int on /`).test(e.message));
    const r = await cli(['group', 'reset', USER_GROUP, '--topic', TOPIC, '--to', 'earliest', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is Stable with 1 member/);
  });

  it('allows the reset once the group is empty, and the lag follows', async () => {
    await user!.disconnect();
    user = undefined;
    const plan = await api.resetOffsets(USER_GROUP, TOPIC, { kind: 'earliest' });
    assert.ok(plan.targets.every((t) => t.to === 0 && t.from !== null && t.from > 0));
    const g = await api.describeGroup(USER_GROUP);
    assert.equal(g.state, 'Empty');
    assert.deepEqual(g.offsets.map((o) => o.committed), [0, 0, 0]);
    assert.equal(g.totalLag, 1000);
    const viaCli = JSON.parse(ok(await cli(['group', 'reset', USER_GROUP, '--topic', TOPIC, '--to', 'offset:5', '--partition', '2', '--yes', '--json'])).stdout) as { targets: Array<{ partition: number; to: number }> };
    assert.deepEqual(viaCli.targets, [{ partition: 2, from: 0, to: 5 }]);
    assert.equal((await api.describeGroup(USER_GROUP)).totalLag, 995);
  });

  it('refuses RF 3 on one broker, a bad topic name and bad reads with clear messages', async () => {
    await assert.rejects(api.createTopic({ name: `shoreline-test-rf-${process.pid}`, partitions: 3, replicationFactor: 3, configs: {} }),
      /Replication factor 3 is larger than the number of brokers \(1\)/);
    await assert.rejects(api.createTopic({ name: 'orders/fulfill', partitions: 1, replicationFactor: 1, configs: {} }), /contains "\/" at position 7/);
    const rf = await cli(['topic', 'create', `shoreline-test-rf-${process.pid}`, '--partitions', '3', '--replication-factor', '3']);
    assert.equal(rf.code, 1);
    assert.match(rf.stderr, /Replication factor 3 is larger than the number of brokers \(1\)/);
    assert.match((await cli(['consume', 'no-such-topic'])).stderr, /Topic "no-such-topic" does not exist/);
    assert.match((await cli(['consume', TOPIC, '--from', 'offset:999999'])).stderr, /Offset 999999 is beyond the end/);
    assert.match((await cli(['consume', TOPIC, '--from', `timestamp:${Date.now() + 86_400_000}`])).stderr, /is in the future/);
    assert.ok(!(await api.listTopics()).some((t) => t.name.startsWith('shoreline-test-rf-')), 'nothing was created');
  });

  it('CLI: produce, topics --json and consume --json round trip; a bad produce file sends nothing', async () => {
    const topic = `shoreline-test-cli-${process.pid}`;
    ok(await cli(['topic', 'create', topic, '--partitions', '2', '--config', 'cleanup.policy=delete']));
    const file = path.join(TMP, 'orders.jsonl');
    fs.writeFileSync(file, Array.from({ length: 20 }, (_, i) => JSON.stringify({ key: `order-${i}`, value: { n: i }, headers: { source: 'file' } })).join('\n') + '\n');
    const sent = JSON.parse(ok(await cli(['produce', topic, '--file', file, '--compression', 'lz4', '--json'])).stdout) as { sent: number; failed: number };
    assert.deepEqual([sent.sent, sent.failed], [20, 0]);
    ok(await cli(['produce', topic, '--key', 'single', '--value', 'plain text', '--header', 'a=1', '--partition', '1']));
    const bad = path.join(TMP, 'bad.jsonl');
    fs.writeFileSync(bad, '{"value":"ok"}\n{"value": nope}\n');
    const refused = await cli(['produce', topic, '--file', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /bad\.jsonl line 2 is not valid JSON .*nothing was sent/);
    const topics = JSON.parse(ok(await cli(['topics', '--json'])).stdout) as { topics: Array<{ name: string; partitions: number; replicationFactor: number; messages: number }> };
    assert.deepEqual(topics.topics.find((t) => t.name === topic), { ...topics.topics.find((t) => t.name === topic), partitions: 2, replicationFactor: 1, messages: 21 });
    const lines = ok(await cli(['consume', topic, '--from', 'beginning', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { partition: number; offset: number; key: string; value: string; headers: Record<string, string> });
    assert.equal(lines.length, 21);
    const byKey = new Map(lines.map((l) => [l.key, l]));
    for (let i = 0; i < 20; i++) assert.deepEqual([byKey.get(`order-${i}`)?.value, byKey.get(`order-${i}`)?.headers], [`{"n":${i}}`, { source: 'file' }]);
    assert.deepEqual([byKey.get('single')?.partition, byKey.get('single')?.value, byKey.get('single')?.headers], [1, 'plain text', { a: '1' }]);
    const groups = (JSON.parse(ok(await cli(['groups', '--json'])).stdout) as { groups: Array<{ groupId: string }> }).groups.map((g) => g.groupId);
    assert.ok(!groups.some((g) => g.startsWith(VIEWER_GROUP_PREFIX)), `no viewer group left by the CLI: ${groups.join(', ')}`);
    ok(await cli(['topic', 'delete', topic, '--yes']));
    assert.ok(!(await api.listTopics()).some((t) => t.name === topic));
  });
});
