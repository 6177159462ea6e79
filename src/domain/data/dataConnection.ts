/**
 * User-added data connections (`shoreline.data.connections`, and `--url` on the CLI): a PostgreSQL or MongoDB server
 * other than the stack's own, given as a connection URL WITHOUT its password, or S3 through an AWS profile. The
 * password lives in VS Code's SecretStorage (or PGPASSWORD / SHORELINE_MONGO_PASSWORD for the CLI) and never in
 * settings, URLs or labels; S3 uses the AWS credential chain.
 * Pure: the extension, the engine bundle and the CLI parse entries the same way.
 */
import { ShorelineError } from '../errors';

export type DataConnectionType = 'postgres' | 'mongodb' | 's3';

/** How PostgreSQL's TLS is used: off, on without checking the certificate (libpq's `require`), or verified. */
export type PgTls = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface PgConnectionTarget { host: string; port: number; user: string; database: string; tls: PgTls; rootCertFile?: string }

export interface DataConnection {
  name: string;
  type: DataConnectionType;
  /** The URL as written (no password): shown in the tree and in errors. */
  url: string;
  /** PostgreSQL: where and as whom to connect. */
  pg?: PgConnectionTarget;
  /** MongoDB: the URL to hand the driver and the user name the SecretStorage password belongs to. */
  mongo?: { url: string; username?: string };
  /**
   * S3 (AWS or S3-compatible): the credentials come from an AWS profile or the SDK's default chain, as for ECR (SSO,
   * roles, MFA); no password is stored. `endpoint` is for S3-compatible servers and emulators (path-style requests).
   */
  s3?: { profile?: string; region: string; endpoint?: string };
}

/** A settings entry that could not be read: shown in the Data view with the reason. */
export interface InvalidDataConnection { name: string; invalid: string }

export const DATA_CONNECTIONS_SETTING = 'shoreline.data.connections';

/** Name rule shared by the settings, the wizard and the CLI. */
export function dataConnectionNameError(name: string): string | undefined {
  if (!/^[\w.-]{1,64}$/.test(name)) return `is "${name}"; use 1-64 letters, digits, ".", "_" or "-"`;
  if (name === 'stack') return 'is "stack", the name of the stack\'s own servers; pick another';
  return undefined;
}

/** The SecretStorage key of a connection's password. */
export function dataSecretKey(name: string): string {
  return `shoreline.data.${name}.password`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(where: string, field: string, problem: string, fix: string): ShorelineError {
  return new ShorelineError('data.badConnection', `${where}: ${field} ${problem}`, fix);
}

/** Reads a URL; `where` names the setting entry or flag in errors. The password, if any, is never echoed. */
function readUrl(text: string, where: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw bad(where, 'url', `"${text}" is not a URL`, 'write it as postgres://user@host:5432/database or mongodb://user@host:27017/?authSource=admin');
  }
  if (u.password) {
    const shown = `${u.protocol}//${u.username ? `${u.username}:***@` : ''}${u.host}${u.pathname}`;
    throw bad(where, 'url', `${shown} holds a password`,
      'remove the password from the URL; Shoreline keeps it in VS Code\'s SecretStorage ("Shoreline: Set Data Connection Password"), the CLI reads PGPASSWORD or SHORELINE_MONGO_PASSWORD');
  }
  return u;
}

const SSL_MODES: Record<string, PgTls> = { disable: 'disable', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' };

/** Parses a PostgreSQL URL (postgres:// or postgresql://) into a connection target. */
export function parsePgUrl(text: string, where: string): PgConnectionTarget {
  const u = readUrl(text.trim(), where);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw bad(where, 'url', `"${text}" is not a PostgreSQL URL`, 'start it with postgres://, e.g. postgres://app@db.example.com:5432/app');
  }
  if (!u.hostname) throw bad(where, 'url', `"${text}" names no host`, 'e.g. postgres://app@db.example.com:5432/app');
  const user = decodeURIComponent(u.username);
  if (!user) throw bad(where, 'url', `"${text}" names no user`, 'put the user before the host: postgres://app@db.example.com:5432/app');
  const port = u.port ? Number(u.port) : 5432;
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const mode = u.searchParams.get('sslmode') ?? 'disable';
  const tls = SSL_MODES[mode];
  if (!tls) {
    throw bad(where, 'sslmode', `is "${mode}"`, 'use disable, require (TLS, certificate not checked), verify-ca or verify-full (checked; add sslrootcert=/path/ca.pem for a private CA)');
  }
  for (const k of u.searchParams.keys()) {
    if (k !== 'sslmode' && k !== 'sslrootcert') throw bad(where, `parameter "${k}"`, 'is not supported', 'keep only sslmode and sslrootcert in the URL\'s query');
  }
  const rootCertFile = u.searchParams.get('sslrootcert') ?? undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port, user, database, tls, ...(rootCertFile ? { rootCertFile } : {}) };
}

/** Checks a MongoDB URL (mongodb:// or mongodb+srv://) and returns it with the user name it names. */
export function parseMongoUrl(text: string, where: string): { url: string; username?: string } {
  const t = text.trim();
  if (!/^mongodb(\+srv)?:\/\//.test(t)) throw bad(where, 'url', `"${text}" is not a MongoDB URL`, 'start it with mongodb:// or mongodb+srv://, e.g. mongodb://app@mongo.example.com:27017/?authSource=admin');
  // several hosts (a replica set) are not a WHATWG URL: check the part after the hosts with the first host only
  const m = /^(mongodb(?:\+srv)?:\/\/)(?:([^@/]*)@)?([^/?]+)(.*)$/.exec(t);
  if (!m || !m[3]) throw bad(where, 'url', `"${text}" names no host`, 'e.g. mongodb://app@mongo.example.com:27017/');
  const [, scheme, userinfo, hosts, rest] = m;
  if (userinfo?.includes(':')) readUrl(`${scheme}${userinfo}@${hosts.split(',')[0]}${rest}`, where); // throws: a password
  readUrl(`${scheme}${hosts.split(',')[0]}${rest}`, where);
  const username = userinfo ? decodeURIComponent(userinfo) : undefined;
  // the driver gets the URL without the user: the user and password go in its auth option
  return { url: `${scheme}${hosts}${rest}`, ...(username ? { username } : {}) };
}

/** Reads one `shoreline.data.connections` entry (index for errors). */
export function parseDataConnectionEntry(raw: unknown, index: number): DataConnection {
  const where = `${DATA_CONNECTIONS_SETTING}[${index}]`;
  if (!isObj(raw)) throw bad(where, 'entry', 'is not an object', 'write {"name": "orders-db", "type": "postgres", "url": "postgres://app@localhost:5432/app"}');
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  const nameError = dataConnectionNameError(name);
  if (nameError) throw bad(where, 'name', nameError, 'give each connection a short unique name');
  const at = `${where} (${name})`;
  if (raw.type !== 'postgres' && raw.type !== 'mongodb' && raw.type !== 's3') throw bad(at, 'type', `is "${String(raw.type)}"`, 'use "postgres", "mongodb" or "s3"');
  const fields = raw.type === 's3' ? ['name', 'type', 'profile', 'region', 'endpoint'] : ['name', 'type', 'url'];
  for (const k of Object.keys(raw)) {
    if (!fields.includes(k)) throw bad(at, `"${k}"`, `is not a field of a ${raw.type} connection`, `keep ${fields.join(', ')}${raw.type === 's3' ? ' (credentials come from the AWS profile)' : ' (the password goes to SecretStorage)'}`);
  }
  if (raw.type === 's3') return { name, type: 's3', ...parseS3Connection(raw, at) };
  if (typeof raw.url !== 'string' || !raw.url.trim()) throw bad(at, 'url', 'is missing', raw.type === 'postgres' ? 'e.g. "postgres://app@localhost:5432/app"' : 'e.g. "mongodb://app@localhost:27017/?authSource=admin"');
  const url = raw.url.trim();
  return raw.type === 'postgres'
    ? { name, type: 'postgres', url, pg: parsePgUrl(url, at) }
    : { name, type: 'mongodb', url, mongo: parseMongoUrl(url, at) };
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;

function parseS3Connection(raw: Record<string, unknown>, at: string): { url: string; s3: NonNullable<DataConnection['s3']> } {
  const text = (k: string) => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v.trim()) throw bad(at, k, `is ${JSON.stringify(v)}`, `give a non-empty string or leave ${k} out`);
    return v.trim();
  };
  const profile = text('profile');
  const region = text('region') ?? 'us-east-1';
  if (!REGION_RE.test(region)) throw bad(at, 'region', `is "${region}"`, 'give an AWS region such as eu-west-1');
  const endpoint = text('endpoint');
  if (endpoint) {
    let u: URL | undefined;
    try { u = new URL(endpoint); } catch { /* below */ }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw bad(at, 'endpoint', `is "${endpoint}"`, 'give the S3-compatible endpoint as http(s)://host:port, or leave it out for AWS');
    if (u.username || u.password) throw bad(at, 'endpoint', 'holds credentials', 'remove them: the credentials come from the AWS profile');
  }
  const url = `${profile ? `profile ${profile}` : 'default credentials'} · ${region}${endpoint ? ` · ${endpoint}` : ''}`;
  return { url, s3: { ...(profile ? { profile } : {}), region, ...(endpoint ? { endpoint } : {}) } };
}

/** Reads every entry; a bad one becomes an {@link InvalidDataConnection} and the others still load. Names must be unique. */
export function parseDataConnections(raw: unknown): Array<DataConnection | InvalidDataConnection> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return [{ name: DATA_CONNECTIONS_SETTING, invalid: `${DATA_CONNECTIONS_SETTING} is not a list — write [{"name": …, "type": "postgres", "url": …}]` }];
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    try {
      const c = parseDataConnectionEntry(entry, i);
      if (seen.has(c.name)) throw bad(`${DATA_CONNECTIONS_SETTING}[${i}]`, 'name', `"${c.name}" is used by an earlier entry`, 'give each connection a unique name');
      seen.add(c.name);
      return c;
    } catch (e) {
      const name = isObj(entry) && typeof entry.name === 'string' && entry.name ? entry.name : `entry ${i + 1}`;
      return { name, invalid: (e as Error).message + ((e as ShorelineError).fix ? ` — ${(e as ShorelineError).fix}` : '') };
    }
  });
}

export const isValidDataConnection = (c: DataConnection | InvalidDataConnection): c is DataConnection => !('invalid' in c);
