/**
 * Kafka Connect REST adapter (global fetch). The only file that talks to the worker; the CLI and the VS Code layer
 * use it through the {@link ConnectApi} port.
 */
import type { ConnectorStatus, PluginInfo, RestartOptions, WorkerValidation } from '../../domain/connect/connectorModel';
import { ShorelineError } from '../../domain/errors';
import {
  httpError, mapConnectorList, mapPlugins, mapStatus, mapValidation, mapWorkerInfo,
  type ConnectorOffsets, type ConnectorSummary, type RequestContext, type WireConnectorInfo, type WireConnectorList,
  type WireConnectorStatus, type WireOffsets, type WireValidateResponse, type WireWorkerInfo, type WorkerInfo,
} from './connectRest';

export type { ConnectorOffsets, ConnectorSummary, WorkerInfo } from './connectRest';

/** `apply` result: whether the PUT created the connector (201) or replaced its config (200). */
export interface ApplyResult { name: string; created: boolean; config: Record<string, string>; tasks: number[] }

/**
 * `restart` result. `accepted` (202): the worker restarts asynchronously and `status` lists what it restarts
 * (those instances show RESTARTING). Otherwise (204) the connector instance was restarted synchronously.
 */
export interface RestartResult { name: string; accepted: boolean; status?: ConnectorStatus }

/** The port: what Shoreline does with a Connect worker. */
export interface ConnectApi {
  readonly baseUrl: string;
  workerInfo(): Promise<WorkerInfo>;
  plugins(): Promise<PluginInfo[]>;
  list(): Promise<ConnectorSummary[]>;
  status(name: string): Promise<ConnectorStatus>;
  config(name: string): Promise<Record<string, string>>;
  apply(name: string, config: Record<string, string>): Promise<ApplyResult>;
  validate(connectorClass: string, config: Record<string, string>): Promise<WorkerValidation>;
  pause(name: string): Promise<void>;
  resume(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  restart(name: string, options: RestartOptions): Promise<RestartResult>;
  restartTask(name: string, taskId: number): Promise<void>;
  delete(name: string): Promise<void>;
  offsets(name: string): Promise<ConnectorOffsets>;
  resetOffsets(name: string): Promise<string>;
  topics(name: string): Promise<string[]>;
  waitFor(name: string, done: (s: ConnectorStatus) => boolean, opts?: { timeoutMs?: number; pollMs?: number; describe?: string }): Promise<ConnectorStatus>;
}

export interface ConnectClientOptions {
  /** Per request (AbortSignal.timeout). Validation of a Debezium config opens a database connection: allow seconds. */
  timeoutMs?: number;
  /** How often a 409 (rebalance in progress) is retried before giving up. */
  conflictRetries?: number;
  /** First back-off after a 409; doubles each time. */
  backoffMs?: number;
  /** Test seams. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

interface Call { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; path: string; body?: unknown; connector?: string; task?: number }
interface Answer { status: number; body: unknown }

/** Sent as `name` when validating a config that has none (the worker requires one). */
const VALIDATE_PLACEHOLDER = 'shoreline-validate';
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const enc = encodeURIComponent;

/** Kafka Connect REST client. Every failure is a ShorelineError naming the worker URL or the connector. */
export class ConnectClient implements ConnectApi {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly conflictRetries: number;
  private readonly backoffMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(baseUrl: string, opts: ConnectClientOptions = {}) {
    let u: URL;
    try { u = new URL(baseUrl); } catch { u = new URL('invalid:'); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new ShorelineError('connect.badUrl', `Kafka Connect URL "${baseUrl}" is not an http(s) URL`, 'use e.g. --connect-url http://127.0.0.1:8083');
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.conflictRetries = opts.conflictRetries ?? 5;
    this.backoffMs = opts.backoffMs ?? 250;
    this.fetchFn = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  async workerInfo(): Promise<WorkerInfo> {
    return mapWorkerInfo((await this.call({ method: 'GET', path: '/' })).body as WireWorkerInfo);
  }

  /** Connectors, transforms, converters and predicates the worker can load. */
  async plugins(): Promise<PluginInfo[]> {
    return mapPlugins((await this.call({ method: 'GET', path: '/connector-plugins?connectorsOnly=false' })).body as Array<{ class: string; type: string; version?: string }>);
  }

  async list(): Promise<ConnectorSummary[]> {
    return mapConnectorList((await this.call({ method: 'GET', path: '/connectors?expand=status&expand=info' })).body as WireConnectorList);
  }

  async status(name: string): Promise<ConnectorStatus> {
    return mapStatus((await this.call({ method: 'GET', path: `/connectors/${enc(name)}/status`, connector: name })).body as WireConnectorStatus);
  }

  async config(name: string): Promise<Record<string, string>> {
    return (await this.call({ method: 'GET', path: `/connectors/${enc(name)}/config`, connector: name })).body as Record<string, string>;
  }

  /** Creates or replaces a connector's config (`PUT /connectors/{name}/config`, idempotent). */
  async apply(name: string, config: Record<string, string>): Promise<ApplyResult> {
    // the URL names the connector; a different "name" in the body would be rejected
    const a = await this.call({ method: 'PUT', path: `/connectors/${enc(name)}/config`, body: { ...config, name }, connector: name });
    const info = a.body as WireConnectorInfo;
    return { name: info.name, created: a.status === 201, config: info.config, tasks: info.tasks.map((t) => t.task) };
  }

  /**
   * The worker's own validation of a config (`PUT /connector-plugins/{class}/config/validate`). The worker insists
   * on a `name`; a config without one (a flat file named after its file) is sent with a placeholder, and the
   * placeholder is not reported back.
   */
  async validate(connectorClass: string, config: Record<string, string>): Promise<WorkerValidation> {
    const named = typeof config.name === 'string' && config.name !== '';
    const body = { ...config, 'connector.class': connectorClass, ...(named ? {} : { name: VALIDATE_PLACEHOLDER }) };
    const a = await this.call({ method: 'PUT', path: `/connector-plugins/${enc(connectorClass)}/config/validate`, body, connector: named ? config.name : undefined });
    const v = mapValidation(a.body as WireValidateResponse);
    if (!named) for (const d of v.definitions) if (d.name === 'name' && d.value === VALIDATE_PLACEHOLDER) d.value = null;
    return v;
  }

  async pause(name: string): Promise<void> { await this.call({ method: 'PUT', path: `/connectors/${enc(name)}/pause`, connector: name }); }
  async resume(name: string): Promise<void> { await this.call({ method: 'PUT', path: `/connectors/${enc(name)}/resume`, connector: name }); }
  /** Stops the connector and its tasks but keeps its config (Kafka 3.5+); offsets can then be read and reset. */
  async stop(name: string): Promise<void> { await this.call({ method: 'PUT', path: `/connectors/${enc(name)}/stop`, connector: name }); }

  /** `POST /connectors/{name}/restart?includeTasks=&onlyFailed=` */
  async restart(name: string, options: RestartOptions): Promise<RestartResult> {
    const q = `includeTasks=${options.includeTasks}&onlyFailed=${options.onlyFailed}`;
    const a = await this.call({ method: 'POST', path: `/connectors/${enc(name)}/restart?${q}`, connector: name });
    if (a.status === 202 && a.body && typeof a.body === 'object') return { name, accepted: true, status: mapStatus(a.body as WireConnectorStatus) };
    return { name, accepted: a.status === 202 };
  }

  async restartTask(name: string, taskId: number): Promise<void> {
    await this.call({ method: 'POST', path: `/connectors/${enc(name)}/tasks/${taskId}/restart`, connector: name, task: taskId });
  }

  async delete(name: string): Promise<void> { await this.call({ method: 'DELETE', path: `/connectors/${enc(name)}`, connector: name }); }

  /** Committed source offsets or sink consumer offsets (`GET /connectors/{name}/offsets`, Kafka 3.6+). */
  async offsets(name: string): Promise<ConnectorOffsets> {
    return ((await this.call({ method: 'GET', path: `/connectors/${enc(name)}/offsets`, connector: name })).body as WireOffsets).offsets;
  }

  /**
   * Deletes the connector's committed offsets (`DELETE /connectors/{name}/offsets`), so its next start begins afresh.
   * The worker only allows this on a STOPPED connector: the state is checked first for a clear error.
   * @returns the worker's confirmation message.
   */
  async resetOffsets(name: string): Promise<string> {
    const s = await this.status(name);
    if (s.connector.state !== 'STOPPED') {
      throw new ShorelineError('connect.notStopped', `Connector "${name}" is ${s.connector.state}: its offsets can only be reset while it is STOPPED`,
        `stop it first: shoreline connector stop ${name}, then reset, then resume it`);
    }
    const a = await this.call({ method: 'DELETE', path: `/connectors/${enc(name)}/offsets`, connector: name });
    const m = a.body && typeof a.body === 'object' ? (a.body as { message?: unknown }).message : undefined;
    return typeof m === 'string' ? m : 'offsets reset';
  }

  /** Topics the connector has used since it was created or its topics were last reset. */
  async topics(name: string): Promise<string[]> {
    const body = (await this.call({ method: 'GET', path: `/connectors/${enc(name)}/topics`, connector: name })).body as Record<string, { topics: string[] }>;
    return body[name]?.topics ?? [];
  }

  /**
   * Polls the status until `done` holds. A connector that is not known yet (just created) is waited for.
   * @throws ShorelineError naming the last state seen when the time is up.
   */
  async waitFor(name: string, done: (s: ConnectorStatus) => boolean, opts: { timeoutMs?: number; pollMs?: number; describe?: string } = {}): Promise<ConnectorStatus> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let last: ConnectorStatus | undefined;
    for (;;) {
      try {
        last = await this.status(name);
        if (done(last)) return last;
      } catch (e) {
        if (!(e instanceof ShorelineError) || e.code !== 'connect.notFound') throw e;
      }
      if (Date.now() >= deadline) break;
      await this.sleep(opts.pollMs ?? 250);
    }
    const now = last ? describeStatus(last) : 'not known to the worker';
    throw new ShorelineError('connect.waitTimeout', `Connector "${name}" did not become ${opts.describe ?? 'ready'} within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s (now: ${now})`,
      `see its state and traces: shoreline connector status ${name}`);
  }

  private async call(c: Call): Promise<Answer> {
    const url = this.baseUrl + c.path;
    const ctx: RequestContext = { method: c.method, path: c.path.replace(/\?.*$/, ''), url, connector: c.connector, task: c.task };
    let delay = this.backoffMs;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method: c.method,
          headers: { accept: 'application/json', ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: c.body !== undefined ? JSON.stringify(c.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        throw this.networkError(e, ctx);
      }
      const text = await res.text().catch(() => '');
      let body: unknown = undefined;
      if (text) { try { body = JSON.parse(text); } catch { body = text; } }
      // 409: the worker is rebalancing or another config change is in flight; it settles within seconds.
      if (res.status === 409 && attempt < this.conflictRetries) { await this.sleep(delay); delay *= 2; continue; }
      if (res.status >= 400) throw httpError(ctx, res.status, body);
      return { status: res.status, body };
    }
  }

  private networkError(e: unknown, ctx: RequestContext): ShorelineError {
    const name = e instanceof Error ? e.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ShorelineError('connect.timeout', `Kafka Connect at ${this.baseUrl} did not answer ${ctx.method} ${ctx.path} within ${this.timeoutMs / 1000} s`,
        'the worker may still be starting or rebalancing: check "shoreline status" and "shoreline logs connect", or raise --timeout');
    }
    const cause = causeCode(e);
    return new ShorelineError('connect.unreachable', `Kafka Connect is not reachable at ${this.baseUrl}${cause ? ` (${cause})` : ''}`,
      'start the stack (shoreline up --services kafka,connect) or check the URL (--connect-url, SHORELINE_CONNECT_URL, ports.connect)');
  }
}

/** The errno-style code behind a failed fetch (undici wraps it in `cause`, sometimes in an AggregateError). */
function causeCode(e: unknown): string | undefined {
  let c: unknown = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  if (c instanceof AggregateError) c = c.errors[0];
  if (c && typeof c === 'object') {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (c instanceof Error) return c.message;
  }
  return e instanceof Error && e.message !== 'fetch failed' ? e.message : undefined;
}

/** "connector RUNNING, task 0 FAILED" */
export function describeStatus(s: ConnectorStatus): string {
  return [`connector ${s.connector.state}`, ...s.tasks.map((t) => `task ${t.id} ${t.state}`)].join(', ');
}
