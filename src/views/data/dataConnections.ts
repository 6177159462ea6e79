import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { dataSecretKey, isValidDataConnection, parseDataConnections, type DataConnection, type InvalidDataConnection } from '../../domain/data/dataConnection';
import { ShorelineError } from '../../domain/errors';
import type { DataServices } from '../../services/data/dataServices';
import { askMfaCode } from '../aws/mfaPrompt';

const LOGIN_FIX = 'check the URL in shoreline.data.connections and the password ("Shoreline: Set Data Connection Password" on its row in the Data view)';
const FIXES = {
  postgres: LOGIN_FIX,
  mongodb: LOGIN_FIX,
  s3: 'check the endpoint and region in shoreline.data.connections and your network',
  mfaCodeProvider: askMfaCode,
};

/**
 * The Data view's servers: the stack's PostgreSQL, MongoDB and S3 emulator, plus the user's connections from
 * `shoreline.data.connections` (passwords from SecretStorage only). Clients are made on first use (loading
 * dist/engine.js) and dropped when settings or a password change.
 */
export class DataConnections implements vscode.Disposable {
  /** By connection name ('' for the stack); `close` ends the clients this entry made (not the stack's it shares). */
  private readonly cache = new Map<string, { key: string; services: DataServices; close: () => void }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: ShorelineContext) {
    this.disposables.push(ctx.onDidChangeStack(() => this.reset()));
  }

  /** Every entry of the setting, in order; bad ones carry the reason. */
  list(): Array<DataConnection | InvalidDataConnection> {
    return parseDataConnections(vscode.workspace.getConfiguration('shoreline').get<unknown>('data.connections'));
  }

  /** A valid connection by name; a clear error for a missing or invalid one. */
  find(name: string): DataConnection {
    const c = this.list().find((x) => x.name === name);
    if (!c) throw new ShorelineError('data.noConnection', `No data connection "${name}" in shoreline.data.connections`, 'run "Shoreline: Add Data Connection" or pick a connection the Data view lists');
    if (!isValidDataConnection(c)) throw new ShorelineError('data.badConnection', c.invalid, 'fix the entry in shoreline.data.connections');
    return c;
  }

  /** The services of the stack (no name) or of a user connection (its PostgreSQL or MongoDB in place of the stack's). */
  async services(name?: string): Promise<DataServices> {
    const stack = await this.ctx.getStack();
    const stackKey = JSON.stringify([stack.config.ports, stack.config.postgresPassword, stack.spec.hostAddress]);
    const conn = name === undefined ? undefined : this.find(name);
    const password = conn && conn.type !== 's3' ? await this.ctx.extension.secrets.get(dataSecretKey(conn.name)) : undefined;
    // the key holds whether a password is set, not the password itself
    const key = JSON.stringify([stackKey, conn, password !== undefined]);
    const id = name ?? '';
    const hit = this.cache.get(id);
    if (hit?.key === key) return hit.services;
    hit?.close();
    const engine = this.ctx.engine();
    const services = conn ? engine.connectionDataServices(conn, password, await this.services(), FIXES) : engine.stackDataServices(stack.config, stack.spec.hostAddress);
    const owns = !conn || conn.type === 'mongodb';
    this.cache.set(id, { key, services, close: () => { if (owns) void services.mongo.close(); } });
    return services;
  }

  /** The URL (never with a password) of a connection, for labels. */
  url(name: string): string | undefined {
    const c = this.list().find((x) => x.name === name);
    return c && isValidDataConnection(c) ? c.url : undefined;
  }

  /** Stores (or, with an empty string, deletes) a connection's password and drops its clients. */
  async setPassword(name: string, password: string): Promise<void> {
    if (this.find(name).type === 's3') throw new ShorelineError('data.noPasswordNeeded', `Connection "${name}" is S3: its credentials come from the AWS profile`, 'sign in for the profile (e.g. aws sso login --profile NAME) or edit it in ~/.aws/config');
    const key = dataSecretKey(name);
    if (password) await this.ctx.extension.secrets.store(key, password);
    else await this.ctx.extension.secrets.delete(key);
    this.drop(name);
  }

  /** Adds an entry to the user settings (validated as when it is read); the password goes to SecretStorage. */
  async add(entry: { name: string; type: string; url?: string; profile?: string; region?: string; endpoint?: string }, password: string | undefined): Promise<DataConnection> {
    const cfg = vscode.workspace.getConfiguration('shoreline');
    const current = cfg.get<unknown[]>('data.connections') ?? [];
    const parsed = parseDataConnections([...current, entry]);
    const added = parsed.at(-1)!;
    if (!isValidDataConnection(added)) throw new ShorelineError('data.badConnection', added.invalid, 'fix the value and add the connection again');
    if (password) await this.ctx.extension.secrets.store(dataSecretKey(added.name), password);
    const saved = added.s3 ? { name: added.name, type: added.type, ...added.s3 } : { name: added.name, type: added.type, url: added.url };
    await cfg.update('data.connections', [...current, saved], vscode.ConfigurationTarget.Global);
    return added;
  }

  /** Removes an entry from the user settings and its password from SecretStorage (no data on the server is touched). */
  async remove(name: string): Promise<boolean> {
    const cfg = vscode.workspace.getConfiguration('shoreline');
    const current = cfg.inspect<unknown[]>('data.connections')?.globalValue ?? [];
    const kept = current.filter((e) => (e as { name?: unknown })?.name !== name);
    const removed = kept.length !== current.length;
    if (removed) await cfg.update('data.connections', kept, vscode.ConfigurationTarget.Global);
    await this.ctx.extension.secrets.delete(dataSecretKey(name));
    this.drop(name);
    return removed;
  }

  private drop(name: string): void {
    this.cache.get(name)?.close();
    this.cache.delete(name);
  }

  reset(): void {
    for (const e of this.cache.values()) e.close();
    this.cache.clear();
  }

  dispose(): void {
    this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
