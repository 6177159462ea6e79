/**
 * `shoreline connector export <file> --target msk-connect|strimzi`: the connector as an MSK Connect CreateConnector
 * request or a Strimzi KafkaConnector, with the stack's endpoints as parameters and secrets as references.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConnectorText } from '../domain/connect/connectorFile';
import { EXPORT_TARGETS, exportConnector, type ExportTarget } from '../domain/connect/connectorExport';
import { ShorelineError } from '../domain/errors';
import { checkFlags } from './args';
import type { ConnectorCliContext } from './connectorCommands';

export const CONNECTOR_EXPORT_USAGE = `  shoreline connector export <file> --target msk-connect|strimzi [--out FILE] [--namespace NS] [--cluster NAME] [--secret NAME]
                                                      MSK Connect CreateConnector JSON or a Strimzi KafkaConnector: local
                                                      endpoints become parameters, passwords config-provider references`;

const flagValue = (c: ConnectorCliContext, name: string): string | undefined => {
  const v = c.args.flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[\w./-]+$/.test(v)) throw new ShorelineError('cli.badValue', `--${name} is "${String(v)}"`, `use letters, digits, ".", "_", "/" or "-", e.g. --${name} kafka`);
  return v;
};

export function runConnectorExport(c: ConnectorCliContext, cmd: string, file: string): number {
  checkFlags(cmd, c.args.flags, ['target', 'out', 'namespace', 'cluster', 'secret', 'force']);
  const target = c.args.flags.target;
  if (typeof target !== 'string' || !(EXPORT_TARGETS as readonly string[]).includes(target)) {
    throw new ShorelineError('cli.badValue', target === undefined ? 'shoreline connector export needs --target' : `--target is "${String(target)}"`, `use --target ${EXPORT_TARGETS.join(' or --target ')}`);
  }
  const filePath = path.resolve(c.cwd, file);
  let text: string;
  try { text = fs.readFileSync(filePath, 'utf8'); } catch (e) {
    throw new ShorelineError('cli.fileNotFound', `Cannot read connector file ${filePath} (${(e as { code?: string }).code ?? 'unreadable'})`, 'check the path, or create one: shoreline connector new <template>');
  }
  const parsed = parseConnectorText(text, path.basename(filePath));
  if (!parsed.config['connector.class']) {
    throw new ShorelineError('connect.invalidFile', `${path.basename(filePath)} has no connector.class${parsed.syntaxIssues[0] ? ` (${parsed.syntaxIssues[0].message})` : ''}`, `check it: shoreline connector validate ${file} --offline`);
  }
  const ns = flagValue(c, 'namespace');
  const cluster = flagValue(c, 'cluster');
  const secret = flagValue(c, 'secret');
  const x = exportConnector(parsed.name, parsed.config, target as ExportTarget, { ...(ns ? { namespace: ns } : {}), ...(cluster ? { cluster } : {}), ...(secret ? { secretName: secret } : {}) });
  const out = c.args.flags.out;
  if (out !== undefined) {
    if (typeof out !== 'string') throw new ShorelineError('cli.missingValue', '--out needs a file name', `e.g. --out ${x.connectorName}.${target === 'strimzi' ? 'yaml' : 'json'}`);
    const outPath = path.resolve(c.cwd, out);
    if (fs.existsSync(outPath) && c.args.flags.force !== true) throw new ShorelineError('cli.fileExists', `${outPath} already exists`, 'pick another --out, or overwrite it with --force');
    fs.writeFileSync(outPath, x.text);
    c.info(`wrote ${outPath}`);
  }
  if (c.json) {
    c.out(JSON.stringify({ target: x.target, name: x.connectorName, artifact: x.artifact, text: x.text, parameters: x.parameters, secrets: x.secrets, warnings: x.warnings }, null, 2));
    return 0;
  }
  if (out === undefined) c.out(x.text.trimEnd());
  if (x.parameters.length) c.info(['parameters to fill in:', ...x.parameters.map((p) => `  ${p.placeholder.padEnd(28)} ${p.description}${p.localValue !== undefined ? ` (local: ${p.localValue})` : ''}`)].join('\n'));
  if (x.secrets.length) c.info(['secrets (store the values there; the export holds only references):', ...x.secrets.map((s) => `  ${s.key.padEnd(34)} ${s.reference}`)].join('\n'));
  for (const w of x.warnings) c.info(`warning: ${w}`);
  return 0;
}
