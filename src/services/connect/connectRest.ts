/**
 * The Kafka Connect REST API's JSON shapes (as a 4.x worker sends them) and their mapping onto the shared connector
 * model. Pure: no I/O, so the mapping is tested with recorded responses (src/test/fixtures/connectRest.ts).
 */
import type {
  ConnectorState, ConnectorStatus, PluginInfo, TaskStatus, WorkerConfigDefinition, WorkerValidation,
} from '../../domain/connect/connectorModel';
import { ShorelineError } from '../../domain/errors';

/** `GET /` */
export interface WireWorkerInfo { version: string; commit: string; kafka_cluster_id: string }

/** `GET /connectors/{name}/status` (and `expand=status`). */
export interface WireConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string; version?: string };
  tasks: Array<{ id: number; state: string; worker_id: string; trace?: string; version?: string }>;
  type?: string;
}

/** `GET /connectors/{name}` (and `expand=info`), `PUT /connectors/{name}/config`. */
export interface WireConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: Array<{ connector: string; task: number }>;
  type?: string;
}

/** `GET /connectors?expand=status&expand=info` */
export type WireConnectorList = Record<string, { status?: WireConnectorStatus; info?: WireConnectorInfo }>;

/** `PUT /connector-plugins/{class}/config/validate` */
export interface WireValidateResponse {
  name: string;
  error_count: number;
  groups: string[];
  configs: Array<{
    definition: {
      name: string; type: string; required: boolean; default_value: string | null; importance: string;
      documentation: string | null; group: string | null; order_in_group?: number; width?: string;
      display_name: string; dependents: string[];
    };
    value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean };
  }>;
}

/** `GET /connectors/{name}/offsets` (Kafka 3.6+). */
export interface WireOffsets { offsets: Array<{ partition: Record<string, unknown>; offset: Record<string, unknown> | null }> }

/** The body of every error response. */
export interface WireError { error_code: number; message: string }

export interface WorkerInfo { version: string; commit: string; kafkaClusterId: string }

/** One connector as the list call returns it. */
export interface ConnectorSummary {
  name: string;
  type: ConnectorStatus['type'];
  config: Record<string, string>;
  /** Missing when the worker has the config but no status yet (just created). */
  status?: ConnectorStatus;
}

export type ConnectorOffsets = WireOffsets['offsets'];

const STATES: readonly ConnectorState[] = ['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING', 'UNASSIGNED'];
function toState(s: string): ConnectorState {
  return (STATES as readonly string[]).includes(s) ? (s as ConnectorState) : 'UNASSIGNED';
}
function toType(t: string | undefined): ConnectorStatus['type'] {
  return t === 'source' || t === 'sink' ? t : 'unknown';
}

export function mapWorkerInfo(w: WireWorkerInfo): WorkerInfo {
  return { version: w.version, commit: w.commit, kafkaClusterId: w.kafka_cluster_id };
}

export function mapStatus(w: WireConnectorStatus): ConnectorStatus {
  const tasks = w.tasks.map((t): TaskStatus => ({ id: t.id, state: toState(t.state), workerId: t.worker_id, ...(t.trace ? { trace: t.trace } : {}) }));
  return {
    name: w.name,
    type: toType(w.type),
    connector: { state: toState(w.connector.state), workerId: w.connector.worker_id, ...(w.connector.trace ? { trace: w.connector.trace } : {}) },
    tasks: tasks.sort((a, b) => a.id - b.id),
  };
}

export function mapConnectorList(w: WireConnectorList): ConnectorSummary[] {
  return Object.entries(w).map(([name, e]): ConnectorSummary => ({
    name,
    type: toType(e.status?.type ?? e.info?.type),
    config: e.info?.config ?? {},
    ...(e.status ? { status: mapStatus(e.status) } : {}),
  })).sort((a, b) => a.name.localeCompare(b.name));
}

export function mapPlugins(w: Array<{ class: string; type: string; version?: string }>): PluginInfo[] {
  return w.map((p) => ({ class: p.class, type: p.type, version: p.version ?? '' }));
}

/**
 * The validate response as the shared model's WorkerValidation. The worker repeats some messages (a bad INT is
 * reported once by the parser and once by the validator), so each key's errors are de-duplicated.
 */
export function mapValidation(w: WireValidateResponse): WorkerValidation {
  const definitions = w.configs.map(({ definition: d, value: v }): WorkerConfigDefinition => ({
    name: d.name,
    type: d.type,
    required: d.required,
    defaultValue: d.default_value,
    importance: d.importance,
    documentation: d.documentation ?? '',
    group: d.group,
    displayName: d.display_name,
    dependents: d.dependents,
    value: v.value,
    errors: [...new Set(v.errors)],
    recommendedValues: v.recommended_values,
    visible: v.visible,
  }));
  return { connectorClass: w.name, errorCount: definitions.reduce((n, d) => n + d.errors.length, 0), definitions };
}

/** The 400 answer to offset changes on a connector that is not STOPPED (Kafka's wording, 3.6 to 4.x). */
export function isNotStoppedError(status: number, message: string): boolean {
  return status === 400 && /must be in the STOPPED state/i.test(message);
}

/** What a request was about, for error messages. */
export interface RequestContext { method: string; path: string; url: string; connector?: string; task?: number }

/**
 * An HTTP error answer as a ShorelineError: the worker's own message (first lines), the connector it was about and
 * a next step that fits the status.
 */
export function httpError(ctx: RequestContext, status: number, body: unknown): ShorelineError {
  const raw = typeof body === 'object' && body !== null && typeof (body as WireError).message === 'string'
    ? (body as WireError).message
    : typeof body === 'string' && body.trim() ? body.trim() : `HTTP ${status}`;
  const message = trimWorkerMessage(raw);
  const who = ctx.connector !== undefined ? `connector "${ctx.connector}"${ctx.task !== undefined ? ` task ${ctx.task}` : ''}` : `${ctx.method} ${ctx.path}`;
  const name = ctx.connector ?? '<name>';
  let code = 'connect.http';
  let fix: string;
  const unknownClass = /Failed to find any class that implements Connector and which name matches ([\w.$]+)/.exec(raw);
  if (unknownClass) {
    return new ShorelineError('connect.unknownPlugin', `Kafka Connect has no connector plugin "${unknownClass[1]}"${ctx.connector !== undefined ? ` (connector "${ctx.connector}")` : ''}`,
      'check "connector.class" against the installed plugins: shoreline plugins', raw);
  }
  if (status === 404 && ctx.connector !== undefined) {
    code = 'connect.notFound';
    fix = ctx.task !== undefined
      ? `check the task id with: shoreline connector status ${name}`
      : `list connectors with: shoreline connector list (or create it: shoreline connector apply <file>)`;
  } else if (isNotStoppedError(status, raw)) {
    code = 'connect.notStopped';
    fix = `stop it first: shoreline connector stop ${name}`;
  } else if (status === 400 && /configuration is invalid/i.test(raw)) {
    code = 'connect.invalidConfig';
    fix = 'see each field\'s error with: shoreline connector validate <file>';
  } else if (status === 409) {
    code = 'connect.rebalancing';
    fix = 'the worker is rebalancing or busy with another change; try again in a few seconds';
  } else if (status >= 500) {
    fix = 'see the worker log: shoreline logs connect --tail 100';
  } else {
    fix = 'check the request against the Kafka Connect REST API, or see the worker log: shoreline logs connect';
  }
  return new ShorelineError(code, `Kafka Connect rejected ${ctx.method} ${ctx.path} for ${who} (HTTP ${status}): ${message}`, fix, raw !== message ? raw : undefined);
}

/** Worker messages can embed a full plugin listing or a stack trace: keep the first three lines, 400 characters. */
export function trimWorkerMessage(m: string): string {
  const lines = m.split('\n').map((l) => l.trim()).filter((l) => l && !/^You can also find the above list of errors/.test(l));
  const s = lines.slice(0, 3).join(' ');
  return s.length > 400 ? `${s.slice(0, 397)}...` : s;
}
