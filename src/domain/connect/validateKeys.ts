/**
 * Offline checks of the keys themselves: the connector class, the name, unknown / misspelt / removed / misplaced
 * keys (Connect silently ignores all of these), required keys, value types and tasks.max.
 */
import { closestMatches, typoBudget } from './closestMatch';
import { JSON_CONVERTER, JSON_CONVERTER_KEYS } from './connectorCatalogCommon';
import {
  CONNECTOR_SPECS, connectorsDefining, exactKeyNames, findKey, findRemovedKey, frameworkKeys, keysOf, kindOnlyKey, simpleClassName,
} from './connectorCatalog';
import { isPatternKey, type ConfigKeySpec } from './connectorCatalogTypes';
import { parseList } from './smtChain';
import { shown, type ValidationContext } from './validationContext';
import { placeholderIn } from './validateValues';

const CONVERTER_PREFIXES = ['key.converter.', 'value.converter.', 'header.converter.'];

export function checkKeys(ctx: ValidationContext): void {
  checkConnectorClass(ctx);
  checkName(ctx);
  const keys = ctx.spec ? keysOf(ctx.spec) : frameworkKeys(ctx.kind);
  for (const [k, v] of Object.entries(ctx.config)) {
    if (k.startsWith('transforms.') || k.startsWith('predicates.')) continue; // validateSmt
    if (CONVERTER_PREFIXES.some((p) => k.startsWith(p))) { checkConverterKey(ctx, k, v); continue; }
    checkKey(ctx, keys, k, v);
  }
  checkRequired(ctx, keys);
  checkTasksMax(ctx);
  if (ctx.kind === 'sink') checkSinkTopics(ctx);
}

function checkConnectorClass(ctx: ValidationContext): void {
  const cls = ctx.connectorClass;
  if (!cls) {
    ctx.add('connector.class', 'error', 'connector.class', '"connector.class" is missing; the worker cannot create a connector without it — add the fully qualified class, e.g. "io.debezium.connector.postgresql.PostgresConnector"');
    return;
  }
  const plugins = ctx.options.plugins;
  if (plugins) {
    const connectors = plugins.filter((p) => p.type === 'source' || p.type === 'sink');
    const pool = connectors.length ? connectors : plugins;
    const installed = pool.some((p) => p.class === cls || simpleClassName(p.class) === cls || simpleClassName(p.class).replace(/Connector$/, '') === cls);
    if (!installed) {
      const stem = simpleClassName(cls).replace(/Connector$/, '').toLowerCase();
      const near = [
        ...closestMatches(cls, pool.map((p) => p.class), Math.max(3, Math.floor(cls.length / 4))).map((m) => m.candidate),
        ...pool.map((p) => p.class).filter((c) => stem.length > 2 && simpleClassName(c).toLowerCase().includes(stem)),
      ];
      const uniq = [...new Set(near)].slice(0, 3);
      ctx.add('plugin.missing', 'error', 'connector.class',
        `${shown('connector.class', cls)}, which is not installed on the worker${uniq.length ? `; did you mean ${uniq.map((c) => `"${c}"`).join(' or ')}?` : `; installed connectors: ${pool.map((p) => simpleClassName(p.class)).join(', ') || 'none'} — add the plugin to the Connect image (docker/connect/plugins.json)`}`,
        uniq[0]);
      return;
    }
  }
  if (!ctx.spec) {
    const near = plugins ? undefined : closestMatches(cls, CONNECTOR_SPECS.map((s) => s.class), 3)[0];
    if (near) {
      ctx.add('plugin.missing', 'error', 'connector.class', `${shown('connector.class', cls)}, which looks like a misspelling of "${near.candidate}"; fix the class name`, near.candidate);
    } else {
      ctx.add('connector.unknownClass', 'info', 'connector.class', `Shoreline has no offline key list for "${cls}", so only the framework keys were checked; run the worker's validation (it checks types and required keys, not spelling)`);
    }
  }
}

function checkName(ctx: ValidationContext): void {
  const inner = ctx.config['name'];
  const name = ctx.file.name;
  if (ctx.file.shape === 'wrapped' && inner !== undefined && inner !== name) {
    ctx.add('name.mismatch', 'error', 'name', `The config's "name" ("${inner}") differs from the connector name "${name}"; the worker rejects the request — make them equal or drop "name" from config`, name);
  }
  if (name.trim() === '') ctx.add('name.invalid', 'error', 'name', 'The connector name is empty; set "name" (or name the file <connector>.connector.json)');
  else if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) ctx.add('name.invalid', 'error', 'name', `The connector name ${JSON.stringify(name)} contains control characters, which Connect rejects; remove them`);
  else if (name.includes('/')) ctx.add('name.invalid', 'warning', 'name', `The connector name "${name}" contains "/", which breaks the REST paths /connectors/{name}/…; use "-" or "_"`, name.replace(/\//g, '-'));
}

function checkKey(ctx: ValidationContext, keys: readonly ConfigKeySpec[], k: string, v: string): void {
  const spec = ctx.spec;
  const removed = findRemovedKey(spec?.removed, k);
  if (removed) {
    const repl = removed.replacement;
    ctx.add('key.removed', 'error', k,
      `"${k}" was replaced${repl ? ` by "${repl}"` : ''} in ${removed.spec.since}; this ${spec?.title ?? 'connector'} ignores it${removed.spec.note ? ` (${removed.spec.note})` : ''} — ${repl ? `rename it to "${repl}"` : 'remove it'}`,
      repl);
    return;
  }
  const found = findKey(keys, k);
  if (found && !isPatternKey(found.name)) { checkValue(ctx, k, v, found); return; }
  if (!spec) {
    const only = kindOnlyKey(k);
    if (only && ctx.kind && only !== ctx.kind) wrongKind(ctx, k, only);
    return;
  }
  if (customAliasPrefixes(ctx).some((p) => k.startsWith(p))) return;
  const exact = exactKeyNames(keys);
  const near = closestMatches(k, exact)[0];
  const title = `the ${spec.title} (${spec.class})`;
  const equivalent = spec.equivalents?.[k];
  if (equivalent) {
    const owners = connectorsDefining(k, spec).map((s) => s.title).join(', ') || 'another connector';
    ctx.add('key.wrongConnector', 'error', k, `"${k}" is a key of ${owners}; ${title} ignores it — use "${equivalent}"`, equivalent);
    return;
  }
  const typo = (how: string): void => {
    const hit = near ? ` Did you mean "${near.candidate}"?` : '';
    const dflt = near ? findKey(keys, near.candidate)?.default : undefined;
    ctx.add('key.unknown', spec.complete || near ? 'error' : 'warning', k,
      `"${k}" is not a key of ${title}; ${how}${near ? `, so "${near.candidate}" stays at its default${dflt !== undefined ? ` (${dflt === '' ? 'empty' : dflt})` : ''}` : ''}.${hit}`,
      near?.candidate);
  };
  if (found) { // a pattern key
    if (found.passthrough && near && near.distance <= Math.min(2, typoBudget(k))) {
      typo(`keys under "${found.name}" are passed through unchecked, so this is never read as "${near.candidate}"`);
    } else {
      checkValue(ctx, k, v, found);
    }
    return;
  }
  if (near && near.distance <= 1) { typo('Connect ignores unknown keys'); return; }
  const only = kindOnlyKey(k);
  if (only && only !== spec.kind) { wrongKind(ctx, k, only); return; }
  const owners = connectorsDefining(k, spec);
  if (owners.length) {
    ctx.add('key.wrongConnector', 'error', k, `"${k}" is a key of the ${owners.map((s) => s.title).join(' / ')}, not of ${title}, which ignores it — remove it${near ? ` (or did you mean "${near.candidate}"?)` : ''}`, near?.candidate);
    return;
  }
  typo(spec.complete ? 'Connect ignores unknown keys' : `Connect ignores unknown keys (Shoreline lists only part of this connector's keys — check its docs${spec.docs ? ` at ${spec.docs}` : ''})`);
}

function wrongKind(ctx: ValidationContext, k: string, only: 'source' | 'sink'): void {
  const why = only === 'sink'
    ? (k.startsWith('topics') ? 'a source decides its topics itself (e.g. topic.prefix)' : 'dead letter queues exist only for sinks')
    : 'only source connectors create topics and use exactly-once/offset settings';
  ctx.add('key.wrongConnector', 'error', k, `"${k}" is read only by ${only} connectors and this is a ${ctx.kind} connector, so it is ignored (${why}) — remove it`);
}

/** Debezium: `converters=isbn` makes `isbn.*` keys valid, as does `post.processors=…`. */
function customAliasPrefixes(ctx: ValidationContext): string[] {
  if (!ctx.connectorClass.startsWith('io.debezium.')) return [];
  return [...parseList(ctx.config['converters']), ...parseList(ctx.config['post.processors'])].map((a) => `${a}.`);
}

function checkConverterKey(ctx: ValidationContext, k: string, v: string): void {
  const prefix = CONVERTER_PREFIXES.find((p) => k.startsWith(p)) ?? '';
  const converterKey = prefix.slice(0, -1);
  const cls = ctx.get(converterKey);
  const rest = k.slice(prefix.length);
  if (rest === 'plugin.version' || cls === undefined) return;
  if (cls !== JSON_CONVERTER && cls !== 'JsonConverter') return;
  const found = JSON_CONVERTER_KEYS.find((s) => s.name === rest);
  if (found) { checkValue(ctx, k, v, found); return; }
  const near = closestMatches(rest, JSON_CONVERTER_KEYS.map((s) => s.name))[0];
  ctx.add('key.unknown', near ? 'error' : 'warning', k,
    `"${k}" is not a JsonConverter setting, so ${converterKey} ignores it${near ? `; did you mean "${prefix}${near.candidate}"?` : ''}`,
    near ? `${prefix}${near.candidate}` : undefined);
}

const INT_RANGE: Partial<Record<ConfigKeySpec['type'], [number, number]>> = { int: [-(2 ** 31), 2 ** 31 - 1], short: [-32768, 32767] };

/** Type, allowed values and lower bound of one value. */
export function checkValue(ctx: ValidationContext, k: string, raw: string, spec: ConfigKeySpec): void {
  if (k === 'tasks.max') return; // checkTasksMax
  const v = raw.trim();
  if (v === '' || placeholderIn(k, v)) return;
  const bad = (what: string, example: string): void => ctx.add('value.type', 'error', k, `${shown(k, raw)}, not ${what}; the worker rejects the config — write e.g. "${example}"`);
  switch (spec.type) {
    case 'int': case 'short': case 'long': {
      if (!/^[+-]?\d+$/.test(v)) { bad(spec.type === 'long' ? 'a whole number' : 'an integer', spec.default ?? '1'); return; }
      const n = Number(v);
      const range = INT_RANGE[spec.type];
      if (range && (n < range[0] || n > range[1])) { bad(`an ${spec.type} (${range[0]}…${range[1]})`, spec.default ?? '1'); return; }
      if (spec.min !== undefined && n < spec.min) ctx.add('value.range', 'error', k, `${shown(k, raw)}; it must be at least ${spec.min} — raise it`, String(spec.min));
      break;
    }
    case 'double':
      if (Number.isNaN(Number(v))) bad('a number', spec.default ?? '1.0');
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(v)) bad('true or false', spec.default ?? 'true');
      break;
    case 'class':
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(v)) bad('a Java class name', spec.default ?? 'org.example.MyClass');
      break;
    default:
  }
  if (spec.values && !spec.values.some((a) => a.toLowerCase() === v.toLowerCase())) {
    const near = closestMatches(v, spec.values, 3)[0]?.candidate;
    ctx.add('value.enum', 'error', k, `${shown(k, raw)}, which is not one of ${spec.values.join(', ')}${near ? `; did you mean "${near}"?` : ''}`, near);
  }
}

function checkRequired(ctx: ValidationContext, keys: readonly ConfigKeySpec[]): void {
  const replacedByPresent = new Set(
    Object.keys(ctx.config).map((k) => findRemovedKey(ctx.spec?.removed, k)?.replacement).filter((r): r is string => r !== undefined),
  );
  const customHistory = ctx.get('schema.history.internal');
  for (const spec of keys) {
    if (!spec.required || isPatternKey(spec.name) || spec.name === 'name' || spec.name === 'connector.class') continue;
    if (ctx.has(spec.name) || replacedByPresent.has(spec.name)) continue;
    if (spec.name.startsWith('schema.history.internal.kafka.') && customHistory && !/Kafka/.test(customHistory)) continue;
    const present = ctx.config[spec.name] !== undefined;
    ctx.add('key.required', 'error', spec.name, `"${spec.name}" is ${present ? 'empty' : 'missing'}; the ${ctx.spec?.title ?? 'connector'} does not start without it — add it (${spec.doc})`);
  }
}

function checkTasksMax(ctx: ValidationContext): void {
  const raw = ctx.config['tasks.max'];
  if (raw === undefined) return;
  const v = raw.trim();
  if (!/^\+?\d+$/.test(v) || Number(v) < 1 || Number(v) > 2 ** 31 - 1) {
    ctx.add('tasks.max', 'error', 'tasks.max', `${shown('tasks.max', raw)}; it must be a positive integer (1 or more) — use "1"`, '1');
  }
}

function checkSinkTopics(ctx: ValidationContext): void {
  const topics = ctx.has('topics') && parseList(ctx.config['topics']).length > 0;
  const regex = ctx.has('topics.regex');
  if (!topics && !regex) {
    ctx.add('sink.topics', 'error', ctx.config['topics'] !== undefined ? 'topics' : '', 'A sink needs "topics" (a comma-separated list) or "topics.regex"; the worker rejects the config without either — add one');
  } else if (topics && regex) {
    ctx.add('sink.topics', 'error', 'topics.regex', '"topics" and "topics.regex" are both set; the worker accepts only one — remove one of them');
  }
}
