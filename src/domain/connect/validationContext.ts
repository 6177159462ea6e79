/** Shared state of one offline validation run: the file, its catalog entry, its SMT chain and the issues found. */
import type { ConfigIssue, ConnectorFile, PluginInfo, Severity } from './connectorModel';
import type { ConnectorKind, ConnectorSpec } from './connectorCatalogTypes';
import { findConnectorSpec } from './connectorCatalog';
import { parseSmtChain, type SmtStep } from './smtChain';

export interface ValidateOptions {
  /** Plugins installed on the worker (`GET /connector-plugins?connectorsOnly=false`); enables the installed-class checks. */
  plugins?: PluginInfo[];
  /** The other connector files of the workspace, for topic, bucket and SMT checks across connectors. */
  otherConnectors?: ConnectorFile[];
}

export interface ValidationContext {
  readonly file: ConnectorFile;
  readonly config: Readonly<Record<string, string>>;
  /** `connector.class`, trimmed; '' when missing. */
  readonly connectorClass: string;
  readonly spec: ConnectorSpec | undefined;
  /** From the catalog, else from the plugin list; undefined when unknown. */
  readonly kind: ConnectorKind | undefined;
  readonly chain: SmtStep[];
  readonly options: ValidateOptions;
  readonly issues: ConfigIssue[];
  /** Adds an issue positioned at the key (when the file has it). */
  add(rule: string, severity: Severity, field: string, message: string, suggestion?: string): void;
  /** The trimmed value, or undefined when the key is missing or blank. */
  get(key: string): string | undefined;
  /** Whether the key is set to a non-blank value. */
  has(key: string): boolean;
}

export function createContext(file: ConnectorFile, options: ValidateOptions = {}): ValidationContext {
  const config = file.config;
  const connectorClass = (config['connector.class'] ?? '').trim();
  const spec = connectorClass ? findConnectorSpec(connectorClass) : undefined;
  const plugin = options.plugins?.find((p) => p.class === connectorClass);
  const kind = spec?.kind ?? (plugin?.type === 'source' || plugin?.type === 'sink' ? plugin.type : undefined);
  const issues: ConfigIssue[] = [];
  const get = (key: string): string | undefined => {
    const v = config[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    file, config, connectorClass, spec, kind, chain: parseSmtChain(config), options, issues, get,
    has: (key) => get(key) !== undefined,
    add(rule, severity, field, message, suggestion) {
      const at = file.positions[field];
      issues.push({ field, message, severity, rule, ...(at ? { line: at.line, column: at.column } : {}), ...(suggestion !== undefined ? { suggestion } : {}) });
    },
  };
}

/** `"key" is "value"` for messages; long values are cut. */
export function shown(key: string, value: string | undefined): string {
  if (value === undefined) return `"${key}"`;
  const v = value.length > 80 ? `${value.slice(0, 77)}…` : value;
  return `"${key}" is "${v}"`;
}

/** Connect reads booleans case-insensitively. */
export function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

/** Whether a JDBC URL points at PostgreSQL. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^jdbc:postgresql:/i.test(url.trim());
}
