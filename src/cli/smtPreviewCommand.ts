/**
 * `shoreline connector preview <file> [--record sample.json | --sample <id>] [--debezium VERSION] [--json]`: applies
 * the connector file's SMT chain to a sample record, offline, and prints each step (alias, type, result).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConnectorText } from '../domain/connect/connectorFile';
import { previewChain, STACK_DEBEZIUM_VERSION } from '../domain/connect/smtPreview';
import { previewText } from '../domain/connect/smtPreviewText';
import { parseSampleText, type SmtRecord } from '../domain/connect/smtRecord';
import { defaultSampleId, findSample, sampleForConnector, SMT_SAMPLES } from '../domain/connect/smtSamples';
import { ShorelineError } from '../domain/errors';
import { checkFlags } from './args';
import type { ConnectorCliContext } from './connectorCommands';

export const SMT_PREVIEW_USAGE = '  shoreline connector preview <file> [--record F | --sample ID] [--debezium V]   run the file\'s SMT chain on a sample record (offline)';

function read(file: string, what: string, fix: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ShorelineError('cli.fileNotFound', `Cannot read ${what} ${file}${code ? ` (${code})` : ''}`, fix);
  }
}

const sampleList = (): string => SMT_SAMPLES.map((s) => `${s.id} (${s.title})`).join(', ');

/** `shoreline connector preview <file>`: exit 1 when a step fails or the sink would reject the result. */
export function runSmtPreview(c: ConnectorCliContext, cmd: string, arg: string): number {
  checkFlags(cmd, c.args.flags, ['record', 'sample', 'debezium']);
  const filePath = path.resolve(c.cwd, arg);
  const file = parseConnectorText(read(filePath, 'connector file', 'check the path, or create one: shoreline connector new <template>'), path.basename(filePath));
  const { record: recordFlag, sample: sampleFlag, debezium } = c.args.flags;
  if (recordFlag !== undefined && sampleFlag !== undefined) throw new ShorelineError('cli.badFlags', '--record and --sample both choose the sample record', 'give one of them');
  for (const [name, v] of [['record', recordFlag], ['sample', sampleFlag], ['debezium', debezium]] as const) {
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) throw new ShorelineError('cli.missingValue', `--${name} needs a value`, name === 'sample' ? `one of: ${sampleList()}` : name === 'debezium' ? `e.g. --debezium ${STACK_DEBEZIUM_VERSION}` : 'e.g. --record sample.json');
  }
  if (typeof debezium === 'string' && !/^\d+(\.\d+)*(\.\w+)?$/.test(debezium.trim())) throw new ShorelineError('cli.badValue', `--debezium is "${debezium}"`, `give a release, e.g. --debezium 2.7 (the stack runs ${STACK_DEBEZIUM_VERSION})`);

  let sample: SmtRecord;
  let sampleLabel: string;
  let sampleInfo: Record<string, string>;
  if (typeof recordFlag === 'string') {
    const recordPath = path.resolve(c.cwd, recordFlag);
    sample = parseSampleText(read(recordPath, 'sample record', 'give a JSON file with one record or value'), sampleForConnector(findSample('pagila-address')!.record, file.config).topic, recordPath);
    sampleLabel = `${path.relative(c.cwd, recordPath) || recordPath} (a record you gave)`;
    sampleInfo = { file: recordPath };
  } else {
    const id = typeof sampleFlag === 'string' ? sampleFlag.trim() : defaultSampleId(file.config);
    const s = findSample(id);
    if (!s) throw new ShorelineError('cli.unknownSample', `unknown sample "${id}"`, `one of: ${sampleList()}; or your own record with --record FILE`);
    sample = sampleForConnector(s.record, file.config);
    sampleLabel = `${s.id} — ${s.title}${sampleFlag === undefined ? ' (default for this connector)' : ''}`;
    sampleInfo = { id: s.id, title: s.title };
  }
  const result = previewChain(file.config, sample, typeof debezium === 'string' ? { debeziumVersion: debezium.trim() } : {});
  if (c.json) c.out(JSON.stringify({ file: filePath, connector: file.name, sample: sampleInfo, ...result }, null, 2));
  else c.out(previewText(result, { connectorName: file.name, sample: sampleLabel }));
  for (const issue of file.syntaxIssues.filter((i) => i.severity === 'error')) c.info(`warning: ${path.basename(filePath)}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.message}`);
  return result.outcome === 'failed' || result.checks.some((x) => !x.ok) ? 1 : 0;
}
