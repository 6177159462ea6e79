/**
 * `npm run bench -- kafka`: the message viewer and the producer against the stack's real broker, printed, not asserted.
 *  - 1,000,000 messages of 1 KB (3 partitions, produced by kcat) read into the viewer's store (capacity 1M) through the
 *    code path the panel runs (KafkaApi.read → MessageStore.addRaw, a page snapshot built every 200 ms while
 *    reading), in a child node process that does only that: messages/s, ratio to kcat reading the same topic in the
 *    same run (goal ≥ 0.8), peak RSS of that process (goal ≤ 400 MB);
 *  - time to the first page snapshot after opening a viewer on the warm topic (goal ≤ 300 ms);
 *  - 100,000 messages from a JSONL file through the code `shoreline produce --file` runs vs. kcat producing the same
 *    keys and values.
 * The stack part starts kafka alone as project shoreline-kbench (port 29092) and removes it afterwards
 * (SHORELINE_KBENCH_KEEP=1 keeps it, and the 1M topic, for the next run).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localCluster } from '../domain/kafka/kafkaConnection';
import type { RawMessage } from '../domain/kafka/kafkaModel';
import { buildViewerPage, DEFAULT_QUERY, type ViewerPage } from '../domain/kafka/messagePage';
import { DEFAULT_CAPACITY, MAX_CAPACITY, MessageStore } from '../domain/kafka/messageStore';
import { parseProduceText } from '../domain/kafka/produceInput';
import { createKafkaClient } from '../services/kafka/createKafkaClient';
import { FileChunkSpill } from '../services/kafka/fileChunkSpill';
import type { KafkaApi } from '../services/kafka/kafkaApi';
import { REPO_ROOT, testStackEnv } from '../test/ciImages';

export const KBENCH_ENV = testStackEnv('shoreline-kbench', 29000);
const PORT = Number(KBENCH_ENV.SHORELINE_PORT_KAFKA);
const BROKER = `127.0.0.1:${PORT}`;
const BIG_TOPIC = 'shoreline-bench-1k';
const BIG_COUNT = Number(process.env.SHORELINE_KBENCH_COUNT ?? 1_000_000);
const VALUE_BYTES = 1024;
const PRODUCE_COUNT = 100_000;
/** The panel's PUSH_INTERVAL_MS: while a read runs, the page snapshot is rebuilt this often. */
const PUSH_MS = 200;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
const fmt = (n: number) => n.toLocaleString('en-US');

const PAD_POOL = (() => {
  let x = 12345, out = '';
  for (let i = 0; i < 65_536; i++) { x = (x * 1103515245 + 12345) >>> 0; out += String.fromCharCode(97 + ((x >>> 16) % 26)); }
  return out;
})();

/** A 1 KB JSON value (exactly VALUE_BYTES of ASCII), varied per message. */
export function benchValue(i: number): string {
  const head = `{"id":${i},"customer":"c-${i % 9973}","status":"${i % 3 ? 'shipped' : 'created'}","note":"`;
  const len = VALUE_BYTES - head.length - 2;
  const at = (i * 7919) % (PAD_POOL.length - len);
  return `${head}${PAD_POOL.slice(at, at + len)}"}`;
}

function run(file: string, args: string[], opts: { stdout?: 'ignore' | 'pipe'; input?: NodeJS.ReadableStream } = {}): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...KBENCH_ENV }, stdio: [opts.input ? 'pipe' : 'ignore', opts.stdout ?? 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    if (opts.input) opts.input.pipe(child.stdin!);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ ms: performance.now() - t0, stdout: out });
      else reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${String(code)}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
const cli = (args: string[]) => run(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args]);

/** key<TAB>value lines for kcat -K '\t', generated as a stream (1 GB never sits in memory or on disk). */
function* kcatLines(n: number, batch = 2000): Generator<string> {
  for (let i = 0; i < n; i += batch) {
    let chunk = '';
    for (let j = i; j < Math.min(n, i + batch); j++) chunk += `k-${j}\t${benchValue(j)}\n`;
    yield chunk;
  }
}

async function ensureBigTopic(api: KafkaApi): Promise<void> {
  const existing = (await api.listTopics()).find((t) => t.name === BIG_TOPIC);
  if (existing && existing.messages === BIG_COUNT) { console.log(`  ${BIG_TOPIC}: ${fmt(BIG_COUNT)} messages kept from an earlier run`); return; }
  if (existing) await api.deleteTopic(BIG_TOPIC);
  await api.createTopic({ name: BIG_TOPIC, partitions: 3, replicationFactor: 1, configs: {} });
  const { Readable } = await import('node:stream');
  const { ms } = await run('kcat', ['-P', '-b', BROKER, '-t', BIG_TOPIC, '-K', '\t', '-X', 'linger.ms=20'], { input: Readable.from(kcatLines(BIG_COUNT)) });
  const n = (await api.describeTopic(BIG_TOPIC)).messages;
  console.log(`  produced ${fmt(n)} messages of ${VALUE_BYTES} B with kcat in ${s(ms)} (${fmt(rate(n, ms))} msg/s)`);
  if (n !== BIG_COUNT) throw new Error(`${BIG_TOPIC} holds ${n} messages, expected ${BIG_COUNT}`);
}

interface ChildResult { count: number; ms: number; peakRss: number; hwm: number; baseRss: number; pushes: number; pushMs: number; firstKey: string | null; lastOffsetSum: number; firstPage: number[]; firstPageCold: number }

/** The child's part: only the viewer's read into a 1M store, then first-page timings, reported as one JSON line. */
async function childMain(topic: string, count: number): Promise<void> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const api = createKafkaClient(localCluster('127.0.0.1', PORT));
  // warm the client (the panel's client has listed topics before a viewer opens)
  await api.describeTopic(topic);
  // as the panel makes it: payload past the memory budget (64 MiB) spills to a private temp folder
  const spill = new FileChunkSpill();
  let store: MessageStore | undefined = new MessageStore(MAX_CAPACITY, { spill });
  let pushes = 0;
  let pushMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const push = () => { const t = performance.now(); buildViewerPage(store!, DEFAULT_QUERY); pushMs += performance.now() - t; pushes++; };
  const t0 = performance.now();
  const r = await api.read({
    topic, from: { kind: 'beginning' }, collect: false, limit: MAX_CAPACITY,
    onMessages: (batch: RawMessage[]) => {
      store!.addRaw(batch);
      if (!timer) timer = setTimeout(() => { timer = undefined; push(); }, PUSH_MS);
    },
  });
  clearTimeout(timer);
  const ms = performance.now() - t0;
  push();
  peak = Math.max(peak, process.memoryUsage().rss);
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  const first = store.at(0)!;
  // records from the spilled chunks and from memory read back as produced: key k-<id>, a 1 KB JSON value with that id
  for (const i of [0, 1, 250_000, 500_000, count - 1]) {
    const m = store.at(i);
    const ok = m?.value?.length === VALUE_BYTES && m.key === `k-${(JSON.parse(m.value) as { id: number }).id}`;
    if (!ok) throw new Error(`record ${i} (${m?.key ?? 'none'}) does not read back as produced`);
  }
  let lastOffsetSum = 0;
  for (let i = store.size - 3; i < store.size; i++) lastOffsetSum += store.at(i)!.offset;
  const result: ChildResult = { count: store.size, ms, peakRss: peak, hwm, baseRss: base, pushes, pushMs, firstKey: first.key, lastOffsetSum, firstPage: [], firstPageCold: 0 };
  if (r.count !== count) throw new Error(`read ${r.count} messages, expected ${count}`);
  store.clear();
  store = undefined;
  clearInterval(sampler);
  for (let i = 0; i < 6; i++) result.firstPage.push((await firstPage(api, topic)).ms);
  await api.disconnect();
  const cold = createKafkaClient(localCluster('127.0.0.1', PORT));
  result.firstPageCold = (await firstPage(cold, topic)).ms;
  await cold.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * What opening a viewer does on the host until its first page of messages is ready to post: the panel's describe,
 * the read's plan (metadata, offsets), the throwaway group's connect / join / seek, the first fetch, the
 * store, and the page snapshot. Not included: the panel's 200 ms push throttle, webview load and paint.
 */
async function firstPage(api: KafkaApi, topic: string): Promise<{ ms: number; page: ViewerPage }> {
  const store = new MessageStore(DEFAULT_CAPACITY, { spill: new FileChunkSpill() });
  const abort = new AbortController();
  const t0 = performance.now();
  let page: ViewerPage | undefined;
  let at = 0;
  await api.describeTopic(topic);
  await api.read({
    topic, from: { kind: 'beginning' }, collect: false, limit: DEFAULT_CAPACITY, signal: abort.signal,
    onMessages: (batch) => {
      store.addRaw(batch);
      if (!page) { page = buildViewerPage(store, DEFAULT_QUERY); at = performance.now() - t0; abort.abort(); }
    },
  });
  if (!page || page.rows.length !== DEFAULT_QUERY.pageSize) throw new Error(`first page has ${page?.rows.length ?? 0} rows`);
  return { ms: at, page };
}

function kcatConsume(topic: string): Promise<{ ms: number; count: number }> {
  // -f '%o\n': one short line per message, counted, so a short read shows
  return run('kcat', ['-C', '-b', BROKER, '-t', topic, '-e', '-o', 'beginning', '-q', '-f', '%o\\n']).then((r) => ({ ms: r.ms, count: r.stdout.split('\n').length - 1 }));
}

async function consumeBench(api: KafkaApi): Promise<void> {
  await ensureBigTopic(api);
  // kcat first and last, so neither side alone profits from a warmer page cache
  const k1 = await kcatConsume(BIG_TOPIC);
  const child = await run(process.execPath, ['--require', 'tsx/cjs', __filename, 'child', BIG_TOPIC, String(BIG_COUNT)]);
  const k2 = await kcatConsume(BIG_TOPIC);
  const c = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildResult;
  const kcatMs = Math.min(k1.ms, k2.ms);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`kafka: read ${fmt(BIG_COUNT)} messages of ${VALUE_BYTES} B (3 partitions) from the beginning`);
  console.log(`  kcat -C -e (librdkafka)               ${s(k1.ms)} / ${s(k2.ms)}  ${fmt(rate(k1.count, kcatMs))} msg/s (best of 2; ${fmt(k1.count)} / ${fmt(k2.count)} messages)`);
  console.log(`  viewer store (read → store.addRaw)     ${s(c.ms)}  ${fmt(rate(c.count, c.ms))} msg/s  ratio to kcat ${(kcatMs / c.ms).toFixed(2)} (goal >= 0.8)`);
  console.log(`    ${fmt(c.count)} stored, first key ${c.firstKey ?? 'null'}; ${c.pushes} page snapshots while reading took ${s(c.pushMs)} of it`);
  console.log(`  peak RSS of the reading process        ${mb(c.hwm)} (VmHWM; sampled ${mb(c.peakRss)}; ${mb(c.baseRss)} before the read) (goal <= 400 MB)`);
  const sorted = [...c.firstPage.slice(1)].sort((a, b) => a - b);
  console.log(`  first page on the warm topic           median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms over ${sorted.length} opens `
    + `(first open ${c.firstPage[0]!.toFixed(0)} ms; with a new client ${c.firstPageCold.toFixed(0)} ms) (goal <= 300 ms)`);
  console.log('    (host side: describe, plan, throwaway group join, first fetch, store, page snapshot; not the panel\'s 200 ms push throttle nor webview paint)');
}

/** Admin calls right after a long read can meet a stale leader; one retry after a moment. */
async function retry<T>(fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch { await new Promise((r) => setTimeout(r, 2000)); return fn(); }
}

async function produceBench(api: KafkaApi, dir: string): Promise<void> {
  const jsonl = path.join(dir, 'produce.jsonl');
  const tsv = path.join(dir, 'produce.tsv');
  const j = fs.openSync(jsonl, 'w');
  const t = fs.openSync(tsv, 'w');
  for (let i = 0; i < PRODUCE_COUNT; i += 1000) {
    let a = '', b = '';
    for (let k = i; k < i + 1000; k++) {
      const value = benchValue(k);
      a += `${JSON.stringify({ key: `k-${k}`, value: JSON.parse(value) as unknown })}\n`;
      b += `k-${k}\t${value}\n`;
    }
    fs.writeSync(j, a); fs.writeSync(t, b);
  }
  fs.closeSync(j); fs.closeSync(t);
  const topics = ['shoreline-bench-produce-kcat', 'shoreline-bench-produce-shoreline', 'shoreline-bench-produce-cli'];
  const existing = new Set((await retry(() => api.listTopics())).map((x) => x.name));
  for (const name of topics) {
    if (existing.has(name)) await api.deleteTopic(name);
    await retry(() => api.createTopic({ name, partitions: 3, replicationFactor: 1, configs: {} }));
  }
  const k = await run('kcat', ['-P', '-b', BROKER, '-t', topics[0]!, '-K', '\t', '-l', tsv]);
  // the CLI's produce --file path in this process: read, parse and validate every line, then send (acks all)
  const t0 = performance.now();
  const parsed = parseProduceText(fs.readFileSync(jsonl, 'utf8'), 'produce.jsonl');
  const sum = await api.produce(topics[1]!, parsed.messages, { compression: 'none', returnPlacement: false });
  const own = performance.now() - t0;
  const c = await cli(['produce', topics[2]!, '--file', jsonl, '--bootstrap-server', BROKER, '--json']);
  const counts = await Promise.all(topics.map(async (x) => (await api.describeTopic(x)).messages));
  console.log(`kafka: produce ${fmt(PRODUCE_COUNT)} messages (~${VALUE_BYTES} B JSON values, keyed) from a file, acks all`);
  console.log(`  kcat -P -l                             ${s(k.ms)}  ${fmt(rate(counts[0]!, k.ms))} msg/s`);
  console.log(`  shoreline (parse file + produce)       ${s(own)}  ${fmt(rate(sum.sent, own))} msg/s  ratio to kcat ${(k.ms / own).toFixed(2)}`);
  console.log(`  shoreline produce --file (CLI process) ${s(c.ms)}  ${fmt(rate(counts[2]!, c.ms))} msg/s  ratio to kcat ${(k.ms / c.ms).toFixed(2)}`);
  if (counts.some((n) => n !== PRODUCE_COUNT)) console.log(`  !! topic counts ${counts.join(' / ')}, expected ${PRODUCE_COUNT} each`);
  for (const name of topics) await api.deleteTopic(name);
}

/** `npm run bench -- kafka`. */
export async function kafkaBench(): Promise<void> {
  const keep = process.env.SHORELINE_KBENCH_KEEP === '1';
  if (!keep) await cli(['down', '--volumes']);
  const up = await cli(['up', '--wait', '--services', 'kafka']);
  console.log(`kafka: broker (stand-in image, project shoreline-kbench) healthy in ${s(up.ms)}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-kbench-'));
  const api = createKafkaClient(localCluster('127.0.0.1', PORT));
  try {
    const which = (process.env.SHORELINE_KBENCH_PARTS ?? 'consume,produce').split(',');
    if (which.includes('consume')) await consumeBench(api);
    if (which.includes('produce')) {
      const fresh = createKafkaClient(localCluster('127.0.0.1', PORT));
      try { await produceBench(fresh, dir); } finally { await fresh.disconnect(); }
    }
  } finally {
    await api.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!keep) await cli(['down', '--volumes']);
  }
}

if (require.main === module && process.argv[2] === 'child') {
  childMain(process.argv[3]!, Number(process.argv[4])).catch((e: unknown) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
}

