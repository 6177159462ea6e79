import * as assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { IpcEndpoint, RequestFailedError, defineNotification, defineRequest, parseEnvelope, type Envelope } from './ipc';

const Echo = defineRequest<{ text: string }, string>('test/echo');
const Boom = defineRequest<Record<string, never>, never>('test/boom');
const SetName = defineRequest<{ name: string }, boolean>('test/setName', z.object({ name: z.string().check(z.minLength(1)) }));
const State = defineNotification<{ n: number }>('test/state');

/** An endpoint whose outgoing messages are recorded. */
function recorder(opts: { timeoutMs?: number; send?: (m: Envelope) => void } = {}) {
  const sent: Envelope[] = [];
  const logs: string[] = [];
  const ep = new IpcEndpoint((m) => { (opts.send ?? (() => undefined))(m); sent.push(m); }, { timeoutMs: opts.timeoutMs ?? 1000, log: (m) => logs.push(m) });
  return { ep, sent, logs, responses: () => sent.filter((m): m is Extract<Envelope, { kind: 'response' }> => m.kind === 'response') };
}

/** Two endpoints wired to each other, as host and webview are. */
function pair() {
  const ends: { host?: IpcEndpoint; webview?: IpcEndpoint } = {};
  ends.host = new IpcEndpoint((m) => { setImmediate(() => void ends.webview?.receive(m)); });
  ends.webview = new IpcEndpoint((m) => { setImmediate(() => void ends.host?.receive(m)); });
  return { host: ends.host, webview: ends.webview };
}

describe('webview ipc', () => {
  it('answers a request exactly once with {ok: true, value}', async () => {
    const { ep, responses } = recorder();
    ep.onRequest(Echo, ({ text }) => text.toUpperCase());
    await ep.receive({ kind: 'request', id: 7, method: 'test/echo', params: { text: 'hi' } });
    assert.deepEqual(responses(), [{ kind: 'response', id: 7, result: { ok: true, value: 'HI' } }]);
  });

  it('turns a throwing (or rejecting) handler into exactly one {ok: false, error}', async () => {
    const { ep, responses } = recorder();
    ep.onRequest(Boom, () => { throw new Error('the worker said no'); });
    ep.onRequest(Echo, async () => { throw new TypeError('async failure'); });
    await ep.receive({ kind: 'request', id: 1, method: 'test/boom', params: {} });
    await ep.receive({ kind: 'request', id: 2, method: 'test/echo', params: { text: 'x' } });
    assert.deepEqual(responses(), [
      { kind: 'response', id: 1, result: { ok: false, error: 'the worker said no' } },
      { kind: 'response', id: 2, result: { ok: false, error: 'async failure' } },
    ]);
  });

  it('does not run a handler whose params fail the schema, and says why', async () => {
    const { ep, responses, logs } = recorder();
    let calls = 0;
    ep.onRequest(SetName, () => { calls++; return true; });
    await ep.receive({ kind: 'request', id: 3, method: 'test/setName', params: { name: '' } });
    await ep.receive({ kind: 'request', id: 4, method: 'test/setName', params: 'not an object' });
    await ep.receive({ kind: 'request', id: 5, method: 'test/setName', params: { name: 'ok', extra: 1 } });
    assert.equal(calls, 1);
    const r = responses();
    assert.equal(r.length, 3);
    assert.equal(r[0]?.result.ok, false);
    assert.match(r[0]?.result.ok === false ? r[0].result.error : '', /^invalid params for test\/setName: name: /);
    assert.equal(r[1]?.result.ok, false);
    assert.deepEqual(r[2]?.result, { ok: true, value: true });
    assert.equal(logs.filter((l) => l.startsWith('rejected request "test/setName"')).length, 2);
  });

  it('drops unknown methods: a notification is logged and ignored, a request runs nothing and is answered once', async () => {
    const { ep, sent, responses, logs } = recorder();
    let seen = 0;
    ep.onNotification(State, () => { seen++; });
    await ep.receive({ kind: 'notification', method: 'test/unknown', params: { n: 1 } });
    assert.deepEqual(sent, []);
    assert.equal(seen, 0);
    await ep.receive({ kind: 'request', id: 9, method: 'test/nope', params: {} });
    assert.deepEqual(responses(), [{ kind: 'response', id: 9, result: { ok: false, error: 'unknown method "test/nope"' } }]);
    assert.deepEqual(logs, ['dropped notification for unknown method "test/unknown"', 'dropped request for unknown method "test/nope"']);
  });

  it('drops anything that is not an envelope without answering', async () => {
    const { ep, sent, logs } = recorder();
    ep.onRequest(Echo, ({ text }) => text);
    for (const raw of [null, 'x', 42, { kind: 'request', method: 'test/echo' }, { kind: 'request', id: 1.5, method: 'test/echo' }, { kind: 'bogus' }]) await ep.receive(raw);
    assert.deepEqual(sent, []);
    assert.equal(logs.length, 6);
    assert.equal(parseEnvelope({ kind: 'response', id: 1, result: { ok: false } })?.kind, 'response');
  });

  it('still answers once when the first reply cannot be sent (e.g. a value postMessage cannot clone)', async () => {
    let first = true;
    const { ep, responses } = recorder({ send: (m) => { if (m.kind === 'response' && first) { first = false; throw new Error('could not be cloned'); } } });
    ep.onRequest(Echo, () => 'x');
    await ep.receive({ kind: 'request', id: 11, method: 'test/echo', params: { text: '' } });
    assert.deepEqual(responses(), [{ kind: 'response', id: 11, result: { ok: false, error: 'the reply could not be sent: could not be cloned' } }]);
  });

  it('round-trips between two endpoints: value, error, notification', async () => {
    const { host, webview } = pair();
    host.onRequest(Echo, ({ text }) => `echo:${text}`);
    host.onRequest(Boom, () => { throw new Error('nope'); });
    const got: number[] = [];
    webview.onNotification(State, (s) => got.push(s.n));
    assert.equal(await webview.request(Echo, { text: 'a' }), 'echo:a');
    await assert.rejects(webview.request(Boom, {}), (e: RequestFailedError) => e instanceof RequestFailedError && e.message === 'nope' && e.method === 'test/boom' && !e.timedOut);
    host.notify(State, { n: 1 });
    host.notify(State, { n: 2 });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, [1, 2]);
  });

  it('times out on the requesting side when no reply comes, and ignores a late one', async () => {
    const { ep, logs } = recorder({ timeoutMs: 20 });
    const t0 = Date.now();
    await assert.rejects(ep.request(Echo, { text: 'x' }), (e: RequestFailedError) => e.timedOut && /no reply within/.test(e.message));
    assert.ok(Date.now() - t0 >= 15);
    await ep.receive({ kind: 'response', id: 1, result: { ok: true, value: 'late' } });
    assert.deepEqual(logs, ['dropped a reply to unknown or expired request 1']);
  });

  it('rejects pending requests when disposed', async () => {
    const { ep } = recorder({ timeoutMs: 10_000 });
    const p = ep.request(Echo, { text: 'x' });
    ep.dispose();
    await assert.rejects(p, /the panel was closed/);
  });
});
