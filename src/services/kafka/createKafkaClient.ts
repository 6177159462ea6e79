import type { ClusterConnection, ClusterSecrets } from '../../domain/kafka/kafkaConnection';
import type { Logger } from '../logger';
import type { KafkaApi } from './kafkaApi';
import { KafkajsClient } from './kafkajsClient';
import { buildKafkaConfig, type ConfigDeps } from './kafkajsConfig';

/** A Kafka client for a connection (the same way for the extension and the CLI). */
export function createKafkaClient(conn: ClusterConnection, secrets: ClusterSecrets = {}, opts: { log?: Logger } & ConfigDeps = {}): KafkaApi {
  return new KafkajsClient(buildKafkaConfig(conn, secrets, opts), { label: conn.name, log: opts.log });
}
