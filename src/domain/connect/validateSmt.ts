/**
 * Offline checks of the single-message-transform chain and its predicates: every alias has a class, settings exist
 * for that class, no step is a silent no-op, and no field is inserted twice.
 */
import { closestMatches } from './closestMatch';
import { findPredicateSpec, findRemovedKey, findTransformSpec, simpleClassName } from './connectorCatalog';
import type { TransformSpec } from './connectorCatalogTypes';
import { INSERT_FIELD_TARGETS, KAFKA_TRANSFORMS_PACKAGE, KEY_VALUE_TRANSFORMS, SMT, TRANSFORM_FRAMEWORK_KEYS } from './smtCatalog';
import { insertedValueFields, parseList, parsePredicates, smtBaseName, type SmtStep } from './smtChain';
import { shown, type ValidationContext } from './validationContext';
import { checkValue } from './validateKeys';

/**
 * The delete handling an ExtractNewRecordState step asks for: `delete.tombstone.handling.mode`, or what the
 * pre-2.5 pair `delete.handling.mode` + `drop.tombstones` meant (undefined for the old `none`).
 */
export function intendedDeleteMode(step: SmtStep): string | undefined {
  const current = step.settings['delete.tombstone.handling.mode']?.trim();
  if (current) return current.toLowerCase();
  const old = step.settings['delete.handling.mode']?.trim().toLowerCase();
  const dropTombstones = (step.settings['drop.tombstones']?.trim().toLowerCase() ?? 'true') !== 'false';
  if (old === undefined && step.settings['drop.tombstones'] === undefined) return 'tombstone';
  const mode = old ?? 'drop';
  if (mode === 'drop') return dropTombstones ? 'drop' : 'tombstone';
  if (mode === 'rewrite') return dropTombstones ? 'rewrite' : 'rewrite-with-tombstone';
  return undefined;
}

export function checkSmtChain(ctx: ValidationContext): void {
  const aliases = parseList(ctx.config['transforms']);
  const seen = new Set<string>();
  for (const a of aliases) {
    if (seen.has(a)) ctx.add('smt.duplicateAlias', 'error', 'transforms', `The alias "${a}" appears twice in "transforms"; the worker rejects duplicate aliases — rename one`);
    seen.add(a);
  }
  checkOrphans(ctx, 'transforms', aliases);
  const transformPlugins = ctx.options.plugins?.filter((p) => p.type === 'transformation') ?? [];
  for (const step of ctx.chain) {
    const typeKey = `transforms.${step.alias}.type`;
    if (!step.type) {
      ctx.add('smt.missingType', 'error', 'transforms', `The transform "${step.alias}" listed in "transforms" has no "${typeKey}"; the worker rejects the config — add its class, e.g. "${SMT.insertFieldValue}"`);
      continue;
    }
    const base = smtBaseName(step.type);
    if (KEY_VALUE_TRANSFORMS.includes(base) && !/\$(Key|Value)$/.test(step.type)) {
      const fixed = `${step.type.includes('.') ? step.type : `${KAFKA_TRANSFORMS_PACKAGE}.${step.type}`}$Value`;
      ctx.add('smt.variant', 'error', typeKey, `${shown(typeKey, step.type)}, an abstract class; pick the variant for the record part to change — "${fixed}" (or …$Key)`, fixed);
      continue;
    }
    if (transformPlugins.length && !transformPlugins.some((p) => p.class === step.type || simpleClassName(p.class) === step.type)) {
      const near = closestMatches(step.type, transformPlugins.map((p) => p.class), 4)[0]?.candidate;
      ctx.add('plugin.missing', 'error', typeKey, `${shown(typeKey, step.type)}, which is not installed on the worker${near ? `; did you mean "${near}"?` : ''}`, near);
      continue;
    }
    const spec = findTransformSpec(step.type);
    if (!spec) {
      ctx.add('smt.unknownType', 'info', typeKey, `Shoreline has no offline key list for the transform "${step.type}", so the settings of "${step.alias}" were not checked`);
      continue;
    }
    checkSettings(ctx, `transforms.${step.alias}.`, step.settings, spec, step);
    if (base === 'InsertField') checkInsertField(ctx, step);
  }
  checkDuplicateInserts(ctx);
  checkPredicates(ctx);
}

function checkOrphans(ctx: ValidationContext, root: 'transforms' | 'predicates', aliases: string[]): void {
  for (const k of Object.keys(ctx.config)) {
    if (!k.startsWith(`${root}.`) || aliases.some((a) => k.startsWith(`${root}.${a}.`))) continue;
    const alias = k.slice(root.length + 1).split('.')[0] ?? '';
    const near = closestMatches(alias, aliases, 2)[0]?.candidate;
    ctx.add('smt.orphanKey', 'warning', k, `"${k}" belongs to no alias listed in "${root}" (${aliases.length ? aliases.join(', ') : 'empty'}), so it is ignored${near ? `; did you mean the alias "${near}"?` : `; add "${alias}" to "${root}" or remove the key`}`);
  }
}

function checkSettings(ctx: ValidationContext, prefix: string, settings: Record<string, string>, spec: TransformSpec, step?: SmtStep): void {
  const own = spec.keys.map((k) => k.name);
  for (const [setting, value] of Object.entries(settings)) {
    const full = `${prefix}${setting}`;
    if (spec.kind === 'transformation' && TRANSFORM_FRAMEWORK_KEYS.includes(setting)) {
      if (setting === 'negate') checkValue(ctx, full, value, { name: 'negate', type: 'boolean', doc: '' });
      continue;
    }
    const removed = findRemovedKey(spec.removed, setting);
    if (removed) {
      const repl = removed.replacement ? `${prefix}${removed.replacement}` : undefined;
      const mode = step && removed.replacement === 'delete.tombstone.handling.mode' ? intendedDeleteMode(step) : undefined;
      const how = mode ? `${repl}=${mode}` : repl ? `"${repl}"${removed.spec.note ? ` (${removed.spec.note})` : ''}` : 'nothing';
      ctx.add('key.removed', 'error', full, `"${full}" was replaced in ${removed.spec.since} and current ${simpleClassName(spec.class)} releases ignore it — use ${how}`, repl);
      continue;
    }
    const keySpec = spec.keys.find((k) => k.name === setting);
    if (keySpec) { checkValue(ctx, full, value, keySpec); continue; }
    const near = closestMatches(setting, [...own, ...(spec.kind === 'transformation' ? TRANSFORM_FRAMEWORK_KEYS : [])])[0]?.candidate;
    ctx.add('smt.unknownKey', 'error', full,
      `"${setting}" is not a setting of ${spec.title} (${spec.class}), so "${full}" is ignored${near ? `; did you mean "${prefix}${near}"?` : own.length ? `; its settings are ${own.join(', ')}` : '; it takes no settings'}`,
      near ? `${prefix}${near}` : undefined);
  }
  for (const k of spec.keys) {
    if (k.required && (settings[k.name] === undefined || settings[k.name]?.trim() === '')) {
      const field = `${prefix}type`;
      ctx.add('smt.missingKey', 'error', ctx.file.positions[field] ? field : prefix.slice(0, -1), `${spec.title} "${prefix.split('.')[1] ?? ''}" needs "${prefix}${k.name}" (${k.doc}); the worker rejects the config without it`);
    }
  }
}

function checkInsertField(ctx: ValidationContext, step: SmtStep): void {
  const p = `transforms.${step.alias}.`;
  const s = step.settings;
  const has = (k: string): boolean => s[k] !== undefined && s[k]?.trim() !== '';
  if (!INSERT_FIELD_TARGETS.some(has)) {
    ctx.add('smt.noop', 'error', `${p}type`, `The InsertField step "${step.alias}" sets none of ${INSERT_FIELD_TARGETS.join(', ')}: it inserts nothing, and Kafka refuses it when the connector starts (ConfigException: No field insertion configured); add e.g. ${p}static.field and ${p}static.value, or remove the step`);
  } else if (has('static.field') && s['static.value'] === undefined) {
    ctx.add('smt.noop', 'warning', `${p}static.field`, `"${p}static.field" is set without "${p}static.value", so "${s['static.field']}" is inserted as null (and not at all for schemaless records); add ${p}static.value`);
  }
  if (s['static.value'] !== undefined && !has('static.field')) {
    ctx.add('smt.noop', 'warning', `${p}static.value`, `"${p}static.value" has no effect without "${p}static.field"; add the field name`);
  }
  if (has('offset.field') && ctx.kind === 'source') {
    ctx.add('smt.sinkOnly', 'error', `${p}offset.field`, `"${p}offset.field" works only in sink connectors; on a source every record fails with "Only SinkRecord supported" — remove it`);
  }
}

function checkDuplicateInserts(ctx: ValidationContext): void {
  const first = new Map<string, { alias: string; setting: string }>();
  for (const ins of insertedValueFields(ctx.chain)) {
    const prev = first.get(ins.field);
    if (!prev) { first.set(ins.field, ins); continue; }
    ctx.add('smt.duplicateField', 'error', `transforms.${ins.alias}.${ins.setting}`,
      `The field "${ins.field}" is inserted twice — by step "${prev.alias}" and again by step "${ins.alias}"; with schemas Connect fails with a duplicate-field error, without them the second value silently wins — remove one`);
  }
}

function checkPredicates(ctx: ValidationContext): void {
  const preds = parsePredicates(ctx.config);
  const names = preds.map((p) => p.alias);
  checkOrphans(ctx, 'predicates', names);
  for (const p of preds) {
    if (!p.type) {
      ctx.add('smt.missingType', 'error', 'predicates', `The predicate "${p.alias}" listed in "predicates" has no "predicates.${p.alias}.type"; add its class, e.g. "${KAFKA_TRANSFORMS_PACKAGE}.predicates.TopicNameMatches"`);
      continue;
    }
    const spec = findPredicateSpec(p.type);
    if (spec) checkSettings(ctx, `predicates.${p.alias}.`, p.settings, spec);
  }
  for (const step of ctx.chain) {
    const pred = step.settings['predicate']?.trim();
    const field = `transforms.${step.alias}.predicate`;
    if (pred && !names.includes(pred)) {
      const near = closestMatches(pred, names, 2)[0]?.candidate;
      ctx.add('smt.predicate', 'error', field, `${shown(field, pred)}, but no predicate "${pred}" is listed in "predicates"${near ? `; did you mean "${near}"?` : '; add it to "predicates" with predicates.' + pred + '.type'}`, near);
    }
    if (!pred && step.settings['negate'] !== undefined) {
      ctx.add('smt.predicate', 'warning', `transforms.${step.alias}.negate`, `"transforms.${step.alias}.negate" has no effect without "${field}"`);
    }
    if (smtBaseName(step.type) === 'Filter' && !pred) {
      ctx.add('smt.filterAll', 'warning', `transforms.${step.alias}.type`, `The Filter step "${step.alias}" has no predicate, so it drops every record; add "${field}" naming a predicate`);
    }
  }
}
