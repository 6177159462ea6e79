/** contextValue strings; package.json `when` clauses match these verbatim. */
export const CONTEXT = {
  serviceRunning: 'shoreline.service.running',
  serviceStopped: 'shoreline.service.stopped',
  serviceMissing: 'shoreline.service.missing',
  message: 'shoreline.message',
  connectWorker: 'shoreline.connect.worker',
  /** Suffixed with the state in lower case: shoreline.connector.running, .paused, .stopped, .failed, ... */
  connectorPrefix: 'shoreline.connector.',
  taskOk: 'shoreline.task.ok',
  taskFailed: 'shoreline.task.failed',
  plugin: 'shoreline.connect.plugin',
  group: 'shoreline.group',
  /** Kafka view. A user-added cluster is kafkaClusterRemote; the stack's own is kafkaClusterLocal. */
  kafkaClusterLocal: 'shoreline.kafka.cluster.local',
  kafkaClusterRemote: 'shoreline.kafka.cluster.remote',
  kafkaTopics: 'shoreline.kafka.topics',
  kafkaTopic: 'shoreline.kafka.topic',
  kafkaTopicInternal: 'shoreline.kafka.topic.internal',
  kafkaPartition: 'shoreline.kafka.partition',
  kafkaConfigs: 'shoreline.kafka.configs',
  kafkaConfig: 'shoreline.kafka.config',
  kafkaGroups: 'shoreline.kafka.groups',
  /** Suffixed with the state in lower case: shoreline.kafka.consumerGroup.empty, .stable, .dead, ... */
  kafkaGroupPrefix: 'shoreline.kafka.consumerGroup.',
  kafkaGroupOffset: 'shoreline.kafka.groupOffset',
  /** Data view. */
  dataServer: 'shoreline.data.server',
  pgDatabase: 'shoreline.data.pg.database',
  pgSchema: 'shoreline.data.pg.schema',
  pgRelation: 'shoreline.data.pg.relation',
  pgColumn: 'shoreline.data.pg.column',
  pgSlot: 'shoreline.data.pg.slot',
  mongoDatabase: 'shoreline.data.mongo.database',
  mongoCollection: 'shoreline.data.mongo.collection',
  s3Bucket: 'shoreline.data.s3.bucket',
  s3Prefix: 'shoreline.data.s3.prefix',
  s3Object: 'shoreline.data.s3.object',
} as const;
