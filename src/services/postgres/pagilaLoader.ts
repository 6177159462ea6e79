import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ShorelineError } from '../../domain/errors';
import type { DockerEngine } from '../docker/dockerEngine';
import type { Logger } from '../logger';

export const PAGILA_FILES = ['pagila-schema.sql', 'pagila-data.sql'] as const;
const IN_CONTAINER_DIR = '/tmp/shoreline-pagila';

/** Reads one Pagila file from a folder or a base URL. */
async function readSource(source: string, file: string): Promise<Buffer> {
  if (/^https?:\/\//.test(source)) {
    const url = `${source.replace(/\/$/, '')}/${file}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    } catch (e) {
      throw new ShorelineError('pagila.unreachable', `Could not download ${url}: ${(e as Error).message}`,
        'check the network, or set shoreline.pagila.source / SHORELINE_PAGILA_SOURCE to a local folder with the Pagila SQL files');
    }
    if (!res.ok) throw new ShorelineError('pagila.unreachable', `Downloading ${url} gave HTTP ${res.status}`, 'set shoreline.pagila.source to a folder or URL that holds pagila-schema.sql and pagila-data.sql');
    return Buffer.from(await res.arrayBuffer());
  }
  const p = path.join(source, file);
  try {
    return await fs.readFile(p);
  } catch {
    throw new ShorelineError('pagila.missing', `Pagila file not found: ${p}`, 'set shoreline.pagila.source / SHORELINE_PAGILA_SOURCE to the folder holding pagila-schema.sql and pagila-data.sql');
  }
}

async function psql(engine: DockerEngine, container: string, args: string[]): Promise<string> {
  const r = await engine.exec(container, ['psql', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', '-X', '-q', ...args]);
  if (r.exitCode !== 0) {
    throw new ShorelineError('pagila.loadFailed', `psql ${args.filter((a) => !a.startsWith('-')).join(' ')} failed in ${container}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      'see the postgres logs ("shoreline logs postgres"); "shoreline down --volumes" resets the database');
  }
  return r.stdout;
}

/**
 * Loads the Pagila sample into database `pagila` once, then installs the seeds' last_update triggers.
 * Runs psql inside the container (argv, no shell), so it works with any image that follows the postgres contract.
 * @returns true when it loaded Pagila now, false when the database was already there.
 */
export async function ensurePagila(engine: DockerEngine, container: string, source: string, triggersSqlPath: string, log: Logger): Promise<boolean> {
  const exists = (await psql(engine, container, ['-d', 'postgres', '-tAc', "SELECT 1 FROM pg_database WHERE datname = 'pagila'"])).trim() === '1';
  const triggers = await fs.readFile(triggersSqlPath);
  if (exists) {
    await engine.putFiles(container, '/tmp', [{ name: 'shoreline-pagila/triggers.sql', content: triggers }]);
    await psql(engine, container, ['-d', 'pagila', '-f', `${IN_CONTAINER_DIR}/triggers.sql`]);
    return false;
  }
  const t0 = Date.now();
  log.info(`postgres: loading Pagila from ${source}`);
  const [schema, data] = await Promise.all(PAGILA_FILES.map((f) => readSource(source, f)));
  await engine.putFiles(container, '/tmp', [
    { name: 'shoreline-pagila/pagila-schema.sql', content: schema! },
    { name: 'shoreline-pagila/pagila-data.sql', content: data! },
    { name: 'shoreline-pagila/triggers.sql', content: triggers },
  ]);
  // Load into a scratch database and rename at the end, so a failed load never leaves a half-filled `pagila`.
  await psql(engine, container, ['-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS pagila_loading']);
  await psql(engine, container, ['-d', 'postgres', '-c', 'CREATE DATABASE pagila_loading']);
  await psql(engine, container, ['-d', 'pagila_loading', '-f', `${IN_CONTAINER_DIR}/pagila-schema.sql`]);
  await psql(engine, container, ['-d', 'pagila_loading', '-f', `${IN_CONTAINER_DIR}/pagila-data.sql`]);
  await psql(engine, container, ['-d', 'pagila_loading', '-f', `${IN_CONTAINER_DIR}/triggers.sql`]);
  await psql(engine, container, ['-d', 'postgres', '-c', 'ALTER DATABASE pagila_loading RENAME TO pagila']);
  await engine.exec(container, ['rm', '-f', `${IN_CONTAINER_DIR}/pagila-data.sql`, `${IN_CONTAINER_DIR}/pagila-schema.sql`]);
  log.info(`postgres: Pagila loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}
