import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as avsc from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { frameConfluent } from '../../domain/kafka/avroDecoding';
import { localCluster } from '../../domain/kafka/kafkaConnection';
import type { RawMessage } from '../../domain/kafka/kafkaModel';
import { decodeMessage, toStored, type StoredMessage } from '../../domain/kafka/messageDecoding';
import { REPO_ROOT, testStackEnv } from '../../test/ciImages';
import { createKafkaClient } from './createKafkaClient';
import type { KafkaApi } from './kafkaApi';
import { avroDecoderFor } from './schemaRegistry';

/**
 * Avro through a schema registry, end to end on the stack's real Kafka (stand-in image, own project and ports
 * 35xxx): schemas are registered over the Confluent REST API, records are produced Confluent-framed with avsc, and
 * read back through the viewer's topic reader + decoder and through `shoreline consume --schema-registry`.
 *
 * The registry is NOT a real one: no Confluent-compatible registry can be built here (Confluent's and Karapace's
 * packages are not reachable, and Apicurio's Maven Central artifacts are incomplete; see
 * .ci/images/schema-registry/README.md). It is a minimal in-process server for the four Confluent endpoints the
 * test and Shoreline use (register, schema by id, versions of an id, 404 with error_code 40403), so the HTTP adapter
 * runs over real HTTP. Replace it with the stand-in image once one exists.
 */
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PROJECT = 'shoreline-avro';
const ENV = testStackEnv(PROJECT, 35000);
const PORT = Number(ENV.SHORELINE_PORT_KAFKA);
const TOPIC = `shoreline-test-avro-${process.pid}`;

const orderSchema = {
  type: 'record', name: 'OrderFulfilled', namespace: 'storefront',
  fields: [
    { name: 'orderId', type: 'long' }, { name: 'customer', type: 'string' }, { name: 'total', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null }, { name: 'items', type: { type: 'array', items: 'string' } },
  ],
};
const orderType = avsc.Type.forSchema(orderSchema as avsc.Schema);
const keyType = avsc.Type.forSchema('string');
const order = (i: number) => ({ orderId: 1000 + i, customer: `customer-${i}`, total: i * 1.5, note: i % 3 ? null : `gift ${i}`, items: [`sku-${i}`] });

/** Minimal Confluent-API registry (see the module comment). */
function startRegistry(): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
  const byId = new Map<number, { schema: string; subject: string; version: number }>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const send = (status: number, v: unknown) => { res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' }); res.end(JSON.stringify(v)); };
      const reg = /^\/subjects\/([^/]+)\/versions$/.exec(req.url ?? '');
      const ids = /^\/schemas\/ids\/(\d+)(\/versions)?$/.exec(req.url ?? '');
      if (req.method === 'POST' && reg) {
        const subject = decodeURIComponent(reg[1]!);
        const schema = (JSON.parse(body) as { schema: string }).schema;
        const same = [...byId].find(([, s]) => s.schema === schema && s.subject === subject);
        const id = same?.[0] ?? byId.size + 1;
        if (!same) byId.set(id, { schema, subject, version: [...byId.values()].filter((s) => s.subject === subject).length + 1 });
        return send(200, { id });
      }
      if (req.method === 'GET' && ids) {
        const s = byId.get(Number(ids[1]));
        if (!s) return send(404, { error_code: 40403, message: `Schema ${ids[1]} not found` });
        return ids[2] ? send(200, [{ subject: s.subject, version: s.version }]) : send(200, { schema: s.schema });
      }
      send(404, { error_code: 404, message: 'not found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  })));
}

async function register(url: string, subject: string, schema: unknown): Promise<number> {
  const res = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { id: number }).id;
}

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...ENV, ...env }, timeout: 280_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}
const ok = (r: Run) => { assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`); return r; };

describe('Avro with a schema registry on the stack\'s real Kafka', function () {
  this.timeout(300_000);
  let api: KafkaApi;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let valueId = 0, keyId = 0;
  const kafka = new Kafka({ clientId: 'shoreline-avro-int', brokers: [`127.0.0.1:${PORT}`], logLevel: logLevel.NOTHING });

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run "npm run build" first');
    registry = await startRegistry();
    await cli(['down', '--volumes']);
    ok(await cli(['up', '--wait', '--services', 'kafka']));
    api = createKafkaClient(localCluster('127.0.0.1', PORT));
    await api.createTopic({ name: TOPIC, partitions: 2, replicationFactor: 1, configs: {} });
    valueId = await register(registry.url, `${TOPIC}-value`, orderSchema);
    keyId = await register(registry.url, `${TOPIC}-key`, 'string');
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 50 }, (_, i) => ({
      partition: i % 2,
      key: Buffer.from(frameConfluent(keyId, keyType.toBuffer(`order-${i}`))),
      value: Buffer.from(frameConfluent(valueId, orderType.toBuffer(order(i)))),
    }));
    // one record framed with an id the registry does not know, and one plain JSON record, both on partition 0
    messages.push({ partition: 0, key: Buffer.from('stray'), value: Buffer.from(frameConfluent(4242, orderType.toBuffer(order(99)))) });
    messages.push({ partition: 0, key: Buffer.from('plain'), value: Buffer.from('{"plain":true}') });
    await producer.send({ topic: TOPIC, messages });
    await producer.disconnect();
  });
  after(async () => {
    await api?.disconnect();
    await registry?.close();
    await cli(['down', '--volumes']);
  });

  it('the viewer\'s reader + decoder show every Avro record as its fields, with schema id and subject', async () => {
    const avro = avroDecoderFor('local', registry.url);
    const stored: StoredMessage[] = [];
    let chain: Promise<void> = Promise.resolve();
    const r = await api.read({
      topic: TOPIC, from: { kind: 'beginning' }, collect: false,
      onMessages: (batch: RawMessage[]) => {
        const s = batch.map(toStored);
        chain = chain.then(() => avro.annotate(batch, s)).then(() => { stored.push(...s); });
      },
    });
    await chain;
    assert.equal(r.count, 52);
    assert.equal(stored.length, 52);
    const decoded = stored.map((m) => decodeMessage(m));
    const avroRows = decoded.filter((d) => d.value.kind === 'json' && d.value.subject === `${TOPIC}-value`);
    assert.equal(avroRows.length, 50);
    const byOrder = new Map(avroRows.map((d) => [(d.value.json as { orderId: number }).orderId, d]));
    for (let i = 0; i < 50; i++) {
      const d = byOrder.get(1000 + i);
      assert.ok(d, `order ${1000 + i} decoded`);
      assert.deepEqual(d.value.json, order(i));
      assert.deepEqual([d.value.schemaId, d.key.kind, d.key.json, d.key.schemaId, d.key.subject], [valueId, 'json', `order-${i}`, keyId, `${TOPIC}-key`]);
      assert.equal(d.partition, i % 2);
    }
    const stray = decoded.find((d) => d.key.text === 'stray');
    assert.ok(stray);
    assert.equal(stray.value.kind, 'bytes');
    assert.match(stray.value.error ?? '', new RegExp(`schema id 4242 is not in the schema registry ${registry.url.replace(/[.]/g, '\\.')} \\(HTTP 404, error_code 40403\\)`));
    const plain = decoded.find((d) => d.key.text === 'plain');
    assert.deepEqual([plain?.value.kind, plain?.value.json, plain?.value.schemaId], ['json', { plain: true }, undefined]);
    // each schema was fetched once for the whole read (the decoder caches per cluster)
    const lookups = registry.requests.filter((x) => /^GET \/schemas\/ids\/\d+$/.test(x)).sort();
    assert.deepEqual(lookups, [`GET /schemas/ids/${keyId}`, `GET /schemas/ids/${valueId}`, 'GET /schemas/ids/4242'].sort());
  });

  it('shoreline consume --schema-registry prints Avro as JSON; an unreachable registry leaves the bytes and the reason on each row', async () => {
    const r = ok(await cli(['consume', TOPIC, '--from', 'beginning', '--partition', '0', '--json', '--schema-registry', registry.url]));
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 27);
    const first = lines.find((l) => l.key === '"order-0"');
    assert.ok(first, r.stdout.slice(0, 500));
    assert.deepEqual(JSON.parse(first.value as string), order(0));
    assert.deepEqual(first.valueSchema, { id: valueId, subject: `${TOPIC}-value` });
    assert.deepEqual(first.keySchema, { id: keyId, subject: `${TOPIC}-key` });

    const down = ok(await cli(['consume', TOPIC, '--from', 'beginning', '--partition', '1', '--json'], { SHORELINE_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:35081' }));
    const rows = down.stdout.trim().split('\n').map((l) => JSON.parse(l) as { value: string; valueEncoding?: string; valueSchema?: { id: number; error?: string } });
    assert.equal(rows.length, 25);
    for (const row of rows) {
      assert.equal(row.valueEncoding, 'base64');
      assert.equal(row.valueSchema?.id, valueId);
      assert.match(row.valueSchema?.error ?? '', /the schema registry http:\/\/127\.0\.0\.1:35081 is unreachable \(ECONNREFUSED\), so schema id \d+ cannot be fetched/);
    }
    const bad = await cli(['consume', TOPIC, '--schema-registry', 'localhost:8081']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--schema-registry is "localhost:8081": only http and https/);
  });
});
