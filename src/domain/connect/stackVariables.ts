/**
 * `${shoreline:<name>}` references in connector files, resolved from the stack's own values when a file is applied
 * (by a pipeline or `shoreline connector apply`). They keep the stack's password out of files that are committed,
 * and let one pipeline folder run against any stack config. The syntax is Kafka Connect's config-provider syntax,
 * so the validator and the worker read it as a reference rather than a literal. Pure.
 */
import { ShorelineError } from '../errors';
import type { StackConfig } from '../stack/stackConfig';
import { closestMatch } from './closestMatch';
import { stackTemplateParams, type TemplateParams } from './connectorTemplates';

const REFERENCE = /\$\{shoreline:([^}]*)\}/g;

/** The values a connector file may refer to, by name (`postgres.password`, `kafka.bootstrap`, `s3.bucket`, …). */
export function stackVariables(p: TemplateParams): Record<string, string> {
  return {
    'postgres.host': p.postgres.host,
    'postgres.port': String(p.postgres.port),
    'postgres.user': p.postgres.user,
    'postgres.password': p.postgres.password,
    'postgres.database': p.postgres.database,
    'kafka.bootstrap': p.kafkaBootstrap,
    's3.endpoint': p.s3.endpoint,
    's3.region': p.s3.region,
    's3.accessKeyId': p.s3.accessKeyId,
    's3.secretAccessKey': p.s3.secretAccessKey,
    's3.bucket': p.s3.bucket,
  };
}

export interface UnresolvedReference { key: string; name: string; suggestion?: string }

/** Whether any value refers to a stack variable. */
export function hasStackReferences(config: Record<string, string>): boolean {
  return Object.values(config).some((v) => v.includes('${shoreline:'));
}

/**
 * Replaces every `${shoreline:<name>}` in the config's values. Unknown names are left as they are and reported,
 * with the closest known name.
 */
export function resolveStackReferences(config: Record<string, string>, vars: Record<string, string>): { config: Record<string, string>; unresolved: UnresolvedReference[] } {
  const unresolved: UnresolvedReference[] = [];
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key] = value.replace(REFERENCE, (whole, name: string) => {
      const v = vars[name];
      if (v !== undefined) return v;
      const suggestion = closestMatch(name, Object.keys(vars));
      unresolved.push({ key, name, ...(suggestion ? { suggestion } : {}) });
      return whole;
    });
  }
  return { config: out, unresolved };
}

/** "key": "${shoreline:postgres.pasword}" is not a stack value; did you mean … */
export function describeUnresolved(u: UnresolvedReference, vars: Record<string, string>): string {
  return `"${u.key}" refers to \${shoreline:${u.name}}, which is not a stack value${u.suggestion ? `; did you mean \${shoreline:${u.suggestion}}?` : ''} — known: ${Object.keys(vars).join(', ')}`;
}

/** The stack's values by name, for a stack config. */
export function stackValuesFor(cfg: Pick<StackConfig, 'postgresPassword'>): Record<string, string> {
  return stackVariables(stackTemplateParams(cfg));
}

/** The config with every `${shoreline:…}` reference replaced by the stack's value; an unknown reference is an error. */
export function withStackValues(config: Record<string, string>, cfg: Pick<StackConfig, 'postgresPassword'>): Record<string, string> {
  if (!hasStackReferences(config)) return config;
  const vars = stackValuesFor(cfg);
  const r = resolveStackReferences(config, vars);
  if (r.unresolved[0]) throw new ShorelineError('connect.invalidFile', describeUnresolved(r.unresolved[0], vars), 'fix the reference in the connector file');
  return r.config;
}
