/**
 * Offline validation of a connector file: everything that can be known without a worker — syntax, keys Connect
 * would silently ignore, removed keys, connector-specific semantics, SMT chains and conflicts with the other
 * connector files of the workspace. The worker's own validation is folded in with {@link workerIssues} and
 * {@link mergeReports}. Pure.
 */
import type { ConfigIssue, ConnectorFile, ValidationReport, WorkerValidation } from './connectorModel';
import { createContext, type ValidateOptions } from './validationContext';
import { checkKeys } from './validateKeys';
import { checkValues } from './validateValues';
import { checkSmtChain } from './validateSmt';
import { checkJdbc } from './validateJdbc';
import { checkDebezium } from './validateDebezium';
import { checkStorage } from './validateStorage';
import { checkCrossConnector } from './validateCrossConnector';

export { RULES, type RuleInfo } from './validationRules';
export type { ValidateOptions } from './validationContext';

/**
 * Validates one parsed connector file offline. `errors` holds severity `error`; `warnings` holds `warning` and
 * `info`. Every issue names the key, the value and the fix, positioned at the key when the file has it.
 */
export function validateOffline(file: ConnectorFile, opts: ValidateOptions = {}): ValidationReport {
  const ctx = createContext(file, opts);
  checkKeys(ctx);
  checkValues(ctx);
  checkSmtChain(ctx);
  checkJdbc(ctx);
  checkDebezium(ctx);
  checkStorage(ctx);
  checkCrossConnector(ctx);
  return toReport([...file.syntaxIssues, ...ctx.issues]);
}

/** The worker's per-key validation errors as issues, positioned at the keys of the file. */
export function workerIssues(file: ConnectorFile, v: WorkerValidation): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const def of v.definitions) {
    const at = file.positions[def.name];
    for (const message of def.errors) {
      out.push({ field: def.name, message, severity: 'error', rule: 'worker', ...(at ? { line: at.line, column: at.column } : {}) });
    }
  }
  return out;
}

/** Several reports as one, each finding once (same field and message), in file order. */
export function mergeReports(...reports: ValidationReport[]): ValidationReport {
  return toReport(reports.flatMap((r) => [...r.errors, ...r.warnings]));
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function toReport(issues: ConfigIssue[]): ValidationReport {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const k = `${i.field}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  unique.sort((a, b) =>
    (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER)
    || (a.column ?? 0) - (b.column ?? 0)
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const errors = unique.filter((i) => i.severity === 'error');
  return { valid: errors.length === 0, errors, warnings: unique.filter((i) => i.severity !== 'error') };
}
