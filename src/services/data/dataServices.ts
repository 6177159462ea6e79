/**
 * The stack's data services for the Data view and the data CLI commands: PostgreSQL, MongoDB and the S3 emulator,
 * addressed from the stack config and the Docker host address (127.0.0.1 for a local socket).
 */
import { readFileSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DataConnection } from '../../domain/data/dataConnection';
import { ShorelineError } from '../../domain/errors';
import type { StackConfig } from '../../domain/stack/stackConfig';
import { S3ObjectStore } from '../aws/objectStore';
import { openSession, type AwsAccess } from '../aws/ecrSession';
import { MongoExplorer } from '../mongo/mongoExplorer';
import { PgExplorer } from '../postgres/pgExplorer';

export interface DataServices {
  pg: PgExplorer;
  mongo: MongoExplorer;
  s3: S3ObjectStore;
  /** Where each one is, for labels and errors. */
  endpoints: { postgres: string; mongo: string; s3: string };
}

export function stackDataServices(config: StackConfig, hostAddress: string): DataServices {
  const s3 = `http://${hostAddress}:${config.ports.localstack}`;
  const mongo = `mongodb://${hostAddress}:${config.ports.mongo}/?directConnection=true`;
  return {
    pg: new PgExplorer({ host: hostAddress, port: config.ports.postgres, user: 'postgres', password: config.postgresPassword }),
    mongo: new MongoExplorer(mongo),
    s3: new S3ObjectStore(s3),
    endpoints: { postgres: `${hostAddress}:${config.ports.postgres}`, mongo: `${hostAddress}:${config.ports.mongo}`, s3 },
  };
}

/** What to do when a user connection refuses or cannot be reached (VS Code and CLI name their own ways to fix it). */
export interface ConnectionFixes { postgres: string; mongodb: string; s3?: string; mfaCodeProvider?: (serial: string) => Promise<string> }

/**
 * An S3 client with an AWS profile's (or the default chain's) credentials, resolved as for ECR: SSO, role chains, MFA,
 * and errors that say why (expired SSO session, unknown profile). Credentials are fetched again shortly before they
 * expire. An `endpoint` (S3-compatible server, emulator) gets path-style requests.
 */
async function awsS3(c: NonNullable<DataConnection['s3']>, mfaCodeProvider?: (serial: string) => Promise<string>): Promise<S3Client> {
  const access: AwsAccess = { region: c.region, ...(c.profile ? { profile: c.profile } : {}), ...(mfaCodeProvider ? { mfaCodeProvider } : {}) };
  let session = await openSession(access);
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  return new Client({
    region: c.region, followRegionRedirects: true, ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
    credentials: async () => {
      const exp = session.expiresAt ?? session.credentials.expiration?.getTime();
      if (exp !== undefined && exp - Date.now() < 60_000) session = await openSession(access);
      return session.credentials;
    },
  });
}

/**
 * The data services of a user-added connection: its PostgreSQL or MongoDB in place of the stack's (S3 stays the
 * stack's). The password is handed to the driver only; labels and errors show the URL, which has none.
 */
export function connectionDataServices(conn: DataConnection, password: string | undefined, stack: DataServices, fixes: ConnectionFixes): DataServices {
  const label = `${conn.type === 'postgres' ? 'PostgreSQL' : conn.type === 's3' ? 'S3' : 'MongoDB'} connection "${conn.name}" (${conn.url})`;
  if (conn.s3) {
    const c = conn.s3;
    return {
      ...stack,
      s3: new S3ObjectStore(label, c.region, () => awsS3(c, fixes.mfaCodeProvider), fixes.s3 ?? 'check the endpoint and your network'),
      endpoints: { ...stack.endpoints, s3: c.endpoint ?? `https://s3.${c.region}.amazonaws.com` },
    };
  }
  if (conn.pg) {
    const t = conn.pg;
    let ca: string | undefined;
    if (t.rootCertFile) {
      try { ca = readFileSync(t.rootCertFile, 'utf8'); } catch (e) {
        throw new ShorelineError('data.badConnection', `Connection "${conn.name}": sslrootcert ${t.rootCertFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'give the path of a PEM file with the server\'s CA certificate');
      }
    }
    const ssl = t.tls === 'disable' ? undefined : { rejectUnauthorized: t.tls !== 'require', ...(ca ? { ca } : {}) };
    return {
      ...stack,
      pg: new PgExplorer({ host: t.host, port: t.port, user: t.user, password: password ?? '', defaultDatabase: t.database, ...(ssl ? { ssl } : {}), label, unreachableFix: fixes.postgres }),
      endpoints: { ...stack.endpoints, postgres: conn.url },
    };
  }
  const m = conn.mongo!;
  const auth = m.username ? { username: m.username, ...(password !== undefined ? { password } : {}) } : undefined;
  return {
    ...stack,
    mongo: new MongoExplorer(m.url, { ...(auth ? { auth } : {}), label, unreachableFix: fixes.mongodb }),
    endpoints: { ...stack.endpoints, mongo: conn.url },
  };
}
