/**
 * SMT chain preview: applies a connector's `transforms` chain, step by step, to a sample record the way the Connect
 * worker would — predicates and `negate`, drops, Connect's own exceptions — and reports each step's input and
 * output. Steps Shoreline cannot run faithfully (unknown classes, Debezium's routers, Java behaviour JavaScript
 * cannot reproduce) are reported as not run, and so is everything after them: the preview never guesses. Pure.
 */
import { JavaException, NotReproducible } from './javaFormats';
import { findTransformSpec } from './connectorCatalog';
import { KAFKA_TRANSFORMS_PACKAGE, SMT, TRANSFORM_FRAMEWORK_KEYS } from './smtCatalog';
import { parsePredicates, parseSmtChain, smtSide, type PredicateDef } from './smtChain';
import { extractNewRecordState } from './smtDebezium';
import { cloneRecord, type SmtRecord } from './smtRecord';
import { dropHeaders, filter, hasHeaderKey, insertHeader, recordIsTombstone, regexRouter, timestampRouter, topicNameMatches, type PredicateTest } from './smtRoutingTransforms';
import { bool, ConnectError, KEY_SIDE, VALUE_SIDE, type SmtApply, type SmtContext } from './smtRuntime';
import { connectorKindOf } from './smtSamples';
import { sinkChecks, describeChanges, type PreviewCheck } from './smtPreviewChecks';
import { extractField, headerFrom, hoistField, insertField, replaceField, setSchemaMetadata, valueToKey } from './smtStructTransforms';
import { cast, flatten, maskField, timestampConverter } from './smtValueTransforms';

/** A record to preview: topic, partition, offset, timestamp, key, value (optionally with Connect schemas), headers. */
export type SampleRecord = SmtRecord;

/** The Debezium release the stack's Connect image bundles (docker/connect/plugins.json). */
export const STACK_DEBEZIUM_VERSION = '3.7';

export interface PreviewOptions {
  /** Debezium release whose SMTs run on the worker, e.g. "3.7" (default) or "2.7". */
  debeziumVersion?: string;
}

export type StepStatus = 'applied' | 'skipped' | 'dropped' | 'failed' | 'not-supported' | 'not-run';

export interface SmtStepResult {
  alias: string;
  /** The class as configured (`transforms.<alias>.type`). */
  type: string;
  /** The catalog's short title, when the class is known. */
  title?: string;
  settings: Record<string, string>;
  predicate?: { alias: string; type: string; negate: boolean; matched?: boolean };
  /** false: Shoreline did not run this step (not supported, or an earlier step stopped the preview). */
  ran: boolean;
  status: StepStatus;
  input?: SmtRecord;
  /** The record after the step; null when the step dropped it. */
  output?: SmtRecord | null;
  dropped?: boolean;
  /** What changed, one line each ("value: + message_topic"). */
  changes: string[];
  notes: string[];
  error?: { exception: string; message: string; phase: 'configure' | 'apply' };
  reason?: string;
}

export interface SmtPreviewResult {
  connectorClass: string;
  kind: 'source' | 'sink';
  debeziumVersion: string;
  input: SmtRecord;
  steps: SmtStepResult[];
  /** delivered: the record reaches the converter / sink; dropped; failed: Connect raises; incomplete: a step was not run. */
  outcome: 'delivered' | 'dropped' | 'failed' | 'incomplete';
  /** The record after the last step (null when dropped or failed; the last known record when incomplete). */
  output: SmtRecord | null;
  summary: string;
  checks: PreviewCheck[];
  notes: string[];
}

const K = KAFKA_TRANSFORMS_PACKAGE;
const KEYED: Record<string, SmtApply> = {
  InsertField: insertField, ReplaceField: replaceField, ExtractField: extractField, HoistField: hoistField, HeaderFrom: headerFrom,
  SetSchemaMetadata: setSchemaMetadata, Cast: cast, MaskField: maskField, Flatten: flatten, TimestampConverter: timestampConverter,
};
const SINGLE: Record<string, SmtApply> = {
  [`${K}.ValueToKey`]: valueToKey, [`${K}.RegexRouter`]: regexRouter, [`${K}.TimestampRouter`]: timestampRouter, [`${K}.Filter`]: filter,
  [`${K}.DropHeaders`]: dropHeaders, [`${K}.InsertHeader`]: insertHeader, [SMT.extractNewRecordState]: extractNewRecordState,
};
const PREDICATES: Record<string, PredicateTest> = {
  [`${K}.predicates.TopicNameMatches`]: topicNameMatches, [`${K}.predicates.HasHeaderKey`]: hasHeaderKey, [`${K}.predicates.RecordIsTombstone`]: recordIsTombstone,
};

/** The implementation of a transform class, if Shoreline runs it. */
export function smtImplementation(type: string): SmtApply | undefined {
  const single = SINGLE[type];
  if (single) return single;
  const m = /^org\.apache\.kafka\.connect\.transforms\.(\w+)\$(Key|Value)$/.exec(type);
  return m ? KEYED[m[1]!] : undefined;
}

/** Transform classes the preview runs, for docs and help. */
export const SUPPORTED_SMT_CLASSES: readonly string[] = [
  ...Object.keys(KEYED).flatMap((b) => [`${K}.${b}$Key`, `${K}.${b}$Value`]), ...Object.keys(SINGLE),
];

function parseVersion(v: string): SmtContext['debezium'] {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m) return { major: 3, minor: 7, label: STACK_DEBEZIUM_VERSION };
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), label: `${m[1]}.${m[2] ?? 0}` };
}

const NOT_RUN = (cls: string): string => `Shoreline cannot run ${cls}; the record is passed on unchanged after this step only for display`;

function unsupportedReason(type: string): string {
  const simple = type.slice(type.lastIndexOf('.') + 1);
  const spec = findTransformSpec(type);
  if (spec && spec.class !== type) return `${NOT_RUN(type)}. Connect needs the full class name (${spec.class}); as written the worker rejects the config`;
  if (!type.includes('.') && spec === undefined && smtImplementation(`${K}.${simple}`) !== undefined) return `${NOT_RUN(type)}. Connect needs the full class name (${K}.${simple})`;
  return NOT_RUN(type);
}

function counted(steps: SmtStepResult[]): string {
  const applied = steps.filter((s) => s.status === 'applied').length;
  const skipped = steps.length - applied;
  return `${applied} step(s) applied${skipped ? `, ${skipped} skipped by ${skipped > 1 ? 'their predicates' : 'its predicate'}` : ''}`;
}

/** Runs the step's predicate; undefined when it cannot be evaluated (unknown class). */
function testPredicate(def: PredicateDef, record: SmtRecord): boolean | undefined {
  const test = PREDICATES[def.type];
  return test ? test(record, def.settings) : undefined;
}

/**
 * Applies the connector's SMT chain to a sample record. `config` is the connector config (string values, as
 * Connect stores them); `sample` the record the connector (source) or the consumer (sink) hands to the chain.
 */
export function previewChain(config: Record<string, string>, sample: SampleRecord, options: PreviewOptions = {}): SmtPreviewResult {
  const kind = connectorKindOf(config);
  const debeziumVersion = options.debeziumVersion ?? STACK_DEBEZIUM_VERSION;
  const ctx: SmtContext = { kind, debezium: parseVersion(debeziumVersion) };
  const predicates = parsePredicates(config);
  const tolerant = (config['errors.tolerance'] ?? 'none').trim().toLowerCase() === 'all';
  const steps: SmtStepResult[] = [];
  let current: SmtRecord = cloneRecord(sample);
  let stop: { status: 'dropped' | 'failed' | 'not-supported'; alias: string } | undefined;

  for (const step of parseSmtChain(config)) {
    const settings = Object.fromEntries(Object.entries(step.settings).filter(([k]) => !TRANSFORM_FRAMEWORK_KEYS.includes(k)));
    const predicateAlias = step.settings['predicate'];
    const negateText = step.settings['negate'];
    const base: SmtStepResult = { alias: step.alias, type: step.type, settings, ran: false, status: 'not-run', changes: [], notes: [] };
    const spec = step.type ? findTransformSpec(step.type) : undefined;
    if (spec?.class === step.type) base.title = spec.title;
    if (stop) {
      const why = stop.status === 'dropped' ? `"${stop.alias}" dropped the record, so Connect never calls this step` : stop.status === 'failed' ? `"${stop.alias}" failed, so Connect never reaches this step` : `"${stop.alias}" could not be run, so the preview stops there`;
      steps.push({ ...base, reason: `Not run: ${why}` });
      continue;
    }
    const result: SmtStepResult = { ...base, input: cloneRecord(current) };
    steps.push(result);
    const fail = (e: ConnectError): void => {
      result.status = 'failed';
      result.ran = true;
      result.error = { exception: e.exception, message: e.message, phase: e.phase };
      result.notes.push(e.phase === 'configure'
        ? 'Connect rejects this step\'s configuration (when the config is validated or the task starts), before any record flows'
        : tolerant ? 'errors.tolerance=all: Connect skips this record and goes on with the next one' : 'errors.tolerance=none (the default): the task fails with this exception');
      stop = { status: 'failed', alias: step.alias };
    };
    if (!step.type) { fail(new ConnectError('org.apache.kafka.common.config.ConfigException', `Missing required configuration "transforms.${step.alias}.type" which has no default value.`, 'configure')); continue; }
    const impl = smtImplementation(step.type);
    if (!impl) {
      Object.assign(result, { status: 'not-supported', reason: unsupportedReason(step.type), output: cloneRecord(current) });
      stop = { status: 'not-supported', alias: step.alias };
      continue;
    }
    try {
      const negate = bool(step.settings, 'negate', false);
      if (predicateAlias !== undefined) {
        const def = predicates.find((p) => p.alias === predicateAlias.trim());
        if (!def) throw new ConnectError('org.apache.kafka.common.config.ConfigException', `transforms.${step.alias}.predicate is "${predicateAlias}", which is not an alias listed in "predicates"`, 'configure');
        result.predicate = { alias: def.alias, type: def.type, negate };
        const matched = testPredicate(def, current);
        if (matched === undefined) {
          Object.assign(result, { status: 'not-supported', reason: `${NOT_RUN(def.type)} (the predicate of this step)`, output: cloneRecord(current) });
          stop = { status: 'not-supported', alias: step.alias };
          continue;
        }
        result.predicate.matched = matched;
        if (negate === matched) {
          Object.assign(result, { ran: true, status: 'skipped', output: cloneRecord(current) });
          result.notes.push(`Predicate "${def.alias}" ${matched ? 'matches' : 'does not match'}${negate ? ' and negate=true' : ''}: the step does not apply and the record passes on unchanged`);
          continue;
        }
        result.notes.push(`Predicate "${def.alias}" ${matched ? 'matches' : 'does not match'}${negate ? ' and negate=true' : ''}: the step applies`);
      } else if (negateText !== undefined) {
        result.notes.push('negate has no effect without a predicate');
      }
      const side = step.type.endsWith('$Key') ? KEY_SIDE : smtSide(step.type) === 'Value' ? VALUE_SIDE : undefined;
      const out = impl(cloneRecord(current), settings, ctx, side);
      result.ran = true;
      result.notes.push(...out.notes);
      if (out.record === null) {
        Object.assign(result, { status: 'dropped', output: null, dropped: true });
        stop = { status: 'dropped', alias: step.alias };
        continue;
      }
      result.status = 'applied';
      result.output = out.record;
      result.changes = describeChanges(current, out.record);
      current = out.record;
    } catch (e) {
      if (e instanceof ConnectError) fail(e);
      else if (e instanceof JavaException) fail(new ConnectError(e.exception, e.message));
      else if (e instanceof NotReproducible) {
        Object.assign(result, { ran: false, status: 'not-supported', reason: `Shoreline cannot reproduce ${e.message} exactly; the record is passed on unchanged after this step only for display`, output: cloneRecord(current) });
        stop = { status: 'not-supported', alias: step.alias };
      } else throw e;
    }
  }

  const last = steps[steps.length - 1];
  const outcome: SmtPreviewResult['outcome'] = stop?.status === 'dropped' ? 'dropped' : stop?.status === 'failed' ? 'failed' : stop ? 'incomplete' : 'delivered';
  const output = outcome === 'delivered' || outcome === 'incomplete' ? current : null;
  const failedStep = steps.find((s) => s.status === 'failed');
  const summary = steps.length === 0 ? 'The connector has no SMTs ("transforms" is empty): records pass on unchanged'
    : outcome === 'delivered' ? `${counted(steps)}; the record ${kind === 'source' ? 'goes to the converter and topic' : 'goes to the sink'} "${current.topic}"`
      : outcome === 'dropped' ? `Dropped by "${stop!.alias}"${last && last.alias !== stop!.alias ? '; later steps never run' : ''}`
        : outcome === 'failed' && failedStep?.error?.phase === 'configure'
          ? `"${failedStep.alias}" has a configuration error (${failedStep.error.exception.split('.').pop()}: ${failedStep.error.message}): Connect does not run the connector's tasks, so no record flows at all; the steps before it show what they do once it is fixed`
          : outcome === 'failed' ? `"${failedStep?.alias}" fails: ${failedStep?.error?.exception.split('.').pop()}: ${failedStep?.error?.message}`
          : `Incomplete: Shoreline could not run "${stop!.alias}"; the steps after it are not shown`;
  const notes = options.debeziumVersion === undefined && steps.some((s) => s.type === SMT.extractNewRecordState)
    ? [`Debezium SMTs are previewed as Debezium ${STACK_DEBEZIUM_VERSION} (the stack's Connect image) runs them`] : [];
  return {
    connectorClass: config['connector.class'] ?? '', kind, debeziumVersion: ctx.debezium.label, input: cloneRecord(sample), steps, outcome, output, summary,
    checks: outcome === 'delivered' ? sinkChecks(config, current) : [], notes,
  };
}
