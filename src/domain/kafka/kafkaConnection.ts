/**
 * How Shoreline reaches a Kafka cluster: bootstrap servers, SASL (PLAIN, SCRAM-SHA-256/512, AWS MSK IAM through
 * OAUTHBEARER) and TLS (CA, client certificate and key). Secrets are never part of this model: the VS Code layer
 * keeps them in SecretStorage, the CLI reads them from the environment. Pure.
 */
import { ShorelineError } from '../errors';
import { parseSchemaRegistryUrl } from './avroRegistryUrl';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'aws-msk-iam'] as const;
export type SaslMechanism = typeof SASL_MECHANISMS[number];

export interface TlsOptions {
  /** PEM files; a relative path is relative to the workspace (VS Code) or the current directory (CLI). */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** false only for self-signed test clusters; default true. */
  rejectUnauthorized?: boolean;
  /** SNI / certificate host name, when it differs from the bootstrap host. */
  serverName?: string;
}

export interface SaslOptions {
  mechanism: SaslMechanism;
  /** PLAIN and SCRAM. */
  username?: string;
  /** AWS MSK IAM: the region of the cluster, and optionally a profile and a role to assume (cross-account). */
  region?: string;
  profile?: string;
  roleArn?: string;
  roleSessionName?: string;
}

export interface ClusterConnection {
  /** Stable id: `local` for the stack's Kafka, else the name. */
  id: string;
  name: string;
  bootstrapServers: string[];
  sasl?: SaslOptions;
  /** Present = TLS on. */
  tls?: TlsOptions;
  /** The stack's own Kafka (plaintext on 127.0.0.1). */
  local: boolean;
  /** Base URL of the cluster's schema registry (Confluent REST API): Avro keys and values are decoded with it. */
  schemaRegistryUrl?: string;
}

/** What a connection may need from a secret store or the environment; never in settings or logs. */
export interface ClusterSecrets { password?: string; keyPassphrase?: string }

/** SecretStorage key of a cluster's secret. */
export function secretKey(clusterName: string, kind: keyof ClusterSecrets): string {
  return `shoreline.kafka.${clusterName}.${kind}`;
}

/** Whether the connection cannot work without a password (PLAIN and SCRAM). */
export function needsPassword(c: ClusterConnection): boolean {
  return c.sasl?.mechanism === 'plain' || c.sasl?.mechanism === 'scram-sha-256' || c.sasl?.mechanism === 'scram-sha-512';
}

/** `host:port[,host:port…]` → list; each entry checked. */
export function parseBootstrapServers(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list) throw bad(where, 'bootstrapServers', 'must be "host:port" or a list of them');
  const out = list.map((s) => (typeof s === 'string' ? s.trim() : '')).filter(Boolean);
  if (!out.length) throw bad(where, 'bootstrapServers', 'is empty');
  for (const s of out) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^\s:/]+):(\d{1,5})$/.exec(s);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw bad(where, 'bootstrapServers', `has "${s}", which is not host:port (e.g. b-1.example.kafka.us-east-1.amazonaws.com:9098)`);
  }
  return out;
}

function bad(where: string, field: string, what: string): ShorelineError {
  return new ShorelineError('kafka.badConnection', `${where}: ${field} ${what}`, 'fix the cluster entry (see README, "Kafka view")');
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (o: Obj, k: string, where: string): string | undefined => {
  const v = o[k];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw bad(where, k, 'must be a string');
  return v;
};

/** Fields that look like secrets: refused in settings (they would sit in plain text in settings.json). */
const SECRET_FIELDS = ['password', 'secret', 'secretAccessKey', 'keyPassphrase', 'passphrase', 'token'];

/** SASL options from a settings entry or CLI flags; MSK IAM needs a region. */
export function parseSasl(v: unknown, where: string): SaslOptions | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw bad(where, 'sasl', 'must be an object such as {"mechanism": "scram-sha-512", "username": "alice"}');
  const mechanism = typeof v.mechanism === 'string' ? v.mechanism.toLowerCase() : '';
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) throw bad(where, 'sasl.mechanism', `is "${String(v.mechanism)}"; use one of ${SASL_MECHANISMS.join(', ')}`);
  const s: SaslOptions = { mechanism: mechanism as SaslMechanism };
  for (const f of SECRET_FIELDS) {
    if (v[f] !== undefined) {
      throw new ShorelineError('kafka.secretInSettings', `${where}: sasl.${f} must not be written in settings`,
        'remove it; Shoreline keeps passwords in VS Code\'s SecretStorage ("Shoreline: Set Kafka Cluster Password…") or reads SHORELINE_KAFKA_PASSWORD in the CLI');
    }
  }
  if (s.mechanism === 'aws-msk-iam') {
    s.region = optString(v, 'region', where);
    if (!s.region) throw bad(where, 'sasl.region', 'is required for aws-msk-iam (e.g. "us-east-1")');
    s.profile = optString(v, 'profile', where);
    s.roleArn = optString(v, 'roleArn', where);
    s.roleSessionName = optString(v, 'roleSessionName', where);
    if (s.roleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(s.roleArn)) throw bad(where, 'sasl.roleArn', `is "${s.roleArn}", not an IAM role ARN (arn:aws:iam::123456789012:role/Name)`);
  } else {
    s.username = optString(v, 'username', where);
    if (!s.username) throw bad(where, 'sasl.username', `is required for ${s.mechanism}`);
  }
  return s;
}

/** TLS options: `true`, or an object with ca / cert / key / rejectUnauthorized / serverName. */
export function parseTls(v: unknown, where: string): TlsOptions | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (v === true) return {};
  if (!isObj(v)) throw bad(where, 'tls', 'must be true or an object such as {"ca": "certs/ca.pem"}');
  if (v.keyPassphrase !== undefined || v.passphrase !== undefined) {
    throw new ShorelineError('kafka.secretInSettings', `${where}: the TLS key passphrase must not be written in settings`, 'remove it; Shoreline asks for it and keeps it in SecretStorage (CLI: SHORELINE_KAFKA_KEY_PASSPHRASE)');
  }
  const t: TlsOptions = { caFile: optString(v, 'ca', where), certFile: optString(v, 'cert', where), keyFile: optString(v, 'key', where), serverName: optString(v, 'serverName', where) };
  if (v.rejectUnauthorized !== undefined) {
    if (typeof v.rejectUnauthorized !== 'boolean') throw bad(where, 'tls.rejectUnauthorized', 'must be true or false');
    t.rejectUnauthorized = v.rejectUnauthorized;
  }
  if (!!t.certFile !== !!t.keyFile) throw bad(where, 'tls', 'needs both cert and key for a client certificate');
  return t;
}

/** One entry of the `shoreline.kafka.clusters` setting. */
export function parseClusterEntry(raw: unknown, index: number): ClusterConnection {
  const where = `shoreline.kafka.clusters[${index}]`;
  if (!isObj(raw)) throw bad(where, 'entry', 'must be an object such as {"name": "dev", "bootstrapServers": "localhost:9092"}');
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!/^[\w.-]{1,64}$/.test(name) || name === 'local') throw bad(where, 'name', `is "${String(raw.name)}"; use 1-64 letters, digits, ".", "_" or "-" (not "local")`);
  const sasl = parseSasl(raw.sasl, `${where} (${name})`);
  let tls = parseTls(raw.tls, `${where} (${name})`);
  // MSK IAM is only offered on the TLS listener (port 9098): switch TLS on rather than fail at the handshake.
  if (sasl?.mechanism === 'aws-msk-iam' && !tls) tls = {};
  const schemaRegistryUrl = parseSchemaRegistryUrl(raw.schemaRegistryUrl, `${where} (${name}): schemaRegistryUrl`);
  return { id: name, name, bootstrapServers: parseBootstrapServers(raw.bootstrapServers, `${where} (${name})`), sasl, tls, local: false, ...(schemaRegistryUrl ? { schemaRegistryUrl } : {}) };
}

/** The stack's own Kafka: plaintext, no auth. */
export function localCluster(host: string, port: number): ClusterConnection {
  return { id: 'local', name: 'local stack', bootstrapServers: [`${host}:${port}`], local: true };
}

/** One-line description for trees and logs (never any secret). */
export function describeConnection(c: ClusterConnection): string {
  const auth = c.sasl ? (c.sasl.mechanism === 'aws-msk-iam' ? `MSK IAM (${c.sasl.region}${c.sasl.profile ? `, profile ${c.sasl.profile}` : ''}${c.sasl.roleArn ? `, role ${c.sasl.roleArn}` : ''})` : `SASL ${c.sasl.mechanism.toUpperCase()} as ${c.sasl.username}`) : 'no auth';
  return `${c.bootstrapServers.join(',')} · ${c.tls ? 'TLS' : 'plaintext'} · ${auth}`;
}
