/**
 * Keys the Kafka Connect framework reads for every connector (ConnectorConfig), for source connectors
 * (SourceConnectorConfig) and for sink connectors (SinkConnectorConfig), as of Apache Kafka 4.x; plus the keys of
 * the JsonConverter, the converter most configs set inline.
 */
import { key, required, passthrough, type ConfigKeySpec } from './connectorCatalogTypes';

export const COMMON_KEYS: readonly ConfigKeySpec[] = [
  required('name', 'string', 'Unique connector name; also the REST path segment.'),
  required('connector.class', 'string', 'Connector class (fully qualified, or its simple name / alias).'),
  key('connector.plugin.version', 'string', null, 'Pin the connector plugin version when several are installed (Kafka 4.1+).'),
  key('tasks.max', 'int', '1', 'Maximum number of tasks; many connectors use fewer.', { min: 1 }),
  key('tasks.max.enforce', 'boolean', 'true', 'Fail when the connector returns more task configs than tasks.max (deprecated).'),
  key('key.converter', 'class', null, 'Converter for record keys; overrides the worker default.'),
  key('value.converter', 'class', null, 'Converter for record values; overrides the worker default.'),
  key('header.converter', 'class', null, 'Converter for headers; overrides the worker default.'),
  key('key.converter.plugin.version', 'string', null, 'Version of the key converter plugin.'),
  key('value.converter.plugin.version', 'string', null, 'Version of the value converter plugin.'),
  key('header.converter.plugin.version', 'string', null, 'Version of the header converter plugin.'),
  passthrough('key.converter.*', 'Settings handed to the key converter (schemas.enable, schema.registry.url, …).'),
  passthrough('value.converter.*', 'Settings handed to the value converter (schemas.enable, schema.registry.url, …).'),
  passthrough('header.converter.*', 'Settings handed to the header converter.'),
  key('transforms', 'list', '', 'Ordered aliases of single message transforms; each needs transforms.<alias>.type.'),
  key('transforms.<alias>.type', 'class', null, 'Class of the transform with this alias.'),
  key('transforms.<alias>.predicate', 'string', null, 'Alias of a predicate that decides when the transform applies.'),
  key('transforms.<alias>.negate', 'boolean', 'false', 'Apply the transform when the predicate does not match.'),
  key('transforms.<alias>.plugin.version', 'string', null, 'Version of the transform plugin.'),
  key('transforms.<alias>.*', 'string', null, 'Settings of the transform with this alias.'),
  key('predicates', 'list', '', 'Aliases of predicates used by transforms; each needs predicates.<alias>.type.'),
  key('predicates.<alias>.type', 'class', null, 'Class of the predicate with this alias.'),
  key('predicates.<alias>.*', 'string', null, 'Settings of the predicate with this alias.'),
  key('config.action.reload', 'string', 'restart', 'What to do when an externalized secret changes.', { values: ['none', 'restart'] }),
  key('errors.retry.timeout', 'long', '0', 'How long to retry a failed conversion or transform (ms; -1 = forever).'),
  key('errors.retry.delay.max.ms', 'long', '60000', 'Longest back-off between such retries (ms).'),
  key('errors.tolerance', 'string', 'none', 'none: fail the task on a bad record; all: skip it (sinks: to the DLQ if set).', { values: ['none', 'all'] }),
  key('errors.log.enable', 'boolean', 'false', 'Log every failed operation and problem record.'),
  key('errors.log.include.messages', 'boolean', 'false', 'Include the record (topic, partition, offset, key, value) in that log.'),
  passthrough('producer.override.*', 'Producer settings for this connector (sources; sinks for the DLQ); the worker policy must allow them.'),
  passthrough('consumer.override.*', 'Consumer settings for this connector (sinks); the worker policy must allow them.'),
  passthrough('admin.override.*', 'Admin client settings for this connector (topic creation, DLQ).'),
];

export const SOURCE_KEYS: readonly ConfigKeySpec[] = [
  key('topic.creation.groups', 'list', '', 'Extra topic-creation groups besides "default".'),
  key('topic.creation.default.replication.factor', 'short', null, 'Replication factor of topics the worker creates for this source (-1 = broker default).'),
  key('topic.creation.default.partitions', 'int', null, 'Partitions of topics the worker creates for this source (-1 = broker default).'),
  key('topic.creation.default.*', 'string', null, 'Topic-level settings (cleanup.policy, retention.ms, …) for created topics.'),
  key('topic.creation.<group>.include', 'list', null, 'Regexes of topics this creation group applies to.'),
  key('topic.creation.<group>.exclude', 'list', null, 'Regexes of topics this creation group skips.'),
  key('topic.creation.<group>.replication.factor', 'short', null, 'Replication factor for topics of this group.'),
  key('topic.creation.<group>.partitions', 'int', null, 'Partitions for topics of this group.'),
  key('topic.creation.<group>.*', 'string', null, 'Topic-level settings for topics of this group.'),
  key('exactly.once.support', 'string', 'requested', 'Whether exactly-once delivery is required of this source.', { values: ['requested', 'required'] }),
  key('transaction.boundary', 'string', 'poll', 'Where exactly-once transactions end.', { values: ['poll', 'interval', 'connector'] }),
  key('transaction.boundary.interval.ms', 'long', null, 'Transaction length for transaction.boundary=interval (ms).', { min: 0 }),
  key('offsets.storage.topic', 'string', null, 'A separate offsets topic for this source (default: the worker\'s).'),
];

export const SINK_KEYS: readonly ConfigKeySpec[] = [
  key('topics', 'list', '', 'Topics to consume (exclusive with topics.regex).'),
  key('topics.regex', 'string', '', 'Java regex of topics to consume (exclusive with topics).'),
  key('errors.deadletterqueue.topic.name', 'string', '', 'Topic that receives records that failed (needs errors.tolerance=all).'),
  key('errors.deadletterqueue.topic.replication.factor', 'short', '3', 'Replication factor of the dead letter queue topic if the worker creates it.'),
  key('errors.deadletterqueue.context.headers.enable', 'boolean', 'false', 'Add headers describing the failure to DLQ records.'),
];

/** Keys of org.apache.kafka.connect.json.JsonConverter, as set under key.converter.* / value.converter.*. */
export const JSON_CONVERTER_KEYS: readonly ConfigKeySpec[] = [
  key('schemas.enable', 'boolean', 'true', 'Embed the schema in every message ({"schema":…,"payload":…}).'),
  key('schemas.cache.size', 'int', '1000', 'Schemas cached by the converter.'),
  key('decimal.format', 'string', 'BASE64', 'How decimals are written.', { values: ['BASE64', 'NUMERIC'] }),
  key('replace.null.with.default', 'boolean', 'true', 'Write the field default instead of null.'),
  key('schema.content', 'string', null, 'A fixed JSON schema for schemaless input (Kafka 4.0+).'),
];

export const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
