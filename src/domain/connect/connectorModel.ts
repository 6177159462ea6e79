/**
 * The connector-config model shared by the validator, the Connect REST adapter, the CLI and the VS Code layer.
 * Pure types and small helpers: no I/O.
 */

/** A position in the connector file (1-based line and column, as editors and the CLI print them). */
export interface SourcePosition { line: number; column: number }

export type Severity = 'error' | 'warning' | 'info';

/** One finding about a connector config. `field` is the config key ('' for file-level findings such as JSON syntax). */
export interface ConfigIssue {
  field: string;
  message: string;
  severity: Severity;
  /** Where the key (or, for syntax errors, the offending character) is in the file, when known. */
  line?: number;
  column?: number;
  /** Stable rule id, e.g. `key.unknown`, `json.syntax`, `jdbc.catalogPattern`; `worker` for the worker's validate errors. */
  rule: string;
  /** A replacement the editor can offer (e.g. the correctly spelt key). */
  suggestion?: string;
}

/** Result of validating one connector file: the CLI prints it as JSON verbatim. */
export interface ValidationReport {
  valid: boolean;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/**
 * The two shapes a connector file may have. `flat`: the config map itself (what `PUT /connectors/{name}/config`
 * takes); `wrapped`: `{"name": ..., "config": {...}}` (what `POST /connectors` takes).
 */
export type ConnectorFileShape = 'flat' | 'wrapped';

/** A parsed connector file. `config` holds string values, as the Connect REST API returns them. */
export interface ConnectorFile {
  shape: ConnectorFileShape;
  /** From `name` (wrapped), the `name` key in the config, or the file name without `.connector.json`. */
  name: string;
  config: Record<string, string>;
  /** Where each config key sits in the file. */
  positions: Record<string, SourcePosition>;
  /** Syntax problems (the file may still parse with recovery, e.g. a trailing comma). */
  syntaxIssues: ConfigIssue[];
}

/** Connector and task states as the worker reports them. */
export type ConnectorState = 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING' | 'UNASSIGNED';

export interface TaskStatus { id: number; state: ConnectorState; workerId: string; trace?: string }

export interface ConnectorStatus {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  connector: { state: ConnectorState; workerId: string; trace?: string };
  tasks: TaskStatus[];
}

export interface PluginInfo { class: string; type: 'source' | 'sink' | 'transformation' | 'converter' | 'header_converter' | 'predicate' | string; version: string }

/** One config definition as the worker's validate endpoint returns it (`configs[].definition` + `value.errors`). */
export interface WorkerConfigDefinition {
  name: string;
  type: string;
  required: boolean;
  defaultValue: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  displayName: string;
  dependents: string[];
  /** The value the worker saw, and its errors for this key. */
  value: string | null;
  errors: string[];
  recommendedValues: string[];
  visible: boolean;
}

export interface WorkerValidation { connectorClass: string; errorCount: number; definitions: WorkerConfigDefinition[] }

/** Restart options with the worker's semantics (`POST /connectors/{name}/restart?includeTasks=&onlyFailed=`). */
export interface RestartOptions { includeTasks: boolean; onlyFailed: boolean }
