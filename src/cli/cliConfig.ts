import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShorelineError } from '../domain/errors';
import { configFromEnv, resolveConfig, type RawConfig, type StackConfig } from '../domain/stack/stackConfig';

export const CONFIG_FILE = 'shoreline.config.json';

/** CLI configuration: defaults < shoreline.config.json (cwd or --config) < SHORELINE_* environment variables. */
export function loadCliConfig(cwd: string, env: Record<string, string | undefined>, explicitFile?: string): StackConfig {
  const layers: Array<[string, RawConfig]> = [];
  const file = explicitFile ? path.resolve(cwd, explicitFile) : path.join(cwd, CONFIG_FILE);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    if (explicitFile) throw new ShorelineError('config.missing', `Config file not found: ${file}`, 'check the --config path');
  }
  if (text !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ShorelineError('config.invalidJson', `${file} is not valid JSON (${(e as Error).message})`, 'fix the JSON syntax, e.g. with "npx jsonlint" or an editor');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ShorelineError('config.invalid', `${file} must hold a JSON object`, 'e.g. {"ports": {"kafka": 19092}}');
    const layer = raw as RawConfig;
    // A relative Pagila folder is relative to the config file, not to wherever the CLI runs.
    if (typeof layer.pagilaSource === 'string' && !/^https?:\/\//.test(layer.pagilaSource) && !path.isAbsolute(layer.pagilaSource)) {
      layer.pagilaSource = path.resolve(path.dirname(file), layer.pagilaSource);
    }
    layers.push([path.basename(file), layer]);
  }
  layers.push(['environment (SHORELINE_*)', configFromEnv(env)]);
  return resolveConfig(layers);
}
