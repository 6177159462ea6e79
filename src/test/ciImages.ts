import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (src/test -> ../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Tag of a stand-in image built by .ci/images/build.sh: shoreline-ci/<name>:<tag file>. */
export function ciImage(name: string): string {
  const tag = fs.readFileSync(path.join(REPO_ROOT, '.ci/images', name, 'tag'), 'utf8').trim();
  return `shoreline-ci/${name}:${tag}`;
}

/** Where the Pagila sample lives for tests (the shared data folder beside the checkout). */
export function pagilaDir(): string {
  if (process.env.SHORELINE_PAGILA_SOURCE) return process.env.SHORELINE_PAGILA_SOURCE;
  const candidates = [path.resolve(REPO_ROOT, '..', 'shared', 'data', 'pagila'), '/work/shared/data/pagila'];
  return candidates.find((d) => fs.existsSync(path.join(d, 'pagila-schema.sql'))) ?? candidates[0]!;
}

/** SHORELINE_* variables that point a CLI run at the stand-in images, a test project and test ports. */
export function testStackEnv(project: string, portBase: number): Record<string, string> {
  return {
    SHORELINE_PROJECT: project,
    SHORELINE_IMAGE_KAFKA: ciImage('kafka'),
    SHORELINE_IMAGE_CONNECT: ciImage('connect'),
    SHORELINE_IMAGE_POSTGRES: ciImage('postgres'),
    SHORELINE_IMAGE_MONGO: ciImage('mongo'),
    SHORELINE_IMAGE_LOCALSTACK: ciImage('aws'),
    SHORELINE_PORT_KAFKA: String(portBase + 92),
    SHORELINE_PORT_CONNECT: String(portBase + 83),
    SHORELINE_PORT_POSTGRES: String(portBase + 32),
    SHORELINE_PORT_MONGO: String(portBase + 17),
    SHORELINE_PORT_LOCALSTACK: String(portBase + 66),
    SHORELINE_PAGILA_SOURCE: pagilaDir(),
    SHORELINE_POSTGRES_PASSWORD: 'shoreline-test-pw',
  };
}

/** What a CLI run printed and how it ended (the exit code; 1 when it was killed or could not start). */
export interface CliRun { code: number; stdout: string; stderr: string; ms: number }

/** Runs the built CLI (dist/cli.js) with these arguments; never rejects: a failed run is a non-zero code. */
export function runCli(args: string[], o: { cwd?: string; env: Record<string, string | undefined>; timeoutMs?: number; maxBuffer?: number }): Promise<CliRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd: o.cwd, env: o.env, timeout: o.timeoutMs ?? 280_000, maxBuffer: o.maxBuffer ?? 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

