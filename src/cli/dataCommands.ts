/**
 * `shoreline sql | mongo find | s3 ls | s3 cat`: the Data explorers from the command line, on the same services as
 * the VS Code Data view.
 */
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { toTextTable, type QueryResult } from '../domain/data/queryResult';
import { formatBytes, parseS3Path, appendLevel, type S3Level } from '../domain/data/s3Listing';
import { ShorelineError } from '../domain/errors';
import { decodeObject } from '../services/aws/objectDecoder';
import { parseMongoUrl, parsePgUrl } from '../domain/data/dataConnection';
import { connectionDataServices, stackDataServices, type DataServices } from '../services/data/dataServices';
import { hostEndpointFacts } from '../services/docker/engineEndpointFacts';
import { parseMongoFilter } from '../services/mongo/mongoExplorer';
import { hostAddressFor } from '../services/stack/createStack';
import { checkFlags } from './args';
import type { CliContext } from './cliContext';

export const DATA_COMMANDS = ['sql', 'mongo', 's3'];

export const DATA_USAGE = `  shoreline sql "<statement>" [--db pagila] [--limit N] [--url postgres://user@host:port/db] [--json]
                                                      run SQL on the stack's PostgreSQL (or --url's, password from PGPASSWORD);
                                                      {"columns","rows","rowCount","truncated"}
  shoreline mongo find <db> <collection> [--filter JSON] [--limit N] [--url mongodb://user@host:port/] [--json]
                                                      documents matching a filter (Extended JSON) on the stack's MongoDB
                                                      (or --url's, password from SHORELINE_MONGO_PASSWORD)
  shoreline s3 ls [<bucket>[/prefix/]] [--json]       buckets, or one level of a bucket: prefixes (folders), then objects
  shoreline s3 cat <bucket>/<key>                     an object as JSON Lines (Parquet, JSON, JSON Lines; gzip too)`;

export type DataCliContext = Omit<CliContext, 'cwd'>;

function services(c: DataCliContext): DataServices {
  const cfg = c.config();
  const stack = stackDataServices(cfg, hostAddressFor(resolveEngineEndpoint(hostEndpointFacts(cfg.dockerHost, c.env))));
  const url = c.args.flags.url;
  if (url === undefined) return stack;
  if (typeof url !== 'string' || !url.trim()) throw new ShorelineError('cli.missingValue', '--url needs a value', 'e.g. --url postgres://app@db.example.com:5432/app');
  // the server named by --url in place of the stack's; the password comes from the environment, never the command line
  const type = c.args.command[0] === 'sql' ? 'postgres' : 'mongodb';
  const conn = type === 'postgres' ? { name: 'url', type, url, pg: parsePgUrl(url, '--url') } as const : { name: 'url', type, url, mongo: parseMongoUrl(url, '--url') } as const;
  const password = type === 'postgres' ? c.env.PGPASSWORD : c.env.SHORELINE_MONGO_PASSWORD;
  return connectionDataServices(conn, password, stack, {
    postgres: 'check --url and the password in PGPASSWORD', mongodb: 'check --url and the password in SHORELINE_MONGO_PASSWORD',
  });
}

function limitFlag(c: DataCliContext, fallback: number): number {
  const raw = c.args.flags.limit;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ShorelineError('cli.badValue', `--limit is "${String(raw)}"`, 'give a whole number of rows ≥ 1, e.g. --limit 50');
  return n;
}

function printResult(c: DataCliContext, r: QueryResult): void {
  c.out(c.json ? JSON.stringify(r, null, 2) : toTextTable(r));
}

async function runSql(c: DataCliContext): Promise<number> {
  checkFlags('sql', c.args.flags, ['db', 'limit', 'url']);
  const statement = c.args.command.slice(1).join(' ');
  if (!statement.trim()) throw new ShorelineError('cli.missingValue', 'shoreline sql needs a statement', 'e.g. shoreline sql "select count(*) from address"');
  const url = typeof c.args.flags.url === 'string' ? parsePgUrl(c.args.flags.url, '--url') : undefined;
  const db = typeof c.args.flags.db === 'string' ? c.args.flags.db : url?.database ?? 'pagila';
  printResult(c, await services(c).pg.query(db, statement, { limit: limitFlag(c, 1000) }));
  return 0;
}

async function runMongo(c: DataCliContext): Promise<number> {
  checkFlags('mongo', c.args.flags, ['filter', 'limit', 'url']);
  const [, sub, db, collection] = c.args.command;
  if (sub !== 'find') throw new ShorelineError('cli.unknownCommand', `unknown mongo command "${sub ?? ''}"`, 'use: shoreline mongo find <db> <collection> [--filter JSON]');
  if (!db || !collection) throw new ShorelineError('cli.missingValue', 'shoreline mongo find needs a database and a collection', 'e.g. shoreline mongo find orders customer.orders');
  const filter = await parseMongoFilter(typeof c.args.flags.filter === 'string' ? c.args.flags.filter : undefined);
  const mongo = services(c).mongo;
  try {
    const r = await mongo.find(db, collection, filter, limitFlag(c, 20));
    // documents are nested: JSON Lines reads better than a table
    c.out(c.json ? JSON.stringify(r, null, 2) : r.rows.map((d) => JSON.stringify(d)).join('\n') || '(no documents)');
    if (!c.json && r.truncated) c.info(`(first ${r.rows.length} documents; --limit N for more)`);
  } finally {
    await mongo.close();
  }
  return 0;
}

function levelText(l: S3Level): string {
  const lines = [
    ...l.folders.map((f) => `${'PRE'.padStart(12)}  ${''.padEnd(24)}  ${f.name}`),
    ...l.files.map((f) => `${formatBytes(f.size).padStart(12)}  ${(f.modified ?? '').padEnd(24)}  ${f.name}`),
  ];
  return lines.join('\n') || '(empty)';
}

async function runS3(c: DataCliContext): Promise<number> {
  const [, sub, target] = c.args.command;
  const s3 = services(c).s3;
  if (sub === 'ls') {
    checkFlags('s3 ls', c.args.flags, []);
    const where = target ? parseS3Path(target) : undefined;
    if (!where) {
      const buckets = await s3.buckets();
      c.out(c.json ? JSON.stringify({ buckets }, null, 2) : buckets.map((b) => b.name).join('\n') || '(no buckets)');
      return 0;
    }
    // a prefix lists the level under it, as `aws s3 ls s3://b/p/` does; every page is followed
    let level = await s3.listLevel(where.bucket, where.key);
    while (level.next) level = appendLevel(level, await s3.listLevel(where.bucket, where.key, level.next));
    c.out(c.json ? JSON.stringify({ bucket: level.bucket, prefix: level.prefix, folders: level.folders, files: level.files }, null, 2) : levelText(level));
    return 0;
  }
  if (sub === 'cat') {
    checkFlags('s3 cat', c.args.flags, []);
    const where = target ? parseS3Path(target) : undefined;
    if (!where?.key) throw new ShorelineError('cli.missingValue', 'shoreline s3 cat needs <bucket>/<key>', 'e.g. shoreline s3 cat shoreline-datalake/country=France/part-0.parquet');
    const decoded = await decodeObject(where.key, await s3.get(where.bucket, where.key), `s3://${where.bucket}/${where.key}`);
    c.info(`${decoded.format}${decoded.compressed ? ' (gzip)' : ''}: ${decoded.documents.length} record(s)`);
    c.out(decoded.documents.map((d) => (decoded.format === 'text' ? String(d) : JSON.stringify(d))).join('\n'));
    return 0;
  }
  throw new ShorelineError('cli.unknownCommand', `unknown s3 command "${sub ?? ''}"`, 'use: shoreline s3 ls [<bucket>[/prefix/]] or shoreline s3 cat <bucket>/<key>');
}

/** Dispatches `sql`, `mongo` and `s3`. */
export function runData(c: DataCliContext): Promise<number> {
  const cmd = c.args.command[0];
  return cmd === 'sql' ? runSql(c) : cmd === 'mongo' ? runMongo(c) : runS3(c);
}
