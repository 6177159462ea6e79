import * as path from 'node:path';
import { ShorelineError, errorMessage } from '../domain/errors';
import type { ServiceStatus } from '../domain/stack/health';
import { isServiceName, type ServiceName } from '../domain/stack/serviceNames';
import { unknownService } from '../domain/stack/stackConfig';
import type { Logger } from '../services/logger';
import { createStack } from '../services/stack/createStack';
import type { StackService } from '../services/stack/stackService';
import { checkFlags, parseArgs, type ParsedArgs } from './args';
import { loadCliConfig } from './cliConfig';
import { CONNECTOR_USAGE, CONNECTOR_USAGE_NOTE, runConnector, runPlugins } from './connectorCommands';
import { PIPELINE_USAGE, runPipelineCommand } from './pipelineCommands';
import { KAFKA_COMMANDS, KAFKA_USAGE, KAFKA_USAGE_NOTE, runKafka, splitConfigFlag } from './kafkaCommands';
import { DATA_COMMANDS, DATA_USAGE, runData } from './dataCommands';
import { ECR_USAGE, ECR_USAGE_NOTE, runEcr } from './ecrCommands';

const USAGE = `shoreline — the local CDC / event-pipeline stack (Kafka, Connect, PostgreSQL, MongoDB, LocalStack)

Usage:
  shoreline up [--services a,b] [--wait] [--json]     start the stack (data volumes are reused)
  shoreline status [--json]                           state, health and host ports of every service
  shoreline down [--volumes] [--json]                 stop the stack, keeping data (--volumes deletes it)
  shoreline restart <service> [--wait] [--json]       restart one service
  shoreline logs <service> [--tail N] [--follow]      print a service's log
${CONNECTOR_USAGE}
${PIPELINE_USAGE}
${KAFKA_USAGE}
${DATA_USAGE}
${ECR_USAGE}
  shoreline help                                      this text

Services: kafka, connect, postgres, mongo, localstack.
Configuration: ./shoreline.config.json (or --config FILE) and SHORELINE_* environment variables; see README.
${CONNECTOR_USAGE_NOTE}
${KAFKA_USAGE_NOTE}
${ECR_USAGE_NOTE}`;

/** Where docker/ and localstack/ are: the package root (dist/cli.js -> ..). */
const RESOURCES_ROOT = path.resolve(__dirname, '..');

function cliLogger(json: boolean): Logger {
  const debug = !!process.env.SHORELINE_DEBUG;
  const write = (prefix: string) => (m: string) => { process.stderr.write(`${prefix}${m}\n`); };
  return {
    debug: debug ? write('debug: ') : () => undefined,
    info: json && !debug ? () => undefined : write(''),
    warn: write('warning: '),
    error: write('error: '),
  };
}

function parseServices(value: string | boolean | undefined): ServiceName[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim()) throw new ShorelineError('cli.missingValue', '--services needs a comma-separated list', 'e.g. --services kafka,postgres');
  return value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => { if (!isServiceName(s)) throw unknownService(s, '--services'); return s; });
}

function serviceArg(cmd: string, args: ParsedArgs): ServiceName {
  const s = args.command[1];
  if (!s) throw new ShorelineError('cli.missingService', `shoreline ${cmd} needs a service name`, `e.g. shoreline ${cmd} kafka`);
  if (!isServiceName(s)) throw unknownService(s);
  return s;
}

function table(rows: ServiceStatus[]): string {
  const head = ['SERVICE', 'STATE', 'HEALTH', 'PORTS', 'IMAGE'];
  const body = rows.map((r) => [r.name, r.state, r.health, Object.entries(r.ports).map(([c, h]) => `${h}->${c}`).join(',') || '-', r.image]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const notes = rows.filter((r) => r.detail && r.health !== 'healthy').map((r) => `  ${r.name}: ${r.detail}`);
  return [fmt(head), ...body.map(fmt), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function jsonStatus(rows: ServiceStatus[]): string {
  return JSON.stringify({ services: rows.map((r) => ({ name: r.name, image: r.image, state: r.state, health: r.health, ports: r.ports, container: r.container, ...(r.detail ? { detail: r.detail } : {}) })) }, null, 2);
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const cmd = args.command[0] ?? 'help';
  const json = args.flags.json === true;
  if (cmd === 'help' || args.flags.help) { process.stdout.write(USAGE + '\n'); return 0; }
  if (cmd === 'plugins' || cmd === 'connector' || cmd === 'pipeline') {
    const configFile = typeof args.flags.config === 'string' ? args.flags.config : undefined;
    const ctx = { args, json, env: process.env, cwd: process.cwd(), config: () => loadCliConfig(process.cwd(), process.env, configFile),
      out: (t: string) => { process.stdout.write(t + '\n'); }, info: (t: string) => { if (!json) process.stderr.write(t + '\n'); } };
    return cmd === 'plugins' ? runPlugins(ctx) : cmd === 'pipeline' ? runPipelineCommand(ctx) : runConnector(ctx);
  }
  if (KAFKA_COMMANDS.includes(cmd)) {
    // `topic create --config k=v` sets topic configs; any other --config value is still the config file
    const configFile = splitConfigFlag(argv).configFile;
    const debug = process.env.SHORELINE_DEBUG ? (t: string) => { process.stderr.write(`debug: ${t}\n`); } : () => undefined;
    return runKafka({ argv, args, json, env: process.env, cwd: process.cwd(), config: () => loadCliConfig(process.cwd(), process.env, configFile),
      out: (t: string) => { process.stdout.write(t + '\n'); }, info: (t: string) => { if (!json) process.stderr.write(t + '\n'); }, debug,
      progress: (t: string) => { if (process.stderr.isTTY) process.stderr.write(`\r${t}`); else if (!json) process.stderr.write(t + '\n'); } });
  }
  if (cmd === 'ecr') {
    const configFile = typeof args.flags.config === 'string' ? args.flags.config : undefined;
    return runEcr({ args, json, env: process.env, cwd: process.cwd(), config: () => loadCliConfig(process.cwd(), process.env, configFile),
      out: (t: string) => { process.stdout.write(t + '\n'); }, info: (t: string) => { if (!json) process.stderr.write(t + '\n'); } });
  }
  if (DATA_COMMANDS.includes(cmd)) {
    const configFile = typeof args.flags.config === 'string' ? args.flags.config : undefined;
    return runData({ args, json, env: process.env, config: () => loadCliConfig(process.cwd(), process.env, configFile),
      out: (t: string) => { process.stdout.write(t + '\n'); }, info: (t: string) => { if (!json) process.stderr.write(t + '\n'); } });
  }
  const known = ['up', 'down', 'status', 'restart', 'logs', 'plugins', 'connector', 'pipeline', ...KAFKA_COMMANDS, ...DATA_COMMANDS, 'ecr'];
  if (!known.includes(cmd)) throw new ShorelineError('cli.unknownCommand', `unknown command "${cmd}"`, `use one of ${known.join(', ')} (shoreline help)`);
  const config = loadCliConfig(process.cwd(), process.env, typeof args.flags.config === 'string' ? args.flags.config : undefined);
  const log = cliLogger(json);
  const stack: StackService = createStack(config, {
    resourcesRoot: RESOURCES_ROOT, log, secrets: { localstackAuthToken: process.env.LOCALSTACK_AUTH_TOKEN },
  });
  switch (cmd) {
    case 'up': {
      checkFlags(cmd, args.flags, ['services', 'wait']);
      const services = parseServices(args.flags.services);
      const t0 = Date.now();
      const rows = await stack.up({ services, wait: args.flags.wait === true, onProgress: (m) => log.info(m) });
      if (json) process.stdout.write(jsonStatus(rows) + '\n');
      else process.stdout.write(`${table(rows)}\n${args.flags.wait ? `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'started (use --wait to wait for health)'}\n`);
      return 0;
    }
    case 'status': {
      checkFlags(cmd, args.flags, []);
      const rows = await stack.status();
      process.stdout.write((json ? jsonStatus(rows) : table(rows)) + '\n');
      return 0;
    }
    case 'down': {
      checkFlags(cmd, args.flags, ['volumes', 'services']);
      await stack.down({ volumes: args.flags.volumes === true, services: parseServices(args.flags.services), onProgress: (m) => log.info(m) });
      if (json) process.stdout.write(JSON.stringify({ stopped: true, volumesRemoved: args.flags.volumes === true }) + '\n');
      else process.stdout.write(args.flags.volumes ? 'stack removed, data deleted\n' : 'stack stopped, data kept\n');
      return 0;
    }
    case 'restart': {
      checkFlags(cmd, args.flags, ['wait']);
      const name = serviceArg(cmd, args);
      const row = await stack.restart(name, { wait: args.flags.wait !== false, onProgress: (m) => log.info(m) });
      process.stdout.write((json ? jsonStatus([row]) : table([row])) + '\n');
      return 0;
    }
    case 'logs': {
      checkFlags(cmd, args.flags, ['tail', 'follow']);
      const name = serviceArg(cmd, args);
      const tailRaw = args.flags.tail ?? '200';
      const tail = Number(tailRaw);
      if (!Number.isInteger(tail) || tail < 0) throw new ShorelineError('cli.badValue', `--tail is "${String(tailRaw)}"`, 'use a whole number of lines, e.g. --tail 100');
      if (args.flags.follow) {
        await new Promise<void>((resolve, reject) => {
          stack.followLogs(name, tail, (l) => process.stdout.write(l + '\n'), resolve).then((stop) => {
            process.once('SIGINT', () => { stop(); resolve(); });
          }, reject);
        });
        return 0;
      }
      const lines = await stack.logs(name, tail);
      process.stdout.write(json ? JSON.stringify({ service: name, lines }) + '\n' : lines.map((l) => l + '\n').join(''));
      return 0;
    }
  }
  return 2;
}

let settled = false;
// If the work is left waiting on a promise nothing keeps alive, Node would exit with code 0 mid-command: fail loudly.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write('shoreline: internal error: the command stopped before it finished — run again with SHORELINE_DEBUG=1 and report the output\n');
  process.exitCode = 1;
});
run(process.argv.slice(2)).finally(() => { settled = true; }).then((code) => { process.exitCode = code; }, (e: unknown) => {
  const err = e instanceof ShorelineError ? e : new ShorelineError('internal', errorMessage(e), 'run again with SHORELINE_DEBUG=1 and report the output');
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify({ error: { code: err.code, message: err.message, fix: err.fix } }) + '\n');
  process.stderr.write(`shoreline: ${err.message} — ${err.fix.split('\n')[0]}\n`);
  if (err.details) process.stderr.write(err.details.split('\n').map((l) => `  | ${l}`).join('\n') + '\n');
  if (process.env.SHORELINE_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  process.exitCode = err.code.startsWith('cli.') || err.code.startsWith('config.') ? 2 : 1;
});
