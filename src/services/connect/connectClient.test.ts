import * as assert from 'node:assert/strict';
import type { ShorelineError } from '../../domain/errors';
import * as fx from '../../test/fixtures/connectRest';
import { ConnectClient } from './connectClient';

interface Seen { method: string; url: string; body?: string }
type Reply = { status: number; body?: unknown } | Error;

/** A fetch that answers from a script and records the requests. */
function scripted(replies: Reply[]): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    seen.push({ method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? init.body : undefined });
    const r = replies.shift();
    if (!r) throw new Error('no scripted reply left');
    if (r instanceof Error) throw r;
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
  };
  return { fetch: f as typeof fetch, seen };
}
const refused = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8083'), { code: 'ECONNREFUSED' }) });
const client = (replies: Reply[]) => {
  const s = scripted(replies);
  const sleeps: number[] = [];
  return { c: new ConnectClient('http://127.0.0.1:8083/', { fetch: s.fetch, sleep: async (ms) => { sleeps.push(ms); } }), seen: s.seen, sleeps };
};

describe('ConnectClient (scripted worker)', () => {
  it('names the URL and the next step when the worker is not reachable', async () => {
    const { c } = client([refused()]);
    await assert.rejects(c.plugins(), (e: ShorelineError) => e.code === 'connect.unreachable'
      && e.message === 'Kafka Connect is not reachable at http://127.0.0.1:8083 (ECONNREFUSED)'
      && e.fix.startsWith('start the stack (shoreline up --services kafka,connect)'));
  });

  it('retries a 409 (rebalance) with growing back-off, then succeeds', async () => {
    const { c, seen, sleeps } = client([{ status: 409, body: { error_code: 409, message: 'rebalance' } }, { status: 409 }, { status: 201, body: { name: 'a', config: { name: 'a', x: '1' }, tasks: [] } }]);
    const r = await c.apply('a', { x: '1', name: 'other' });
    assert.equal(r.created, true);
    assert.deepEqual(sleeps, [250, 500]);
    assert.equal(seen.length, 3);
    assert.deepEqual(JSON.parse(seen[0]!.body!), { x: '1', name: 'a' }, 'the URL name wins over a stale name key');
    assert.equal(seen[0]!.url, 'http://127.0.0.1:8083/connectors/a/config');
  });

  it('gives up on a 409 that does not settle', async () => {
    const busy = { status: 409, body: { error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' } };
    const { c } = client(Array.from({ length: 6 }, () => busy));
    await assert.rejects(c.pause('a'), (e: ShorelineError) => e.code === 'connect.rebalancing' && /conflicting operation/.test(e.message));
  });

  it('restart: 202 carries what restarts, 204 does not', async () => {
    const { c, seen } = client([{ status: 202, body: fx.restartAccepted }, { status: 204 }]);
    const a = await c.restart('dbz-probe', { includeTasks: true, onlyFailed: false });
    assert.equal(a.accepted, true);
    assert.deepEqual(a.status!.tasks.map((t) => t.state), ['RESTARTING']);
    assert.equal(seen[0]!.url, 'http://127.0.0.1:8083/connectors/dbz-probe/restart?includeTasks=true&onlyFailed=false');
    assert.deepEqual(await c.restart('dbz-probe', { includeTasks: false, onlyFailed: false }), { name: 'dbz-probe', accepted: false });
  });

  it('refuses to reset offsets of a running connector before asking the worker to', async () => {
    const { c, seen } = client([{ status: 200, body: fx.restartAccepted }]);
    await assert.rejects(c.resetOffsets('dbz-probe'), (e: ShorelineError) => e.code === 'connect.notStopped' && /RESTARTING/.test(e.message) && /connector stop dbz-probe/.test(e.fix));
    assert.equal(seen.length, 1, 'no DELETE sent');
  });

  it('validate sends the class in the path and the body and maps the answer', async () => {
    const { c, seen } = client([{ status: 200, body: fx.validatePostgresBadPort }]);
    const v = await c.validate('io.debezium.connector.postgresql.PostgresConnector', { 'database.port': 'abc' });
    assert.equal(seen[0]!.url, 'http://127.0.0.1:8083/connector-plugins/io.debezium.connector.postgresql.PostgresConnector/config/validate');
    assert.equal(JSON.parse(seen[0]!.body!)['connector.class'], 'io.debezium.connector.postgresql.PostgresConnector');
    assert.equal(v.definitions.find((d) => d.name === 'database.port')!.errors.length, 1);
  });

  it('encodes connector names and reads offsets and topics', async () => {
    const { c, seen } = client([{ status: 200, body: fx.offsetsAfterSnapshot }, { status: 200, body: { 'a b': { topics: ['t1'] } } }]);
    const o = await c.offsets('a b');
    assert.equal(o[0]!.offset!.lsn, 42294272);
    assert.deepEqual(await c.topics('a b'), ['t1']);
    assert.equal(seen[0]!.url, 'http://127.0.0.1:8083/connectors/a%20b/offsets');
  });

  it('rejects a URL that is not http(s)', () => {
    assert.throws(() => new ConnectClient('localhost:8083'), /not an http\(s\) URL/);
  });
});
