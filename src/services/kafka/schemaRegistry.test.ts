import * as assert from 'node:assert/strict';
import { registryLookup } from './schemaRegistry';

type Route = (url: string) => { status: number; body: unknown } | Error;

function fakeFetch(route: Route): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    const url = String(input);
    urls.push(url);
    const r = route(url);
    if (r instanceof Error) throw r;
    return new Response(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), { status: r.status });
  }) as typeof fetch;
  return { fetch: f, urls };
}

describe('schema registry lookup (Confluent REST API)', () => {
  it('fetches the schema by id and the subject it is registered under', async () => {
    const ff = fakeFetch((u) => u.endsWith('/schemas/ids/7') ? { status: 200, body: { schema: '"string"' } }
      : u.endsWith('/schemas/ids/7/versions') ? { status: 200, body: [{ subject: 'orders-key', version: 3 }] } : { status: 404, body: {} });
    const s = await registryLookup('http://sr:8081', { fetch: ff.fetch })(7);
    assert.deepEqual(s, { schema: '"string"', subject: 'orders-key', version: 3 });
    assert.deepEqual(ff.urls, ['http://sr:8081/schemas/ids/7', 'http://sr:8081/schemas/ids/7/versions']);
  });
  it('still returns the schema when the registry has no versions endpoint', async () => {
    const ff = fakeFetch((u) => u.endsWith('/schemas/ids/5') ? { status: 200, body: { schema: '"int"', schemaType: 'AVRO' } } : { status: 404, body: 'no' });
    assert.deepEqual(await registryLookup('http://sr', { fetch: ff.fetch })(5), { schema: '"int"', schemaType: 'AVRO' });
  });
  it('says which id is unknown, which registry is unreachable, and what else went wrong', async () => {
    const notFound = fakeFetch(() => ({ status: 404, body: { error_code: 40403, message: 'Schema 99 not found' } }));
    await assert.rejects(registryLookup('http://sr:8081', { fetch: notFound.fetch })(99), /^Error: schema id 99 is not in the schema registry http:\/\/sr:8081 \(HTTP 404, error_code 40403\)/);
    const refused = fakeFetch(() => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    await assert.rejects(registryLookup('http://127.0.0.1:9', { fetch: refused.fetch })(7), /the schema registry http:\/\/127\.0\.0\.1:9 is unreachable \(ECONNREFUSED\), so schema id 7 cannot be fetched; start it or fix/);
    const broken = fakeFetch(() => ({ status: 500, body: { error_code: 50001, message: 'Error in the backend data store' } }));
    await assert.rejects(registryLookup('http://sr', { fetch: broken.fetch })(1), /answered HTTP 500 for schema id 1: Error in the backend data store/);
    const notRegistry = fakeFetch(() => ({ status: 200, body: '<html>' }));
    await assert.rejects(registryLookup('http://web', { fetch: notRegistry.fetch })(1), /sent no schema for id 1 \(is http:\/\/web the registry's base URL\?\)/);
  });
  it('gives up after the timeout against a registry that never answers', async () => {
    const hang = (async (_u: string | URL | Request, init?: RequestInit) => new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'TimeoutError' })));
    })) as typeof fetch;
    await assert.rejects(registryLookup('http://slow', { fetch: hang, timeoutMs: 50 })(3), /http:\/\/slow is unreachable \(no answer in time\)/);
  });
});
