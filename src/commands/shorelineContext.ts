import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { resolveConfig, type RawConfig, type StackConfig } from '../domain/stack/stackConfig';
import type { Logger } from '../services/logger';
import type { StackService } from '../services/stack/stackService';
import type { ConnectApi } from '../services/connect/connectClient';

type EngineBundle = typeof import('../services/engineBundle');

export const LOCALSTACK_TOKEN_KEY = 'shoreline.localstack.authToken';

/** What commands and views share: the log, settings, secrets and a lazily created stack service. */
export class ShorelineContext implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly log: Logger;
  private bundle: EngineBundle | undefined;
  private stack: StackService | undefined;
  private readonly connectClients = new Map<string, ConnectApi>();
  private hostAddress: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stack may have changed (command finished, settings changed). */
  readonly onDidChangeStack = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Shoreline', { log: true });
    this.log = {
      debug: (m) => this.output.debug(m), info: (m) => this.output.info(m),
      warn: (m) => this.output.warn(m), error: (m) => this.output.error(m),
    };
    this.disposables.push(this.output, this.changed, vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('shoreline')) { this.stack = undefined; this.hostAddress = undefined; this.connectClients.clear(); this.changed.fire(); }
    }));
  }

  /** Loads dist/engine.js on first use (kept out of activation). */
  engine(): EngineBundle {
    if (!this.bundle) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.bundle = require(path.join(this.extension.extensionPath, 'dist', 'engine.js')) as EngineBundle;
    }
    return this.bundle;
  }

  /** Stack config from the `shoreline.*` settings, validated (errors name the setting and the fix). */
  config(): StackConfig {
    const c = vscode.workspace.getConfiguration('shoreline');
    const svc = ['kafka', 'connect', 'postgres', 'mongo', 'localstack'];
    const raw: RawConfig = {
      project: c.get('project'), dockerHost: c.get('docker.host'), services: c.get('services'),
      images: Object.fromEntries(svc.map((s) => [s, c.get(`images.${s}`)]).filter(([, v]) => v !== undefined)),
      ports: Object.fromEntries(svc.map((s) => [s, c.get(`ports.${s}`)]).filter(([, v]) => v !== undefined)),
      postgresPassword: c.get('postgres.password'), pagilaSource: c.get('pagila.source'),
      awsHealthPath: c.get('aws.healthPath'), startTimeoutSeconds: c.get('startTimeoutSeconds'),
    };
    return resolveConfig([['settings', raw]]);
  }

  /** The stack service for the current settings (recreated when settings change). */
  async getStack(): Promise<StackService> {
    if (!this.stack) {
      const token = await this.extension.secrets.get(LOCALSTACK_TOKEN_KEY);
      this.stack = this.engine().createStack(this.config(), {
        resourcesRoot: this.extension.extensionPath, log: this.log, secrets: { localstackAuthToken: token || undefined },
      });
    }
    return this.stack;
  }

  /** A Kafka Connect REST client for a worker URL (loads the engine bundle). */
  connect(url: string): ConnectApi {
    let c = this.connectClients.get(url);
    if (!c) { c = new (this.engine().ConnectClient)(url, { timeoutMs: 15_000 }); this.connectClients.set(url, c); }
    return c;
  }

  /**
   * The address the stack's published ports are reached on: 127.0.0.1 for a local engine socket, the engine's host for
   * a tcp:// engine — resolved as createStack and the CLI resolve it (settings, DOCKER_HOST, Docker context).
   */
  stackHostAddress(): string {
    if (this.hostAddress === undefined) {
      const e = this.engine();
      this.hostAddress = e.hostAddressFor(resolveEngineEndpoint(e.hostEndpointFacts(this.config().dockerHost, process.env)));
    }
    return this.hostAddress;
  }

  /** The stack's own Connect worker URL. */
  localConnectUrl(): string { return `http://${this.stackHostAddress()}:${this.config().ports.connect}`; }

  /** Forget the stack service (e.g. a secret changed) and tell the views. */
  invalidate(): void { this.stack = undefined; this.changed.fire(); }

  /** Tell the views to refresh. */
  stackChanged(): void { this.changed.fire(); }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
