import * as path from 'node:path';

type Authoring = typeof import('../domain/connect/authoring');
let loaded: Authoring | undefined;

/**
 * Connector authoring (dist/authoring.js, built from src/domain/connect/authoring.ts), loaded on first use so
 * activation does not parse the validator's plugin catalog. `__dirname` is dist/ in the bundled extension.
 */
export function authoring(): Authoring {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'authoring.js')) as Authoring;
  return loaded;
}
