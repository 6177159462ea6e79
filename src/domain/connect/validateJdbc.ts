/**
 * Offline checks specific to the JDBC connectors: query-based CDC semantics of the Confluent JDBC source
 * (mode columns, custom queries, PostgreSQL catalog vs schema, no deletes) and primary-key / delete rules of the
 * Confluent and Debezium JDBC sinks.
 */
import { DEBEZIUM_JDBC_SINK, JDBC_SINK, JDBC_SOURCE } from './connectorCatalogJdbc';
import { SMT } from './smtCatalog';
import { parseList } from './smtChain';
import { isPostgresUrl, isTrue, shown, type ValidationContext } from './validationContext';
import { intendedDeleteMode } from './validateSmt';

export function checkJdbc(ctx: ValidationContext): void {
  const cls = ctx.spec?.class;
  if (cls === JDBC_SOURCE) checkJdbcSource(ctx);
  if (cls === JDBC_SINK) checkJdbcSink(ctx, { mode: 'pk.mode', fields: 'pk.fields' });
  if (cls === DEBEZIUM_JDBC_SINK) checkJdbcSink(ctx, { mode: 'primary.key.mode', fields: 'primary.key.fields' });
  if (cls === JDBC_SOURCE || cls === JDBC_SINK || cls === DEBEZIUM_JDBC_SINK) {
    const url = ctx.get('connection.url');
    if (url && !/^jdbc:[a-z0-9]+:/i.test(url) && !/[<>]/.test(url)) {
      ctx.add('jdbc.url', 'error', 'connection.url', `${shown('connection.url', url)}, which is not a JDBC URL; write e.g. "jdbc:postgresql://postgres:5432/pagila"`);
    }
  }
}

/** SQL keywords that break the WHERE … ORDER BY the JDBC source appends to a custom query (outside parentheses). */
function topLevelClauses(sql: string): string[] {
  let depth = 0;
  let flat = '';
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) { if (ch === quote) quote = undefined; flat += ' '; continue; }
    if (ch === '\'' || ch === '"') { quote = ch; flat += ' '; continue; }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    flat += depth === 0 ? ch : ' ';
  }
  const found = flat.toUpperCase().match(/\b(WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|UNION|OFFSET|FETCH)\b/g) ?? [];
  return [...new Set(found.map((f) => f.replace(/\s+/g, ' ')))];
}

function checkJdbcSource(ctx: ValidationContext): void {
  const mode = ctx.get('mode')?.toLowerCase();
  const query = ctx.get('query') ?? ctx.get('query.masked');
  const queryKey = ctx.has('query') ? 'query' : 'query.masked';
  const legacy = ['table.whitelist', 'table.blacklist'].filter((k) => parseList(ctx.config[k]).length > 0);
  const modern = ['table.include.list', 'table.exclude.list'].filter((k) => parseList(ctx.config[k]).length > 0);
  const usesTimestamp = mode === 'timestamp' || mode === 'timestamp+incrementing';
  const usesIncrementing = mode === 'incrementing' || mode === 'timestamp+incrementing';
  const newColumns = ['incrementing.column.mapping', 'timestamp.columns.mapping'].filter((k) => ctx.has(k));

  if (isPostgresUrl(ctx.get('connection.url')) && ctx.has('catalog.pattern')) {
    const db = /jdbc:postgresql:\/\/[^/]+\/([^?;]+)/i.exec(ctx.get('connection.url') ?? '')?.[1];
    ctx.add('jdbc.catalogPattern', 'warning', 'catalog.pattern',
      `${shown('catalog.pattern', ctx.get('catalog.pattern'))}, but in PostgreSQL the catalog is the database${db ? ` ("${db}")` : ''}, so this does not select a schema; use schema.pattern=${ctx.get('catalog.pattern')} instead`,
      'schema.pattern');
  }
  if (query) {
    const tables = [...legacy, ...modern];
    if (tables.length) ctx.add('jdbc.queryWithTables', 'error', queryKey, `"${queryKey}" cannot be combined with ${tables.join(', ')} (whole-table copying); the connector fails to start — remove one or the other`);
    const prefix = ctx.get('topic.prefix');
    if (prefix) ctx.add('jdbc.queryTopic', 'info', 'topic.prefix', `With "${queryKey}", "topic.prefix" is the whole topic name: every row goes to the topic "${prefix}"`);
    if (!/^\s*select\b/i.test(query)) ctx.add('jdbc.querySelect', 'warning', queryKey, `"${queryKey}" does not start with SELECT; recent JDBC source releases reject it — start the query with SELECT (wrap a CTE as SELECT * FROM (…) AS q)`);
    const clauses = mode && mode !== 'bulk' ? topLevelClauses(query) : [];
    if (clauses.length) {
      ctx.add('jdbc.querySubquery', 'warning', queryKey,
        `In mode=${mode} the connector appends "WHERE <${usesTimestamp ? 'timestamp' : 'incrementing'} column> > ? … ORDER BY …" to the query, but it already has ${clauses.join(', ')} at the top level, so the generated SQL is invalid or filters wrongly; wrap it: SELECT * FROM (<your query>) AS subquery`,
        `SELECT * FROM (${query}) AS subquery`);
    }
  } else {
    if (legacy.length === 2) ctx.add('jdbc.tableListConflict', 'error', 'table.blacklist', '"table.whitelist" and "table.blacklist" cannot both be set; the connector fails to start — keep one');
    if (legacy.length && (modern.length || newColumns.length)) {
      ctx.add('jdbc.tableListConflict', 'error', legacy[0] ?? 'table.whitelist', `Legacy keys (${legacy.join(', ')}) cannot be mixed with the new ones (${[...modern, ...newColumns].join(', ')}); choose one style`);
    }
    if (ctx.has('table.exclude.list') && !ctx.has('table.include.list')) ctx.add('jdbc.tableListConflict', 'error', 'table.exclude.list', '"table.exclude.list" only filters tables matched by "table.include.list"; add table.include.list');
  }
  if (ctx.has('table.whitelist')) {
    ctx.add('jdbc.legacyTableList', 'info', 'table.whitelist', 'Recent JDBC source releases prefer "table.include.list" (regexes of fully qualified names, e.g. "public\\.address") over "table.whitelist"; do not mix the two styles');
  }
  const legacyStyle = !modern.length && !newColumns.length;
  if (usesTimestamp && !ctx.has('timestamp.column.name') && !ctx.has('timestamp.columns.mapping')) {
    ctx.add('jdbc.modeColumns', 'error', 'mode', `mode=${mode} needs the timestamp column: add ${legacyStyle ? 'timestamp.column.name (e.g. "last_update")' : 'timestamp.columns.mapping'}`);
  }
  if (usesIncrementing && !ctx.has('incrementing.column.name') && !ctx.has('incrementing.column.mapping')) {
    if (legacyStyle) ctx.add('jdbc.modeColumns', 'info', 'mode', `mode=${mode} without incrementing.column.name uses the table's auto-increment column; set it explicitly (e.g. "address_id") if the table has none`);
    else ctx.add('jdbc.modeColumns', 'error', 'mode', `mode=${mode} needs incrementing.column.mapping with table.include.list`);
  }
  if (mode === 'timestamp' || mode === 'bulk') {
    for (const k of ['incrementing.column.name', 'incrementing.column.mapping'].filter((x) => ctx.has(x))) {
      ctx.add('jdbc.unusedColumn', 'warning', k, `"${k}" has no effect with mode=${mode}; use mode=timestamp+incrementing to use both columns, or remove it`);
    }
  }
  if (mode === 'incrementing' || mode === 'bulk') {
    for (const k of ['timestamp.column.name', 'timestamp.columns.mapping'].filter((x) => ctx.has(x))) {
      ctx.add('jdbc.unusedColumn', 'warning', k, `"${k}" has no effect with mode=${mode}; use mode=timestamp or timestamp+incrementing, or remove it`);
    }
  }
  if (usesTimestamp || usesIncrementing) {
    ctx.add('jdbc.noDeletes', 'info', 'mode', `mode=${mode} is query-based CDC: it cannot see DELETEs${usesTimestamp ? ' and re-emits a row whenever its timestamp changes' : ' or UPDATEs'}; for deletes use log-based CDC (the Debezium PostgreSQL source)`);
  }
}

function checkJdbcSink(ctx: ValidationContext, keys: { mode: string; fields: string }): void {
  const pkMode = (ctx.get(keys.mode) ?? 'none').toLowerCase();
  const insertMode = (ctx.get('insert.mode') ?? 'insert').toLowerCase();
  if ((insertMode === 'upsert' || insertMode === 'update') && pkMode === 'none') {
    ctx.add('jdbcSink.upsertNeedsPk', 'error', ctx.has(keys.mode) ? keys.mode : 'insert.mode',
      `insert.mode=${insertMode} needs a primary key, but ${keys.mode} is "none"; set ${keys.mode}=record_key (and ${keys.fields})`, 'record_key');
  }
  if (isTrue(ctx.get('delete.enabled')) && pkMode !== 'record_key') {
    ctx.add('jdbcSink.deleteNeedsRecordKey', 'error', 'delete.enabled',
      `delete.enabled=true needs ${keys.mode}=record_key (deletes are matched on the record key), but it is "${pkMode}"; the connector fails to start — set ${keys.mode}=record_key`, 'record_key');
  }
  if ((pkMode === 'record_key' || pkMode === 'record_value') && !ctx.has(keys.fields)) {
    // Debezium sources key their records with structs, which the Debezium sink takes whole: advice, not a warning.
    const severity = pkMode === 'record_key' && keys.mode === 'primary.key.mode' ? 'info' : 'warning';
    ctx.add('jdbcSink.pkFields', severity, keys.mode,
      `${keys.mode}=${pkMode} without ${keys.fields}: every field of the record ${pkMode === 'record_key' ? 'key' : 'value'} becomes the primary key, and a primitive key fails ("Need exactly one PK column"); set ${keys.fields}`);
  }
  if (pkMode === 'kafka' && ctx.has(keys.fields) && parseList(ctx.config[keys.fields]).length !== 3) {
    ctx.add('jdbcSink.pkFields', 'warning', keys.fields, `${keys.mode}=kafka takes exactly three column names (topic, partition, offset) in ${keys.fields}`);
  }
  checkDeleteHandling(ctx);
}

/** Deletes coming through Debezium's unwrap step into a JDBC sink (the seeds' delete.handling.mode=rewrite). */
function checkDeleteHandling(ctx: ValidationContext): void {
  const unwrap = ctx.chain.find((s) => s.type === SMT.extractNewRecordState || s.type === 'ExtractNewRecordState');
  if (!unwrap) return;
  const mode = intendedDeleteMode(unwrap);
  const field = `transforms.${unwrap.alias}.${unwrap.settings['delete.tombstone.handling.mode'] !== undefined ? 'delete.tombstone.handling.mode' : 'type'}`;
  const deletes = isTrue(ctx.get('delete.enabled'));
  if (deletes && (mode === 'rewrite' || mode === 'drop')) {
    ctx.add('smt.deleteHandling', 'warning', field, `delete.enabled=true, but the unwrap step "${unwrap.alias}" ${mode === 'drop' ? 'drops delete events' : 'rewrites deletes into rows with __deleted=true and drops the tombstones'}, so no row is ever deleted; use delete.tombstone.handling.mode=${mode === 'drop' ? 'tombstone' : 'rewrite-with-tombstone'}`);
  } else if (deletes && mode === 'rewrite-with-tombstone') {
    ctx.add('smt.deleteHandling', 'info', field, `Each delete first upserts a row with __deleted=true built from the before-image (with REPLICA IDENTITY DEFAULT only the key columns are real, the others become defaults), then the tombstone deletes it; use delete.tombstone.handling.mode=tombstone if only the delete matters`);
  } else if (!deletes && (mode === 'rewrite' || mode === 'rewrite-with-tombstone')) {
    ctx.add('smt.deleteHandling', 'info', field, 'Deleted rows are kept and marked with __deleted=true (delete.enabled is false); filter them in queries, or set delete.enabled=true');
  }
}
