import { ShorelineError } from '../domain/errors';

export interface ParsedArgs {
  command: string[];
  flags: Record<string, string | boolean>;
}

/** Flags that take a value; every other --flag is boolean. */
const VALUE_FLAGS = new Set(['services', 'tail', 'config', 'timeout', 'connect-url', 'task', 'out', 'name', 'record', 'sample', 'debezium',
  // connector export
  'target', 'namespace', 'cluster', 'secret',
  // kafka commands
  'partitions', 'replication-factor', 'topic', 'to', 'key', 'value', 'file', 'header', 'partition', 'count', 'from', 'limit', 'max', 'compression',
  'bootstrap-server', 'sasl-mechanism', 'sasl-username', 'aws-region', 'aws-profile', 'aws-role-arn', 'tls-ca', 'tls-cert', 'tls-key',
  'schema-registry',
  // data commands
  'db', 'filter', 'url',
  // ecr commands
  'profile', 'region', 'account', 'role-arn', 'external-id', 'mfa-serial', 'mfa-code', 'endpoint-url', 'registry-host', 'repository', 'tag', 'template', 'principal-account', 'owner-account', 'policy-file', 'caller-account']);

/** Parses `shoreline <command…> [--flag[=value]] [--flag value]`. Unknown flags are rejected by the command. */
export function parseArgs(argv: string[]): ParsedArgs {
  const command: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') { flags.help = true; continue; }
    if (!a.startsWith('--')) { command.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) { flags[name] = a.slice(eq + 1); continue; }
    if (VALUE_FLAGS.has(name)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new ShorelineError('cli.missingValue', `--${name} needs a value`, `e.g. --${name} ${name === 'tail' ? '100' : name === 'services' ? 'kafka,postgres' : 'VALUE'}`);
      flags[name] = v; i++;
    } else flags[name] = true;
  }
  return { command, flags };
}

/** Rejects flags a command does not know, naming the flag and the ones it accepts. */
export function checkFlags(cmd: string, flags: Record<string, string | boolean>, allowed: string[]): void {
  for (const f of Object.keys(flags)) {
    if (!allowed.includes(f) && f !== 'json' && f !== 'help' && f !== 'config') {
      throw new ShorelineError('cli.unknownFlag', `shoreline ${cmd}: unknown option --${f}`, `accepted: ${[...allowed, 'json', 'config'].map((x) => '--' + x).join(' ')}`);
    }
  }
}
