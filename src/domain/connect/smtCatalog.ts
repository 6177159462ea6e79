/**
 * Catalog: single message transforms and predicates — Apache Kafka's built-ins (4.x) and Debezium's
 * (new-record-state unwrap, outbox event router, logical table router).
 */
import { key, required, type ConfigKeySpec, type RemovedKeySpec, type TransformSpec } from './connectorCatalogTypes';

const K = 'org.apache.kafka.connect.transforms';
export const KAFKA_TRANSFORMS_PACKAGE = K;

export const SMT = {
  insertFieldValue: `${K}.InsertField$Value`,
  insertFieldKey: `${K}.InsertField$Key`,
  replaceFieldValue: `${K}.ReplaceField$Value`,
  replaceFieldKey: `${K}.ReplaceField$Key`,
  filter: `${K}.Filter`,
  regexRouter: `${K}.RegexRouter`,
  extractNewRecordState: 'io.debezium.transforms.ExtractNewRecordState',
  eventRouter: 'io.debezium.transforms.outbox.EventRouter',
  byLogicalTableRouter: 'io.debezium.transforms.ByLogicalTableRouter',
} as const;

const NULL_DEFAULT = key('replace.null.with.default', 'boolean', 'true', 'Write the field default instead of null.');

/** One spec per `$Key` / `$Value` variant. */
function keyValue(simple: string, title: string, keys: ConfigKeySpec[], removed?: RemovedKeySpec[]): TransformSpec[] {
  return (['Key', 'Value'] as const).map((side) => ({
    class: `${K}.${simple}$${side}`, kind: 'transformation' as const, title: `${title} (record ${side.toLowerCase()})`, keys, ...(removed ? { removed } : {}),
  }));
}

function single(cls: string, title: string, keys: ConfigKeySpec[], removed?: RemovedKeySpec[]): TransformSpec {
  return { class: cls, kind: 'transformation', title, keys, ...(removed ? { removed } : {}) };
}

/** SMT classes that exist only as `$Key`/`$Value` variants; the bare name is abstract. */
export const KEY_VALUE_TRANSFORMS = ['InsertField', 'ReplaceField', 'ExtractField', 'Cast', 'MaskField', 'Flatten', 'HoistField', 'SetSchemaMetadata', 'TimestampConverter', 'HeaderFrom'];

/** InsertField keys that insert something; with none of them the step does nothing. */
export const INSERT_FIELD_TARGETS = ['topic.field', 'partition.field', 'offset.field', 'timestamp.field', 'static.field'] as const;

export const TRANSFORM_SPECS: readonly TransformSpec[] = [
  ...keyValue('InsertField', 'Insert field', [
    key('topic.field', 'string', null, 'Field that receives the topic name (suffix ! = required, ? = optional).'),
    key('partition.field', 'string', null, 'Field that receives the partition.'),
    key('offset.field', 'string', null, 'Field that receives the offset (sink connectors only).'),
    key('timestamp.field', 'string', null, 'Field that receives the record timestamp.'),
    key('static.field', 'string', null, 'Field that receives static.value.'),
    key('static.value', 'string', null, 'The constant written to static.field.'),
    NULL_DEFAULT,
  ]),
  ...keyValue('ReplaceField', 'Replace (drop/keep/rename) fields', [
    key('exclude', 'list', '', 'Fields to drop (wins over include).'),
    key('include', 'list', '', 'Fields to keep; empty = all.'),
    key('renames', 'list', '', 'Renames as old:new pairs, comma separated.'),
    NULL_DEFAULT,
  ], [
    { key: 'blacklist', replacement: 'exclude', since: 'Kafka 2.6 (removed in 4.0)' },
    { key: 'whitelist', replacement: 'include', since: 'Kafka 2.6 (removed in 4.0)' },
  ]),
  ...keyValue('ExtractField', 'Extract one field', [
    required('field', 'string', 'Field whose value replaces the whole key/value.'),
    key('field.syntax.version', 'string', 'V1', 'V2 allows nested paths (a.b.c).', { values: ['V1', 'V2'] }),
    NULL_DEFAULT,
  ]),
  ...keyValue('Cast', 'Cast fields', [required('spec', 'list', 'field:type pairs (or a single type for the whole value).'), NULL_DEFAULT]),
  ...keyValue('MaskField', 'Mask fields', [
    required('fields', 'list', 'Fields replaced by an empty/zero value.'),
    key('replacement', 'string', null, 'Custom replacement instead of the type\'s empty value.'),
    NULL_DEFAULT,
  ]),
  ...keyValue('Flatten', 'Flatten nested structures', [key('delimiter', 'string', '.', 'Separator of flattened field names.')]),
  ...keyValue('HoistField', 'Wrap in a single field', [required('field', 'string', 'Name of the field that wraps the data.')]),
  ...keyValue('SetSchemaMetadata', 'Set schema name/version', [
    key('schema.name', 'string', null, 'Schema name to set.'),
    key('schema.version', 'int', null, 'Schema version to set.'),
    NULL_DEFAULT,
  ]),
  ...keyValue('TimestampConverter', 'Convert timestamps', [
    key('field', 'string', '', 'Field to convert; empty = the whole key/value.'),
    required('target.type', 'string', 'string, unix, Date, Time or Timestamp.', { values: ['string', 'unix', 'Date', 'Time', 'Timestamp'] }),
    key('format', 'string', '', 'SimpleDateFormat pattern for string input/output.'),
    key('unix.precision', 'string', 'milliseconds', 'Unit of unix timestamps.', { values: ['nanoseconds', 'microseconds', 'milliseconds', 'seconds'] }),
    NULL_DEFAULT,
  ]),
  ...keyValue('HeaderFrom', 'Copy/move fields to headers', [
    required('fields', 'list', 'Fields to copy or move.'),
    required('headers', 'list', 'Header names, in the same order as fields.'),
    required('operation', 'string', 'move or copy.', { values: ['move', 'copy'] }),
    NULL_DEFAULT,
  ]),
  single(`${K}.ValueToKey`, 'Build the key from value fields', [required('fields', 'list', 'Value fields that form the new key.'), NULL_DEFAULT]),
  single(`${K}.RegexRouter`, 'Rename topics by regex', [
    required('regex', 'string', 'Java regex matched against the whole topic name.'),
    required('replacement', 'string', 'Replacement; $1… refer to groups.'),
  ]),
  single(`${K}.TimestampRouter`, 'Route to time-bucketed topics', [
    key('topic.format', 'string', '${topic}-${timestamp}', 'New topic name with ${topic} and ${timestamp}.'),
    key('timestamp.format', 'string', 'yyyyMMdd', 'SimpleDateFormat of ${timestamp}.'),
  ]),
  single(`${K}.Filter`, 'Drop records (those matching its predicate)', []),
  single(`${K}.DropHeaders`, 'Drop headers', [required('headers', 'list', 'Header names to remove.')]),
  single(`${K}.InsertHeader`, 'Insert a header', [
    required('header', 'string', 'Header name.'),
    required('value.literal', 'string', 'Header value.'),
  ]),
  single(SMT.extractNewRecordState, 'Unwrap Debezium change events', [
    key('delete.tombstone.handling.mode', 'string', 'tombstone', 'Deletes: drop, tombstone, rewrite, rewrite-with-tombstone or delete-to-tombstone.', { values: ['drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone', 'delete-to-tombstone'] }),
    key('add.fields', 'list', '', 'Envelope/source fields added to the value as __<name> (op, source.ts_ms, …).'),
    key('add.fields.prefix', 'string', '__', 'Prefix of added fields.'),
    key('add.headers', 'list', '', 'Envelope/source fields added as __<name> headers.'),
    key('add.headers.prefix', 'string', '__', 'Prefix of added headers.'),
    key('route.by.field', 'string', '', 'Value field whose content becomes the topic name.'),
    key('drop.fields.header.name', 'string', null, 'Header listing fields to drop.'),
    key('drop.fields.from.key', 'boolean', 'false', 'Drop those fields from the key too.'),
    key('drop.fields.keep.schema.compatible', 'boolean', 'true', 'Make dropped fields optional instead of removing them.'),
    NULL_DEFAULT,
  ], [
    { key: 'delete.handling.mode', replacement: 'delete.tombstone.handling.mode', since: 'Debezium 2.5 (removed in 3.2)' },
    { key: 'drop.tombstones', replacement: 'delete.tombstone.handling.mode', since: 'Debezium 2.5 (removed in 3.2)' },
    { key: 'operation.header', replacement: 'add.headers', since: 'Debezium 2.0', note: 'use add.headers=op' },
    { key: 'add.source.fields', replacement: 'add.fields', since: 'Debezium 1.x', note: 'use add.fields=source.<field>' },
  ]),
  single(SMT.eventRouter, 'Outbox event router', [
    key('table.field.event.id', 'string', 'id', 'Outbox column with the event id.'),
    key('table.field.event.key', 'string', 'aggregateid', 'Outbox column with the message key.'),
    key('table.field.event.type', 'string', 'type', 'Outbox column with the event type.'),
    key('table.field.event.payload', 'string', 'payload', 'Outbox column with the payload.'),
    key('table.field.event.timestamp', 'string', null, 'Outbox column used as the message timestamp.'),
    key('table.field.event.schema.version', 'string', null, 'Outbox column with the payload schema version.'),
    key('table.fields.additional.placement', 'list', null, 'Extra columns as column:header|envelope[:alias].'),
    key('table.field.additional.missing', 'string', 'error', 'What to do when an additional column is missing.'),
    key('table.op.invalid.behavior', 'string', 'warn', 'What to do with updates to the outbox table.', { values: ['warn', 'error', 'fatal'] }),
    key('table.expand.json.payload', 'boolean', 'false', 'Turn a JSON string payload into a structure.'),
    key('table.json.payload.null.behavior', 'string', 'ignore', 'JSON nulls in an expanded payload.'),
    key('table.json.payload.empty.array.behavior', 'string', 'ignore', 'Empty arrays in an expanded payload.'),
    key('route.by.field', 'string', 'aggregatetype', 'Outbox column that picks the topic.'),
    key('route.topic.regex', 'string', '(?<routedByValue>.*)', 'Regex applied to route.by.field.'),
    key('route.topic.replacement', 'string', 'outbox.event.${routedByValue}', 'Topic name built from that regex.'),
    key('route.tombstone.on.empty.payload', 'boolean', 'false', 'Emit a tombstone for an empty payload.'),
    key('tracing.span.context.field', 'string', 'tracingspancontext', 'Column with the serialized tracing span context.'),
    key('tracing.operation.name', 'string', 'debezium-read', 'Tracing operation name.'),
    key('tracing.with.context.field.only', 'boolean', 'false', 'Trace only events that carry a span context.'),
  ]),
  single(SMT.byLogicalTableRouter, 'Route tables to one logical topic', [
    required('topic.regex', 'string', 'Regex matched against the topic name.'),
    required('topic.replacement', 'string', 'The logical topic name ($1… refer to groups).'),
    key('key.enforce.uniqueness', 'boolean', 'true', 'Add the source table to the key so keys stay unique.'),
    key('key.field.name', 'string', '__dbz__physicalTableIdentifier', 'Name of that key field.'),
    key('key.field.regex', 'string', null, 'Regex extracting the table identifier from the topic.'),
    key('key.field.replacement', 'string', null, 'Replacement for that identifier.'),
    key('logical.destination.cache.size', 'int', '16', 'Cached logical destinations.'),
    key('logical.table.cache.size', 'int', '16', 'Older name of logical.destination.cache.size.'),
  ]),
];

export const PREDICATE_SPECS: readonly TransformSpec[] = [
  { class: `${K}.predicates.TopicNameMatches`, kind: 'predicate', title: 'Topic name matches', keys: [required('pattern', 'string', 'Java regex matched against the topic name.')] },
  { class: `${K}.predicates.HasHeaderKey`, kind: 'predicate', title: 'Has header', keys: [required('name', 'string', 'Header name.')] },
  { class: `${K}.predicates.RecordIsTombstone`, kind: 'predicate', title: 'Record is a tombstone', keys: [] },
];

/** Keys Connect itself reads under every `transforms.<alias>.` (besides the SMT's own). */
export const TRANSFORM_FRAMEWORK_KEYS = ['type', 'predicate', 'negate', 'plugin.version'];
