/**
 * Which topics a connector writes or reads, worked out from its config alone (topic.prefix + tables, query mode,
 * topic-routing SMTs; topics / topics.regex). Feeds the cross-connector checks and the workspace topic graph. Pure.
 */
import type { ConnectorFile } from './connectorModel';
import { findConnectorSpec, findTransformSpec } from './connectorCatalog';
import { DEBEZIUM_MYSQL, DEBEZIUM_POSTGRES } from './connectorCatalogDebezium';
import { JDBC_SOURCE } from './connectorCatalogJdbc';
import type { ConnectorKind } from './connectorCatalogTypes';
import { SMT } from './smtCatalog';
import { parseList, parseSmtChain } from './smtChain';

export interface ProducedTopics {
  /** Topics known to be written. */
  topics: string[];
  /** false when the connector may write topics not listed (table regexes, all tables, dynamic routing). */
  complete: boolean;
  /** The key that decides the topic names (for positioning findings). */
  field: string;
}

export interface ConsumedTopics { topics: string[]; regex?: RegExp; field: string }

/** `source`, `sink`, or undefined, from the catalog or (for unknown classes) from the presence of `topics`. */
export function connectorKind(file: ConnectorFile): ConnectorKind | undefined {
  const cls = file.config['connector.class']?.trim();
  const spec = cls ? findConnectorSpec(cls) : undefined;
  if (spec) return spec.kind;
  if (file.config['topics'] !== undefined || file.config['topics.regex'] !== undefined) return 'sink';
  return undefined;
}

/** A Java regex as a JS RegExp that must match the whole string, as Java's `matches()` does; undefined if JS cannot read it. */
export function javaRegex(re: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    return undefined;
  }
}

/** A table list entry used as a literal name: `public.address`, `public\.address`; undefined for real regexes. */
function literalEntry(entry: string): string[] | undefined {
  const plain = entry.trim().replace(/^"|"$/g, '').replace(/\\\./g, '.');
  if (plain === '' || /[*+?[\]()|^$\\{}]/.test(plain)) return undefined;
  return plain.split('.');
}

/** Topics written by a source connector, or undefined for sinks and unknown classes. */
export function producedTopics(file: ConnectorFile): ProducedTopics | undefined {
  const c = file.config;
  const cls = findConnectorSpec(c['connector.class']?.trim() ?? '')?.class;
  let result: ProducedTopics;
  if (cls === JDBC_SOURCE) {
    const prefix = c['topic.prefix']?.trim() ?? '';
    if ((c['query'] ?? c['query.masked'] ?? '').trim() !== '') {
      result = { topics: [prefix], complete: true, field: 'topic.prefix' };
    } else {
      const entries = [...parseList(c['table.whitelist']), ...parseList(c['table.include.list'])];
      const parts = entries.map(literalEntry);
      result = {
        topics: parts.filter((p): p is string[] => p !== undefined).map((p) => prefix + (p[p.length - 1] ?? '')),
        complete: entries.length > 0 && parts.every((p) => p !== undefined),
        field: 'topic.prefix',
      };
    }
  } else if (cls === DEBEZIUM_POSTGRES || cls === DEBEZIUM_MYSQL) {
    const field = c['topic.prefix'] !== undefined ? 'topic.prefix' : 'database.server.name';
    const prefix = (c['topic.prefix'] ?? c['database.server.name'] ?? '').trim();
    const delimiter = c['topic.delimiter'] ?? '.';
    const entries = parseList(c['table.include.list'] ?? c['table.whitelist']);
    const parts = entries.map(literalEntry);
    const named = parts.filter((p): p is string[] => p !== undefined && p.length === 2);
    result = { topics: named.map((p) => [prefix, ...p].join(delimiter)), complete: entries.length > 0 && named.length === entries.length, field };
  } else {
    return undefined;
  }
  return applyRouters(file, result);
}

/** Applies RegexRouter / ByLogicalTableRouter renames; other routing SMTs make the topic set open-ended. */
function applyRouters(file: ConnectorFile, produced: ProducedTopics): ProducedTopics {
  let { topics, complete } = produced;
  for (const step of parseSmtChain(file.config)) {
    const spec = findTransformSpec(step.type);
    const cls = spec?.class ?? step.type;
    const routing = cls === `${SMT.regexRouter}` || cls === SMT.byLogicalTableRouter;
    if (routing) {
      const regex = step.settings[cls === SMT.regexRouter ? 'regex' : 'topic.regex'];
      const replacement = step.settings[cls === SMT.regexRouter ? 'replacement' : 'topic.replacement'];
      const re = regex !== undefined ? javaRegex(regex) : undefined;
      if (!re || replacement === undefined || step.settings['predicate'] !== undefined) { complete = false; continue; }
      const jsReplacement = replacement.replace(/\$\{(\w+)\}/g, '$$<$1>');
      topics = topics.map((t) => (re.test(t) ? t.replace(re, jsReplacement) : t));
    } else if (cls === SMT.eventRouter || cls.endsWith('.TimestampRouter') || (cls === SMT.extractNewRecordState && (step.settings['route.by.field'] ?? '') !== '')) {
      complete = false;
    }
  }
  return { ...produced, topics: [...new Set(topics)], complete };
}

/** Topics a sink reads, or undefined for non-sinks. */
export function consumedTopics(file: ConnectorFile): ConsumedTopics | undefined {
  if (connectorKind(file) !== 'sink') return undefined;
  const regexText = file.config['topics.regex']?.trim();
  if (regexText) {
    const regex = javaRegex(regexText);
    return { topics: [], ...(regex ? { regex } : {}), field: 'topics.regex' };
  }
  return { topics: parseList(file.config['topics']), field: 'topics' };
}

/** Whether a sink reads the topic. */
export function consumes(c: ConsumedTopics, topic: string): boolean {
  return c.topics.includes(topic) || (c.regex?.test(topic) ?? false);
}
