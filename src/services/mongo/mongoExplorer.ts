/**
 * MongoDB adapter of the Data explorer (mongodb driver, loaded on first use): databases, collections with count and
 * size, indexes, and find with a JSON filter. Works against MongoDB and the stack's FerretDB stand-in; where the
 * server lacks $collStats the size is left out with a note instead of failing the tree.
 */
import type { Collection, MongoClient } from 'mongodb';
import type { MongoCollectionInfo, MongoIndexInfo } from '../../domain/data/dataModel';
import { columnsOf, DEFAULT_ROW_LIMIT, type QueryResult } from '../../domain/data/queryResult';
import { toJsonValue } from '../../domain/connect/pipelineMatch';
import { ShorelineError } from '../../domain/errors';

/** The port. */
export interface MongoExplorerApi {
  databases(): Promise<string[]>;
  collections(database: string): Promise<MongoCollectionInfo[]>;
  indexes(database: string, collection: string): Promise<MongoIndexInfo[]>;
  /** Documents matching `filter` (already parsed), at most `limit`; `truncated` when more matched. */
  find(database: string, collection: string, filter: Record<string, unknown>, limit?: number): Promise<QueryResult>;
  close(): Promise<void>;
}

/**
 * Parses a filter typed by the user as Extended JSON (`{"_id": {"$oid": "…"}}` works), so the driver receives a
 * document, never a string to evaluate.
 */
export async function parseMongoFilter(text: string | undefined): Promise<Record<string, unknown>> {
  if (text === undefined || !text.trim()) return {};
  const { EJSON } = (await import('mongodb')).BSON;
  let v: unknown;
  try {
    v = EJSON.parse(text, { relaxed: true });
  } catch (e) {
    throw new ShorelineError('mongo.badFilter', `The filter is not JSON: ${(e as Error).message} in ${text}`, 'give a JSON object, e.g. --filter \'{"name.lastName":"Doe"}\'');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ShorelineError('mongo.badFilter', `The filter must be a JSON object, got ${text}`, 'e.g. {"status": "NEW"}');
  return v as Record<string, unknown>;
}

/** A document as plain JSON: ObjectId, Decimal128, Long, dates and binaries in relaxed Extended JSON. */
export async function plainDocument(doc: unknown): Promise<Record<string, unknown>> {
  const { EJSON } = (await import('mongodb')).BSON;
  return toJsonValue(EJSON.serialize(doc as Record<string, unknown>, { relaxed: true })) as Record<string, unknown>;
}

const SYSTEM_DATABASES = new Set(['admin', 'config', 'local']);

export class MongoExplorer implements MongoExplorerApi {
  private client?: Promise<MongoClient>;

  /**
   * @param url the driver's URL, without credentials
   * @param opts a user connection's credentials (the driver's auth option), how errors name the server, and the fix
   *   to suggest when it cannot be reached
   */
  constructor(private readonly url: string, private readonly opts: { auth?: { username: string; password?: string }; label?: string; unreachableFix?: string } = {}) {}

  private connect(): Promise<MongoClient> {
    this.client ??= (async () => {
      const auth = this.opts.auth;
      if (auth && auth.password === undefined) {
        this.client = undefined;
        throw new ShorelineError('mongo.noPassword', `${this.opts.label ?? `MongoDB at ${this.url}`} names the user "${auth.username}" but no password is set`, this.opts.unreachableFix ?? 'set the password');
      }
      const { MongoClient: Client } = await import('mongodb');
      const c = new Client(this.url, { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000, ...(this.opts.auth ? { auth: this.opts.auth } : {}) });
      try {
        return await c.connect();
      } catch (e) {
        this.client = undefined;
        const where = this.opts.label ?? `MongoDB at ${this.url}`;
        const fix = this.opts.unreachableFix ?? 'start the stack (shoreline up --services mongo) or check ports.mongo';
        // 18: AuthenticationFailed — the server answered, it refused the login
        if ((e as { code?: unknown }).code === 18 || /Authentication failed/i.test((e as Error).message)) {
          throw new ShorelineError('mongo.authFailed', `${where} refused the login of "${auth?.username ?? ''}": ${(e as Error).message}`, fix);
        }
        throw new ShorelineError('mongo.unreachable', `${where} is not reachable: ${(e as Error).message}`, fix);
      }
    })();
    return this.client;
  }

  /** The driver's collection (the Data viewer pages it with skip/limit and sorts on the server). */
  async collection(database: string, collection: string): Promise<Collection> {
    return (await this.connect()).db(database).collection(collection);
  }

  async databases(): Promise<string[]> {
    const c = await this.connect();
    const r = await c.db('admin').admin().listDatabases({ nameOnly: true });
    return r.databases.map((d) => d.name).filter((n) => !SYSTEM_DATABASES.has(n)).sort();
  }

  async collections(database: string): Promise<MongoCollectionInfo[]> {
    const db = (await this.connect()).db(database);
    const infos = await db.listCollections({}, { nameOnly: false }).toArray();
    const out: MongoCollectionInfo[] = [];
    for (const info of infos.sort((a, b) => a.name.localeCompare(b.name))) {
      const type = (info as { type?: string }).type ?? 'collection';
      const coll = db.collection(info.name);
      const count = type === 'view' ? 0 : await coll.estimatedDocumentCount().catch(() => coll.countDocuments({}));
      const entry: MongoCollectionInfo = { name: info.name, type, count };
      if (type !== 'view') {
        try {
          const [stats] = await coll.aggregate<{ storageStats?: { size?: number } }>([{ $collStats: { storageStats: {} } }]).toArray();
          if (typeof stats?.storageStats?.size === 'number') entry.size = stats.storageStats.size;
          else entry.note = 'the server reported no storage stats';
        } catch (e) {
          entry.note = `size unknown: this server does not support $collStats (${(e as Error).message.split('\n')[0]})`;
        }
      }
      out.push(entry);
    }
    return out;
  }

  async indexes(database: string, collection: string): Promise<MongoIndexInfo[]> {
    const idx = await (await this.connect()).db(database).collection(collection).indexes();
    return idx.map((i) => ({ name: i.name ?? JSON.stringify(i.key), key: i.key as Record<string, unknown>, unique: i.unique === true }));
  }

  async find(database: string, collection: string, filter: Record<string, unknown>, limit = DEFAULT_ROW_LIMIT): Promise<QueryResult> {
    const coll = (await this.connect()).db(database).collection(collection);
    let docs: unknown[];
    try {
      // one more than the limit says whether more matched, without counting the whole collection
      docs = await coll.find(filter).limit(limit + 1).toArray();
    } catch (e) {
      throw new ShorelineError('mongo.findFailed', `find on ${database}.${collection} failed: ${(e as Error).message}`, 'check the filter\'s operators ($eq, $in, …) and field names');
    }
    const truncated = docs.length > limit;
    const rows = await Promise.all(docs.slice(0, limit).map(plainDocument));
    return { columns: columnsOf(rows), rows, rowCount: rows.length, truncated };
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await (await c.catch(() => undefined))?.close().catch(() => undefined);
  }
}
