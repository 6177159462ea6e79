import type { Probe } from '../../domain/stack/stackSpec';

/** Runs a host-side readiness probe; resolves with an error text, or undefined when the service answers. */
export type ProbeRunner = (probe: Probe, host: string, port: number, opts: { postgresPassword: string }) => Promise<string | undefined>;

const TIMEOUT_MS = 1500;

/** Real probes: a Kafka metadata request, an HTTP GET, a PostgreSQL query, a MongoDB ping. Clients load lazily. */
export const hostProbe: ProbeRunner = async (probe, host, port, opts) => {
  try {
    switch (probe.kind) {
      case 'http': return await deadline(httpProbe(`http://${host}:${port}${probe.path}`));
      case 'kafka': return await deadline(kafkaProbe(host, port));
      case 'postgres': return await deadline(postgresProbe(host, port, opts.postgresPassword));
      case 'mongo': return await deadline(mongoProbe(host, port));
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

/**
 * Settles a probe within TIMEOUT_MS + 500 ms whatever the client does. Seen: fetch() to a docker-proxy port whose
 * container is not listening yet can leave a promise that never settles and holds no handle (AbortSignal.timeout's
 * timer is unref'd), so a CLI process simply exited with code 0 mid-wait. This timer is ref'd on purpose.
 */
function deadline<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS + 500} ms`)), TIMEOUT_MS + 500); });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

async function httpProbe(url: string): Promise<string | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer();
  return res.ok ? undefined : `HTTP ${res.status} from ${url}`;
}

async function kafkaProbe(host: string, port: number): Promise<string | undefined> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'shoreline-probe', brokers: [`${host}:${port}`], logLevel: logLevel.NOTHING,
    connectionTimeout: TIMEOUT_MS, requestTimeout: TIMEOUT_MS, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const c = await admin.describeCluster();
    return c.brokers.length > 0 ? undefined : 'no brokers in metadata';
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function postgresProbe(host: string, port: number, password: string): Promise<string | undefined> {
  const { Client } = await import('pg');
  const client = new Client({ host, port, user: 'postgres', password, database: 'postgres', connectionTimeoutMillis: TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function mongoProbe(host: string, port: number): Promise<string | undefined> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(`mongodb://${host}:${port}/?directConnection=true`, { serverSelectionTimeoutMS: TIMEOUT_MS, connectTimeoutMS: TIMEOUT_MS });
  try {
    await client.connect();
    const r = await client.db('admin').command({ ping: 1 });
    return r.ok === 1 ? undefined : 'ping did not return ok';
  } finally {
    await client.close().catch(() => undefined);
  }
}
