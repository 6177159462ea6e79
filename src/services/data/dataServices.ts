/**
 * The stack's data services for the Data view and the data CLI commands: PostgreSQL, MongoDB and the S3 emulator,
 * addressed from the stack config and the Docker host address (127.0.0.1 for a local socket).
 */
import type { StackConfig } from '../../domain/stack/stackConfig';
import { S3ObjectStore } from '../aws/objectStore';
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
