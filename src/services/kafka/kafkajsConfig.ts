/**
 * A {@link ClusterConnection} plus its secrets → the kafkajs client config: SASL PLAIN / SCRAM with the password,
 * AWS MSK IAM as OAUTHBEARER with a token from AWS's signer library (`aws-msk-iam-sasl-signer-js`, the documented
 * way for Node clients: kafkajs's own "aws" mechanism is not what MSK speaks), and TLS with PEM files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { ShorelineError } from '../../domain/errors';
import { needsPassword, type ClusterConnection, type ClusterSecrets, type SaslOptions } from '../../domain/kafka/kafkaConnection';

/** Signs an MSK IAM token (the signer library, or a fake in tests). */
export type MskTokenSigner = (opts: { region: string; profile?: string; roleArn?: string; roleSessionName?: string }) => Promise<{ token: string; expiryTime: number }>;

export interface ConfigDeps {
  /** Reads a PEM file (relative paths against `baseDir`). */
  readFile?: (file: string) => Buffer;
  baseDir?: string;
  signMskToken?: MskTokenSigner;
  clientId?: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

type SignerModule = typeof import('aws-msk-iam-sasl-signer-js');

/**
 * AWS's signer, loaded when an MSK IAM cluster first connects: from dist/mskIamSigner.js next to the running bundle
 * (it carries the AWS credential chain, so engine.js and cli.js stay small), else from node_modules (tests, tsx).
 */
function loadSigner(): SignerModule {
  const bundled = path.join(__dirname, 'mskIamSigner.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (fs.existsSync(bundled) ? require(bundled) : require('aws-msk-iam-sasl-signer-js')) as SignerModule;
}

/** Signs with the default credential chain, a profile, or an assumed role (cross-account). */
export const awsMskSigner: MskTokenSigner = async (o) => {
  const signer = loadSigner();
  if (o.roleArn) return signer.generateAuthTokenFromRole({ region: o.region, awsRoleArn: o.roleArn, awsRoleSessionName: o.roleSessionName });
  if (o.profile) return signer.generateAuthTokenFromProfile({ region: o.region, awsProfileName: o.profile });
  return signer.generateAuthToken({ region: o.region });
};

function sasl(c: ClusterConnection, s: SaslOptions, secrets: ClusterSecrets, deps: ConfigDeps): SASLOptions {
  if (s.mechanism === 'aws-msk-iam') {
    const sign = deps.signMskToken ?? awsMskSigner;
    return {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        try {
          const t = await sign({ region: s.region!, profile: s.profile, roleArn: s.roleArn, roleSessionName: s.roleSessionName });
          return { value: t.token };
        } catch (e) {
          throw new ShorelineError('kafka.mskIamToken', `Could not sign an MSK IAM token for "${c.name}" in ${s.region}${s.profile ? ` with profile ${s.profile}` : ''}${s.roleArn ? ` as ${s.roleArn}` : ''}: ${(e as Error).message}`,
            'check the AWS credentials (aws sts get-caller-identity, AWS_PROFILE, SSO login) and that the role may be assumed');
        }
      },
    };
  }
  if (needsPassword(c) && !secrets.password) {
    throw new ShorelineError('kafka.noPassword', `Cluster "${c.name}" uses SASL ${s.mechanism.toUpperCase()} as ${s.username}, but no password is stored`,
      'VS Code: "Shoreline: Set Kafka Cluster Password…"; CLI: set SHORELINE_KAFKA_PASSWORD');
  }
  const creds = { username: s.username!, password: secrets.password! };
  switch (s.mechanism) {
    case 'plain': return { mechanism: 'plain', ...creds };
    case 'scram-sha-256': return { mechanism: 'scram-sha-256', ...creds };
    default: return { mechanism: 'scram-sha-512', ...creds };
  }
}

function readPem(file: string, what: string, clusterName: string, deps: ConfigDeps): Buffer {
  const full = path.resolve(deps.baseDir ?? process.cwd(), file);
  try {
    return (deps.readFile ?? fs.readFileSync)(full);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ShorelineError('kafka.tlsFile', `Cannot read the TLS ${what} file ${full} for "${clusterName}"${code ? ` (${code})` : ''}`, 'check the path in the cluster entry (relative paths start at the workspace folder)');
  }
}

/** kafkajs config for a connection. Throws a ShorelineError naming what is missing (password, PEM file). */
export function buildKafkaConfig(c: ClusterConnection, secrets: ClusterSecrets = {}, deps: ConfigDeps = {}): KafkaConfig {
  const cfg: KafkaConfig = {
    clientId: deps.clientId ?? 'shoreline',
    brokers: c.bootstrapServers,
    connectionTimeout: deps.connectionTimeoutMs ?? 5000,
    requestTimeout: deps.requestTimeoutMs ?? 30_000,
  };
  if (c.tls) {
    const t = c.tls;
    cfg.ssl = {
      rejectUnauthorized: t.rejectUnauthorized ?? true,
      ...(t.caFile ? { ca: [readPem(t.caFile, 'CA', c.name, deps)] } : {}),
      ...(t.certFile ? { cert: readPem(t.certFile, 'certificate', c.name, deps) } : {}),
      ...(t.keyFile ? { key: readPem(t.keyFile, 'key', c.name, deps) } : {}),
      ...(t.keyFile && secrets.keyPassphrase ? { passphrase: secrets.keyPassphrase } : {}),
      ...(t.serverName ? { servername: t.serverName } : {}),
    };
  }
  if (c.sasl) cfg.sasl = sasl(c, c.sasl, secrets, deps);
  return cfg;
}
