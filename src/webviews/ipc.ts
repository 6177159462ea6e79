/**
 * Typed messaging between a webview and its host (STYLE.md §3). A panel's `protocol.ts` declares its messages with
 * {@link defineRequest} and {@link defineNotification}; host and webview import the same descriptors, so a method
 * name is written once and both ends agree on the types. Both ends run an {@link IpcEndpoint}:
 *
 * - a request carries an `id` and always gets exactly one reply, `{ok: true, value}` or `{ok: false, error}` — also
 *   when the handler throws, when its params fail their schema, and when nobody handles the method;
 * - the requesting side gives up after a timeout (the reply may never come if the other side was torn down);
 * - notifications carry full snapshots and get no reply; one for an unknown method is dropped and logged.
 *
 * Pure TypeScript, no `vscode` and no DOM: runs in the extension host, in the webview bundle and in unit tests.
 */
import { errorMessage } from '../domain/errors';

/** A schema that parses params at the boundary (a zod schema fits: `safeParse` returning `{success, data | error}`). */
export interface ParamsSchema<P> {
  safeParse(value: unknown): { success: true; data: P } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** A request from one side to the other, answered with `R`. */
export interface RequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  /** Parses the params before the handler sees them; required for requests that change state. */
  readonly params?: ParamsSchema<P>;
  /** Type-only: never set. */
  readonly __types?: { params: P; result: R };
}

/** A one-way message carrying a full snapshot `S`. */
export interface NotificationType<S> {
  readonly kind: 'notification';
  readonly method: string;
  /** Type-only: never set. */
  readonly __types?: { params: S };
}

/** Declares a request. Pass a schema for every request that changes state: its params are parsed before dispatch. */
export function defineRequest<P, R>(method: string, params?: ParamsSchema<P>): RequestType<P, R> {
  return params ? { kind: 'request', method, params } : { kind: 'request', method };
}

export function defineNotification<S>(method: string): NotificationType<S> {
  return { kind: 'notification', method };
}

/** The first message a webview sends; the host holds its notifications back until it arrives. */
export const WebviewReady = defineNotification<Record<string, never>>('webview/ready');

export type Settled<R> = { ok: true; value: R } | { ok: false; error: string };

/** What travels through `postMessage`. */
export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; result: Settled<unknown> }
  | { kind: 'notification'; method: string; params: unknown };

/** The envelope in a raw message, or undefined when it is not one of ours (anything else is dropped). */
export function parseEnvelope(raw: unknown): Envelope | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  const validId = typeof m.id === 'number' && Number.isSafeInteger(m.id);
  if (m.kind === 'request' && validId && typeof m.method === 'string') return { kind: 'request', id: m.id as number, method: m.method, params: m.params };
  if (m.kind === 'notification' && typeof m.method === 'string') return { kind: 'notification', method: m.method, params: m.params };
  if (m.kind === 'response' && validId && m.result && typeof m.result === 'object') {
    const r = m.result as Record<string, unknown>;
    if (r.ok === true) return { kind: 'response', id: m.id as number, result: { ok: true, value: r.value } };
    if (r.ok === false) return { kind: 'response', id: m.id as number, result: { ok: false, error: typeof r.error === 'string' ? r.error : 'request failed' } };
  }
  return undefined;
}

/** A request answered with `{ok: false}` (or not answered in time) on the requesting side. */
export class RequestFailedError extends Error {
  constructor(readonly method: string, message: string, readonly timedOut = false) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

export interface IpcEndpointOptions {
  /** How long `request` waits for the reply. */
  timeoutMs?: number;
  /** Where dropped messages and failed sends are reported (never with params: they may hold secrets). */
  log?: (message: string) => void;
}

type RequestHandler = { schema?: ParamsSchema<unknown>; handle: (params: unknown) => unknown };
type Pending = { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

/** One end of the channel: sends requests and notifications, dispatches what arrives. */
export class IpcEndpoint {
  private readonly requests = new Map<string, RequestHandler>();
  private readonly notifications = new Map<string, (params: unknown) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly send: (message: Envelope) => void, opts: IpcEndpointOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.log = opts.log ?? (() => undefined);
  }

  /** Handles requests of one type; the handler's value (or thrown error) becomes the single reply. */
  onRequest<P, R>(type: RequestType<P, R>, handle: (params: P) => R | Promise<R>): void {
    this.requests.set(type.method, { schema: type.params as ParamsSchema<unknown> | undefined, handle: handle as (p: unknown) => unknown });
  }

  onNotification<S>(type: NotificationType<S>, handle: (params: S) => void): void {
    this.notifications.set(type.method, handle as (p: unknown) => void);
  }

  /** Sends a request; resolves with the reply's value, rejects with {@link RequestFailedError} on `{ok:false}` or timeout. */
  request<P, R>(type: RequestType<P, R>, params: P, timeoutMs = this.timeoutMs): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestFailedError(type.method, `${type.method}: no reply within ${Math.round(timeoutMs / 1000)} s`, true));
      }, timeoutMs);
      this.pending.set(id, { method: type.method, resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.send({ kind: 'request', id, method: type.method, params });
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new RequestFailedError(type.method, `${type.method}: could not be sent (${errorMessage(e)})`));
      }
    });
  }

  notify<S>(type: NotificationType<S>, params: S): void {
    this.send({ kind: 'notification', method: type.method, params });
  }

  /** Dispatches one incoming message. Settles once a request's reply has been sent. */
  async receive(raw: unknown): Promise<void> {
    const m = parseEnvelope(raw);
    if (!m) { this.log('dropped a message that is not a request, response or notification'); return; }
    if (m.kind === 'response') { this.settle(m.id, m.result); return; }
    if (m.kind === 'notification') {
      const handle = this.notifications.get(m.method);
      if (!handle) { this.log(`dropped notification for unknown method "${m.method}"`); return; }
      try { handle(m.params); } catch (e) { this.log(`notification "${m.method}" failed: ${errorMessage(e)}`); }
      return;
    }
    this.reply(m.id, m.method, await this.run(m.method, m.params));
  }

  /** Rejects every request still waiting (the other side is gone). */
  dispose(): void {
    for (const [id, p] of this.pending) { clearTimeout(p.timer); p.reject(new RequestFailedError(p.method, `${p.method}: the panel was closed`)); this.pending.delete(id); }
  }

  private async run(method: string, rawParams: unknown): Promise<Settled<unknown>> {
    const handler = this.requests.get(method);
    if (!handler) {
      this.log(`dropped request for unknown method "${method}"`);
      return { ok: false, error: `unknown method "${method}"` };
    }
    let params = rawParams;
    if (handler.schema) {
      const parsed = handler.schema.safeParse(rawParams);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; ');
        this.log(`rejected request "${method}": invalid params (${why})`);
        return { ok: false, error: `invalid params for ${method}: ${why}` };
      }
      params = parsed.data;
    }
    try {
      return { ok: true, value: await handler.handle(params) };
    } catch (e) {
      return { ok: false, error: errorMessage(e) };
    }
  }

  private reply(id: number, method: string, result: Settled<unknown>): void {
    try {
      this.send({ kind: 'response', id, result });
    } catch (e) {
      // e.g. a value postMessage cannot clone: still answer, with the reason
      this.log(`reply to "${method}" could not be sent: ${errorMessage(e)}`);
      try { this.send({ kind: 'response', id, result: { ok: false, error: `the reply could not be sent: ${errorMessage(e)}` } }); } catch { /* the channel is gone */ }
    }
  }

  private settle(id: number, result: Settled<unknown>): void {
    const p = this.pending.get(id);
    if (!p) { this.log(`dropped a reply to unknown or expired request ${id}`); return; }
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (result.ok) p.resolve(result.value);
    else p.reject(new RequestFailedError(p.method, result.error));
  }
}
