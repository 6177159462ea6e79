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
