import { stackValuesFor } from '../../domain/connect/stackVariables';
import type { StackConfig } from '../../domain/stack/stackConfig';
import { S3ObjectStore } from '../aws/objectStore';
import { readParquetRows } from '../aws/parquetReader';
import { KafkaTopicInspector } from '../kafka/topicInspector';
import { PgSqlRunner } from '../postgres/sqlRunner';
import { ConnectClient } from './connectClient';
import type { PipelineEnvironment } from './pipelineRunner';

/** How long closing a run's clients may take before the run is reported done anyway. */
const CLOSE_WAIT_MS = 10_000;

/**
 * What a pipeline run talks to on the stack, reached from the host: the Connect worker, Kafka, the S3 emulator,
 * PostgreSQL. Shared by the CLI and VS Code; `close()` releases the Kafka admin client.
 */
export function stackPipelineEnvironment(cfg: StackConfig, o: { hostAddress: string; connectUrl: string; timeoutMs: number; clientId: string; progress: (line: string) => void }): PipelineEnvironment & { close(): Promise<void> } {
  const host = o.hostAddress;
  const topics = new KafkaTopicInspector([`${host}:${cfg.ports.kafka}`], o.clientId);
  return {
    connect: new ConnectClient(o.connectUrl, { timeoutMs: o.timeoutMs }),
    topics,
    objects: new S3ObjectStore(`http://${host}:${cfg.ports.localstack}`),
    readParquet: readParquetRows,
    sql: new PgSqlRunner({ host, port: cfg.ports.postgres, user: 'postgres', password: cfg.postgresPassword }),
    variables: stackValuesFor(cfg),
    progress: o.progress,
    // a Kafka that died during the run can hold the admin's connect (and so its disconnect) in retries: the report is
    // out by then, so closing waits at most CLOSE_WAIT_MS (the VS Code command returns; the CLI also caps its exit)
    close: () => Promise.race([topics.close(), new Promise<void>((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]),
  };
}
