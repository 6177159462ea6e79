/**
 * Kafka's topic, header and filtering SMTs (RegexRouter, TimestampRouter, Filter, DropHeaders, InsertHeader) and the
 * built-in predicates (TopicNameMatches, HasHeaderKey, RecordIsTombstone), 4.x semantics. Pure.
 */
import { formatJavaDate, JavaException, javaFullMatcher, javaMatches, javaReplacement, parseConnectLiteral } from './javaFormats';
import type { SmtRecord } from './smtRecord';
import { ConnectError, dataError, done, requiredList, requiredStr, str, type SmtApply } from './smtRuntime';

/** Java exceptions from regex / replacement handling become Connect step errors. */
function javaCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof JavaException) throw new ConnectError(e.exception, e.message);
    throw e;
  }
}

export const regexRouter: SmtApply = (record, settings) => {
  const regex = requiredStr(settings, 'regex');
  const replacement = requiredStr(settings, 'replacement');
  const re = javaCall(() => javaFullMatcher(regex));
  const m = javaMatches(re, record.topic);
  if (!m) return done(record, `The topic "${record.topic}" does not match /${regex}/ as a whole (Java matches()), so it is kept`);
  const topic = javaCall(() => javaReplacement(replacement, m));
  return done({ ...record, topic });
};

export const timestampRouter: SmtApply = (record, settings, ctx) => {
  const topicFormat = str(settings, 'topic.format') ?? '${topic}-${timestamp}';
  const timestampFormat = str(settings, 'timestamp.format') ?? 'yyyyMMdd';
  if (record.timestamp === null) {
    const cls = ctx.kind === 'sink' ? 'SinkRecord' : 'SourceRecord';
    throw dataError(`Timestamp missing on record: ${cls}{topic='${record.topic}', kafkaPartition=${record.partition ?? 'null'}, …, timestamp=null}`);
  }
  const formatted = javaCall(() => formatJavaDate(timestampFormat, record.timestamp!));
  return done({ ...record, topic: topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted) });
};

export const filter: SmtApply = () => done(null);

export const dropHeaders: SmtApply = (record, settings) => {
  const names = new Set(requiredList(settings, 'headers'));
  const kept = record.headers.filter((h) => !names.has(h.key));
  const missing = [...names].filter((n) => !record.headers.some((h) => h.key === n));
  return done({ ...record, headers: kept }, ...missing.map((n) => `The record has no header "${n}"`));
};

export const insertHeader: SmtApply = (record, settings) => {
  const header = requiredStr(settings, 'header');
  const literal = requiredStr(settings, 'value.literal');
  const parsed = parseConnectLiteral(literal);
  const note = parsed.type !== 'string' ? [`Connect reads "${literal}" as ${parsed.type} (Values.parseString), not as a string`] : [];
  return done({ ...record, headers: [...record.headers, { key: header, value: parsed.value, schema: { type: parsed.type, optional: false } }] }, ...note);
};

// ------------------------------------------------------------------------------------------------------ predicates

export type PredicateTest = (record: SmtRecord, settings: Readonly<Record<string, string>>) => boolean;

export const topicNameMatches: PredicateTest = (record, settings) => {
  const re = javaCall(() => javaFullMatcher(requiredStr(settings, 'pattern')));
  return javaMatches(re, record.topic) !== null;
};

export const hasHeaderKey: PredicateTest = (record, settings) => {
  const name = requiredStr(settings, 'name');
  return record.headers.some((h) => h.key === name);
};

export const recordIsTombstone: PredicateTest = (record) => record.value === null;
