/**
 * `shoreline plugins` and `shoreline connector …`: connector files, templates and the Kafka Connect REST API from
 * the command line (the same domain and service code as the VS Code Connect view).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConnectorText, restPayload } from '../domain/connect/connectorFile';
import type { ConfigIssue, ConnectorFile, ConnectorState, ConnectorStatus, ValidationReport } from '../domain/connect/connectorModel';
import { CONNECTOR_TEMPLATES, connectorFileText, findTemplate, stackTemplateParams } from '../domain/connect/connectorTemplates';
import { mergeReports, validateOffline, workerIssues } from '../domain/connect/connectorValidator';
import { withStackValues } from '../domain/connect/stackVariables';
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { ShorelineError } from '../domain/errors';
import type { StackConfig } from '../domain/stack/stackConfig';
import { ConnectClient, type ConnectApi } from '../services/connect/connectClient';
import { hostEndpointFacts } from '../services/docker/engineEndpointFacts';
import { hostAddressFor } from '../services/stack/createStack';
import { checkFlags } from './args';
import { listTable, offsetsText, pluginTable, reportText, restartText, statusText, templatesTable } from './connectorOutput';
import { runSmtPreview, SMT_PREVIEW_USAGE } from './smtPreviewCommand';
import { CONNECTOR_EXPORT_USAGE, runConnectorExport } from './connectorExportCommand';
import type { CliContext } from './cliContext';

export const CONNECTOR_USAGE = `  shoreline plugins [--json]                          connector, transform and converter plugins on the Connect worker
  shoreline connector templates [--json]              connector templates for the local stack
  shoreline connector new <template> [--name N] [--out FILE]   write <name>.connector.json from a template
  shoreline connector validate <file> [--offline]     check a connector file (offline rules, then the worker's validate); exit 1 on errors
  shoreline connector apply <file> [--wait] [--force] create or update the connector (validated offline first; --force skips that)
  shoreline connector list [--json]                   connectors on the worker with their states
  shoreline connector status <name|file> [--json]     connector and task states, with failure traces
  shoreline connector pause|resume|stop <name|file>   and wait for PAUSED / RUNNING / STOPPED (--no-wait to return at once)
  shoreline connector restart <name|file> [--include-tasks] [--only-failed] [--task N]
  shoreline connector delete <name|file>              remove the connector (its offsets stay in Kafka)
  shoreline connector offsets <name|file> [--reset]   committed offsets; --reset deletes them (the connector must be STOPPED)
  shoreline connector topics <name|file>              topics the connector has used
${SMT_PREVIEW_USAGE}
${CONNECTOR_EXPORT_USAGE}`;

export const CONNECTOR_USAGE_NOTE = `Connector commands use the stack's worker (127.0.0.1:<ports.connect>); --connect-url URL or SHORELINE_CONNECT_URL
point them elsewhere, --timeout S sets the per-request timeout (default 30).`;

/** What the connector commands need from main.ts. */
export type ConnectorCliContext = CliContext;

const CONNECT_FLAGS = ['connect-url', 'timeout'];
const SUBCOMMANDS = ['templates', 'new', 'validate', 'apply', 'list', 'status', 'pause', 'resume', 'stop', 'restart', 'delete', 'offsets', 'topics', 'preview', 'export'];

/** The worker URL: --connect-url, then SHORELINE_CONNECT_URL, then the stack's connect port on the engine's host. */
export function connectUrl(c: ConnectorCliContext): string {
  const flag = c.args.flags['connect-url'];
  if (typeof flag === 'string' && flag) return flag;
  if (c.env.SHORELINE_CONNECT_URL) return c.env.SHORELINE_CONNECT_URL;
  const cfg = c.config();
  const host = hostAddressFor(resolveEngineEndpoint(hostEndpointFacts(cfg.dockerHost, c.env)));
  return `http://${host}:${cfg.ports.connect}`;
}

function client(c: ConnectorCliContext): ConnectApi {
  const raw = c.args.flags.timeout;
  let timeoutMs: number | undefined;
  if (raw !== undefined) {
    const s = Number(raw);
    if (!(s > 0 && s <= 3600)) throw new ShorelineError('cli.badValue', `--timeout is "${String(raw)}"`, 'give seconds, e.g. --timeout 60');
    timeoutMs = s * 1000;
  }
  return new ConnectClient(connectUrl(c), { timeoutMs });
}

function emit(c: ConnectorCliContext, value: unknown, human: string): void {
  c.out(c.json ? JSON.stringify(value, null, 2) : human);
}

/** Loads the stack config at most once per run. */
function memo(c: ConnectorCliContext): ConnectorCliContext {
  let cfg: StackConfig | undefined;
  return { ...c, config: () => (cfg ??= c.config()) };
}

/** `shoreline plugins` */
export async function runPlugins(ctx: ConnectorCliContext): Promise<number> {
  const c = memo(ctx);
  checkFlags('plugins', c.args.flags, CONNECT_FLAGS);
  const plugins = await client(c).plugins();
  emit(c, { plugins }, pluginTable(plugins));
  return 0;
}

/** `shoreline connector <sub> …` */
export async function runConnector(ctx: ConnectorCliContext): Promise<number> {
  const c = memo(ctx);
  const sub = c.args.command[1];
  const arg = c.args.command[2];
  if (!sub || !SUBCOMMANDS.includes(sub)) {
    throw new ShorelineError('cli.unknownCommand', sub ? `unknown connector command "${sub}"` : 'shoreline connector needs a command', `use one of ${SUBCOMMANDS.join(', ')} (shoreline help)`);
  }
  const cmd = `connector ${sub}`;
  switch (sub) {
    case 'templates': {
      checkFlags(cmd, c.args.flags, []);
      emit(c, { templates: CONNECTOR_TEMPLATES.map((t) => ({ id: t.id, title: t.title, description: t.description, connectorClass: t.connectorClass, pairsWith: t.pairsWith ?? [], ...(t.setupSql ? { setupSql: t.setupSql } : {}) })) }, templatesTable(CONNECTOR_TEMPLATES));
      return 0;
    }
    case 'new': return newFromTemplate(c, cmd, arg);
    case 'validate': return validate(c, cmd, need(arg, sub, 'FILE'));
    case 'apply': return apply(c, cmd, need(arg, sub, 'FILE'));
    case 'list': {
      checkFlags(cmd, c.args.flags, CONNECT_FLAGS);
      const list = await client(c).list();
      // configs hold credentials: the list prints class and states only (connector status / the worker give the rest)
      emit(c, { connectors: list.map((x) => ({ name: x.name, type: x.type, connectorClass: x.config['connector.class'] ?? null, status: x.status ?? null })) }, listTable(list));
      return 0;
    }
    case 'status': {
      checkFlags(cmd, c.args.flags, CONNECT_FLAGS);
      const s = await client(c).status(connectorName(c, need(arg, sub)));
      emit(c, s, statusText(s));
      return 0;
    }
    case 'pause': case 'resume': case 'stop': return lifecycle(c, cmd, sub, need(arg, sub));
    case 'restart': return restart(c, cmd, need(arg, sub));
    case 'delete': {
      checkFlags(cmd, c.args.flags, CONNECT_FLAGS);
      const name = connectorName(c, need(arg, sub));
      await client(c).delete(name);
      emit(c, { name, deleted: true }, `${name}: deleted`);
      return 0;
    }
    case 'offsets': {
      checkFlags(cmd, c.args.flags, [...CONNECT_FLAGS, 'reset']);
      const name = connectorName(c, need(arg, sub));
      const api = client(c);
      if (c.args.flags.reset === true) {
        const message = await api.resetOffsets(name);
        emit(c, { name, reset: true, message }, `${name}: ${message}`);
        return 0;
      }
      const offsets = await api.offsets(name);
      emit(c, { name, offsets }, offsetsText(name, offsets));
      return 0;
    }
    case 'preview': return runSmtPreview(c, cmd, need(arg, sub, 'FILE'));
    case 'export': return runConnectorExport(c, cmd, need(arg, sub, 'FILE'));
    case 'topics': {
      checkFlags(cmd, c.args.flags, CONNECT_FLAGS);
      const name = connectorName(c, need(arg, sub));
      const topics = await client(c).topics(name);
      emit(c, { name, topics }, topics.length ? topics.join('\n') : `${name}: no topics recorded`);
      return 0;
    }
  }
  return 2;
}

function need(arg: string | undefined, sub: string, what = 'NAME|FILE'): string {
  if (!arg) throw new ShorelineError('cli.missingArgument', `shoreline connector ${sub} needs a ${what === 'FILE' ? 'connector file' : 'connector name or file'}`, `e.g. shoreline connector ${sub} ${what === 'FILE' ? 'pagila-cdc.connector.json' : 'pagila-cdc'}`);
  return arg;
}

function looksLikeFile(arg: string): boolean {
  return /\.(json|properties)$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

function readConnectorFile(c: ConnectorCliContext, arg: string): { file: ConnectorFile; filePath: string } {
  const filePath = path.resolve(c.cwd, arg);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ShorelineError('cli.fileNotFound', `Cannot read connector file ${filePath}${code ? ` (${code})` : ''}`, 'check the path, or create one: shoreline connector new <template>');
  }
  return { file: parseConnectorText(text, path.basename(filePath)), filePath };
}

/** A connector name, or the name inside a connector file. */
function connectorName(c: ConnectorCliContext, arg: string): string {
  return looksLikeFile(arg) ? readConnectorFile(c, arg).file.name : arg;
}

function newFromTemplate(c: ConnectorCliContext, cmd: string, id: string | undefined): number {
  checkFlags(cmd, c.args.flags, ['out', 'name', 'force']);
  if (!id) throw new ShorelineError('cli.missingArgument', 'shoreline connector new needs a template id', `one of: ${CONNECTOR_TEMPLATES.map((t) => t.id).join(', ')}`);
  const t = findTemplate(id);
  if (!t) throw new ShorelineError('cli.unknownTemplate', `unknown connector template "${id}"`, `one of: ${CONNECTOR_TEMPLATES.map((x) => x.id).join(', ')} (shoreline connector templates)`);
  const nameFlag = c.args.flags.name;
  if (nameFlag !== undefined && (typeof nameFlag !== 'string' || !/^[\w.-]+$/.test(nameFlag))) {
    throw new ShorelineError('cli.badValue', `--name is "${String(nameFlag)}"`, 'use letters, digits, ".", "_" or "-", e.g. --name pagila-cdc');
  }
  const draft = t.build(stackTemplateParams(c.config(), typeof nameFlag === 'string' ? nameFlag : undefined));
  const outFlag = c.args.flags.out;
  let out = path.resolve(c.cwd, typeof outFlag === 'string' ? outFlag : `${draft.name}.connector.json`);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) out = path.join(out, `${draft.name}.connector.json`);
  if (fs.existsSync(out) && c.args.flags.force !== true) {
    throw new ShorelineError('cli.fileExists', `${out} already exists`, 'pick another --out or --name, or overwrite it with --force');
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, connectorFileText(draft));
  emit(c, { template: t.id, name: draft.name, file: out, ...(t.setupSql ? { setupSql: t.setupSql } : {}) }, `wrote ${out}`);
  if (t.setupSql) c.info(`before applying, run this SQL on the stack's pagila database (e.g. psql "postgresql://postgres@127.0.0.1:${c.config().ports.postgres}/pagila"):\n${t.setupSql}`);
  if (t.pairsWith?.length) c.info(`pairs with: ${t.pairsWith.join(', ')}`);
  return 0;
}

/** The other connector files next to this one, for the cross-connector checks (topics, buckets, slots). */
function siblingFiles(filePath: string): ConnectorFile[] {
  const dir = path.dirname(filePath);
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  return names
    .filter((n) => /\.connector\.(json|properties)$/i.test(n) && path.join(dir, n) !== filePath)
    .flatMap((n) => { try { return [parseConnectorText(fs.readFileSync(path.join(dir, n), 'utf8'), n)]; } catch { return []; } });
}

/** Offline report, plus the worker's validation merged in unless --offline. */
async function validateFile(c: ConnectorCliContext, file: ConnectorFile, filePath: string, offline: boolean): Promise<ValidationReport> {
  const otherConnectors = siblingFiles(filePath);
  if (offline) return validateOffline(file, { otherConnectors });
  const api = client(c);
  let plugins;
  try {
    plugins = await api.plugins();
  } catch (e) {
    if (e instanceof ShorelineError && e.code === 'connect.unreachable') {
      throw new ShorelineError(e.code, e.message, `${e.fix}; or check without the worker: --offline`);
    }
    throw e;
  }
  const local = validateOffline(file, { plugins, otherConnectors });
  const cls = file.config['connector.class'];
  // The worker can only judge a class it has; the offline rules already report a missing or unknown class.
  if (!cls || !plugins.some((p) => p.class === cls)) return local;
  const v = await api.validate(cls, { ...withStackValues(file.config, c.config()), name: file.name });
  const issues = workerIssues(file, v);
  return mergeReports(local, reportOf(issues));
}


function reportOf(issues: ConfigIssue[]): ValidationReport {
  const errors = issues.filter((i) => i.severity === 'error');
  return { valid: errors.length === 0, errors, warnings: issues.filter((i) => i.severity !== 'error') };
}

async function validate(c: ConnectorCliContext, cmd: string, arg: string): Promise<number> {
  checkFlags(cmd, c.args.flags, [...CONNECT_FLAGS, 'offline']);
  const { file, filePath } = readConnectorFile(c, arg);
  const report = await validateFile(c, file, filePath, c.args.flags.offline === true);
  emit(c, report, reportText(path.relative(c.cwd, filePath) || filePath, report));
  return report.valid ? 0 : 1;
}

async function apply(c: ConnectorCliContext, cmd: string, arg: string): Promise<number> {
  checkFlags(cmd, c.args.flags, [...CONNECT_FLAGS, 'wait', 'force']);
  const { file, filePath } = readConnectorFile(c, arg);
  if (c.args.flags.force !== true) {
    const report = validateOffline(file, { otherConnectors: siblingFiles(filePath) });
    if (!report.valid) {
      const first = report.errors[0]!;
      throw new ShorelineError('connect.invalidFile', `${path.basename(filePath)} has ${report.errors.length} error(s); first: ${first.line !== undefined ? `line ${first.line}: ` : ''}${first.field ? `${first.field}: ` : ''}${first.message}`,
        `see them all: shoreline connector validate ${arg} (or apply anyway with --force)`);
    }
  }
  const payload = restPayload(file);
  const api = client(c);
  const r = await api.apply(payload.name, withStackValues(payload.config, c.config()));
  const verb = r.created ? 'created' : 'updated';
  if (c.args.flags.wait !== true) {
    emit(c, { name: r.name, created: r.created, url: api.baseUrl }, `${r.name}: ${verb} on ${api.baseUrl}`);
    return 0;
  }
  c.info(`${r.name}: ${verb}; waiting for it to run`);
  const s = await api.waitFor(r.name, (x) => settled(x, 'RUNNING'), { describe: 'RUNNING', timeoutMs: 120_000 });
  emit(c, { name: r.name, created: r.created, url: api.baseUrl, status: s }, statusText(s));
  return failed(s) ? 1 : 0;
}

const failed = (s: ConnectorStatus) => s.connector.state === 'FAILED' || s.tasks.some((t) => t.state === 'FAILED');

/** The connector reached `target` with all its tasks (a FAILED connector or task also ends the wait). */
function settled(s: ConnectorStatus, target: ConnectorState): boolean {
  if (failed(s)) return true;
  if (s.connector.state !== target) return false;
  if (target === 'STOPPED') return s.tasks.length === 0;
  return s.tasks.length > 0 && s.tasks.every((t) => t.state === target);
}

async function lifecycle(c: ConnectorCliContext, cmd: string, verb: 'pause' | 'resume' | 'stop', arg: string): Promise<number> {
  checkFlags(cmd, c.args.flags, [...CONNECT_FLAGS, 'no-wait']);
  const name = connectorName(c, arg);
  const api = client(c);
  await api[verb](name);
  const target: ConnectorState = verb === 'pause' ? 'PAUSED' : verb === 'resume' ? 'RUNNING' : 'STOPPED';
  if (c.args.flags['no-wait'] === true) {
    emit(c, { name, requested: verb }, `${name}: ${verb} requested`);
    return 0;
  }
  const s = await api.waitFor(name, (x) => settled(x, target), { describe: target, timeoutMs: 60_000 });
  emit(c, s, statusText(s));
  return s.connector.state === target ? 0 : 1;
}

async function restart(c: ConnectorCliContext, cmd: string, arg: string): Promise<number> {
  checkFlags(cmd, c.args.flags, [...CONNECT_FLAGS, 'include-tasks', 'only-failed', 'task']);
  const name = connectorName(c, arg);
  const api = client(c);
  const taskFlag = c.args.flags.task;
  if (taskFlag !== undefined) {
    const id = Number(taskFlag);
    if (!Number.isInteger(id) || id < 0) throw new ShorelineError('cli.badValue', `--task is "${String(taskFlag)}"`, `give a task id from shoreline connector status ${name}, e.g. --task 0`);
    if (c.args.flags['include-tasks'] || c.args.flags['only-failed']) throw new ShorelineError('cli.badFlags', '--task restarts one task; --include-tasks / --only-failed apply to a whole-connector restart', 'use one or the other');
    await api.restartTask(name, id);
    emit(c, { name, task: id, restarted: true }, `${name}: task ${id} restarted`);
    return 0;
  }
  const options = { includeTasks: c.args.flags['include-tasks'] === true, onlyFailed: c.args.flags['only-failed'] === true };
  const r = await api.restart(name, options);
  emit(c, { ...r, options }, restartText(r, options));
  return 0;
}
