/**
 * Runs SQL against the stack's PostgreSQL for pipelines and checks (pg, loaded on first use). One short connection
 * per call: the statements are few and a pipeline may switch databases between steps.
 */
import type { Client } from 'pg';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';

export interface SqlTarget { host: string; port: number; user: string; password: string }

/** The port. */
export interface SqlRunner {
  /** Runs statements (a whole script may be one string: it is sent as one simple query). */
  exec(database: string, sql: string): Promise<void>;
  /** Rows of a query as plain JSON objects (timestamps as ISO strings; bigint and numeric stay strings as pg returns them). */
  query(database: string, sql: string): Promise<Array<Record<string, unknown>>>;
}

export class PgSqlRunner implements SqlRunner {
  constructor(private readonly target: SqlTarget) {}

  private async withClient<T>(database: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const { Client: PgClient } = await import('pg');
    const c = new PgClient({ ...this.target, database, connectionTimeoutMillis: 10_000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
    } catch (e) {
      throw new ShorelineError('postgres.unreachable', `PostgreSQL at ${this.target.host}:${this.target.port} (database ${database}) refused the connection: ${(e as Error).message}`,
        'start the stack (shoreline up --services postgres), check ports.postgres and postgresPassword, or the database name');
    }
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async exec(database: string, sql: string): Promise<void> {
    await this.withClient(database, async (c) => { await c.query(sql); });
  }

  async query(database: string, sql: string): Promise<Array<Record<string, unknown>>> {
    return this.withClient(database, async (c) => (await c.query(sql)).rows.map((r: Record<string, unknown>) => toJsonValue(r) as Record<string, unknown>));
  }
}
