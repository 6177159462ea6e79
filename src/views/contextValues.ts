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
  /** A user-added PostgreSQL or MongoDB connection (Set Password, Remove). */
  dataConnection: 'shoreline.data.server.connection',
  /** A user-added S3 connection (credentials from an AWS profile: no password; Remove). */
  dataConnectionS3: 'shoreline.data.server.connection.aws',
  dataConnectionInvalid: 'shoreline.data.connectionInvalid',
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
  /** AWS view. */
  awsSource: 'shoreline.aws.source',
  awsRegion: 'shoreline.aws.region',
  ecrRepository: 'shoreline.aws.ecr.repository',
  ecrImage: 'shoreline.aws.ecr.image',
  ecrPolicy: 'shoreline.aws.ecr.policy',
} as const;
