/** Offline checks specific to the object-store sinks: the Confluent S3 sink and the Apache Iceberg sink. */
import { ICEBERG_SINK, PARTITIONERS, S3_FORMATS, S3_SINK } from './connectorCatalogStorage';
import { simpleClassName } from './connectorCatalog';
import { insertedFieldName, parseList, parseRenames, smtBaseName, smtSide } from './smtChain';
import { isTrue, shown, type ValidationContext } from './validationContext';
import { placeholderIn } from './validateValues';

export function checkStorage(ctx: ValidationContext): void {
  if (ctx.spec?.class === S3_SINK) checkS3(ctx);
  if (ctx.spec?.class === ICEBERG_SINK) checkIceberg(ctx);
}

const is = (cls: string | undefined, full: string): boolean => cls !== undefined && (cls === full || cls === simpleClassName(full));

function checkS3(ctx: ValidationContext): void {
  const format = ctx.get('format.class');
  const partitioner = ctx.get('partitioner.class') ?? PARTITIONERS.default;
  const schedule = Number(ctx.get('rotate.schedule.interval.ms') ?? '-1');
  if (schedule > 0 && !ctx.has('timezone')) {
    ctx.add('s3.timezone', 'error', 'rotate.schedule.interval.ms', '"rotate.schedule.interval.ms" needs "timezone" (e.g. "UTC"); the connector refuses to start ("timezone configuration must be set when using rotate.schedule.interval.ms")', 'UTC');
  }
  checkFormatSchema(ctx, format);

  const isField = is(partitioner, PARTITIONERS.field);
  const isTime = [PARTITIONERS.time, PARTITIONERS.daily, PARTITIONERS.hourly].some((p) => is(partitioner, p));
  if (isField) {
    const fields = parseList(ctx.config['partition.field.name']);
    if (!fields.length) ctx.add('s3.partitionField', 'error', 'partitioner.class', 'FieldPartitioner needs "partition.field.name" (the record field(s) that become field=value/ folders); add it');
    else {
      ctx.add('s3.fieldPartitionerHive', 'info', 'partition.field.name', `FieldPartitioner keeps ${fields.map((f) => `"${f}"`).join(', ')} inside the written records as well as in the folder names, so Glue/Hive/Athena tables see a duplicate column (HIVE_INVALID_METADATA); drop the field with a ReplaceField exclude, or exclude it from the crawler`);
      for (const f of fields) checkPartitionFieldSurvives(ctx, f);
    }
  } else if (ctx.has('partition.field.name')) {
    ctx.add('s3.unusedSetting', 'warning', 'partition.field.name', `"partition.field.name" is read only by FieldPartitioner, but partitioner.class is ${simpleClassName(partitioner)}; set partitioner.class=${PARTITIONERS.field} or remove it`);
  }
  if (isTime) {
    const needed = is(partitioner, PARTITIONERS.time) ? ['partition.duration.ms', 'path.format', 'locale', 'timezone'] : ['locale', 'timezone'];
    const missing = needed.filter((k) => !ctx.has(k) || (k === 'partition.duration.ms' && Number(ctx.get(k)) <= 0));
    if (missing.length) ctx.add('s3.timePartitioner', 'error', 'partitioner.class', `${simpleClassName(partitioner)} needs ${missing.join(', ')}; the connector fails to start without them`);
  } else {
    for (const k of ['path.format', 'partition.duration.ms'].filter((x) => ctx.has(x) && ctx.get(x) !== '-1')) {
      ctx.add('s3.unusedSetting', 'warning', k, `"${k}" is read only by time-based partitioners, but partitioner.class is ${simpleClassName(partitioner)}; remove it or switch partitioner`);
    }
  }
  const unused = (k: string, why: string): void => { if (ctx.has(k)) ctx.add('s3.unusedSetting', 'warning', k, `"${k}" ${why}`); };
  if (format && !is(format, S3_FORMATS.parquet)) unused('parquet.codec', `applies only to ParquetFormat, but format.class is ${simpleClassName(format)}; remove it`);
  if (format && !is(format, S3_FORMATS.avro)) unused('avro.codec', `applies only to AvroFormat, but format.class is ${simpleClassName(format)}; remove it`);
  if (format && (is(format, S3_FORMATS.parquet) || is(format, S3_FORMATS.avro)) && ctx.get('s3.compression.type')?.toLowerCase() === 'gzip') {
    ctx.add('s3.unusedSetting', 'warning', 's3.compression.type', `"s3.compression.type" applies only to JsonFormat and ByteArrayFormat; compress ${simpleClassName(format)} output with ${is(format, S3_FORMATS.parquet) ? 'parquet.codec' : 'avro.codec'} instead`);
  }
  const bucket = ctx.get('s3.bucket.name');
  if (bucket && !placeholderIn('s3.bucket.name', bucket) && (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..'))) {
    ctx.add('s3.bucketName', 'error', 's3.bucket.name', `${shown('s3.bucket.name', bucket)}, which is not a valid S3 bucket name (3–63 lower-case letters, digits, "." and "-")`, bucket.toLowerCase().replace(/[^a-z0-9.-]/g, '-'));
  }
  if (!ctx.has('store.url')) {
    const region = ctx.get('s3.region');
    const where = region && !placeholderIn('s3.region', region) ? ` in ${region}` : region ? '' : ' in us-west-2 (the default region)';
    ctx.add('s3.endpoint', 'info', 's3.bucket.name', `Without "store.url" the sink writes to AWS S3${where}; to write to the local stack's S3 (LocalStack) set store.url=http://localstack:4566`);
  }
}

/** Avro and Parquet objects need a schema per record; schemaless JSON or plain strings cannot give one. */
function checkFormatSchema(ctx: ValidationContext, format: string | undefined): void {
  if (!format || !(is(format, S3_FORMATS.parquet) || is(format, S3_FORMATS.avro))) return;
  const conv = ctx.get('value.converter');
  const name = simpleClassName(format);
  if (conv && /(^|\.)JsonConverter$/.test(conv) && ctx.get('value.converter.schemas.enable')?.toLowerCase() === 'false') {
    ctx.add('s3.formatNeedsSchema', 'error', 'value.converter.schemas.enable',
      `${name} writes typed columns and needs a schema for every record, but value.converter.schemas.enable=false makes the records schemaless, so every record fails; produce JSON with {"schema", "payload"} and set value.converter.schemas.enable=true, use a schema registry converter (Avro), or switch to JsonFormat`,
      'true');
  } else if (conv && /(StringConverter|ByteArrayConverter)$/.test(conv)) {
    ctx.add('s3.formatNeedsSchema', 'error', 'value.converter', `${name} needs structured records with a schema, but ${simpleClassName(conv)} yields plain strings/bytes; use JsonConverter with schemas, an Avro converter, or format.class=${is(format, S3_FORMATS.parquet) ? S3_FORMATS.json : S3_FORMATS.bytes}`);
  }
}

/**
 * FieldPartitioner reads the field after the sink's SMTs ran: a ReplaceField rename or exclusion earlier in the
 * chain makes every record fail with "field not found".
 */
function checkPartitionFieldSurvives(ctx: ValidationContext, field: string): void {
  let gone: { alias: string; how: string; renamedTo?: string } | undefined;
  for (const step of ctx.chain) {
    if (smtSide(step.type) !== 'Value') continue;
    const base = smtBaseName(step.type);
    if (base === 'ReplaceField') {
      for (const r of parseRenames(step.settings['renames'])) {
        if (r.from === field) gone = { alias: step.alias, how: `renames it to "${r.to}"`, renamedTo: r.to };
        else if (r.to === field) gone = undefined;
      }
      if (parseList(step.settings['exclude']).includes(field)) gone = { alias: step.alias, how: 'excludes it' };
      const include = parseList(step.settings['include']);
      if (include.length && !include.includes(field)) gone = { alias: step.alias, how: 'keeps only ' + include.join(', ') };
    } else if (base === 'InsertField') {
      if (['topic.field', 'partition.field', 'offset.field', 'timestamp.field', 'static.field'].some((s) => step.settings[s] && insertedFieldName(step.settings[s] ?? '') === field)) gone = undefined;
    }
  }
  if (gone) {
    ctx.add('s3.partitionFieldRenamed', 'error', 'partition.field.name',
      `FieldPartitioner partitions on "${field}", but the transform "${gone.alias}" runs first and ${gone.how}, so every record fails with a missing-field error; ${gone.renamedTo ? `partition on "${gone.renamedTo}"` : 'partition on a field that survives the chain'}`,
      gone.renamedTo);
  }
}

function checkIceberg(ctx: ValidationContext): void {
  const staticTables = parseList(ctx.config['iceberg.tables']).length > 0;
  const dynamic = isTrue(ctx.get('iceberg.tables.dynamic-enabled'));
  if (staticTables && dynamic) ctx.add('iceberg.tables', 'error', 'iceberg.tables', 'Both "iceberg.tables" and iceberg.tables.dynamic-enabled=true are set; the sink refuses ("Cannot specify both static and dynamic table names") — keep one');
  else if (dynamic && !ctx.has('iceberg.tables.route-field')) ctx.add('iceberg.tables', 'error', 'iceberg.tables.dynamic-enabled', 'Dynamic routing needs "iceberg.tables.route-field" (the record field that names the table); add it');
  else if (!staticTables && !dynamic) ctx.add('iceberg.tables', 'error', 'iceberg.tables', 'The Iceberg sink needs "iceberg.tables" (e.g. "pagila.address"), or iceberg.tables.dynamic-enabled=true with iceberg.tables.route-field; add one');

  const catalogKeys = Object.keys(ctx.config).filter((k) => k.startsWith('iceberg.catalog.'));
  if (!catalogKeys.length) {
    ctx.add('iceberg.catalog', 'error', 'iceberg.catalog.type', 'The Iceberg sink needs catalog properties ("Must specify Iceberg catalog properties"): e.g. iceberg.catalog.type=jdbc, iceberg.catalog.uri=jdbc:postgresql://postgres:5432/<db>, iceberg.catalog.warehouse=s3://<bucket>/warehouse');
    return;
  }
  const type = ctx.get('iceberg.catalog.type')?.toLowerCase();
  const impl = ctx.get('iceberg.catalog.catalog-impl');
  if (!type && !impl) {
    ctx.add('iceberg.catalog', 'warning', catalogKeys[0] ?? '', 'Neither iceberg.catalog.type nor iceberg.catalog.catalog-impl is set, so Iceberg assumes a Hive metastore; set iceberg.catalog.type (rest, jdbc, hadoop, glue, nessie) or catalog-impl');
  }
  const effective = type ?? (impl && /JdbcCatalog$/.test(impl) ? 'jdbc' : impl && /RESTCatalog$/.test(impl) ? 'rest' : undefined);
  if ((effective === 'rest' || effective === 'jdbc' || effective === 'nessie') && !ctx.has('iceberg.catalog.uri')) {
    ctx.add('iceberg.catalog', 'error', ctx.has('iceberg.catalog.type') ? 'iceberg.catalog.type' : 'iceberg.catalog.catalog-impl', `A ${effective} catalog needs iceberg.catalog.uri${effective === 'jdbc' ? ' (e.g. jdbc:postgresql://postgres:5432/iceberg)' : ''}; add it`);
  }
  if ((effective === 'jdbc' || effective === 'hadoop' || effective === 'glue') && !ctx.has('iceberg.catalog.warehouse')) {
    ctx.add('iceberg.catalog', 'warning', ctx.has('iceberg.catalog.type') ? 'iceberg.catalog.type' : catalogKeys[0] ?? '', 'iceberg.catalog.warehouse is not set, so the catalog does not know where to create table data; add it (e.g. s3://<bucket>/warehouse)');
  }
  const io = ctx.get('iceberg.catalog.io-impl');
  if (io && /S3FileIO$/.test(io) && !ctx.has('iceberg.catalog.s3.endpoint')) {
    ctx.add('iceberg.catalog', 'info', 'iceberg.catalog.io-impl', 'S3FileIO without iceberg.catalog.s3.endpoint writes to AWS; for the local stack set iceberg.catalog.s3.endpoint=http://localstack:4566 and iceberg.catalog.s3.path-style-access=true');
  }
  if (!ctx.has('iceberg.control.commit.interval-ms')) {
    ctx.add('iceberg.commitInterval', 'info', 'iceberg.control.commit.interval-ms', 'Data becomes visible only at commits, every 5 minutes by default; lower iceberg.control.commit.interval-ms (e.g. 10000) to see rows sooner while testing');
  }
}
