/**
 * The connector form as data: the plugin's config definitions (from the worker's validate endpoint, or from the
 * offline catalog when no worker answers) joined with the file's values and the validation findings, grouped the
 * way the definitions group them. The host builds it, the webview only draws it. Pure.
 */
import { COMMON_KEYS } from './connectorCatalogCommon';
import { findConnectorSpec, findKey, findTransformSpec, findPredicateSpec, frameworkKeys } from './connectorCatalog';
import { isPatternKey, type ConfigKeySpec } from './connectorCatalogTypes';
import type { ConfigIssue, ConnectorFile, ConnectorFileShape, Severity, ValidationReport, WorkerConfigDefinition, WorkerValidation } from './connectorModel';
import { workerIssues } from './connectorValidator';
import { parseSmtChain } from './smtChain';

/** How a field is edited: a text box, a masked text box, a checkbox, or a dropdown of recommended values. */
export type FormControl = 'text' | 'password' | 'checkbox' | 'select';

export interface FormIssue { severity: Severity; message: string; source: 'worker' | 'shoreline' }

export interface FormField {
  key: string;
  /** The definition's display name (offline: the key). */
  label: string;
  /** The definition's documentation. */
  help: string;
  /** Connect's type, lower-case: string, int, long, short, double, boolean, list, class, password. */
  type: string;
  control: FormControl;
  required: boolean;
  /** The default as Connect prints it; absent when there is none. */
  defaultValue?: string;
  importance?: string;
  /** The value in the file; absent when the file does not set the key. */
  value?: string;
  /** Recommended values (the dropdown's entries). */
  options: string[];
  issues: FormIssue[];
}

export interface FormGroup { name: string; fields: FormField[] }

/** One step of the SMT chain, in the order Connect applies it. */
export interface FormSmtStep { alias: string; type: string; settings: Array<{ key: string; value: string }>; issues: FormIssue[] }

export interface ConnectorFormModel {
  name: string;
  connectorClass: string;
  shape: ConnectorFileShape;
  /** Where the definitions came from. */
  definitions: 'worker' | 'offline';
  /** Why they are offline (the worker's error, no connector.class, …). */
  offlineReason?: string;
  groups: FormGroup[];
  smt: FormSmtStep[];
  /** Findings that belong to no field shown (syntax errors, file-level findings). */
  fileIssues: Array<FormIssue & { field: string }>;
  counts: { errors: number; warnings: number; infos: number };
}

export interface FormInputs {
  file: ConnectorFile;
  /** The merged report (offline validator + the worker's current errors). */
  report: ValidationReport;
  /** The worker's definitions; absent = build from the offline catalog. */
  worker?: WorkerValidation;
  offlineReason?: string;
}

/** Name of the group that collects keys of the file no definition covers. */
export const OTHER_KEYS_GROUP = 'Other keys in this file';

/**
 * The worker's errors that still apply to the file: those of keys whose value is still the one the worker
 * validated (`validated` is the config that was sent). A key edited since then waits for the next validation.
 */
export function currentWorkerIssues(file: ConnectorFile, v: WorkerValidation, validated: Record<string, string>): ConfigIssue[] {
  const definitions = v.definitions.filter((d) => validated[d.name] === file.config[d.name]);
  return workerIssues(file, { ...v, definitions });
}

/** The value of a key as the form shows it: a wrapped file's top-level `name` stands for the `name` key. */
export function formValue(file: ConnectorFile, key: string): string | undefined {
  const v = file.config[key];
  if (v === undefined && key === 'name' && file.shape === 'wrapped') return file.name;
  return v;
}

export function buildFormModel(inputs: FormInputs): ConnectorFormModel {
  const { file, report, worker } = inputs;
  const issuesByKey = new Map<string, FormIssue[]>();
  const all = [...report.errors, ...report.warnings];
  for (const i of all) {
    const list = issuesByKey.get(i.field) ?? [];
    list.push({ severity: i.severity, message: i.message, source: i.rule === 'worker' ? 'worker' : 'shoreline' });
    issuesByKey.set(i.field, list);
  }
  const connectorClass = file.config['connector.class'] ?? '';
  const groups = worker ? workerGroups(file, worker, issuesByKey) : offlineGroups(file, connectorClass, issuesByKey);

  const shown = new Set(groups.flatMap((g) => g.fields.map((f) => f.key)));
  const other = Object.keys(file.config).filter((k) => !shown.has(k)).map((k) => offlineField(file, connectorClass, k, issuesByKey));
  if (other.length) groups.push({ name: OTHER_KEYS_GROUP, fields: other });
  for (const f of other) shown.add(f.key);

  const smt = parseSmtChain(file.config).map((step): FormSmtStep => {
    const prefix = `transforms.${step.alias}.`;
    return {
      alias: step.alias, type: step.type,
      settings: Object.entries(step.settings).map(([key, value]) => ({ key, value })),
      issues: all.filter((i) => i.field.startsWith(prefix)).map((i) => ({ severity: i.severity, message: `${i.field}: ${i.message}`, source: i.rule === 'worker' ? 'worker' : 'shoreline' })),
    };
  });
  const fileIssues = all.filter((i) => !shown.has(i.field))
    .map((i) => ({ field: i.field, severity: i.severity, message: i.message, source: i.rule === 'worker' ? 'worker' as const : 'shoreline' as const }));
  return {
    name: file.name, connectorClass, shape: file.shape,
    definitions: worker ? 'worker' : 'offline',
    ...(worker ? {} : { offlineReason: inputs.offlineReason ?? (connectorClass ? 'no Kafka Connect worker was asked' : 'the file sets no connector.class') }),
    groups: groups.filter((g) => g.fields.length > 0), smt, fileIssues,
    counts: {
      errors: report.errors.length,
      warnings: report.warnings.filter((i) => i.severity === 'warning').length,
      infos: report.warnings.filter((i) => i.severity === 'info').length,
    },
  };
}

function controlFor(type: string, options: readonly string[]): FormControl {
  if (type === 'boolean') return 'checkbox';
  if (type === 'password') return 'password';
  return options.length > 0 ? 'select' : 'text';
}

// ---------------------------------------------------------------------------------------------------------- worker

function workerField(file: ConnectorFile, d: WorkerConfigDefinition, issues: Map<string, FormIssue[]>): FormField {
  const type = d.type.toLowerCase();
  const value = formValue(file, d.name);
  return {
    key: d.name, label: d.displayName || d.name, help: d.documentation, type, control: controlFor(type, d.recommendedValues),
    required: d.required, ...(d.defaultValue !== null ? { defaultValue: d.defaultValue } : {}), importance: d.importance.toLowerCase(),
    ...(value !== undefined ? { value } : {}), options: [...d.recommendedValues], issues: issues.get(d.name) ?? [],
  };
}

const ACRONYMS = new Set(['SSL', 'TLS', 'SQL', 'JDBC', 'DDL', 'DML', 'URL', 'CDC', 'ID', 'JMX', 'S3', 'AWS', 'SASL']);

/** Debezium names its groups like enum constants (`CONNECTION_ADVANCED_SSL`): "Connection advanced SSL". */
export function groupTitle(group: string | null): string {
  if (!group) return 'Other';
  if (!/^[A-Z0-9_]+$/.test(group)) return group;
  return group.split('_').filter(Boolean).map((w, i) => (ACRONYMS.has(w) ? w : i === 0 ? w[0] + w.slice(1).toLowerCase() : w.toLowerCase())).join(' ');
}

/** Groups in the order the worker lists them; a definition the worker hides shows only when the file sets it or it has findings. */
function workerGroups(file: ConnectorFile, v: WorkerValidation, issues: Map<string, FormIssue[]>): FormGroup[] {
  const groups = new Map<string, FormGroup>();
  for (const d of v.definitions) {
    if (!d.visible && formValue(file, d.name) === undefined && !issues.has(d.name)) continue;
    const name = groupTitle(d.group);
    let g = groups.get(name);
    if (!g) { g = { name, fields: [] }; groups.set(name, g); }
    if (!g.fields.some((f) => f.key === d.name)) g.fields.push(workerField(file, d, issues));
  }
  return [...groups.values()];
}

// --------------------------------------------------------------------------------------------------------- offline

function specField(file: ConnectorFile, key: string, spec: ConfigKeySpec | undefined, issues: Map<string, FormIssue[]>): FormField {
  const type = spec?.type ?? 'string';
  const options = type === 'boolean' ? [] : [...(spec?.values ?? [])];
  const value = formValue(file, key);
  return {
    key, label: key, help: spec?.doc ?? '', type, control: controlFor(type, options), required: spec?.required ?? false,
    ...(spec?.default !== undefined ? { defaultValue: spec.default } : {}),
    ...(value !== undefined ? { value } : {}), options, issues: issues.get(key) ?? [],
  };
}

/** A file key described from the catalog: connector and framework keys, then transform and predicate settings. */
function offlineField(file: ConnectorFile, connectorClass: string, key: string, issues: Map<string, FormIssue[]>): FormField {
  const plugin = /^(transforms|predicates)\.([^.]+)\.(.+)$/.exec(key);
  if (plugin && plugin[3] !== 'type') {
    const [, kind, alias, setting] = plugin as unknown as [string, string, string, string];
    const type = file.config[`${kind}.${alias}.type`] ?? '';
    const spec = kind === 'transforms' ? findTransformSpec(type) : findPredicateSpec(type);
    const found = spec ? findKey(spec.keys, setting) : undefined;
    if (found) return specField(file, key, found, issues);
  }
  const spec = findConnectorSpec(connectorClass);
  return specField(file, key, findKey(spec ? [...frameworkKeys(spec.kind), ...spec.keys] : COMMON_KEYS, key), issues);
}

/** Framework keys, then the connector's own; exact keys from the catalog plus the file's keys that match a pattern. */
function offlineGroups(file: ConnectorFile, connectorClass: string, issues: Map<string, FormIssue[]>): FormGroup[] {
  const spec = findConnectorSpec(connectorClass);
  const sections: Array<{ name: string; keys: readonly ConfigKeySpec[] }> = [{ name: 'Common', keys: frameworkKeys(spec?.kind) }];
  if (spec) sections.push({ name: spec.title, keys: spec.keys });
  const taken = new Set<string>();
  const groups: FormGroup[] = [];
  for (const s of sections) {
    const fields: FormField[] = [];
    for (const k of s.keys) {
      if (isPatternKey(k.name) || taken.has(k.name)) continue;
      taken.add(k.name);
      fields.push(specField(file, k.name, k, issues));
    }
    for (const key of Object.keys(file.config)) {
      if (taken.has(key)) continue;
      const match = findKey(s.keys, key);
      if (!match || !isPatternKey(match.name) || key.startsWith('transforms.') || key.startsWith('predicates.')) continue;
      taken.add(key);
      fields.push(offlineField(file, connectorClass, key, issues));
    }
    groups.push({ name: s.name, fields });
  }
  const plugins = new Map<string, FormField[]>();
  for (const key of Object.keys(file.config)) {
    const m = /^(transforms|predicates)\.([^.]+)\./.exec(key);
    if (!m || taken.has(key)) continue;
    const name = `${m[1] === 'transforms' ? 'Transforms' : 'Predicates'}: ${m[2]}`;
    plugins.set(name, [...(plugins.get(name) ?? []), offlineField(file, connectorClass, key, issues)]);
    taken.add(key);
  }
  for (const [name, fields] of plugins) groups.push({ name, fields });
  return groups;
}
